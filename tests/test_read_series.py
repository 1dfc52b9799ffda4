"""Metric reads: sources merged per local day then added up, the user's zone and units, date-only ranges,
units converted on the way out (unknown ones kept apart), one origin per local day."""

from datetime import UTC, datetime

from healthsink.store.sql import sql
from tests.helpers import auth, metric, tsql
from tests.test_read_api import get, ingest


def pt(date: str, qty, source: str) -> dict:
    return {"date": date, "qty": qty, "source": source}


async def put(conn, user_id, metric_, source, ts, units, qty, origin="hae"):
    await conn.execute(sql("ingest/ensure_partitions"), "quantity_samples", [ts])
    await conn.execute(tsql("insert_quantity_sample"), user_id, metric_, source, ts, 0, units, qty, origin)


async def test_a_merged_week_is_the_sum_of_its_merged_days(client, new_key):
    _, key = await new_key()
    # HAE's pipe-joined source names change from day to day; one week of flights climbed (Mon 2026-03-02)
    points = [
        pt("2026-03-02 12:00:00 +0100", 3, "Apple Watch"),
        pt("2026-03-02 12:00:00 +0100", 2, "iPhone"),
        pt("2026-03-03 12:00:00 +0100", 4, "Apple Watch|iPhone"),
        pt("2026-03-04 12:00:00 +0100", 5, "Watch|💖✨💫"),
        pt("2026-03-04 13:00:00 +0100", 1, "iPhone"),
    ]
    await ingest(client, key, metrics=[metric("flights_climbed", "count", *points)])
    days = await get(client, key, "/api/v1/metrics/flights_climbed?bucket=day&merge=true&tz=Europe/Berlin")
    assert [p["qty"] for p in days["points"]] == [3, 4, 5]
    week = await get(client, key, "/api/v1/metrics/flights_climbed?bucket=week&merge=true&tz=Europe/Berlin")
    assert [(p["date"], p["qty"]) for p in week["points"]] == [("2026-03-02T00:00:00+01:00", 12)]
    assert week["points"][0]["sources"] == ["Apple Watch", "Apple Watch|iPhone", "Watch|💖✨💫", "iPhone"]
    month = await get(client, key, "/api/v1/metrics/flights_climbed?bucket=month&merge=true&tz=Europe/Berlin")
    assert [p["qty"] for p in month["points"]] == [12]
    apart = await get(client, key, "/api/v1/metrics/flights_climbed?bucket=week&tz=Europe/Berlin")
    assert sorted((p["source"], p["qty"]) for p in apart["points"]) == [
        ("Apple Watch", 3),
        ("Apple Watch|iPhone", 4),
        ("Watch|💖✨💫", 5),
        ("iPhone", 3),
    ]


async def test_hour_buckets_merge_per_hour(client, new_key):
    _, key = await new_key()
    points = [
        pt("2026-03-02 08:10:00 +0000", 100, "iPhone"),
        pt("2026-03-02 08:20:00 +0000", 150, "Watch"),
        pt("2026-03-02 09:10:00 +0000", 300, "iPhone"),
        pt("2026-03-02 09:20:00 +0000", 200, "Watch"),
    ]
    await ingest(client, key, metrics=[metric("step_count", "count", *points)])
    hours = await get(client, key, "/api/v1/metrics/step_count?bucket=hour&merge=true")
    assert [p["qty"] for p in hours["points"]] == [150, 300]
    day = await get(client, key, "/api/v1/metrics/step_count?bucket=day&merge=true")
    assert [p["qty"] for p in day["points"]] == [400]  # a day is merged as a whole: iPhone's 400 > Watch's 350


async def test_date_only_range_is_local_days_in_the_zone(client, new_key):
    _, key = await new_key()
    points = [
        pt("2026-03-01 23:30:00 +0000", 1, "iPhone"),  # 00:30 on the 2nd in Berlin
        pt("2026-03-02 22:30:00 +0000", 2, "iPhone"),  # 23:30 on the 2nd in Berlin
        pt("2026-03-02 23:30:00 +0000", 4, "iPhone"),
    ]  # 00:30 on the 3rd in Berlin
    await ingest(client, key, metrics=[metric("step_count", "count", *points)])
    berlin = await get(client, key, "/api/v1/metrics/step_count?start=2026-03-02&end=2026-03-03&tz=Europe/Berlin")
    assert [p["qty"] for p in berlin["points"]] == [1, 2] and berlin["units"] == "count"
    utc = await get(client, key, "/api/v1/metrics/step_count?start=2026-03-02&end=2026-03-03&tz=UTC")
    assert [p["qty"] for p in utc["points"]] == [2, 4]
    bad = await get(client, key, "/api/v1/metrics/step_count?start=2026-03-03&end=2026-03-03", status=400)
    assert bad["parameter"] == "end"


async def test_the_users_zone_and_units_apply_when_the_request_names_none(client, new_key):
    _, key = await new_key()
    await ingest(
        client,
        key,
        metrics=[
            metric("step_count", "count", pt("2026-03-02 03:00:00 +0000", 10, "iPhone")),  # 22:00 on the 1st in NY
            metric("walking_running_distance", "km", pt("2026-03-02 15:00:00 +0000", 8.04672, "iPhone")),
        ],
    )
    resp = await client.patch("/api/v1/me", json={"tz": "America/New_York", "units": "us"}, headers=auth(key))
    assert resp.status == 200
    steps = await get(client, key, "/api/v1/metrics/step_count?bucket=day")
    assert steps["tz"] == "America/New_York" and steps["points"][0]["date"] == "2026-03-01T00:00:00-05:00"
    dist = await get(client, key, "/api/v1/metrics/walking_running_distance?bucket=day")
    assert dist["units"] == "mi" and round(dist["points"][0]["qty"], 6) == 5.0
    metric_ = await get(client, key, "/api/v1/metrics/walking_running_distance?bucket=day&units=metric&tz=UTC")
    assert metric_["units"] == "km" and metric_["points"][0]["qty"] == 8.04672


