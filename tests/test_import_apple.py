"""Apple Health export import, with small synthetic exports shaped after the real samples (format doc §11)."""

import zipfile

import pytest

from healthsink import units
from healthsink.errors import InvalidExport
from healthsink.importers import job
from healthsink.ingest.names import source_key
from healthsink.store import db
from healthsink.store.partitions import Partitions
from tests.helpers import count, rows

DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT VisionPrescription ((RightEye|LeftEye|Attachment|MetadataEntry)*)>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  brand            CDATA #IMPLIED
<!ELEMENT RightEye EMPTY>
>
]>
"""  # the iOS 16 kind: an ATTLIST left open swallows the next declaration (P1); expat stops there

WATCH = source_key("Alice’s Apple Watch")  # as the live feed keys it
DEV = (
    "&lt;&lt;HKDevice: 0x282a45810&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,7, "
    "software:10.2, creation date:2025-08-14 23:49:07 +0000&gt;"
)


def rec(type_, start, end=None, value=None, unit=None, source="Alice’s Apple Watch", inner="", device=True):
    attrs = f'type="HKQuantityTypeIdentifier{type_}"' if not type_.startswith("HK") else f'type="{type_}"'
    attrs += f' sourceName="{source}" sourceVersion="10.2"'
    if device:
        attrs += f' device="{DEV}"'
    if unit is not None:
        attrs += f' unit="{unit}"'
    attrs += f' creationDate="{start}" startDate="{start}" endDate="{end or start}"'
    if value is not None:
        attrs += f' value="{value}"'
    return f" <Record {attrs}>{inner}</Record>\n" if inner else f" <Record {attrs}/>\n"


def meta(**kv):
    return "".join(f'\n  <MetadataEntry key="{k}" value="{v}"/>' for k, v in kv.items()) + "\n "


def export_xml(body: str, dtd: str = DTD) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{dtd}<HealthData locale="en_FR">\n'
        ' <ExportDate value="2026-03-31 10:00:00 +0200"/>\n'
        ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1951-02-05" '
        'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" '
        'HKCharacteristicTypeIdentifierBloodType="HKBloodTypeABNegative"/>\n'
        f"{body}</HealthData>\n"
    ).encode()


GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Apple Health Export" xmlns="http://www.topografix.com/GPX/1/1">
 <metadata><time>2026-03-31T08:00:00Z</time></metadata>
 <trk><name>Route 2026-03-30 7:00am</name><trkseg>
{pts}
 </trkseg></trk>
</gpx>
"""


def gpx(start_min: int, n: int) -> str:
    pts = "\n".join(
        f'<trkpt lon="{6.1 + i / 1000:.6f}" lat="{48.6 + i / 1000:.6f}"><ele>361.9</ele>'
        f"<time>2026-03-30T05:{start_min + i // 60:02d}:{i % 60:02d}Z</time>"
        f"<extensions><speed>2.5</speed><course>50.5</course><hAcc>6.6</hAcc><vAcc>6.4</vAcc></extensions></trkpt>"
        for i in range(n)
    )
    return GPX.format(pts=pts)


ECG_DE = (
    'Name,Alice Example\nGeburtstag,"05.02.1951"\nAufzeichnungsdatum,2026-03-30 09:14:40 +0200\n'
    'Klassifizierung,Sinusrhythmus\nSymptome,Schwindel, Müdigkeit\nSoftwareversion,2\nGerät,"Watch6,7"\n'
    'Messrate,"511,422\u00a0Hertz"\n\n\nAbleitung,Ableitung I\nEinheit,µV\n\n'
    + "\n".join(f"{-48 + i},{i % 10}" for i in range(1024))
    + "\n"
)

