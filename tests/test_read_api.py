"""The read API, with data ingested through the real ingest path."""

from datetime import datetime, timedelta, timezone

import orjson
import pytest

from healthsink.web.routes import ROUTES
from tests.helpers import auth, body, metric, sleep_night


async def ingest(client, key, **data):
    resp = await client.post("/api/v1/ingest", data=body(**data), headers=auth(key))
    out = await resp.json()
    assert resp.status == 200 and out["errors"] == [], out
    return out


async def get(client, key, url, status=200):
    resp = await client.get(url, headers=auth(key))
    assert resp.status == status, (url, await resp.text())
    return await resp.json()


def hourly(start: datetime, hours: int, source="iPhone", qty=1):
    return [
        {
            "date": (start + timedelta(hours=h))
            .astimezone(timezone(timedelta(hours=-5)))
            .strftime("%Y-%m-%d %H:%M:%S %z"),
            "qty": qty,
            "source": source,
        }
        for h in range(hours)
    ]


async def test_day_buckets_follow_the_zone_across_dst(client, new_key):
    _, key = await new_key()
    start = datetime(2026, 3, 7, 5, tzinfo=timezone.utc)  # 2026-03-07 00:00 in New York (EST)
    await ingest(client, key, metrics=[metric("step_count", "count", *hourly(start, 71))])
    out = await get(client, key, "/api/v1/metrics/step_count?bucket=day&tz=America/New_York")
    assert out["agg"] == "sum" and out["units"] == "count"
    assert [(p["date"], p["qty"]) for p in out["points"]] == [
        ("2026-03-07T00:00:00-05:00", 24),
        ("2026-03-08T00:00:00-05:00", 23),  # the day clocks spring forward
        ("2026-03-09T00:00:00-04:00", 24),
    ]
    utc = await get(client, key, "/api/v1/metrics/step_count?bucket=day")
    assert [p["qty"] for p in utc["points"]] == [19, 24, 24, 4]


async def test_day_buckets_in_a_zone_far_from_utc(client, new_key):
    _, key = await new_key()
    points = [
        {"date": "2026-01-10 09:00:00 +0000", "qty": 100, "source": "Watch"},  # 23:00 on the 10th at +14
        {"date": "2026-01-10 11:00:00 +0000", "qty": 50, "source": "Watch"},
    ]  # 01:00 on the 11th at +14
    await ingest(client, key, metrics=[metric("step_count", "count", *points)])
    out = await get(client, key, "/api/v1/metrics/step_count?bucket=day&tz=Pacific/Kiritimati")
    assert [(p["date"], p["qty"]) for p in out["points"]] == [
        ("2026-01-10T00:00:00+14:00", 100),
        ("2026-01-11T00:00:00+14:00", 50),
    ]
    assert [p["qty"] for p in (await get(client, key, "/api/v1/metrics/step_count?bucket=day"))["points"]] == [150]


async def test_sources_apart_unless_merged(client, new_key):
    _, key = await new_key()
    day = "2026-03-30 10:00:00 -0600"
    await ingest(
        client,
        key,
        metrics=[
            metric(
                "step_count",
                "count",
                {"date": day, "qty": 4000, "source": "iPhone"},
                {"date": day, "qty": 4200, "source": "Watch"},
            )
        ],
    )
    apart = await get(client, key, "/api/v1/metrics/step_count?bucket=day&tz=America/Denver")
    assert sorted((p["source"], p["qty"]) for p in apart["points"]) == [("Watch", 4200), ("iPhone", 4000)]
    merged = await get(client, key, "/api/v1/metrics/step_count?bucket=day&tz=America/Denver&merge=true")
    assert [(p["qty"], p["sources"]) for p in merged["points"]] == [(4200, ["Watch", "iPhone"])]
    avg = await get(client, key, "/api/v1/metrics/step_count?bucket=day&agg=avg&merge=true")
    assert avg["points"][0]["qty"] == 4100