async def test_units_parameter_converts_and_rejects(client, new_key):
    _, key = await new_key()
    await ingest(
        client,
        key,
        metrics=[
            metric(
                "active_energy",
                "kcal",
                pt("2026-03-02 10:00:00 +0000", 100, "W"),
                pt("2026-03-02 11:00:00 +0000", 50, "W"),
            )
        ],
    )
    kj = await get(client, key, "/api/v1/metrics/active_energy?bucket=day&units=kJ")
    assert kj["units"] == "kJ" and round(kj["points"][0]["qty"], 6) == round(150 * 4.184, 6)
    raw = await get(client, key, "/api/v1/metrics/active_energy?units=kJ")
    assert raw["units"] == "kJ" and [round(p["qty"], 3) for p in raw["points"]] == [418.4, 209.2]
    for bad in ("furlongs", "kg"):
        out = await get(client, key, f"/api/v1/metrics/active_energy?bucket=day&units={bad}", status=400)
        assert out["error"] == "invalid_parameter" and out["parameter"] == "units"


async def test_a_value_sent_in_another_unit_reads_back_as_sent(client, new_key):
    """2000 kJ is stored as 478.011472275 kcal (12 digits); read in kJ it is 2000, not 1999.9999999986."""
    _, key = await new_key()
    await ingest(client, key, metrics=[metric("active_energy", "kJ", pt("2026-03-02 10:00:00 +0000", 2000, "W"))])
    raw = await get(client, key, "/api/v1/metrics/active_energy?units=kJ")
    assert [p["qty"] for p in raw["points"]] == [2000.0]
    day = await get(client, key, "/api/v1/metrics/active_energy?bucket=day&units=kJ")
    assert [p["qty"] for p in day["points"]] == [2000.0]
    merged = await get(client, key, "/api/v1/metrics/active_energy?bucket=day&merge=true&units=kJ")
    assert [p["qty"] for p in merged["points"]] == [2000.0]


async def test_temperatures_convert_with_their_offset(client, new_key, conn):
    user_id, key = await new_key()
    ts = datetime(2026, 3, 2, 10, tzinfo=UTC)
    await put(conn, user_id, "body_temperature", "Thermo", ts, "degC", 37.0)
    await put(conn, user_id, "body_temperature", "Thermo", ts.replace(hour=11), "degC", 38.0)
    out = await get(client, key, "/api/v1/metrics/body_temperature?bucket=day&units=degF")
    assert out["units"] == "degF" and round(out["points"][0]["qty"], 6) == 99.5  # avg of 98.6 and 100.4
    mx = await get(client, key, "/api/v1/metrics/body_temperature?bucket=day&units=degF&agg=max")
    assert round(mx["points"][0]["qty"], 6) == 100.4


async def test_a_unit_that_does_not_convert_is_kept_apart(client, new_key, conn):
    user_id, key = await new_key()
    ts = datetime(2026, 3, 2, 10, tzinfo=UTC)
    await put(conn, user_id, "active_energy", "W", ts, "kcal", 100.0)
    await put(conn, user_id, "active_energy", "W", ts.replace(hour=11), "zorkmid", 7.0)
    out = await get(client, key, "/api/v1/metrics/active_energy?bucket=day")
    assert out["units"] == "kcal" and [p["qty"] for p in out["points"]] == [100.0]
    assert [(a["units"], [p["qty"] for p in a["points"]]) for a in out["apart"]] == [("zorkmid", [7.0])]
    raw = await get(client, key, "/api/v1/metrics/active_energy")
    assert [p["qty"] for p in raw["points"]] == [100.0]
    assert [(a["units"], [p["qty"] for p in a["points"]]) for a in raw["apart"]] == [("zorkmid", [7.0])]


async def test_one_origin_per_local_day(client, new_key, conn):
    user_id, key = await new_key()
    mar2, mar3 = datetime(2026, 3, 2, 10, tzinfo=UTC), datetime(2026, 3, 3, 10, tzinfo=UTC)
    await put(conn, user_id, "step_count", "iPhone", mar2, "count", 5000.0, "hae")
    await put(conn, user_id, "step_count", "iPhone", mar2.replace(hour=11), "count", 4000.0, "apple_export")
    await put(conn, user_id, "step_count", "iPhone", mar3, "count", 3000.0, "apple_export")
    await put(conn, user_id, "step_count", "iPhone", mar3.replace(hour=12), "count", 1000.0, "apple_export")
    days = await get(client, key, "/api/v1/metrics/step_count?bucket=day&merge=true")
    assert [p["qty"] for p in days["points"]] == [5000, 4000]
    week = await get(client, key, "/api/v1/metrics/step_count?bucket=week")
    assert [p["qty"] for p in week["points"]] == [9000]
    raw = await get(client, key, "/api/v1/metrics/step_count")
    assert [p["qty"] for p in raw["points"]] == [5000, 3000, 1000]
