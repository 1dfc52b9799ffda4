"""Health Auto Export as it is sent in 2026 (issue 14; ../shared/docs/hae-2026.md): batch runs, workout arrays,
sleep details, re-sends with other bytes, new names and localised enumerations. Bodies written after the doc,
and the real 2026 export in ../shared/fixtures/hae-2026/ (skipped when that folder is absent)."""

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from healthsink import MIGRATIONS_DIR as MIGRATIONS
from healthsink.ingest import sleep, tables
from tests.helpers import auth, body, metric, rows, sleep_night, tsql

ZERO = dict.fromkeys(tables.FAMILIES, 0)
REAL_JSON = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "fixtures"
    / "hae-2026"
    / "jimmy-little__obsidian-workout-importer__HealthAutoExport-2026-02-14-2026-02-16_MEDS_REDACTED.json"
)
WORKOUT_ID = "5B1E0C2A-0000-4000-8000-000000002026"


async def post(client, key, payload: bytes, **headers):
    resp = await client.post(
        "/api/v1/ingest", data=payload, headers={**auth(key), "Content-Type": "application/json", **headers}
    )
    return resp.status, await resp.json()


async def test_a_batch_run_is_listed_together_and_empty_bodies_count_zero(client, new_key):
    _, key = await new_key()
    run = {"session-id": "7F3C-RUN-1", "automation-name": "All data"}
    bodies = [
        body(metrics=[metric("step_count", "count", {"date": "2026-09-12 08:00:00 +0200", "qty": 50})]),
        body(workouts=[]),
        body(metrics=[], workouts=[], symptoms=[]),
    ]
    ids = []
    for b in bodies:
        status, out = await post(client, key, b, **run)
        assert status == 200 and out["status"] == "processed" and out["errors"] == []
        ids.append(out["ingestion_id"])
    assert out["processed"] == ZERO  # the last: empty arrays, recorded all the same
    _, other = await post(client, key, body(workouts=[]), **{"session-id": "OTHER-RUN"})
    resp = await client.get("/api/v1/ingestions?session_id=7F3C-RUN-1", headers=auth(key))
    listed = (await resp.json())["ingestions"]
    assert [i["ingestion_id"] for i in listed] == ids[::-1]
    assert {i["session_id"] for i in listed} == {"7F3C-RUN-1"}
    every = (await (await client.get("/api/v1/ingestions", headers=auth(key))).json())["ingestions"]
    assert other["ingestion_id"] in [i["ingestion_id"] for i in every] and len(every) == 4


def _workout(**more) -> dict:
    return {
        "id": WORKOUT_ID,
        "name": "Outdoor Run",
        "start": "2026-08-18 07:00:00 +0200",
        "end": "2026-08-18 07:40:00 +0200",
        "duration": 2350.5,
        "activeEnergy": [{"date": "2026-08-18 07:00:00 +0200", "qty": 11.5, "units": "kcal", "source": "W"}],
        "heartRateData": [
            {
                "date": "2026-08-18 07:01:00 +0200",
                "Min": 120,
                "Avg": 131,
                "Max": 140,
                "units": "count/min",
                "source": "W",
            }
        ],
        **more,
    }


