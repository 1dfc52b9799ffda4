"""Ingest with bodies written after the format doc: every family, date form, alias, invalid case and re-send."""

from datetime import datetime, timedelta, timezone

import pytest

from healthsink.ingest import tables
from tests.helpers import auth, body, count, gz, metric, rows, sleep_night, tsql

ZERO = dict.fromkeys(tables.FAMILIES, 0)
NNBSP = "\u202f"


async def post(client, key, payload: bytes, **headers):
    resp = await client.post("/api/v1/ingest", data=payload, headers={**auth(key), **headers})
    return resp.status, await resp.json()


def only(**counts):
    return {**ZERO, **counts}


async def test_every_family_is_stored(client, new_key, conn):
    user_id, key = await new_key()
    payload = body(
        metrics=[
            metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 8123, "source": "Watch"}),
            metric(
                "heart_rate",
                "count/min",
                {
                    "date": "2026-03-30 08:00:00 -0600",
                    "Min": 60,
                    "Avg": 72.5,
                    "Max": 90,
                    "source": "Watch",
                    "context": "Sedentary",
                },
            ),
            metric(
                "blood_pressure",
                "mmHg",
                {"date": "2026-03-30 08:00:00 -0600", "systolic": 121, "diastolic": 79, "source": "Omron"},
            ),
            metric(
                "blood_glucose",
                "mg/dL",
                {"date": "2026-03-30 08:00:00 -0600", "qty": 98, "mealTime": "Before Meal", "source": "Dexcom"},
            ),
            metric("insulin_delivery", "IU", {"date": "2026-03-30 08:00:00 -0600", "qty": 4, "reason": "Bolus"}),
            metric("handwashing", "s", {"date": "2026-03-30 08:00:00 -0600", "qty": 22, "value": "Complete"}),
            metric(
                "sexual_activity",
                "count",
                {"date": "2026-03-30 08:00:00 -0600", "Unspecified": 0, "Protection Used": 1, "Protection Not Used": 0},
            ),
            metric(
                "heart_rate_variability",
                "ms",
                {
                    "date": "2025-12-17 17:38:59 +0000",
                    "start": "2025-12-17 17:38:59 +0000",
                    "end": "2025-12-17 17:39:59 +0000",
                    "qty": 41.2,
                    "source": "Watch",
                    "heartbeatSeries": [
                        {"date": 1765993139.9273534, "timeSinceStart": 0, "precededByGap": False},
                        {"date": 1765993140.81, "timeSinceStart": 0.88, "precededByGap": True},
                    ],
                },
            ),
            metric(
                "sleep_analysis",
                "hr",
                sleep_night(inBedStart="2026-03-29 23:01:00 -0600", inBedEnd="2026-03-30 06:40:00 -0600"),
                {
                    "startDate": "2026-03-29 23:01:00 -0600",
                    "endDate": "2026-03-29 23:30:00 -0600",
                    "qty": 0.48,
                    "value": "Core",
                    "source": "Watch",
                },
            ),
            metric("some_future_metric", "zz", {"date": "2026-03-30 08:00:00 -0600", "weird": {"a": 1}}),
        ],
        workouts=[
            {
                "id": "A1B2C3D4-0000-4000-8000-000000000001",
                "name": "Outdoor Run",
                "start": "2026-03-30 07:00:00 -0600",
                "end": "2026-03-30 07:30:00 -0600",
                "duration": 1750,
                "location": "Outdoor",
                "isIndoor": False,
                "distance": {"qty": 5.1, "units": "km"},
                "heartRate": {
                    "min": {"qty": 100, "units": "bpm"},
                    "avg": {"qty": 150, "units": "bpm"},
                    "max": {"qty": 171, "units": "bpm"},
                },
                "activeEnergy": [{"date": "2026-03-30 07:00:00 -0600", "qty": 12.5, "units": "kcal", "source": "W"}],
                "heartRateData": [
                    {
                        "date": "2026-03-30 07:01:00 -0600",
                        "Min": 120,
                        "Avg": 131,
                        "Max": 140,
                        "units": "count/min",
                        "source": "W",
                    }
                ],
                "heartRateRecovery": [
                    {
                        "date": "2026-03-30 07:31:00 -0600",
                        "Min": 130,
                        "Avg": 130,
                        "Max": 130,
                        "units": "count/min",
                        "source": "W",
                    }
                ],
                "route": [
                    {
                        "latitude": 52.52,
                        "longitude": 13.405,
                        "altitude": 34.2,
                        "course": 90.5,
                        "courseAccuracy": 5,
                        "horizontalAccuracy": 3.1,
                        "verticalAccuracy": 2.2,
                        "speed": 2.9,
                        "speedAccuracy": 0.4,
                        "timestamp": "2026-03-30 07:00:01 -0600",
                    },
                    {
                        "latitude": 52.5201,
                        "longitude": 13.4051,
                        "altitude": 34.5,
                        "course": -1,
                        "speed": -1,
                        "timestamp": "2026-03-30 07:00:02 -0600",
                    },
                ],
                "metadata": {"indoor": "no"},
                "swolfScore": None,
                "strokeStyle": "Mixed",
            }
        ],
        ecg=[
            {
                "start": "2026-03-30 09:00:00 -0600",
                "end": "2026-03-30 09:00:30 -0600",
                "classification": "Ritmo Sinusal",
                "averageHeartRate": 64,
                "numberOfVoltageMeasurements": 3,
                "samplingFrequency": 512,
                "source": "Watch",
                "voltageMeasurements": [
                    {"date": 1774882800.0, "voltage": -12.5, "units": "mcV"},
                    {"date": 1774882800.00195, "voltage": 40.25, "units": "mcV"},
                    {"date": 1774882800.0039, "voltage": 101, "units": "mcV"},
                ],
            }
        ],
        symptoms=[
            {
                "start": "2026-03-30 10:00:00 -0600",
                "end": "2026-03-30 11:00:00 -0600",
                "name": "Fatiga",
                "severity": "Moderate",
                "userEntered": True,
                "source": "Health",
            }
        ],
        stateOfMind=[
            {
                "id": "5F0E0E0E-0000-4000-8000-00000000000A",
                "start": "2026-03-30 12:00:00 -0600",
                "end": "2026-03-30 12:00:00 -0600",
                "kind": "momentary_emotion",
                "labels": ["happy"],
                "associations": ["work"],
                "valence": 0.6,
                "valenceClassification": "pleasant",
                "metadata": {},
            }
        ],
        medications=[
            {
                "displayText": "Ibuprofen",
                "start": "2026-03-30 13:00:00 -0600",
                "scheduledDate": "2026-03-30 13:00:00 -0600",
                "status": "Tomado",
                "isArchived": False,
                "dosage": 1,
                "codings": [{"code": "5640", "system": "RxNorm"}],
            }
        ],
        cycleTracking=[
            {
                "start": "2026-03-30 00:00:00 -0600",
                "end": None,
                "name": "Flujo Menstrual",
                "value": "Pesado",
                "isCycleStart": True,
            }
        ],
        heartRateNotifications=[
            {
                "heartNotification": "high_heart_rate_notification",
                "threshold": 120,
                "start": "2026-03-30 14:00:00 -0600",
                "end": "2026-03-30 14:10:00 -0600",
                "source": {"name": "Apple Watch", "identifier": "com.apple.health"},
                "heartRateData": [
                    {"heartRate": 125, "hrUnits": "count/min", "timestamp": {"start": 1774900800, "end": 1774900860}}
                ],
                "hrvData": [],
            },
            {
                "start": "2026-03-30 15:00:00 -0600",
                "end": "2026-03-30 15:10:00 -0600",
                "threshold": 40,
                "heartRate": [
                    {
                        "hr": 38,
                        "units": "bpm",
                        "timestamp": {
                            "start": "2026-03-30 15:00:00 -0600",
                            "end": "2026-03-30 15:01:00 -0600",
                            "interval": {"duration": 60, "units": "s"},
                        },
                    }
                ],
                "heartRateVariation": [],
            },
        ],
    )
    status, out = await post(client, key, payload)
    assert status == 200, out
    assert out["errors"] == [], out["errors"]
    assert out["processed"] == only(
        metrics=11,
        workouts=1,
        ecg=1,
        symptoms=1,
        state_of_mind=1,
        medications=1,
        cycle_tracking=1,
        heart_rate_notifications=2,
    )
    assert out["inserted"] == out["processed"]

    # every table the body fills; any other table (one a new family adds) stays empty
    counts = {t.target: await count(conn, t.target, user_id) for t in tables.ALL}
    assert {table: n for table, n in counts.items() if n} == {
        "quantity_samples": 7,
        "heart_rate_samples": 1,
        "blood_pressure_samples": 1,
        "heartbeat_series": 1,
        "sleep_nights": 1,
        "sleep_segments": 1,
        "workouts": 1,
        "workout_series": 3,
        "workout_route_points": 2,
        "ecg_recordings": 1,
        "symptoms": 1,
        "state_of_mind": 1,
        "medications": 1,
        "cycle_tracking": 1,
        "heart_rate_notifications": 2,
    }

    q = {r["metric"]: r for r in await rows(conn, "quantity_samples", user_id)}
    assert q["step_count"]["qty"] == 8123 and q["step_count"]["source"] == "Watch"
    assert q["step_count"]["ts"] == datetime(2026, 3, 30, 6, tzinfo=timezone.utc)
    assert q["step_count"]["utc_offset"] == -360
    assert q["blood_glucose"]["label"] == "Before Meal" and q["insulin_delivery"]["label"] == "Bolus"
    assert q["handwashing"]["label"] == "Complete"
    assert q["sexual_activity"]["qty"] == 1 and q["sexual_activity"]["extra"]["Protection Used"] == 1
    assert q["some_future_metric"]["qty"] is None and q["some_future_metric"]["extra"] == {"weird": {"a": 1}}
    hrv = (await rows(conn, "heartbeat_series", user_id))[0]
    assert hrv["since_start"] == [0, 0.88] and hrv["preceded_by_gap"] == [False, True]
    ecg = (await rows(conn, "ecg_recordings", user_id))[0]
    assert ecg["voltages"] == [-12.5, 40.25, 101] and len(ecg["sample_epochs"]) == 3
    assert ecg["classification"] == "Ritmo Sinusal" and ecg["voltage_units"] == "mcV"
    w = (await rows(conn, "workouts", user_id))[0]
    assert w["workout_key"] == "A1B2C3D4-0000-4000-8000-000000000001" and w["version"] == 2
    assert w["summary"]["distance"] == {"qty": 5.1, "units": "km"}
    assert w["extra"] == {"swolfScore": None, "strokeStyle": "Mixed"}
    route = sorted(await rows(conn, "workout_route_points", user_id), key=lambda r: r["ts"])
    assert route[0]["horizontal_accuracy"] == 3.1 and route[0]["speed_accuracy"] == 0.4 and route[1]["course"] == -1
    series = {r["series"]: r for r in await rows(conn, "workout_series", user_id)}
    assert series["heartRateData"]["qty"] == 131 and series["heartRateData"]["qty_max"] == 140
    hrn = {r["kind"]: r for r in await rows(conn, "heart_rate_notifications", user_id)}
    assert hrn["high_heart_rate_notification"]["source_id"] == "com.apple.health"
    assert hrn["heart_rate_notification"]["heart_rate"][0]["hr"] == 38
    med = (await rows(conn, "medications", user_id))[0]
    assert med["status"] == "Tomado" and med["codings"] == [{"code": "5640", "system": "RxNorm"}]


