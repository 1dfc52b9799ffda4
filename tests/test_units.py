"""Canonical units (issue 13 item 1): every HAE spelling converts, a unit a metric cannot be in stays apart,
and what is stored for one metric is in one unit whatever the bodies said."""

import json
import math
import re

import pytest

from healthsink import units
from healthsink.ingest import names
from tests.helpers import FIXTURES, auth, body, metric, rows, tsql

# (metric, unit as sent, value, value in the canonical unit). The expected figures come from the units'
# definitions (1 kcal = 4.184 kJ, 1 in = 2.54 cm, 1 lb = 0.45359237 kg, glucose 180.16 g/mol ...), not from pint.
CASES = [
    ("active_energy", "kJ", 4.184, 1.0),
    ("active_energy", "kcal", 321.5, 321.5),
    ("basal_energy_burned", "Cal", 1650, 1650),
    ("dietary_energy", "cal", 250_000, 250),
    ("walking_running_distance", "mi", 1, 1.609344),
    ("walking_running_distance", "km", 5.2, 5.2),
    ("cycling_distance", "m", 1500, 1.5),
    ("running_stride_length", "ft", 1, 0.3048),
    ("swimming_distance", "yd", 100, 91.44),
    ("walking_step_length", "in", 1, 2.54),
    ("height", "cm", 180, 180),
    ("height", "m", 1.8, 180),
    ("height", "ft", 6, 182.88),
    ("weight_body_mass", "lb", 1, 0.45359237),
    ("weight_body_mass", "kg", 70.5, 70.5),
    ("weight_body_mass", "st", 1, 6.35029318),
    ("lean_body_mass", "g", 55_000, 55),
    ("body_temperature", "degF", 98.6, 37.0),
    ("body_temperature", "degC", 36.6, 36.6),
    ("apple_sleeping_wrist_temperature", "ºF", 212, 100),  # U+00BA, as the CSV headers write it
    ("basal_body_temperature", "°F", 32, 0),
    ("dietary_water", "fl_oz_us", 1, 29.5735295625),
    ("dietary_water", "mL", 250, 250),
    ("dietary_water", "L", 1.5, 1500),
    ("blood_glucose", "mmol/L", 5.5, 99.088),
    ("blood_glucose", "mg/dL", 99, 99),
    ("walking_speed", "m/s", 1, 3.6),
    ("running_speed", "km/hr", 10, 10),
    ("cycling_speed", "mi/hr", 10, 16.09344),
    ("stair_speed_up", "ft/s", 1, 0.3048),
    ("blood_oxygen_saturation", "%", 97, 97),
    ("heart_rate", "count/min", 61, 61),
    ("resting_heart_rate", "bpm", 52, 52),
    ("heart_rate_variability", "ms", 41.2, 41.2),
    ("apple_exercise_time", "min", 30, 30),
    ("apple_exercise_time", "hr", 1.5, 90),
    ("time_in_daylight", "s", 90, 1.5),
    ("sleep_analysis", "hr", 7.25, 7.25),
    ("step_count", "count", 8123, 8123),
    ("dietary_caffeine", "mg", 95, 95),
    ("dietary_caffeine", "g", 0.095, 95),
    ("vitamin_a", "mcg", 900, 900),
    ("vitamin_d", "IU", 400, 10),
    ("insulin_delivery", "IU", 4, 4),
    ("peak_expiratory_flow_rate", "L/min", 400, 400),
    ("forced_vital_capacity", "L", 4.1, 4.1),
    ("environmental_audio_exposure", "dBASPL", 71.3, 71.3),
    ("blood_pressure", "mmHg", 120, 120),
    ("vo2_max", "ml/(kg·min)", 41.7, 41.7),
    ("physical_effort", "kcal/hr·kg", 3.4, 3.4),
    ("cycling_power", "W", 210, 210),
    ("handwashing", "s", 22, 22),
]


@pytest.mark.parametrize(("name", "unit", "value", "expected"), CASES)
def test_every_spelling_converts_to_the_metrics_unit(name, unit, value, expected):
    got, stored_unit, known = units.to_canonical(name, unit, value)
    assert known and stored_unit == units.CANONICAL[name]
    assert math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-9), (got, expected)