async def test_heart_rate_buckets_carry_min_avg_max(client, new_key):
    _, key = await new_key()
    await ingest(
        client,
        key,
        metrics=[
            metric(
                "heart_rate",
                "count/min",
                *[
                    {"date": f"2026-03-30 08:0{i}:00 +0000", "Min": 60 + i, "Avg": 70 + i, "Max": 80 + i, "source": "W"}
                    for i in range(4)
                ],
            )
        ],
    )
    out = await get(client, key, "/api/v1/metrics/heart_rate?bucket=hour")
    assert out["points"] == [
        {"date": "2026-03-30T08:00:00+00:00", "source": "W", "min": 60, "avg": 71.5, "max": 83, "count": 4}
    ]
    raw = await get(client, key, "/api/v1/metrics/heart_rate?start=2026-03-30T08:01:00Z&end=2026-03-30T08:03:00Z")
    assert [p["avg"] for p in raw["points"]] == [71, 72]
    catalog = await get(client, key, "/api/v1/metrics")
    assert catalog["metrics"] == [
        {
            "name": "heart_rate",
            "units": ["count/min"],
            "count": 4,
            "first": "2026-03-30T08:00:00Z",
            "last": "2026-03-30T08:03:00Z",
            "sources": ["W"],
        }
    ]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("start=yesterday", "start"),
        ("tz=Mars/Olympus", "tz"),
        ("bucket=fortnight", "bucket"),
        ("bucket=day&agg=median", "agg"),
        ("start=2026-03-02T00:00:00Z&end=2026-03-01T00:00:00Z", "end"),
        ("bucket=day&merge=maybe", "merge"),
    ],
)
async def test_bad_parameters_are_400_naming_them(client, new_key, query, parameter):
    _, key = await new_key()
    await ingest(client, key, metrics=[metric("step_count", "count", {"date": "2026-03-30 08:00:00 +0000", "qty": 1})])
    out = await get(client, key, f"/api/v1/metrics/step_count?{query}", status=400)
    assert out["error"] == "invalid_parameter" and out["parameter"] == parameter and parameter in out["message"]


async def test_blood_pressure_points_and_buckets_and_sleep_pointer(client, new_key):
    _, key = await new_key()
    await ingest(
        client,
        key,
        metrics=[
            metric(
                "blood_pressure",
                "mmHg",
                {"date": "2026-03-30 08:00:00 +0000", "systolic": 120, "diastolic": 80},
                {"date": "2026-03-30 20:00:00 +0000", "systolic": 130, "diastolic": 84},
            ),
            metric("sleep_analysis", "hr", {"date": "2026-03-30 00:00:00 +0000", "totalSleep": 7}),
        ],
    )
    names = [m["name"] for m in (await get(client, key, "/api/v1/metrics"))["metrics"]]
    assert names == ["blood_pressure", "sleep_analysis"]
    points = (await get(client, key, "/api/v1/metrics/blood_pressure"))["points"]
    assert [(p["systolic"], p["diastolic"]) for p in points] == [(120, 80), (130, 84)]
    day = (await get(client, key, "/api/v1/metrics/blood_pressure?bucket=day"))["points"]
    assert [(p["systolic"], p["diastolic"], p["count"]) for p in day] == [(125, 82, 2)]
    sleep = await get(client, key, "/api/v1/metrics/sleep_analysis", status=404)
    assert "/api/v1/sleep" in sleep["message"]


async def test_unknown_metric_and_too_many_points(make_client, cfg, new_key):
    client = await make_client(cfg.replace(query={"max_points": 10}))
    _, key = await new_key()
    await ingest(
        client, key, metrics=[metric("step_count", "count", *hourly(datetime(2026, 3, 1, tzinfo=timezone.utc), 30))]
    )
    assert (await get(client, key, "/api/v1/metrics/nope", status=404))["error"] == "unknown_metric"
    too_many = await get(client, key, "/api/v1/metrics/step_count", status=400)
    assert "add a bucket" in too_many["message"]
    assert len((await get(client, key, "/api/v1/metrics/step_count?bucket=day"))["points"]) == 2


