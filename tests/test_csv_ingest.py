"""The CSV format over REST (issue 14 item 1): multipart/form-data bodies through POST /api/v1/ingest, stored as
the JSON format would store them, times read in the user's zone (else ingest.default_tz) with the offset kept."""

from pathlib import Path

import pytest

from healthsink.ingest import tables
from tests.helpers import auth, body, metric, rows, tsql, wait_for
from tests.test_csv_parse import METRICS, V2_WORKOUTS, multipart

ZERO = dict.fromkeys(tables.FAMILIES, 0)
REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "hae-2026"
PREFIX = "jimmy-little__obsidian-workout-importer__"
# Columns that differ between two users' copies of the same data, or say which body a row came from.
_BOOKKEEPING = {"user_id", "ingestion_id", "created_at", "updated_at", "origin"}


async def post_form(client, key, *parts, **headers):
    ct, data = multipart(*parts)
    resp = await client.post("/api/v1/ingest", data=data, headers={**auth(key), "Content-Type": ct, **headers})
    return resp.status, await resp.json()


def _content(records) -> list[dict]:
    return sorted(({k: v for k, v in dict(r).items() if k not in _BOOKKEEPING} for r in records), key=repr)


async def test_csv_cells_become_the_rows_json_gives(client, new_key, conn):
    csv_user, csv_key = await new_key("csv@example.org")
    json_user, json_key = await new_key("json@example.org")
    for key in (csv_key, json_key):
        resp = await client.patch("/api/v1/me", json={"tz": "America/Los_Angeles"}, headers=auth(key))
        assert resp.status == 200
    # field names swapped on purpose: each part is classified by its header row alone
    status, out = await post_form(
        client, csv_key, ("workouts", "HealthMetrics.csv", METRICS), ("metrics", "Workouts.csv", V2_WORKOUTS)
    )
    assert status == 200 and out["status"] == "processed" and out["errors"] == []
    assert out["processed"]["metrics"] == 7 and out["processed"]["workouts"] == 1
    assert [w["warning"] for w in out["warnings"]] == ["unknown_csv_label"]
    json_body = body(
        metrics=[
            metric(
                "step_count",
                "count",
                {"date": "2026-01-11 00:00:00 -0800", "qty": 8123},
                {"date": "2026-07-12 00:00:00 -0700", "qty": 20},
            ),
            metric(
                "heart_rate", "count/min", {"date": "2026-01-11 00:00:00 -0800", "Min": 50, "Max": 150, "Avg": 80.5}
            ),
            metric("sleep_analysis", "hr", {"date": "2026-01-11 00:00:00 -0800", "totalSleep": 7.2, "deep": 1.1}),
            metric("apple_sleeping_wrist_temperature", "degF", {"date": "2026-01-11 00:00:00 -0800", "qty": 97.1}),
            metric("basal_energy_burned", "kJ", {"date": "2026-01-11 00:00:00 -0800", "qty": 6000}),
            metric("screen_time_pickups", "count", {"date": "2026-01-11 00:00:00 -0800", "qty": 41}),
        ],
        workouts=[
            {
                "name": "Pool Swim",
                "start": "2026-04-06 07:00:00 -0700",
                "end": "2026-04-06 07:40:00 -0700",
                "duration": 2290,
                "totalEnergy": {"qty": 1200, "units": "kJ"},
                "activeEnergyBurned": {"qty": 900, "units": "kJ"},
                "maxHeartRate": {"qty": 150, "units": "bpm"},
                "avgHeartRate": {"qty": 120, "units": "bpm"},
                "distance": {"qty": 1.5, "units": "km"},
                "totalSwimmingStrokeCount": {"qty": 640, "units": "count"},
                "swimCadence": {"qty": 22.5, "units": "spm"},
                "flightsClimbed": {"qty": 0, "units": "count"},
            }
        ],
    )
    resp = await client.post("/api/v1/ingest", data=json_body, headers=auth(json_key))
    assert resp.status == 200 and (await resp.json())["errors"] == []
    for table in ("quantity_samples", "heart_rate_samples", "sleep_nights", "workouts"):
        csv_rows = await rows(conn, table, csv_user)
        assert csv_rows, table
        assert _content(csv_rows) == _content(await rows(conn, table, json_user)), table
    steps = {
        r["ts"].isoformat(): r["utc_offset"]
        for r in await rows(conn, "quantity_samples", csv_user)
        if r["metric"] == "step_count"
    }
    assert steps == {"2026-01-11T08:00:00+00:00": -480, "2026-07-12T07:00:00+00:00": -420}