async def test_workouts_keep_every_array_and_scalar(client, new_key, conn):
    user_id, key = await new_key()
    laps = [
        {
            "start": "2026-08-18 07:00:00 +0200",
            "end": "2026-08-18 07:10:00 +0200",
            "distance": {"qty": 2, "units": "km"},
            "index": 0,
        },
        {
            "start": "2026-08-18 07:10:00 +0200",
            "end": "2026-08-18 07:20:00 +0200",
            "distance": {"qty": 2, "units": "km"},
            "index": 1,
        },
    ]
    steps = [{"stepType": "warmup", "goal": {"type": "time", "value": 600}}, {"stepType": "work", "goal": None}]
    status, out = await post(
        client,
        key,
        body(
            workouts=[
                _workout(
                    laps=laps,
                    workoutSteps=steps,
                    tags=["race", "Bahn"],
                    effortScore=7,
                    estimatedEffortScore=6.4,
                    emptyThing=[],
                )
            ]
        ),
    )
    assert status == 200 and out["errors"] == [] and out["inserted"]["workouts"] == 1
    resp = await client.get(f"/api/v1/workouts/{WORKOUT_ID}", headers=auth(key))
    w = await resp.json()
    assert w["extra"]["laps"] == laps and w["extra"]["workoutSteps"] == steps
    assert w["extra"]["tags"] == ["race", "Bahn"]
    assert (w["extra"]["effortScore"], w["extra"]["estimatedEffortScore"]) == (7, 6.4)
    # the real series are still series
    assert len(w["series"]["activeEnergy"]) == 1 and len(w["heart_rate"]["heartRateData"]) == 1
    assert {r["series"] for r in await rows(conn, "workout_series", user_id)} == {"activeEnergy", "heartRateData"}


async def test_a_bad_point_in_a_series_is_still_reported(client, new_key):
    _, key = await new_key()
    bad = _workout(activeEnergy=[{"date": "2026-08-18 07:00:00 +0200", "qty": 11.5}, {"date": "yesterday", "qty": 3}])
    _, out = await post(client, key, body(workouts=[bad]))
    assert [(e["error"], e["path"]) for e in out["errors"]] == [("invalid_date", "data.workouts[0].activeEnergy[1]")]


async def test_sleep_nights_and_localised_stages(client, new_key, conn):
    user_id, key = await new_key()
    night = sleep_night(date="2026-03-30")
    segments = [
        {
            "startDate": f"2026-04-0{d} 23:00:00 +0200",
            "endDate": f"2026-04-0{d} 23:30:00 +0200",
            "qty": 0.5,
            "value": v,
            "source": "Mi Fitness",
        }
        for d, v in enumerate(
            [
                "Nucleo",
                "Profondo",
                "Sveglio",
                "A letto",
                "AsleepCore",
                "InBed",
                "REM",
                "HKCategoryValueSleepAnalysisAsleepDeep",
                "Siesta",
            ],
            1,
        )
    ]
    status, out = await post(client, key, body(metrics=[metric("sleep_analysis", "hr", night, *segments)]))
    assert status == 200 and out["errors"] == []
    n = (await rows(conn, "sleep_nights", user_id))[0]
    assert n["utc_offset"] == -360 and n["date_ts"].isoformat() == "2026-03-30T06:00:00+00:00"
    stored = {
        r["start_ts"].day: (r["stage"], (r["extra"] or {}).get("value"))
        for r in await rows(conn, "sleep_segments", user_id)
    }
    assert [stored[d] for d in sorted(stored)] == [
        ("Core", "Nucleo"),
        ("Deep", "Profondo"),
        ("Awake", "Sveglio"),
        ("InBed", "A letto"),
        ("Core", "AsleepCore"),
        ("InBed", None),
        ("REM", None),
        ("Deep", "HKCategoryValueSleepAnalysisAsleepDeep"),
        ("Siesta", None),
    ]  # not a stage healthsink knows: kept as sent
    # the nights and totals count them as the stages they are
    resp = await client.get(
        "/api/v1/sleep?start=2026-04-01T00:00:00Z&end=2026-04-20T00:00:00Z&tz=Europe/Berlin", headers=auth(key)
    )
    nights = [n for n in (await resp.json())["nights"] if n["source"] == "Mi Fitness"]
    totals = {k: round(sum(n.get(k) or 0 for n in nights), 6) for k in ("core", "deep", "awake", "in_bed", "rem")}
    assert totals == {"core": 1.0, "deep": 1.0, "awake": 0.5, "in_bed": 1.0, "rem": 0.5}