def test_every_table_spelling_resolves_and_converts_back():
    for spelling in units.SPELLINGS:
        c = units.resolve("a_metric_not_in_the_table", spelling)
        assert c.known, spelling
        back = units.convert(c.apply(12.5), c.unit, spelling)
        assert math.isclose(back, 12.5, rel_tol=1e-9), spelling  # each way rounds to 12 digits
    for name, unit in units.CANONICAL.items():
        assert units.resolve(name, unit) == units.Conversion(unit), name


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("walking_speed", "km"),  # a bug report's speed in km: not a speed
        ("step_count", "furlongs"),  # not a unit healthsink knows
        ("blood_oxygen_saturation", "count"),  # pint would call both dimensionless and multiply by 100
        ("heart_rate", "Hz"),
        ("active_energy", ""),
    ],
)
def test_a_unit_the_metric_cannot_be_in_is_kept_as_sent(name, unit):
    assert units.to_canonical(name, unit, 42.0) == (42.0, unit, False)


def test_conversions_between_any_two_units_of_a_kind():
    assert units.convert(1, "kcal", "kJ") == 4.184
    assert math.isclose(units.convert(37, "degC", "degF"), 98.6)
    assert math.isclose(units.convert(99.088, "mg/dL", "mmol/L", "blood_glucose"), 5.5)
    assert units.spelling("KCAL") == "kcal" and units.spelling(" km/h ") == "km/h" and units.spelling("CAL") is None
    with pytest.raises(units.UnitError):
        units.converter("kcal", "km")
    with pytest.raises(units.UnitError):
        units.converter("zz", "km")
    with pytest.raises(units.UnitError):  # glucose's molar mass applies to glucose only
        units.converter("mmol/L", "mg/dL")


def test_us_units():
    assert [units.us_unit(u) for u in ("km", "kg", "degC", "mL", "km/hr", "cm", "kcal", "count/min")] == [
        "mi",
        "lb",
        "degF",
        "fl_oz_us",
        "mi/hr",
        "in",
        "kcal",
        "count/min",
    ]
    assert units.us_unit("m", "swimming_distance") == "yd"
    for unit in set(units.CANONICAL.values()):
        units.converter(unit, units.us_unit(unit))  # every US unit is one the canonical one converts to


def _fixture_units():
    """(metric, unit) of every metric and (label, unit) of every CSV header column in the shared fixtures."""
    found = set()
    root = FIXTURES.parent
    for path in sorted(root.glob("hae*/*.json")):
        doc = json.loads(path.read_text())
        data = (doc[0] if isinstance(doc, list) else doc).get("data", {})
        for m in data.get("metrics", []):
            found.add((names.normalise(m["name"]), m.get("units")))
    for path in sorted(root.glob("hae*/*.csv")):
        header = path.read_text(encoding="utf-8").splitlines()[0]
        found |= {(None, u) for u in re.findall(r"\(([^)]+)\)", header)}
    return found


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="../shared/fixtures/hae is absent")
def test_every_unit_in_the_shared_fixtures_converts():
    found = _fixture_units()
    assert len(found) > 30
    for name, unit in found:
        if name is None:
            assert units.spelling(unit) is not None, unit
        else:
            assert units.resolve(name, unit).known, (name, unit)


async def test_the_unit_tables_of_migration_0016_match_the_code(conn):
    assert {r["metric"]: r["units"] for r in await conn.fetch(tsql("metric_units"))} == units.CANONICAL
    stored = {
        (r["metric"], r["from_units"]): (r["to_units"], r["factor"], r["offset"])
        for r in await conn.fetch(tsql("unit_conversions"))
    }
    expected = {}
    for name in [*units.CANONICAL, "*"]:
        for spelling in units.SPELLINGS:
            c = units.resolve(name, spelling)
            if c.known and c.unit != spelling:
                expected[(name, spelling)] = (c.unit, c.factor, c.offset)
    # a change to healthsink/units.py needs a migration that updates these tables and converts stored rows
    assert stored == expected


async def post(client, key, payload):
    resp = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    assert resp.status == 200
    return await resp.json()


