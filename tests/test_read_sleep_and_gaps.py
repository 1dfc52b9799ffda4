"""Sleep from segments' qty and one night per date when merged; one-point routes; HRV beat series."""

from tests.helpers import metric
from tests.test_read_api import get, ingest


def segment(start: str, end: str, stage: str, source: str, qty=None) -> dict:
    s = {"startDate": start, "endDate": end, "value": stage, "source": source}
    if qty is not None:
        s["qty"] = qty
    return s


async def test_sleep_uses_segment_qty_and_merges_to_one_night_per_date(client, new_key):
    _, key = await new_key()
    watch = {
        "date": "2026-03-30 00:00:00 -0600",
        "totalSleep": 6.5,
        "asleep": 0,
        "core": 4,
        "deep": 1,
        "rem": 1.5,
        "awake": 0.2,
        "inBed": 0,
        "sleepStart": "2026-03-29 23:30:00 -0600",
        "sleepEnd": "2026-03-30 06:30:00 -0600",
        "source": "Apple Watch",
    }
    # a sleep app's segments whose qty (asleep time) is less than end - start (it left out a wake-up)
    app = [
        segment("2026-03-29 22:00:00 -0600", "2026-03-30 02:00:00 -0600", "Core", "SleepApp", 3.5),
        segment("2026-03-30 02:00:00 -0600", "2026-03-30 06:00:00 -0600", "Deep", "SleepApp", 3.75),
    ]
    await ingest(client, key, metrics=[metric("sleep_analysis", "hr", watch, *app)])
    apart = await get(client, key, "/api/v1/sleep?tz=America/Denver")
    nights = {n["source"]: n for n in apart["nights"]}
    assert nights["SleepApp"]["core"] == 3.5 and nights["SleepApp"]["deep"] == 3.75
    assert nights["SleepApp"]["total_sleep"] == 7.25 and nights["Apple Watch"]["total_sleep"] == 6.5
    merged = await get(client, key, "/api/v1/sleep?tz=America/Denver&merge=true")
    assert merged["merged"] is True
    assert [(n["night"], n["source"], n["total_sleep"], n["sources"]) for n in merged["nights"]] == [
        ("2026-03-30", "SleepApp", 7.25, ["Apple Watch", "SleepApp"])
    ]


async def test_sleep_date_only_range_and_the_users_zone(client, new_key):
    _, key = await new_key()
    # wakes at 07:00 in Tokyo on the 30th, which is still the 29th in UTC
    segs = [segment("2026-03-29 14:00:00 +0000", "2026-03-29 22:00:00 +0000", "Core", "Ring")]
    await ingest(client, key, metrics=[metric("sleep_analysis", "hr", *segs)])
    utc = await get(client, key, "/api/v1/sleep?start=2026-03-29&end=2026-03-30")
    assert [n["night"] for n in utc["nights"]] == ["2026-03-30"]  # 22:00 + 6 h belongs to the next day
    await client.patch("/api/v1/me", json={"tz": "Asia/Tokyo"}, headers={"Authorization": f"Bearer {key}"})
    tokyo = await get(client, key, "/api/v1/sleep?start=2026-03-30&end=2026-03-31")
    assert tokyo["tz"] == "Asia/Tokyo" and [n["night"] for n in tokyo["nights"]] == ["2026-03-30"]
    assert tokyo["nights"][0]["total_sleep"] == 8.0


async def test_routes_one_point_is_a_point_and_none_is_not_found(client, new_key):
    _, key = await new_key()
    one = {
        "id": "W-one",
        "name": "Walk",
        "start": "2026-03-20 07:00:00 +0000",
        "end": "2026-03-20 07:05:00 +0000",
        "route": [{"latitude": 52.5, "longitude": 13.4, "altitude": 30, "timestamp": "2026-03-20 07:00:00 +0000"}],
    }
    none = {"id": "W-none", "name": "Yoga", "start": "2026-03-21 07:00:00 +0000", "end": "2026-03-21 07:30:00 +0000"}
    await ingest(client, key, workouts=[one, none])
    geo = await get(client, key, "/api/v1/workouts/W-one/route")
    assert geo["geometry"] == {"type": "Point", "coordinates": [13.4, 52.5, 30]}
    missing = await get(client, key, "/api/v1/workouts/W-none/route", status=404)
    assert missing["error"] == "not_found" and "no route" in missing["message"]


async def test_heartbeat_series_can_be_read_back(client, new_key):
    _, key = await new_key()
    beats = [{"date": 1774947600.0 + i * 0.8, "timeSinceStart": i * 0.8, "precededByGap": i == 2} for i in range(4)]
    points = [
        {"date": f"2026-03-3{d} 09:00:00 +0000", "qty": 42 + d, "source": "Watch", "heartbeatSeries": beats}
        for d in (0, 1)
    ]
    await ingest(client, key, metrics=[metric("heart_rate_variability", "ms", *points)])
    page = await get(client, key, "/api/v1/metrics/heart_rate_variability/beats?start=2026-03-31&limit=5")
    assert len(page["items"]) == 1 and page["next_cursor"] is None
    item = page["items"][0]
    assert item["ts"] == "2026-03-31T09:00:00Z" and item["source"] == "Watch"
    assert item["since_start"] == [b["timeSinceStart"] for b in beats]
    assert item["beat_epochs"] == [b["date"] for b in beats]
    assert item["preceded_by_gap"] == [False, False, True, False]
    both = await get(client, key, "/api/v1/metrics/heart_rate_variability/beats?limit=1")
    rest = await get(client, key, f"/api/v1/metrics/heart_rate_variability/beats?cursor={both['next_cursor']}")
    assert [i["ts"] for i in both["items"] + rest["items"]] == ["2026-03-30T09:00:00Z", "2026-03-31T09:00:00Z"]
    spec = await get(client, key, "/api/v1/openapi.json")
    assert "/api/v1/metrics/heart_rate_variability/beats" in spec["paths"]