def _shuffled(doc, rng: random.Random):
    """The same content as the app may send it again: every object's keys in another order, and the order of
    items, points and series points changed (not the order inside arrays whose order means something)."""

    def keys(v):
        if isinstance(v, dict):
            items = list(v.items())
            rng.shuffle(items)
            return {k: keys(x) for k, x in items}
        if isinstance(v, list):
            return [keys(x) for x in v]
        return v

    data = doc["data"]
    for family in data.values():
        rng.shuffle(family)
    for m in data.get("metrics", []):
        rng.shuffle(m["data"])
    for w in data.get("workouts", []):
        for k, v in w.items():
            if isinstance(v, list) and k != "laps":
                rng.shuffle(v)
    return keys(doc)


def _a_2026_body() -> dict:
    return orjson.loads(
        body(
            metrics=[
                metric("heart_rate_variability_rmssd", "ms", {"date": "2026-09-22 07:00:00 +0200", "qty": 38.2}),
                metric("heart_rate_variability", "ms", {"date": "2026-09-22 07:00:00 +0200", "qty": 51.0}),
                metric(
                    "breathing_disturbances",
                    "count",
                    {"date": "2026-09-22 00:00:00 +0200", "qty": 3, "source": "Watch"},
                ),
                metric("workout_effort_score", "count", {"date": "2026-09-22 07:40:00 +0200", "qty": 8}),
                metric(
                    "step_count", "count", *({"date": f"2026-09-22 0{h}:00:00 +0200", "qty": h * 10} for h in range(8))
                ),
            ],
            workouts=[
                _workout(
                    laps=[
                        {"index": 0, "distance": {"qty": 1, "units": "km"}},
                        {"index": 1, "distance": {"qty": 1, "units": "km"}},
                    ],
                    workout_effort_score=8,
                )
            ],
            medications=[
                {
                    "displayText": "Ibuprofeno 400 mg",
                    "start": "2026-09-22 08:00:00 +0200",
                    "end": "2026-09-22 08:00:00 +0200",
                    "scheduledDate": "2026-09-22 08:00:00 +0200",
                    "status": "Tomado",
                    "units": "count",
                    "scheduledDosage": 1,
                    "codings": [],
                }
            ],
            symptoms=[
                {
                    "name": "Dolor de cabeza",
                    "severity": "Moderado",
                    "start": "2026-09-22 09:00:00 +0200",
                    "end": "2026-09-22 10:00:00 +0200",
                }
            ],
            ecg=[
                {
                    "start": "2026-09-22 11:00:00 +0200",
                    "end": "2026-09-22 11:00:30 +0200",
                    "classification": "Ritmo sinusal",
                    "averageHeartRate": 64,
                    "samplingFrequency": 512,
                    "voltageMeasurements": [{"date": 1789722000.0, "voltage": 12.5, "units": "µV"}],
                }
            ],
            cycleTracking=[{"name": "Flujo menstrual", "value": "Ligero", "start": "2026-09-22 00:00:00 +0200"}],
        )
    )


async def test_new_names_and_localised_enumerations_are_kept(client, new_key, conn):
    user_id, key = await new_key()
    status, out = await post(client, key, orjson.dumps(_a_2026_body()))
    assert status == 200 and out["errors"] == []
    metrics = {r["metric"] for r in await rows(conn, "quantity_samples", user_id)}
    # RMSSD is not SDNN: both kept, under their own names
    assert {
        "heart_rate_variability_rmssd",
        "heart_rate_variability",
        "breathing_disturbances",
        "workout_effort_score",
    } <= metrics
    assert (await rows(conn, "medications", user_id))[0]["status"] == "Tomado"
    symptom = (await rows(conn, "symptoms", user_id))[0]
    assert (symptom["name"], symptom["severity"]) == ("Dolor de cabeza", "Moderado")
    assert (await rows(conn, "ecg_recordings", user_id))[0]["classification"] == "Ritmo sinusal"
    assert (await rows(conn, "cycle_tracking", user_id))[0]["value"] == "Ligero"
    assert (await rows(conn, "workouts", user_id))[0]["extra"]["workout_effort_score"] == 8