async def test_kj_and_kcal_bodies_are_stored_in_kcal(client, new_key, conn):
    user_id, key = await new_key()
    kj = body(
        metrics=[metric("active_energy", "kJ", {"date": "2026-03-02 00:00:00 +0100", "qty": 418.4, "source": "Watch"})]
    )
    out = await post(client, key, kj)
    assert out["warnings"] == [] and out["inserted"]["metrics"] == 1
    out = await post(
        client,
        key,
        body(
            metrics=[
                metric("active_energy", "kcal", {"date": "2026-03-03 00:00:00 +0100", "qty": 50, "source": "Watch"})
            ]
        ),
    )
    assert out["inserted"]["metrics"] == 1
    stored = sorted(
        (r["ts"].isoformat(), r["units"], r["orig_units"], r["qty"])
        for r in await rows(conn, "quantity_samples", user_id)
    )
    assert stored == [
        ("2026-03-01T23:00:00+00:00", "kcal", "kJ", 100.0),
        ("2026-03-02T23:00:00+00:00", "kcal", None, 50.0),
    ]
    # the same kJ body again converts to the same value: a duplicate, not an update
    out = await post(client, key, kj)
    assert out["duplicates"]["metrics"] == 1 and out["updated"]["metrics"] == 0


async def test_heart_rate_in_bpm_and_temperature_in_degf(client, new_key, conn):
    user_id, key = await new_key()
    out = await post(
        client,
        key,
        body(
            metrics=[
                metric(
                    "heart_rate",
                    "bpm",
                    {"date": "2026-03-02 08:00:00 +0000", "Min": 60, "Avg": 70, "Max": 80, "source": "Watch"},
                ),
                metric(
                    "body_temperature",
                    "degF",
                    {"date": "2026-03-02 08:00:00 +0000", "qty": 98.6, "source": "Thermometer"},
                ),
            ]
        ),
    )
    assert out["warnings"] == [] and out["inserted"]["metrics"] == 2
    hr = (await rows(conn, "heart_rate_samples", user_id))[0]
    assert (hr["units"], hr["orig_units"], hr["hr_avg"]) == ("count/min", "bpm", 70.0)
    t = (await rows(conn, "quantity_samples", user_id))[0]
    assert (t["units"], t["orig_units"]) == ("degC", "degF") and math.isclose(t["qty"], 37.0)


async def test_an_unknown_unit_is_stored_apart_with_a_warning(client, new_key, conn):
    user_id, key = await new_key()
    out = await post(
        client,
        key,
        body(
            metrics=[
                metric("walking_speed", "km", {"date": "2026-03-02 08:00:00 +0000", "qty": 4.8, "source": "iPhone"}),
                metric("walking_speed", "km/hr", {"date": "2026-03-02 09:00:00 +0000", "qty": 5.0, "source": "iPhone"}),
            ]
        ),
    )
    assert out["inserted"]["metrics"] == 2 and out["success"] is True
    [w] = out["warnings"]
    assert (w["warning"], w["item_type"], w["path"]) == ("unknown_unit", "metric", "data.metrics[0]")
    assert "km/hr" in w["details"]
    stored = sorted((r["units"], r["orig_units"], r["qty"]) for r in await rows(conn, "quantity_samples", user_id))
    # the km row keeps its unit (so reads cannot add it to km/hr values) and its value as sent
    assert stored == [("km", None, 4.8), ("km/hr", None, 5.0)]


async def test_workout_summaries_and_series_in_canonical_units(client, new_key, conn):
    user_id, key = await new_key()
    start = "2026-03-02 07:00:00 +0000"
    out = await post(
        client,
        key,
        body(
            workouts=[
                {
                    "id": "A1B2C3D4-0000-4000-8000-0000000000AA",
                    "name": "Outdoor Run",
                    "start": start,
                    "end": "2026-03-02 07:30:00 +0000",
                    "distance": {"qty": 3.1, "units": "mi"},
                    "elevation": {"ascent": 100, "descent": 90, "units": "ft"},
                    "activeEnergy": [{"date": start, "qty": 41.84, "units": "kJ", "source": "Watch"}],
                    "heartRateData": [
                        {"date": start, "Min": 120, "Avg": 131, "Max": 140, "units": "bpm", "source": "Watch"}
                    ],
                }
            ]
        ),
    )
    assert out["inserted"]["workouts"] == 1
    [w] = await rows(conn, "workouts", user_id)
    assert w["summary"]["distance"] == {"qty": 4.9889664, "units": "km", "orig_units": "mi"}
    assert w["summary"]["elevation"] == {"ascent": 30.48, "descent": 27.432, "units": "m", "orig_units": "ft"}
    series = {r["series"]: r for r in await rows(conn, "workout_series", user_id)}
    energy, hr = series["activeEnergy"], series["heartRateData"]
    assert (energy["units"], energy["qty"], energy["extra"]) == ("kcal", 10.0, {"orig_units": "kJ"})
    assert (hr["units"], hr["qty"], hr["qty_min"], hr["qty_max"]) == ("count/min", 131.0, 120.0, 140.0)