BODY = (
    # steps: one sample in winter, written by a phone exporting in summer (+0200), its zone named
    rec(
        "StepCount",
        "2026-01-10 09:00:00 +0200",
        "2026-01-10 09:10:00 +0200",
        812,
        "count",
        source="iPhone",
        inner=meta(HKTimeZone="Europe/Paris"),
        device=False,
    )
    + rec(
        "StepCount",
        "2026-03-30 08:00:00 +0200",
        "2026-03-30 08:10:00 +0200",
        500,
        "count",
        source="iPhone",
        device=False,
    )
    + rec("ActiveEnergyBurned", "2026-03-30 08:00:00 +0200", "2026-03-30 08:01:00 +0200", "4.184", "kJ")
    + rec(
        "WalkingDoubleSupportPercentage",
        "2026-03-30 08:00:00 +0200",
        "2026-03-30 08:01:00 +0200",
        "0.271",
        "%",
        source="iPhone",
        device=False,
    )
    + rec("VO2Max", "2026-03-30 08:00:00 +0200", None, "41.5", "mL/min&#183;kg")
    + rec("DistanceCycling", "2026-03-30 08:00:00 +0200", "2026-03-30 08:01:00 +0200", "5.19969e-05", "km")
    + rec(
        "HeartRate",
        "2026-03-30 08:00:00 +0200",
        None,
        72,
        "count/min",
        inner=meta(HKMetadataKeyHeartRateMotionContext=1),
    )
    + rec(
        "HeartRateVariabilitySDNN",
        "2026-03-30 23:59:58 +0200",
        "2026-03-31 00:00:59 +0200",
        "41.2",
        "ms",
        inner="<HeartRateVariabilityMetadataList>"
        '<InstantaneousBeatsPerMinute bpm="61" time="23:59:58,10"/>'
        '<InstantaneousBeatsPerMinute bpm="63" time="23:59:59,05"/>'
        '<InstantaneousBeatsPerMinute bpm="62" time="0:00:00.02"/>'
        "</HeartRateVariabilityMetadataList>",
    )
    # blood pressure: the correlation and its two children, which also appear at top level
    + rec("BloodPressureSystolic", "2026-03-30 08:05:00 +0200", None, 121, "mmHg", source="Omron", device=False)
    + rec("BloodPressureDiastolic", "2026-03-30 08:05:00 +0200", None, 79, "mmHg", source="Omron", device=False)
    + ' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron" '
    'creationDate="2026-03-30 08:05:00 +0200" startDate="2026-03-30 08:05:00 +0200" '
    'endDate="2026-03-30 08:05:00 +0200">\n'
    + "  "
    + rec("BloodPressureSystolic", "2026-03-30 08:05:00 +0200", None, 121, "mmHg", source="Omron", device=False)
    + "  "
    + rec("BloodPressureDiastolic", "2026-03-30 08:05:00 +0200", None, 79, "mmHg", source="Omron", device=False)
    + " </Correlation>\n"
    # sleep of three generations
    + rec(
        "HKCategoryTypeIdentifierSleepAnalysis",
        "2021-03-29 23:00:00 +0200",
        "2021-03-30 06:00:00 +0200",
        "HKCategoryValueSleepAnalysisAsleep",
        source="iPhone",
        device=False,
    )
    + rec(
        "HKCategoryTypeIdentifierSleepAnalysis",
        "2026-03-29 23:00:00 +0200",
        "2026-03-30 06:30:00 +0200",
        "HKCategoryValueSleepAnalysisInBed",
        source="iPhone",
        device=False,
    )
    + rec(
        "HKCategoryTypeIdentifierSleepAnalysis",
        "2026-03-29 23:10:00 +0200",
        "2026-03-29 23:40:00 +0200",
        "HKCategoryValueSleepAnalysisAsleepCore",
        inner=meta(HKTimeZone="Europe/Paris"),
    )
    + rec(
        "HKCategoryTypeIdentifierSleepAnalysis",
        "2026-03-29 23:40:00 +0200",
        "2026-03-30 00:10:00 +0200",
        "HKCategoryValueSleepAnalysisAsleepDeep",
    )
    + rec(
        "HKCategoryTypeIdentifierSleepAnalysis",
        "2026-03-30 00:10:00 +0200",
        "2026-03-30 00:40:00 +0200",
        "HKCategoryValueSleepAnalysisAsleepREM",
    )
    + rec(
        "HKCategoryTypeIdentifierSleepAnalysis",
        "2026-03-30 00:40:00 +0200",
        "2026-03-30 00:45:00 +0200",
        "HKCategoryValueSleepAnalysisAwake",
    )
    + rec(
        "HKCategoryTypeIdentifierSleepAnalysis",
        "2023-03-30 00:40:00 +0200",
        "2023-03-30 00:45:00 +0200",
        "HKCategoryValueSleepAnalysisAsleepUnspecified",
    )
    # categories
    + rec(
        "HKCategoryTypeIdentifierMindfulSession",
        "2026-03-30 07:00:00 +0200",
        "2026-03-30 07:10:00 +0200",
        source="Breathe",
    )
    + rec(
        "HKCategoryTypeIdentifierAppleStandHour",
        "2026-03-30 07:00:00 +0200",
        "2026-03-30 08:00:00 +0200",
        "HKCategoryValueAppleStandHourStood",
    )
    + rec(
        "HKCategoryTypeIdentifierHeadache",
        "2026-03-30 07:00:00 +0200",
        "2026-03-30 08:00:00 +0200",
        "HKCategoryValueSeverityModerate",
        source="Health",
        device=False,
    )
    + rec(
        "HKCategoryTypeIdentifierMenstrualFlow",
        "2026-03-28 07:00:00 +0200",
        "2026-03-28 07:00:00 +0200",
        "HKCategoryValueMenstrualFlowMedium",
        source="Health",
        device=False,
        inner=meta(HKMenstrualCycleStart=1),
    )
    + rec(
        "HKCategoryTypeIdentifierLowHeartRateEvent",
        "2026-03-30 03:00:00 +0200",
        "2026-03-30 03:10:00 +0200",
        inner=meta(HKHeartRateEventThreshold="40 count/min"),
    )
    + rec("HKQuantityTypeIdentifierSomethingNew", "2026-03-30 07:00:00 +0200", None, "3", "count")
    + rec("HKDataTypeSleepDurationGoal", "2026-03-30 07:00:00 +0200", None, "8", "hr", device=False)
    # a 2016 workout: totals as attributes, inline route, its zone named
    + ' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="5.19" durationUnit="min" '
    'totalDistance="0.497" totalDistanceUnit="mi" totalEnergyBurned="48.7" totalEnergyBurnedUnit="kcal" '
    'sourceName="Apple Watch" startDate="2016-11-14 07:25:41 -0700" endDate="2016-11-14 07:30:52 -0700">'
    + meta(HKTimeZone="America/Los_Angeles", HKWeatherHumidity="96 %", HKWeatherTemperature="56 degF")
    + '  <WorkoutRoute sourceName="iPhone" startDate="2016-11-14 07:25:44 -0700" endDate="2016-11-14 07:30:51 -0700">'
    '<Location date="2016-11-14 07:25:44 -0700" latitude="37.7777" longitude="-122.426" altitude="21.2" '
    'horizontalAccuracy="2.4" verticalAccuracy="1.6" course="-1" speed="2.48"/>'
    '<Location date="2016-11-14 07:25:45 -0700" latitude="37.7778" longitude="-122.426" altitude="21.2" '
    'horizontalAccuracy="2.4" verticalAccuracy="1.6" course="-1" speed="2.48"/></WorkoutRoute>\n'
    + " </Workout>\n"
    # a modern one: statistics at two levels, events, two routes
    + ' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="20" durationUnit="min" '
    f'sourceName="Apple Watch" device="{DEV}" startDate="2026-03-30 07:00:00 +0200" '
    'endDate="2026-03-30 07:20:00 +0200">'
    + meta(HKIndoorWorkout=0, HKElevationAscended="5900 cm", HKTimeZone="Europe/Paris", HKWeatherHumidity="6400 %")
    + '  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="2026-03-30 07:00:00 +0200" duration="6.6" '
    'durationUnit="min"/>\n'
    '  <WorkoutActivity uuid="5508C9A8-3F3B-4497-BE32-CFDEDCAAB9F2" startDate="2026-03-30 07:00:00 +0200" '
    'endDate="2026-03-30 07:20:00 +0200" duration="20" durationUnit="min">\n'
    '   <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="2026-03-30 07:00:00 +0200" '
    'endDate="2026-03-30 07:20:00 +0200" sum="231.76" unit="Cal"/>\n  </WorkoutActivity>\n'
    '  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="2026-03-30 07:00:00 +0200" '
    'endDate="2026-03-30 07:20:00 +0200" sum="231.76" unit="Cal"/>\n'
    '  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="2026-03-30 07:00:00 +0200" '
    'endDate="2026-03-30 07:20:00 +0200" average="127.4" minimum="114" maximum="138" unit="count/min"/>\n'
    '  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" '
    'startDate="2026-03-30 07:00:00 +0200" '
    'endDate="2026-03-30 07:20:00 +0200" sum="3.08" unit="km"/>\n'
    '  <WorkoutRoute sourceName="Apple Watch" startDate="2026-03-30 07:00:00 +0200" '
    'endDate="2026-03-30 07:10:00 +0200">'
    '<FileReference path="/workout-routes/route_2026-03-30_7.00am.gpx"/></WorkoutRoute>\n'
    '  <WorkoutRoute sourceName="Apple Watch" startDate="2026-03-30 07:10:00 +0200" '
    'endDate="2026-03-30 07:20:00 +0200">'
    '<FileReference path="/workout-routes/route_2026-03-30_7.20am.gpx"/></WorkoutRoute>\n'
    + " </Workout>\n"
    + ' <ActivitySummary dateComponents="2026-03-30" activeEnergyBurned="590.2" activeEnergyBurnedGoal="630" '
    'activeEnergyBurnedUnit="kcal" appleExerciseTime="68" appleExerciseTimeGoal="30" appleStandHours="13" '
    'appleStandHoursGoal="12"/>\n'
    + ' <ClinicalRecord type="HKClinicalTypeIdentifierLabResultRecord" identifier="x" sourceName="Hospital" '
    'sourceURL="https://example.org" fhirVersion="4.0.1" receivedDate="2026-03-01 10:00:00 +0200" '
    'resourceFilePath="/clinical-records/Observation-1.json"/>\n'
)