async def _resend_is_all_duplicates(client, key, doc: dict) -> dict:
    status, first = await post(client, key, orjson.dumps(doc))
    assert status == 200
    again = orjson.dumps(_shuffled(doc, random.Random(2026)))
    assert again != orjson.dumps(doc)
    status, second = await post(client, key, again)
    assert status == 200 and second.get("duplicate_of") is None  # other bytes: parsed again, not by digest
    assert second["processed"] == first["processed"]
    assert second["inserted"] == ZERO and second["updated"] == ZERO
    assert second["duplicates"] == first["processed"]
    return first


async def test_a_resend_with_shuffled_keys_and_lists_is_all_duplicates(client, new_key):
    _, key = await new_key()
    first = await _resend_is_all_duplicates(client, key, _a_2026_body())
    assert sum(first["inserted"].values()) > 10


async def test_the_real_2026_export_and_its_shuffled_resend(client, new_key, conn):
    if not REAL_JSON.exists():
        pytest.skip(f"{REAL_JSON.parent} is absent: the real HAE 2026 files are not on this machine")
    user_id, key = await new_key()
    first = await _resend_is_all_duplicates(client, key, orjson.loads(REAL_JSON.read_bytes()))
    assert first["errors"] == []
    assert (first["processed"]["metrics"], first["processed"]["medications"], first["processed"]["workouts"]) == (
        92,
        4,
        3,
    )
    meds = await rows(conn, "medications", user_id)
    assert {r["status"] for r in meds} == {"Not Interacted"}
    assert {r["extra"]["scheduledDosage"] for r in meds} == {1}  # a 2026 field the docs lack, kept
    names = {r["metric"] for r in await rows(conn, "quantity_samples", user_id)}
    assert {"breathing_disturbances", "physical_effort", "time_in_daylight", "atrial_fibrillation_burden"} <= names


async def test_stages_stored_before_are_brought_to_the_canonical_form(client, new_key, conn):
    """Migration 0026 rewrites segments stored as sent, with the same table as ingest/sleep.py."""
    user_id, key = await new_key()
    first = datetime(2025, 5, 1, 22, 0, tzinfo=timezone.utc)
    # a segment through the app first: it makes the month's partition, and is the canonical twin of one below
    twin = {
        "startDate": "2025-05-01 22:00:00 +0000",
        "endDate": "2025-05-01 22:30:00 +0000",
        "qty": 0.5,
        "value": "Core",
        "source": "Old",
    }
    _, out = await post(client, key, body(metrics=[metric("sleep_analysis", "hr", twin)]))
    assert out["inserted"]["metrics"] == 1
    old = list(sleep.CANONICAL_STAGES)
    await conn.execute(tsql("insert_sleep_stages_as_sent"), user_id, "Old", first - timedelta(hours=1), ["core", *old])
    # one segment in two spellings, both to be fixed, and one that is no stage at all
    await conn.execute(tsql("insert_sleep_stages_as_sent"), user_id, "Other", first, ["In Bed", "Siesta"])
    await conn.execute(tsql("insert_sleep_stages_as_sent"), user_id, "Other", first, ["inbed"])
    await conn.execute((MIGRATIONS / "0026_canonicalise_sleep_stages.sql").read_text())
    got = {
        (r["source"], r["start_ts"]): (r["stage"], (r["extra"] or {}).get("value"))
        for r in await rows(conn, "sleep_segments", user_id)
    }
    assert got.pop(("Old", first)) == ("Core", None)  # the row stored as "core" was this one again: gone
    for i, sent in enumerate(old, 1):
        assert got.pop(("Old", first + timedelta(hours=i))) == (sleep.canonical_stage(sent), sent)
    assert got == {
        ("Other", first + timedelta(hours=1)): ("InBed", "In Bed"),
        ("Other", first + timedelta(hours=2)): ("Siesta", None),
    }
