"""The CSV format's parsing (healthsink/ingest/hae_csv), pure: multipart bodies written after the app's files, and
the real files in ../shared/fixtures/hae-2026/ (skipped when that folder is absent)."""

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from healthsink.errors import InvalidPayload, NoReadablePart
from healthsink.ingest.hae_csv import events, labels
from healthsink.ingest.hae_csv.local import in_zone, utc_in_zone

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "hae-2026"
PREFIX = "jimmy-little__obsidian-workout-importer__"
LA = ZoneInfo("America/Los_Angeles")


def multipart(*parts: tuple[str, str, bytes], boundary: str = "hs-test-7MA4YWxk") -> tuple[str, bytes]:
    """(Content-Type, body) of a form with (field name, file name, content) parts."""
    out = b""
    for name, filename, data in parts:
        out += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + data
            + b"\r\n"
        )
    return f"multipart/form-data; boundary={boundary}", out + f"--{boundary}--\r\n".encode()


def run(*parts, tz="America/Los_Angeles") -> list[tuple]:
    ct, body = multipart(*parts)
    return list(events(ct, body, tz))


def points(evs) -> dict[str, tuple[str, list]]:
    """name -> (units, points of every part that has that metric)."""
    out: dict[str, tuple[str, list]] = {}
    for e in evs:
        if e[0] == "points":
            out.setdefault(e[2], (e[3], []))[1].extend(e[5])
    return out


def real(name: str) -> bytes:
    path = REAL / (PREFIX + name)
    if not path.exists():
        pytest.skip(f"{REAL} is absent: the real HAE 2026 files are not on this machine")
    return path.read_bytes()


METRICS = (
    b"Date/Time,Step Count (count),Heart Rate [Min] (count/min),Heart Rate [Max] (count/min),"
    b"Heart Rate [Avg] (count/min),Sleep Analysis [Total] (hr),Sleep Analysis [Deep] (hr),"
    b"Apple Sleeping Wrist Temperature (\xc2\xbaF),Resting Energy (kJ),Screen Time Pickups (count)\n"
    b"2026-01-11 00:00:00,8123,50,150,80.5,7.2,1.1,97.1,6000,41\n"
    b"2026-07-11 00:00:00,,,,,,,,,\n"
    b"2026-07-12 00:00:00,20,,,,,,,,\n"
)


def test_metric_cells_become_json_points_in_the_users_zone():
    evs = run(("a", "a.csv", METRICS))
    got = points(evs)
    assert got["step_count"] == (
        "count",
        [{"qty": 8123.0, "date": "2026-01-11 00:00:00 -0800"}, {"qty": 20.0, "date": "2026-07-12 00:00:00 -0700"}],
    )  # DST: -0700
    assert got["heart_rate"][1] == [{"Min": 50.0, "Max": 150.0, "Avg": 80.5, "date": "2026-01-11 00:00:00 -0800"}]
    assert got["sleep_analysis"] == ("hr", [{"totalSleep": 7.2, "deep": 1.1, "date": "2026-01-11 00:00:00 -0800"}])
    assert got["apple_sleeping_wrist_temperature"][0] == "degF"  # U+00BA spelled as the JSON spells it
    assert got["basal_energy_burned"] == ("kJ", [{"qty": 6000.0, "date": "2026-01-11 00:00:00 -0800"}])
    # the empty row gives nothing, and an unknown label is kept under its slug, with a warning
    assert got["screen_time_pickups"][1] == [{"qty": 41.0, "date": "2026-01-11 00:00:00 -0800"}]
    warnings = [e for e in evs if e[0] == "warning"]
    assert [w[4] for w in warnings] == ["unknown_csv_label"]
    assert "Screen Time Pickups (count)" in warnings[0][5] and "screen_time_pickups" in warnings[0][5]


def test_a_different_zone_gives_other_instants():
    got = points(run(("a", "a.csv", METRICS), tz="Europe/Berlin"))
    assert got["step_count"][1][0]["date"] == "2026-01-11 00:00:00 +0100"


def test_localised_headers_map_to_the_english_names():
    spanish = (
        "Fecha/Hora,Conteo de Pasos (pasos),Energía Activa (kJ),Frecuencia Cardiaca en Reposo (bpm),"
        "Análisis del Sueño [Total] (hr),Análisis del Sueño [Profundo] (hr)\n"
        "2026-03-21 00:00:00,7035,1994,54,6.4,1.2\n"
    ).encode()
    portuguese = b"Data/Hora,Contagem de Passos (passos)\n2026-03-21 00:00:00,12\n"
    got = points(run(("x", "es.csv", spanish), ("y", "pt.csv", portuguese)))
    assert got["step_count"][0] == "count"
    assert [p["qty"] for p in got["step_count"][1]] == [7035.0, 12.0]
    assert got["active_energy"] == ("kJ", [{"qty": 1994.0, "date": "2026-03-21 00:00:00 -0700"}])
    assert got["resting_heart_rate"][1][0]["qty"] == 54.0
    assert got["sleep_analysis"][1] == [{"totalSleep": 6.4, "deep": 1.2, "date": "2026-03-21 00:00:00 -0700"}]