@pytest.mark.parametrize(
    "raw, utc, offset",
    [
        ("2024-02-06 14:30:00 -0800", datetime(2024, 2, 6, 22, 30), -480),
        ("2024-09-21 7:57:00 am +1000", datetime(2024, 9, 20, 21, 57), 600),
        ("2024-09-21 7:57:00 PM +1000", datetime(2024, 9, 21, 9, 57), 600),
        (f"2024-09-21 7:57:00{NNBSP}pm +1000", datetime(2024, 9, 21, 9, 57), 600),
        ("2024-09-21 12:05:00\u00a0AM +1000", datetime(2024, 9, 20, 14, 5), 600),
        ("2024-09-21 12:05:00 Pm +0530", datetime(2024, 9, 21, 6, 35), 330),
        ("2024-02-06 14:30:00.250 -0800", datetime(2024, 2, 6, 22, 30, 0, 250000), -480),
        ("2024-02-06T14:30:00Z", datetime(2024, 2, 6, 14, 30), 0),
        ("2024-02-06T14:30:00+05:45", datetime(2024, 2, 6, 8, 45), 345),
        ("2024-02-06", datetime(2024, 2, 6), 0),
        (1707258600, datetime(2024, 2, 6, 22, 30), 0),
        (1707258600.5, datetime(2024, 2, 6, 22, 30, 0, 500000), 0),
        (1707258600000, datetime(2024, 2, 6, 22, 30), 0),
    ],
)
async def test_date_forms(client, new_key, conn, raw, utc, offset):
    user_id, key = await new_key()
    status, out = await post(
        client, key, body(metrics=[metric("weight_body_mass", "kg", {"date": raw, "qty": 70, "source": "Scale"})])
    )
    assert status == 200 and out["errors"] == [], out
    row = (await rows(conn, "quantity_samples", user_id))[0]
    assert row["ts"] == utc.replace(tzinfo=timezone.utc)
    assert row["utc_offset"] == offset


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("vo2max", "vo2_max"),
        ("stair_speed:_down", "stair_speed_down"),
        ("Stair Speed: Up", "stair_speed_up"),
        ("six-minute_walking_test_distance", "six_minute_walking_test_distance"),
        ("distance_downhill_snow_sports", "downhill_snow_sports"),
        ("push_count", "wheelchair_push_count"),
        ("caffeine", "dietary_caffeine"),
        ("monosaturated_fat", "monounsaturated_fat"),
        ("weight_&_body_mass", "weight_body_mass"),
        ("Walking + Running Distance", "walking_running_distance"),
    ],
)
async def test_metric_names_are_normalised_and_aliased(client, new_key, conn, raw, stored):
    user_id, key = await new_key()
    status, out = await post(
        client, key, body(metrics=[metric(raw, "x", {"date": "2021-03-01 00:00:00 +0000", "qty": 1})])
    )
    assert status == 200 and out["inserted"]["metrics"] == 1
    assert (await rows(conn, "quantity_samples", user_id))[0]["metric"] == stored