def make_zip(path, xml: bytes, member="apple_health_export/export.xml", extra=None):
    files = {
        member: xml,
        "apple_health_export/workout-routes/route_2026-03-30_7.00am.gpx": gpx(0, 120).encode(),
        "apple_health_export/workout-routes/route_2026-03-30_7.20am.gpx": gpx(10, 60).encode(),
        "apple_health_export/electrocardiograms/ecg_2026-03-30.csv": ECG_DE.encode(),
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


@pytest.fixture
async def importer(db_url, new_key):
    pool = await db.create_pool(db_url, 1, 3)
    user_id, _ = await new_key()
    partitions = Partitions()

    async def run(path, batch_rows=50000):
        import_id = await job.start(pool, user_id, path)
        return await job.run(pool, partitions, user_id, import_id, path, batch_rows=batch_rows)

    run.user_id, run.pool = user_id, pool
    yield run
    await pool.close()


async def test_everything_in_the_file_goes_to_the_live_feeds_tables(importer, conn, tmp_path):
    out = await importer(make_zip(tmp_path / "export.zip", export_xml(BODY)))
    uid = importer.user_id
    assert out["errors"] == [], out["errors"]
    q = {(r["metric"], r["source"], r["ts"].isoformat()): r for r in await rows(conn, "quantity_samples", uid)}
    winter = q[("step_count", "iPhone", "2026-01-10T07:00:00+00:00")]
    assert (winter["qty"], winter["utc_offset"]) == (812, 60)  # HKTimeZone: Paris in January is +0100
    assert q[("step_count", "iPhone", "2026-03-30T06:00:00+00:00")]["utc_offset"] == 120
    assert q[("walking_double_support_percentage", "iPhone", "2026-03-30T06:00:00+00:00")]["qty"] == pytest.approx(27.1)
    assert q[("cycling_distance", WATCH, "2026-03-30T06:00:00+00:00")]["qty"] == pytest.approx(5.19969e-05)
    assert q[("mindful_minutes", "Breathe", "2026-03-30T05:00:00+00:00")]["qty"] == pytest.approx(10)
    assert q[("apple_stand_hour", WATCH, "2026-03-30T05:00:00+00:00")]["qty"] == 1
    assert q[("something_new", WATCH, "2026-03-30T05:00:00+00:00")]["qty"] == 3
    assert ("activity_move", "Activity Summary", "2026-03-29T22:00:00+00:00") in q
    assert not any(k[0].startswith("hk") or "goal" == k[0] for k in q)
    assert [w["warning"] for w in out["warnings"]].count("unknown_type") == 1
    assert any("SomethingNew" in w["details"] for w in out["warnings"])

    hr = await rows(conn, "heart_rate_samples", uid)
    assert [(r["hr_avg"], r["context"]) for r in hr] == [(72, "Sedentary")]
    beats = await rows(conn, "heartbeat_series", uid)
    assert len(beats) == 1 and len(beats[0]["beat_epochs"]) == 3
    first = beats[0]["beat_epochs"]
    assert first[2] - first[1] == pytest.approx(0.97, abs=0.01)  # rolled over midnight, not a day back
    bp = await rows(conn, "blood_pressure_samples", uid)
    assert [(r["systolic"], r["diastolic"]) for r in bp] == [(121, 79)]  # one reading, not three
    assert await count(conn, "quantity_samples", uid) == len(q)
    assert not [k for k in q if "blood_pressure" in k[0]]

    stages = sorted(r["stage"] for r in await rows(conn, "sleep_segments", uid))
    assert stages == ["Asleep", "Asleep", "Awake", "Core", "Deep", "InBed", "REM"]
    sym = await rows(conn, "symptoms", uid)
    assert [(r["name"], r["severity"]) for r in sym] == [("Headache", "Moderate")]
    cyc = await rows(conn, "cycle_tracking", uid)
    assert [(r["name"], r["value"], r["is_cycle_start"]) for r in cyc] == [("Menstrual Flow", "Medium", True)]
    hrn = await rows(conn, "heart_rate_notifications", uid)
    assert [(r["kind"], r["threshold"]) for r in hrn] == [("low_heart_rate_notification", 40)]

    ws = {r["start_ts"].year: r for r in await rows(conn, "workouts", uid)}
    old, new = ws[2016], ws[2026]
    distance = old["summary"]["distance"]  # 0.497 mi, in whatever unit the live feed's workouts are kept
    assert old["utc_offset"] == -480 and units.convert(distance["qty"], distance["units"], "mi") == pytest.approx(0.497)
    assert new["summary"]["activeEnergyBurned"]["qty"] == pytest.approx(231.76)  # the workout's, not doubled
    assert new["summary"]["heartRate"]["max"]["qty"] == 138 and new["is_indoor"] is False
    assert len(new["metadata"]["export"]["activities"]) == 1 and len(new["metadata"]["export"]["events"]) == 1
    points = await rows(conn, "workout_route_points", uid)
    by = {}
    for p in points:
        by[p["workout_key"]] = by.get(p["workout_key"], 0) + 1
    assert by == {old["workout_key"]: 2, new["workout_key"]: 180}  # both GPX files, all points
    ecg = await rows(conn, "ecg_recordings", uid)
    assert len(ecg) == 1 and len(ecg[0]["voltages"]) == 1024
    assert ecg[0]["sampling_frequency"] == pytest.approx(511.422) and ecg[0]["voltages"][1] == pytest.approx(-47.1)
    assert all(r["origin"] == "apple_export" for r in [*q.values(), *hr, *bp, *ws.values(), *ecg])
    assert out["records"] == BODY.count("<Record ") - 2 and out["workouts"] == 2 and out["route_points"] == 182


async def test_same_file_again_adds_nothing_and_a_newer_export_only_what_is_new(importer, tmp_path):
    first = await importer(make_zip(tmp_path / "a.zip", export_xml(BODY)))
    again = await importer(make_zip(tmp_path / "b.zip", export_xml(BODY)))
    assert sum(again["inserted"].values()) == 0 and sum(again["updated"].values()) == 0
    assert again["duplicates"] == first["processed"]
    newer = BODY + rec(
        "StepCount",
        "2026-03-31 08:00:00 +0200",
        "2026-03-31 08:10:00 +0200",
        42,
        "count",
        source="iPhone",
        device=False,
    )
    out = await importer(make_zip(tmp_path / "c.zip", export_xml(newer)))
    assert out["inserted"]["metrics"] == 1 and sum(out["inserted"].values()) == 1
    assert sum(out["updated"].values()) == 0


async def test_localised_member_bare_xml_and_folder(importer, tmp_path, conn):
    z = make_zip(tmp_path / "書き出したデータ.zip", export_xml(BODY), member="apple_health_export/导出.xml")
    out = await importer(z)
    assert out["errors"] == [] and out["records"] > 20
    xml = tmp_path / "export.xml"
    xml.write_bytes(export_xml(BODY))
    assert sum((await importer(xml))["inserted"].values()) == 0
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(z) as zz:
        zz.extractall(folder)
    again = await importer(folder)
    assert again["route_points"] == 182 and again["ecg_files"] == 1 and sum(again["inserted"].values()) == 0


@pytest.mark.parametrize("case", ["not_zip", "truncated", "no_member", "syntax"])
async def test_bad_files_fail_with_one_line_and_keep_what_was_stored(importer, tmp_path, conn, case):
    p = tmp_path / "export.zip"
    if case == "not_zip":
        p.write_bytes(b"%PDF-1.4 not an export")
        expected = "neither a zip nor an XML file"
    elif case == "truncated":
        good = make_zip(tmp_path / "good.zip", export_xml(BODY)).read_bytes()
        p.write_bytes(good[: len(good) // 2])
        expected = "truncated or damaged"
    elif case == "no_member":
        with zipfile.ZipFile(p, "w") as z:
            z.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        expected = "no export.xml"
    else:
        broken = export_xml(BODY).replace(b'sourceName="Breathe"', b'sourceName="Breathe & Co"')
        p = make_zip(p, broken)
        expected = "XML syntax error"
    with pytest.raises(InvalidExport) as err:
        await importer(p, batch_rows=5)
    msg = err.value.message
    assert expected in msg and "\n" not in msg and "export" in msg
    row = await conn.fetchrow("SELECT status, error FROM imports WHERE user_id = $1", importer.user_id)
    assert row["status"] == "failed" and row["error"] == msg
    if case == "syntax":
        line = broken.decode()[: broken.decode().index("Breathe & Co")].count("\n")
        assert f"line {line + 1}:" in msg
        # the records before the error were stored, in batches of 5
        assert await count(conn, "quantity_samples", importer.user_id) > 5


async def test_me_is_never_logged(importer, tmp_path, caplog):
    caplog.set_level("DEBUG")
    await importer(make_zip(tmp_path / "export.zip", export_xml(BODY)))
    text = caplog.text + repr([r.__dict__ for r in caplog.records])
    for secret in ("1951-02-05", "HKBiologicalSexFemale", "HKBloodTypeABNegative", "Alice Example", "05.02.1951"):
        assert secret not in text
