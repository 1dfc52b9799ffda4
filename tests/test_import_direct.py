"""The import's direct rows (importers/apple/direct.py) are the rows, errors and warnings the family modules make
from the same records sent as Health Auto Export points (Records(direct=False)). No database needed."""

from healthsink.importers.apple.records import Records
from healthsink.importers.apple.source import ExportSource
from healthsink.importers.apple.xmlstream import XmlStream
from healthsink.ingest.result import Result
from healthsink.ingest.rows import RowBuilder

Q = "HKQuantityTypeIdentifier"
W = "Jane\u2019s Apple\u00a0Watch"


def rec(t, value, unit, start="2026-03-30 08:00:00 +0200", end=None, source=W, inner="") -> str:
    v = "" if value is None else f' value="{value}"'
    u = "" if unit is None else f' unit="{unit}"'
    head = f' <Record type="{Q}{t}" sourceName="{source}"{u} startDate="{start}" endDate="{end or start}"{v}'
    return f"{head}>{inner}</Record>\n" if inner else f"{head}/>\n"


def meta(key, value) -> str:
    return f'<MetadataEntry key="{key}" value="{value}"/>'


BEATS = (
    "<HeartRateVariabilityMetadataList>"
    + "".join(f'<InstantaneousBeatsPerMinute bpm="6{k}" time="8:00:0{k}.25 am"/>' for k in range(4))
    + "</HeartRateVariabilityMetadataList>"
)
RECORDS = [
    rec("StepCount", 120, "count", end="2026-03-30 08:10:00 +0200"),
    rec("StepCount", 80, "count", end="2026-03-30 08:10:00 +0200", source="iPhone"),
    rec("StepCount", -3, "count", end="2026-03-30 08:20:00 +0200"),  # refused: cumulative
    rec("StepCount", "many", "count", start="2026-03-30 09:00:00 +0200"),  # refused: not a number
    rec("StepCount", 5, "count", start="2026-03-30 25:00:00 +0200"),  # refused: the date
    rec("StepCount", 5, "count", start="1960-03-30 08:00:00 +0200"),  # refused by the row checks
    rec("StepCount", None, "count", start="2026-03-30 10:00:00 +0200"),  # no value: stored empty
    rec("ActiveEnergyBurned", 418.4, "kJ", end="2026-03-30 08:01:00 +0200"),  # converted to kcal
    rec("OxygenSaturation", 0.97, "%"),  # a fraction: 0-100
    rec("OxygenSaturation", 0.5, "%", start="2026-03-30 09:00:00 +0200"),  # unusual: a warning
    rec("VO2Max", 41.2, "mL/min&#183;kg"),  # another spelling of the unit
    rec("DistanceWalkingRunning", 0.0512, "parsec"),  # not a unit of it: kept apart with a warning
    rec("BloodGlucose", 5.4, "mmol/L", inner=meta("HKBloodGlucoseMealTime", "2")),
    rec("InsulinDelivery", 4, "IU", inner=meta("HKInsulinDeliveryReason", "2") + meta("Brand", "X")),
    rec("BodyMass", 71.5, "kg", inner=meta("HKTimeZone", "America/Los_Angeles") + meta("HKWasUserEntered", "1")),
    rec("HeartRateVariabilitySDNN", 43.5, "ms", end="2026-03-30 08:01:00 +0200", inner=BEATS),
    rec("HeartRate", 61, "count/min", inner=meta("HKMetadataKeyHeartRateMotionContext", "1")),
    rec(
        "HeartRate",
        64,
        "count/min",
        start="2026-03-30 08:01:00 +0200",
        inner=meta("HKMetadataKeyHeartRateMotionContext", "2") + meta("HKTimeZone", "Europe/Paris"),
    ),
    rec("HeartRate", 58, "count/min", start="2026-03-30 08:02:00 +0200", inner=meta("Other", "x")),
    rec("HeartRate", 1.2, "count/s", start="2026-03-30 08:03:00 +0200"),  # kept as sent: refused, under 20
    rec("HeartRate", 400, "count/min", start="2026-03-30 08:04:00 +0200"),  # refused: outside 20-300
    rec("HeartRate", 25, "count/min", start="2026-03-30 08:05:00 +0200"),  # unusual: a warning
    rec("HeartRate", None, "count/min", start="2026-03-30 08:06:00 +0200"),  # refused: no value
    rec("HeartRate", "x", "count/min", start="2026-03-30 08:07:00 +0200"),  # refused: not a number
]


def _build(tmp_path, direct: bool):
    xml = '<?xml version="1.0"?>\n<HealthData locale="en_US">\n' + "".join(RECORDS) + "</HealthData>\n"
    path = tmp_path / "export.xml"
    path.write_text(xml)
    b = RowBuilder(7, 99, Result())
    records = Records(b, "export.xml", direct=direct)
    read = [0, 0]
    for items in XmlStream("export.xml", read).items(ExportSource(path).pieces(read)):
        for it in items:
            records.add(it)
    records.drain()
    return b.take(), b.result


def test_direct_rows_are_the_family_modules_rows(tmp_path):
    fast_rows, fast = _build(tmp_path, True)
    slow_rows, slow = _build(tmp_path, False)
    assert fast_rows.keys() == slow_rows.keys() >= {"quantity", "heart_rate", "heartbeat_series", "source_aliases"}
    for key in fast_rows:
        if key == "source_aliases":  # one row per spelling: once per batch here, once per metric there
            assert set(fast_rows[key]) == set(slow_rows[key]) != set()
            continue
        assert sorted(fast_rows[key], key=repr) == sorted(slow_rows[key], key=repr), key

    def entries(r):
        return sorted((e["path"], e.get("error") or e.get("warning"), e["details"]) for e in r.errors + r.warnings)

    assert entries(fast) == entries(slow)
    # what the records above were written to show
    assert len(fast.errors) == 8 and {e["error"] for e in fast.errors} == {
        "out_of_range",
        "invalid_value",
        "invalid_date",
    }
    assert {w["warning"] for w in fast.warnings} == {"suspicious_value", "unknown_unit"}
    q = {r[1]: r for r in fast_rows["quantity"] if r[3].hour == 6}  # 08:00 +0200
    assert q["active_energy"][6:9] == ("kcal", "kJ", 100.0)  # 418.4 kJ
    assert q["blood_oxygen_saturation"][8] == 97.0 and q["vo2_max"][7] is None
    assert q["weight_body_mass"][5] == -420  # the zone's offset (PDT), not the written one
    assert q["blood_glucose"][9] == "After Meal" and q["insulin_delivery"][9] == "Bolus"
    hr = {r[3].minute: r for r in fast_rows["heart_rate"]}
    assert hr[0][11] == "Sedentary" and hr[1][11] == "Active" and hr[1][5] == 120