async def test_invalid_items_are_rejected_one_by_one_and_the_rest_stored(client, new_key, conn):
    user_id, key = await new_key()
    ok = {"date": "2026-03-30 08:00:00 -0600", "qty": 5, "source": "W"}
    payload = body(
        metrics=[
            metric(
                "step_count",
                "count",
                ok,
                {"qty": 5},
                {"date": "yesterday-ish", "qty": 5},
                {"date": "2026-03-30 09:00:00 -0600", "qty": "many"},
                {"date": "2026-03-30 10:00:00 -0600", "qty": -3},
            ),
            metric(
                "heart_rate",
                "count/min",
                {"date": "2026-03-30 08:00:00 -0600", "Min": 10, "Avg": 50, "Max": 80},
                {"date": "2026-03-30 08:01:00 -0600", "Min": 50, "Avg": 320, "Max": 330},
                {"date": "2026-03-30 08:02:00 -0600", "Min": 25, "Avg": 25, "Max": 25},
            ),
            metric(
                "blood_pressure",
                "mmHg",
                {"date": "2026-03-30 08:00:00 -0600", "systolic": 300, "diastolic": 80},
                {"date": "2026-03-30 08:01:00 -0600", "systolic": 120, "diastolic": 20},
                {"date": "2026-03-30 08:02:00 -0600", "systolic": 90, "diastolic": 95},
            ),
        ],
        workouts=[{"name": "Walk", "start": None}],
    )
    status, out = await post(client, key, payload)
    assert status == 200
    got = [(e["path"], e["error"]) for e in out["errors"]]
    assert got == [
        ("data.metrics[0].data[1]", "invalid_date"),
        ("data.metrics[0].data[2]", "invalid_date"),
        ("data.metrics[0].data[3]", "invalid_value"),
        ("data.metrics[0].data[4]", "out_of_range"),
        ("data.metrics[1].data[0]", "out_of_range"),
        ("data.metrics[1].data[1]", "out_of_range"),
        ("data.metrics[2].data[0]", "out_of_range"),
        ("data.metrics[2].data[1]", "out_of_range"),
        ("data.metrics[2].data[2]", "out_of_range"),
        ("data.workouts[0]", "invalid_date"),
    ]
    assert all(e["details"] and isinstance(e["item_index"], int) for e in out["errors"])
    assert out["errors"][0]["item_type"] == "metric" and out["errors"][-1]["item_type"] == "workout"
    assert out["success"] is False
    # the good ones are stored; a heart rate of 25 is plausible enough to keep, with a warning
    assert out["inserted"] == only(metrics=2)
    assert [w["path"] for w in out["warnings"]] == ["data.metrics[1].data[2]"]
    assert await count(conn, "quantity_samples", user_id) == 1