async def test_sleep_nights_from_aggregated_and_from_segments(client, new_key):
    _, key = await new_key()
    aggregated = sleep_night()
    segments = [
        {"startDate": s, "endDate": e, "qty": 0, "value": v, "source": "Ring"}
        for s, e, v in [
            ("2026-03-30 22:30:00 -0600", "2026-03-30 23:30:00 -0600", "Core"),
            ("2026-03-30 23:30:00 -0600", "2026-03-31 01:00:00 -0600", "Deep"),
            ("2026-03-31 01:00:00 -0600", "2026-03-31 01:15:00 -0600", "Awake"),
            ("2026-03-31 01:15:00 -0600", "2026-03-31 03:15:00 -0600", "REM"),
            ("2026-03-31 03:15:00 -0600", "2026-03-31 06:15:00 -0600", "Asleep"),
        ]
    ]
    await ingest(client, key, metrics=[metric("sleep_analysis", "hr", aggregated, *segments)])
    out = await get(client, key, "/api/v1/sleep?tz=America/Denver")
    nights = {(n["night"], n["source"]): n for n in out["nights"]}
    watch = nights[("2026-03-30", "Watch")]
    assert watch["built_from"] == "aggregated" and watch["total_sleep"] == 7.1
    assert watch["bed_time"] == "2026-03-29T23:01:00-06:00" and watch["wake_time"] == "2026-03-30T06:40:00-06:00"
    ring = nights[("2026-03-31", "Ring")]  # segments before and after midnight: one night
    assert ring["built_from"] == "segments"
    assert (ring["core"], ring["deep"], ring["rem"], ring["awake"], ring["asleep"]) == (1, 1.5, 2, 0.25, 3)
    assert ring["total_sleep"] == 7.5
    assert ring["bed_time"] == "2026-03-30T22:30:00-06:00" and ring["wake_time"] == "2026-03-31T06:15:00-06:00"


async def test_workouts_list_detail_and_route_geojson(client, new_key):
    _, key = await new_key()
    workouts = [
        {
            "id": f"W-{i}",
            "name": "Run",
            "start": f"2026-03-2{i} 07:00:00 +0000",
            "end": f"2026-03-2{i} 07:30:00 +0000",
            "distance": {"qty": 5, "units": "km"},
            "heartRateData": [
                {
                    "date": f"2026-03-2{i} 07:01:00 +0000",
                    "Min": 120,
                    "Avg": 130,
                    "Max": 140,
                    "source": "W",
                    "units": "count/min",
                }
            ],
            "stepCount": [{"date": f"2026-03-2{i} 07:01:00 +0000", "qty": 170, "units": "count", "source": "W"}],
            "route": [
                {
                    "latitude": 52.5 + j / 1000,
                    "longitude": 13.4,
                    "altitude": 30 + j,
                    "speed": 3.1,
                    "timestamp": f"2026-03-2{i} 07:00:0{j} +0000",
                }
                for j in range(3)
            ],
        }
        for i in range(3)
    ]
    await ingest(client, key, workouts=workouts)
    page1 = await get(client, key, "/api/v1/workouts?limit=2")
    assert [w["id"] for w in page1["items"]] == ["W-0", "W-1"] and page1["items"][0]["route_points"] == 3
    page2 = await get(client, key, f"/api/v1/workouts?limit=2&cursor={page1['next_cursor']}")
    assert [w["id"] for w in page2["items"]] == ["W-2"] and page2["next_cursor"] is None
    ranged = await get(client, key, "/api/v1/workouts?start=2026-03-21T00:00:00Z&end=2026-03-22T00:00:00Z")
    assert [w["id"] for w in ranged["items"]] == ["W-1"]
    detail = await get(client, key, "/api/v1/workouts/W-1")
    assert detail["summary"]["distance"] == {"qty": 5, "units": "km"}
    assert detail["heart_rate"]["heartRateData"][0]["max"] == 140
    assert detail["series"]["stepCount"][0]["qty"] == 170
    geo = await get(client, key, "/api/v1/workouts/W-1/route")
    assert geo["type"] == "Feature" and geo["geometry"]["type"] == "LineString"
    assert geo["geometry"]["coordinates"][1] == [13.4, 52.501, 31]
    assert geo["properties"]["timestamps"][0] == "2026-03-21T07:00:00Z" and geo["properties"]["speeds"] == [3.1] * 3
    assert (await get(client, key, "/api/v1/workouts/W-9", status=404))["error"] == "not_found"