async def test_without_a_zone_the_configured_default_applies(make_client, cfg, new_key, conn):
    client = await make_client(cfg.replace(ingest={"default_tz": "Europe/Berlin"}))
    user_id, key = await new_key()
    status, _ = await post_form(client, key, ("f", "f.csv", METRICS))
    assert status == 200
    offsets = {r["utc_offset"] for r in await rows(conn, "quantity_samples", user_id)}
    assert offsets == {60, 120}  # CET in January, CEST in July


async def test_the_real_workout_files(client, new_key, conn):
    names = [
        "Workouts-20260106_145509-20260113_145509.csv",
        "Outdoor_Walk-Heart_Rate-20260111_130250.csv",
        "Outdoor_Walk-Heart_Rate_Recovery-20260111_130250.csv",
        "Outdoor_Walk-Walking_+_Running_Distance-20260111_130250.csv",
        "Outdoor_Walk-Step_Count-20260111_130250.csv",
        "Outdoor_Walk-Active_Energy-20260111_130250.csv",
        "Outdoor_Walk-Route-20260111_130250_EXCERPT_COORDS_SHIFTED.csv",
    ]
    if not (REAL / (PREFIX + names[0])).exists():
        pytest.skip(f"{REAL} is absent: the real HAE 2026 files are not on this machine")
    user_id, key = await new_key()
    await client.patch("/api/v1/me", json={"tz": "America/Los_Angeles"}, headers=auth(key))
    parts = [(f"file{i}", "export.csv", (REAL / (PREFIX + n)).read_bytes()) for i, n in enumerate(names)]
    status, out = await post_form(client, key, *parts, **{"session-id": "csv-run"})
    assert status == 200 and out["errors"] == [] and out["warnings"] == []
    assert out["processed"]["workouts"] == 19
    walk = "v1:Outdoor Walk|2026-01-11T21:02:00+00:00"
    series = await rows(conn, "workout_series", user_id)
    assert {r["workout_key"] for r in series} == {walk}
    counts = {}
    for r in series:
        counts[r["series"]] = counts.get(r["series"], 0) + 1
    assert counts == {
        "heartRateData": 43,
        "heartRateRecovery": 24,
        "walkingAndRunningDistance": 26,
        "stepCount": 25,
        "activeEnergy": 48,
    }
    assert {r["utc_offset"] for r in series} == {-480}
    route = await rows(conn, "workout_route_points", user_id)
    assert len(route) == 5 and {r["utc_offset"] for r in route} == {-480}
    assert min(r["ts"] for r in route).isoformat() == "2026-01-11T21:02:50+00:00"
    path = f"/api/v1/workouts/{walk.replace('|', '%7C')}"
    resp = await client.get(path, headers=auth(key))
    assert resp.status == 200 and "distance" in (await resp.json())["summary"]
    resp = await client.get(path + "/route", headers=auth(key))
    assert len((await resp.json())["geometry"]["coordinates"]) == 5
    # the archive keeps the body byte for byte, with its Content-Type and the app's headers
    stored = await conn.fetchrow(tsql("ingestion_row"), out["ingestion_id"])
    assert stored["content_type"].startswith("multipart/form-data") and stored["headers"]["session-id"] == "csv-run"
    _, again = await post_form(client, key, *parts)
    assert again["inserted"] == ZERO and again["updated"] == ZERO


async def test_a_form_without_a_csv_file_is_415_and_kept_as_failed(client, new_key):
    _, key = await new_key()
    status, out = await post_form(client, key, ("photo", "walk.gpx", b"<gpx creator='Health Auto Export'/>"))
    assert status == 415 and out["error"] == "unsupported_media_type"
    assert "CSV" in out["message"] and "JSON" in out["message"]
    listed = await (await client.get("/api/v1/ingestions", headers=auth(key))).json()
    assert [i["status"] for i in listed["ingestions"]] == ["failed"]


async def test_a_queued_csv_body_is_read_back_from_the_archive_in_the_users_zone(make_client, cfg, new_key, conn):
    client = await make_client(cfg.replace(ingest={"async_threshold_bytes": 16}))  # every body to the queue
    user_id, key = await new_key()
    await client.patch("/api/v1/me", json={"tz": "Asia/Tokyo"}, headers=auth(key))
    status, out = await post_form(client, key, ("f", "f.csv", METRICS))
    assert status == 202 and out["status"] == "queued"

    async def processed():
        resp = await client.get(f"/api/v1/ingestions/{out['ingestion_id']}", headers=auth(key))
        got = await resp.json()
        return got if got["status"] == "processed" else None

    got = await wait_for(processed, timeout=30)
    assert got["processed"]["metrics"] == 7
    assert {r["utc_offset"] for r in await rows(conn, "quantity_samples", user_id)} == {540}