async def test_grown_day_bucket_updates_and_same_value_is_duplicate(client, new_key, conn):
    user_id, key = await new_key()
    day = {"date": "2026-03-30 00:00:00 -0600", "source": "Watch"}
    _, first = await post(client, key, body(metrics=[metric("step_count", "count", {**day, "qty": 4000})]))
    assert first["inserted"] == only(metrics=1)
    _, grown = await post(
        client,
        key,
        body(
            metrics=[
                metric(
                    "step_count",
                    "count",
                    {**day, "qty": 9500},
                    {"date": "2026-03-31 00:00:00 -0600", "qty": 10, "source": "Watch"},
                )
            ]
        ),
    )
    assert grown["updated"] == only(metrics=1) and grown["inserted"] == only(metrics=1)
    assert grown["processed"] == only(metrics=2)
    _, same = await post(client, key, body(metrics=[metric("step_count", "count", {**day, "qty": 9500})], workouts=[]))
    assert same["duplicates"] == only(metrics=1) and same["updated"] == ZERO
    stored = {r["ts"].date(): r["qty"] for r in await rows(conn, "quantity_samples", user_id)}
    assert sorted(stored.values()) == [10, 9500]


async def test_iphone_and_watch_same_minute_never_collide(client, new_key, conn):
    user_id, key = await new_key()
    minute = "2026-03-30 08:00:00 -0600"
    _, out = await post(
        client,
        key,
        body(
            metrics=[
                metric(
                    "step_count",
                    "count",
                    {"date": minute, "qty": 40, "source": "iPhone"},
                    {"date": minute, "qty": 42, "source": "Jonathan\u2019s Apple\u00a0Watch"},
                    {"date": minute, "qty": 82, "source": "Jonathan\u2019s Apple\u00a0Watch | iPhone"},
                    {"date": minute, "qty": 82, "source": "Jonathan\u2019s Apple\u00a0Watch|iPhone"},
                )
            ]
        ),
    )
    # the last two are one source written two ways: the second is a duplicate within the body
    assert out["processed"] == only(metrics=4) and out["inserted"] == only(metrics=3)
    sources = sorted(r["source"] for r in await rows(conn, "quantity_samples", user_id))
    # one identity per source (issue 13): the typographic apostrophe and the no-break space fold
    assert sources == ["Jonathan's Apple Watch", "Jonathan's Apple Watch|iPhone", "iPhone"]