async def test_ecg_and_event_lists(client, new_key):
    _, key = await new_key()
    await ingest(
        client,
        key,
        ecg=[
            {
                "start": f"2026-03-3{i} 09:00:00 +0000",
                "end": f"2026-03-3{i} 09:00:30 +0000",
                "classification": "Sinus Rhythm",
                "source": "Watch",
                "voltageMeasurements": [{"date": 1774947600 + j / 512, "voltage": j, "units": "mcV"} for j in range(5)],
            }
            for i in range(2)
        ],
        symptoms=[
            {"start": f"2026-03-{d} 10:00:00 +0000", "name": "Headache", "severity": "Mild"} for d in (28, 29, 30)
        ],
        stateOfMind=[
            {
                "id": "S-1",
                "start": "2026-03-30 12:00:00 +0000",
                "kind": "daily_mood",
                "valence": 0.2,
                "valenceClassification": "slightly_pleasant",
            }
        ],
        medications=[{"displayText": "Vitamin D", "start": "2026-03-30 08:00:00 +0000", "status": "Taken"}],
        cycleTracking=[{"start": "2026-03-30 00:00:00 +0000", "name": "Menstrual Flow", "value": "Light"}],
        heartRateNotifications=[
            {
                "heartNotification": "low_heart_rate_notification",
                "threshold": 40,
                "start": "2026-03-30 03:00:00 +0000",
                "end": "2026-03-30 03:10:00 +0000",
            }
        ],
    )
    ecgs = await get(client, key, "/api/v1/ecg")
    assert [e["samples"] for e in ecgs["items"]] == [5, 5] and "voltages" not in ecgs["items"][0]
    one = await get(client, key, f"/api/v1/ecg/{ecgs['items'][1]['id']}")
    assert one["voltages"] == [0, 1, 2, 3, 4] and one["start_ts"] == "2026-03-31T09:00:00Z"
    assert (await get(client, key, "/api/v1/ecg/not-an-id", status=400))["error"] == "invalid_parameter"
    symptoms = await get(client, key, "/api/v1/symptoms?start=2026-03-29T00:00:00Z&limit=1")
    assert [s["start_ts"] for s in symptoms["items"]] == ["2026-03-29T10:00:00Z"]
    rest = await get(client, key, f"/api/v1/symptoms?start=2026-03-29T00:00:00Z&cursor={symptoms['next_cursor']}")
    assert [s["start_ts"] for s in rest["items"]] == ["2026-03-30T10:00:00Z"]
    assert (await get(client, key, "/api/v1/state-of-mind"))["items"][0][
        "valence_classification"
    ] == "slightly_pleasant"
    assert (await get(client, key, "/api/v1/medications"))["items"][0]["status"] == "Taken"
    assert (await get(client, key, "/api/v1/cycle-tracking"))["items"][0]["value"] == "Light"
    hrn = (await get(client, key, "/api/v1/heart-rate-notifications"))["items"][0]
    assert hrn["kind"] == "low_heart_rate_notification" and hrn["threshold"] == 40 and "user_id" not in hrn


async def test_exports_stream_ndjson_and_csv(client, new_key, conn):
    _, key = await new_key()
    points = hourly(datetime(2026, 3, 1, tzinfo=timezone.utc), 2500)
    await ingest(
        client,
        key,
        metrics=[
            metric("step_count", "count", *points),
            metric("heart_rate", "count/min", {"date": "2026-03-01 00:00:00 +0000", "Min": 50, "Avg": 60, "Max": 70}),
        ],
    )
    resp = await client.get("/api/v1/export?format=ndjson&metric=step_count", headers=auth(key))
    assert resp.status == 200 and resp.headers["Transfer-Encoding"] == "chunked"
    lines = (await resp.read()).splitlines()
    assert len(lines) == 2500
    first = orjson.loads(lines[0])
    assert first["metric"] == "step_count" and first["ts"] == "2026-03-01T00:00:00Z" and "user_id" not in first
    resp = await client.get("/api/v1/export?format=csv&type=heart_rate&start=2026-03-01T00:00:00Z", headers=auth(key))
    text = (await resp.read()).decode()
    header, row = text.splitlines()
    assert header.startswith("metric,source,ts,") and "hr_avg" in header and row.split(",")[0] == "heart_rate"
    resp = await client.get("/api/v1/export?type=route_points", headers=auth(key))
    assert resp.status == 200 and await resp.read() == b""
    # no rows: a CSV is still its header line, so a spreadsheet or script sees the columns
    resp = await client.get("/api/v1/export?format=csv&type=route_points", headers=auth(key))
    header = (await resp.read()).decode()
    assert resp.status == 200 and header.startswith("workout_key,ts,") and header.count("\n") == 1
    assert (await get(client, key, "/api/v1/export?format=xml", status=400))["parameter"] == "format"