def test_sub_columns_of_blood_pressure_and_sexual_activity():
    csv = (
        b"Date/Time,Blood Pressure [Systolic] (mmHg),Blood Pressure [Diastolic] (mmHg),"
        b"Sexual Activity [Protection Used] (count),Sexual Activity [Unspecified] (count)\n"
        b"2026-01-11 08:00:00,121,79,1,\n"
    )
    got = points(run(("a", "a.csv", csv)))
    date = "2026-01-11 08:00:00 -0800"
    assert got["blood_pressure"] == ("mmHg", [{"systolic": 121.0, "diastolic": 79.0, "date": date}])
    assert got["sexual_activity"] == ("count", [{"Protection Used": 1.0, "date": date}])


def test_labels_follow_the_apps_naming_rule():
    assert labels.metric_name("Walking + Running Distance") == ("walking_running_distance", True)
    assert labels.metric_name("Weight & Body Mass") == ("weight_body_mass", True)
    assert labels.metric_name("Stair Speed: Down") == ("stair_speed_down", True)
    assert labels.metric_name("Heart Rate Variability RMSSD") == ("heart_rate_variability_rmssd", True)
    assert labels.metric_name("Señal Rara") == ("senal_rara", False)
    col = labels.parse_header("Heart Rate [Min] (count/min)")
    assert (col.label, col.sub, col.unit) == ("Heart Rate", "Min", "count/min")


V2_WORKOUTS = (
    b"Type,Start,End,Duration,Total Energy (kJ),Active Energy (kJ),Max Heart Rate (bpm),"
    b"Avg Heart Rate (bpm),Distance (km),Avg Speed (km/hr),Step Count (count),Step Cadence (spm),"
    b"Swimming Stroke Count (count),Swim Stoke Cadence (spm),Flights Climbed (count),"
    b"Elevation Ascended (m),Elevation Descended (m)\n"
    b"Pool Swim,2026-04-06 07:00,2026-04-06 07:40,00:38:10,1200,900,150,120,1.5,,,,"
    b"640,22.5,0,,\n"
)


def test_workouts_csv_2026_layout_with_the_stoke_typo():
    items = [e for e in run(("metrics", "m.csv", V2_WORKOUTS)) if e[0] == "item"]
    assert len(items) == 1
    _, key, _, w = items[0]
    assert key == "workouts"
    assert w["name"] == "Pool Swim" and w["start"] == "2026-04-06 07:00:00 -0700"
    assert w["duration"] == 38 * 60 + 10
    assert w["swimCadence"] == {"qty": 22.5, "units": "spm"}
    assert w["totalSwimmingStrokeCount"] == {"qty": 640.0, "units": "count"}
    assert w["flightsClimbed"] == {"qty": 0.0, "units": "count"}  # v2 writes a real zero; missing is empty
    assert "avgSpeed" not in w


def test_workouts_csv_v1_real_file():
    data = real("Workouts-20260106_145509-20260113_145509.csv")
    items = [e[3] for e in run(("file", "w.csv", data)) if e[0] == "item"]
    assert len(items) == data.count(b"\n")  # one per row; LF, no final newline
    first = items[0]
    assert first["name"] == "Mind & Body"
    assert (first["start"], first["end"]) == ("2026-01-13 06:26:00 -0800", "2026-01-13 06:48:00 -0800")
    assert first["duration"] == 22 * 60
    assert first["activeEnergyBurned"] == {"qty": 151.7417806666728, "units": "kcal"}
    assert first["intensity"]["units"] == "kcal/hr·kg"
    assert "distance" not in first and "location" not in first  # 0.0 and empty: not measured
    assert items[1]["location"] == "Indoor"


def test_series_and_route_files_join_their_workout_by_time():
    parts = [("w", "w.csv", real("Workouts-20260106_145509-20260113_145509.csv"))]
    for i, name in enumerate(
        [
            "Outdoor_Walk-Heart_Rate-20260111_130250.csv",
            "Outdoor_Walk-Heart_Rate_Recovery-20260111_130250.csv",
            "Outdoor_Walk-Walking_+_Running_Distance-20260111_130250.csv",
            "Outdoor_Walk-Step_Count-20260111_130250.csv",
            "Outdoor_Walk-Active_Energy-20260111_130250.csv",
            "Outdoor_Walk-Route-20260111_130250_EXCERPT_COORDS_SHIFTED.csv",
        ]
    ):
        parts.append((f"file{i}", "upload.csv", real(name)))  # names say nothing: only the header rows do
    evs = run(*parts)
    walks = [e[3] for e in evs if e[0] == "item" and e[3]["start"] == "2026-01-11 13:02:00 -0800"]
    assert len(walks) == 1
    walk = walks[0]
    assert walk["heartRateData"][0] == {
        "Min": 85.0,
        "Max": 95.0,
        "Avg": 90.12,
        "source": "Q",
        "date": "2026-01-11 13:02:50 -0800",
        "units": "count/min",
    }
    assert walk["heartRateRecovery"][0]["date"] == "2026-01-11 13:52:20 -0800"
    assert walk["walkingAndRunningDistance"][1]["source"] == "Q|Moneypenny"
    assert walk["stepCount"][0]["source"] == "Moneypenny"
    assert walk["activeEnergy"][0]["units"] == "kcal"
    # the route's UTC instant, written with the user's offset
    assert walk["route"][0]["timestamp"] == "2026-01-11 13:02:50 -0800"
    assert walk["route"][0]["latitude"] == pytest.approx(48.13712122497209)
    assert not [e for e in evs if e[0] == "warning"]