async def test_gzip_body_and_app_headers_are_kept(client, new_key, conn):
    user_id, key = await new_key()
    payload = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 1})])
    status, out = await post(
        client,
        key,
        gz(payload),
        **{
            "Content-Encoding": "gzip",
            "automation-name": "Steps hourly",
            "session-id": "S-1",
            "automation-period": "Today",
        },
    )
    assert status == 200 and out["inserted"] == only(metrics=1)
    row = await conn.fetchrow(tsql("ingestion_row"), out["ingestion_id"])
    assert row["body_bytes"] == len(payload) and row["status"] == "processed"
    assert row["headers"] == {"automation-name": "Steps hourly", "session-id": "S-1", "automation-period": "Today"}


async def test_backfill_from_2015_gets_monthly_partitions(client, new_key, conn):
    user_id, key = await new_key()
    start = datetime(2015, 1, 15, tzinfo=timezone.utc)
    points = [
        {"date": (start + timedelta(days=30 * i)).strftime("%Y-%m-%d %H:%M:%S +0000"), "qty": i} for i in range(130)
    ]
    status, out = await post(client, key, body(metrics=[metric("step_count", "count", *points)]))
    assert status == 200 and out["inserted"] == only(metrics=130)
    parts = [r["relname"] for r in await conn.fetch(tsql("partitions_of"), "quantity_samples")]
    assert "quantity_samples_p201501" in parts and "quantity_samples_p202508" in parts
    assert not any("default" in p for p in parts)