async def test_one_user_never_reads_another(client, new_key):
    _, alice = await new_key("alice@example.org")
    _, bob = await new_key("bob@example.org")
    await ingest(
        client,
        alice,
        metrics=[
            metric("step_count", "count", {"date": "2026-03-30 08:00:00 +0000", "qty": 5}),
            metric(
                "sleep_analysis",
                "hr",
                {"date": "2026-03-30 00:00:00 +0000", "totalSleep": 7, "sleepEnd": "2026-03-30 06:00:00 +0000"},
            ),
        ],
        workouts=[
            {
                "id": "W-A",
                "name": "Run",
                "start": "2026-03-30 07:00:00 +0000",
                "route": [{"latitude": 1, "longitude": 2, "timestamp": "2026-03-30 07:00:00 +0000"}],
            }
        ],
        ecg=[{"start": "2026-03-30 09:00:00 +0000", "source": "W", "voltageMeasurements": []}],
        symptoms=[{"start": "2026-03-30 10:00:00 +0000", "name": "Fatigue"}],
        stateOfMind=[{"id": "S", "start": "2026-03-30 10:00:00 +0000"}],
        medications=[{"displayText": "X", "start": "2026-03-30 10:00:00 +0000"}],
        cycleTracking=[{"start": "2026-03-30 00:00:00 +0000", "name": "Menstrual Flow"}],
        heartRateNotifications=[
            {"heartNotification": "irregular_rhythm_notification", "start": "2026-03-30 01:00:00 +0000"}
        ],
    )
    alice_ecg = (await get(client, alice, "/api/v1/ecg"))["items"][0]["id"]
    for path in (
        "/api/v1/symptoms",
        "/api/v1/state-of-mind",
        "/api/v1/medications",
        "/api/v1/cycle-tracking",
        "/api/v1/heart-rate-notifications",
        "/api/v1/ecg",
        "/api/v1/workouts",
    ):
        assert (await get(client, alice, path))["items"], path
        assert (await get(client, bob, path))["items"] == [], path
    assert (await get(client, bob, "/api/v1/metrics"))["metrics"] == []
    assert (await get(client, bob, "/api/v1/sleep"))["nights"] == []
    assert len((await get(client, alice, "/api/v1/sleep"))["nights"]) == 1
    await get(client, bob, "/api/v1/metrics/step_count", status=404)
    await get(client, bob, "/api/v1/workouts/W-A", status=404)
    await get(client, bob, "/api/v1/workouts/W-A/route", status=404)
    await get(client, bob, f"/api/v1/ecg/{alice_ecg}", status=404)
    for export_type in ("quantity", "workouts", "route_points", "ecg", "symptoms", "sleep_nights"):
        resp = await client.get(f"/api/v1/export?type={export_type}", headers=auth(bob))
        assert await resp.read() == b"", export_type
    ingestion = (await get(client, alice, "/api/v1/ingestions"))["ingestions"][0]["ingestion_id"]
    await get(client, bob, f"/api/v1/ingestions/{ingestion}", status=404)


async def test_openapi_describes_every_route(client):
    resp = await client.get("/api/v1/openapi.json")
    spec = await resp.json()
    assert resp.status == 200 and spec["openapi"].startswith("3.")
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    served = {(r.method, r.path) for r in ROUTES}
    assert documented == served
    assert all(r.summary and r.response for r in ROUTES)
    assert "/api/v1/ingest" in spec["paths"] and "security" in spec["paths"]["/api/v1/ingest"]["post"]
    page = await client.get("/api/docs")
    assert page.status == 200 and "/api/v1/workouts/{id}/route" in await page.text()