def test_a_series_with_no_workout_is_kept_as_samples_and_reported():
    series = b"Date/Time,Active Energy (kcal),Source\n2026-01-11 13:02:50,3.03,Q\n"
    hr = b"Date/Time,Min (count/min),Max (count/min),Avg (count/min),Context,Source\n2026-01-11 13:03:00,80,90,85,,Q\n"
    route = b"Timestamp,Latitude,Longitude\n2026-01-11T21:02:50Z,48.1,11.5\n"
    evs = run(("w", "w.csv", V2_WORKOUTS), ("s", "s.csv", series), ("h", "h.csv", hr), ("r", "r.csv", route))
    assert [e[4] for e in evs if e[0] == "warning"] == ["unmatched_workout_csv"] * 3
    assert points(evs) == {
        "active_energy": ("kcal", [{"qty": 3.03, "source": "Q", "date": "2026-01-11 13:02:50 -0800"}]),
        "heart_rate": (
            "count/min",
            [{"Min": 80.0, "Max": 90.0, "Avg": 85.0, "source": "Q", "date": "2026-01-11 13:03:00 -0800"}],
        ),
    }
    assert all("route" not in e[3] for e in evs if e[0] == "item")


def test_a_multipart_body_without_csv_is_415():
    with pytest.raises(NoReadablePart) as err:
        run(("photo", "cat.gpx", b"<gpx creator='Health Auto Export'></gpx>"))
    assert "CSV" in err.value.message and "JSON" in err.value.message
    assert (err.value.status, err.value.code) == (415, "unsupported_media_type")


def test_a_part_that_is_not_csv_is_skipped_with_a_warning():
    evs = run(("gpx", "route.gpx", b"<gpx></gpx>"), ("a", "a.csv", METRICS))
    assert "ignored_part" in [e[4] for e in evs if e[0] == "warning"]
    assert points(evs)["step_count"]


def test_a_broken_multipart_body_is_invalid_payload():
    ct, body = multipart(("a", "a.csv", METRICS))
    with pytest.raises(InvalidPayload):
        list(events(ct, body[: len(body) // 2], "UTC"))
    with pytest.raises(NoReadablePart):
        list(events("multipart/form-data", body, "UTC"))


def test_local_times():
    assert in_zone("2026-03-08 02:30:00", LA) == "2026-03-08 02:30:00 -0800"  # in the spring gap: the offset before
    assert in_zone("2026-11-01 01:30", LA) == "2026-11-01 01:30:00 -0700"  # twice that night: the first
    assert in_zone("2026-01-11 13:02:50 +0100", LA) == "2026-01-11 13:02:50 +0100"  # an offset is kept
    assert utc_in_zone("2026-07-01T12:00:00Z", LA) == "2026-07-01 05:00:00 -0700"


def test_workouts_csv_with_spanish_columns():
    spanish = (
        "Workout Type,Start,End,Duration,Energía Activa (kJ),Energía en Reposo (kJ),Intensidad (kcal/hr·kg),"
        "Frecuencia Cardíaca Máxima (bpm),Frecuencia Cardíaca Promedio (bpm),Distancia (km),"
        "Velocidad Máx. (km/hr),Veloc. Prom. (km/hr),Pisos Subidos,Elevación Ascendida (m),"
        "Elevación Descendida (m),Conteo de Pasos,Cadencia de Paso (spm)\n"
        "Interior Ciclismo,2026-03-22 09:19,2026-03-22 09:59,00:40:02,953.95,201.81,0.0,158,134,9.70,0.0,"
        "0.0,0,0,0,12,0.30\n"
    ).encode()
    evs = run(("a", "a.csv", spanish), tz="Europe/Madrid")
    assert not [e for e in evs if e[0] == "warning"]
    (w,) = [e[3] for e in evs if e[0] == "item"]
    assert w["name"] == "Interior Ciclismo" and w["start"] == "2026-03-22 09:19:00 +0100"
    assert w["activeEnergyBurned"] == {"qty": 953.95, "units": "kJ"}
    assert w["maxHeartRate"] == {"qty": 158.0, "units": "bpm"} and w["distance"] == {"qty": 9.7, "units": "km"}
    assert w["totalStepCount"] == {"qty": 12.0, "units": "count"}
    assert "intensity" not in w and "flightsClimbed" not in w  # this layout writes 0.0 for "not measured"