async def test_invalid_bodies_get_400_and_stay_archived_as_failed(client, new_key, conn):
    _, key = await new_key()
    for payload, code in (
        (b"{not json", "invalid_json"),
        (b'{"metrics": []}', "invalid_payload"),
        (b'{"data": {"metrics": {"name": "x"}}}', "invalid_payload"),
        (b"[1, 2]", "invalid_payload"),
    ):
        status, out = await post(client, key, payload)
        assert status == 400 and out["error"] == code
        row = await conn.fetchrow(tsql("ingestion_row"), out["ingestion_id"])
        assert row["status"] == "failed" and row["error"].startswith(code)


async def test_oversized_body_is_413(make_client, cfg, new_key):
    client = await make_client(cfg.replace(ingest={"max_body_bytes": 1000}))
    _, key = await new_key()
    points = [{"date": "2026-03-30 00:00:00 -0600", "qty": i} for i in range(100)]
    status, out = await post(client, key, body(metrics=[metric("step_count", "count", *points)]))
    assert status == 413 and out["error"] == "payload_too_large"

    async def chunked():  # no Content-Length: refused while streaming
        yield body(metrics=[metric("step_count", "count", *points)])

    resp = await client.post("/api/v1/ingest", data=chunked(), headers=auth(key))
    assert resp.status == 413 and (await resp.json())["error"] == "payload_too_large"


async def test_ingestions_list_and_detail(client, new_key):
    _, key = await new_key()
    ids = []
    for i in range(3):
        _, out = await post(
            client,
            key,
            body(metrics=[metric("step_count", "count", {"date": f"2026-03-0{i + 1} 00:00:00 +0000", "qty": i})]),
        )
        ids.append(out["ingestion_id"])
    page1 = await (await client.get("/api/v1/ingestions?limit=2", headers=auth(key))).json()
    assert [i["ingestion_id"] for i in page1["ingestions"]] == ids[::-1][:2]
    page2 = await (
        await client.get(f"/api/v1/ingestions?limit=2&cursor={page1['next_cursor']}", headers=auth(key))
    ).json()
    assert [i["ingestion_id"] for i in page2["ingestions"]] == [ids[0]] and page2["next_cursor"] is None
    detail = await (await client.get(f"/api/v1/ingestions/{ids[0]}", headers=auth(key))).json()
    assert detail["status"] == "processed" and detail["inserted"] == only(metrics=1)
    # another user cannot see it
    _, other = await new_key("mallory@example.org")
    assert (await client.get(f"/api/v1/ingestions/{ids[0]}", headers=auth(other))).status == 404


async def test_route_points_get_a_geography_where_postgis_is_installed(client, new_key, conn):
    if not await conn.fetchval(tsql("postgis_installed")):
        pytest.skip("PostGIS is not installed on this server (the embedded PostgreSQL has none)")
    user_id, key = await new_key()
    workout = {
        "id": "W-GEO",
        "name": "Walk",
        "start": "2026-03-30 07:00:00 +0000",
        "route": [
            {"latitude": 52.52, "longitude": 13.405, "timestamp": "2026-03-30 07:00:01 +0000"},
            {"lat": 48.8566, "lon": 2.3522, "timestamp": "2026-03-30 07:00:02 +0000"},
        ],
    }
    status, out = await post(client, key, body(workouts=[workout]))
    assert status == 200 and out["errors"] == []
    assert [r["wkt"] for r in await conn.fetch(tsql("route_geography"), user_id)] == [
        "POINT(13.405 52.52)",
        "POINT(2.3522 48.8566)",
    ]


async def test_a_nul_character_is_replaced_not_fatal(client, new_key, conn):
    """PostgreSQL text and jsonb cannot hold U+0000; it becomes U+FFFD and the body is stored."""
    user_id, key = await new_key()
    payload = body(
        metrics=[
            metric(
                "step_count",
                "count",
                {"date": "2026-03-30 00:00:00 +0000", "qty": 5, "source": "Watch\u0000", "note\u0000": "a\u0000b"},
            )
        ]
    )
    assert b"\\u0000" in payload
    status, out = await post(client, key, payload)
    assert status == 200 and out["inserted"] == only(metrics=1)
    (row,) = await rows(conn, "quantity_samples", user_id)
    assert row["source"] == "Watch\ufffd" and row["extra"] == {"note\ufffd": "a\ufffdb"}
