"""`make bench-read`: ten years of one user, then the dashboard's reads through the HTTP API.

Seeds, by COPY into a fresh database (HEALTHSINK_BENCH_DATABASE_URL, else an embedded PostgreSQL):
heart rate from a Watch every HEALTHSINK_BENCH_READ_HR_MINUTES minutes (default 5: 1.05M rows; 1 gives
5.26M), hourly steps from an iPhone and a Watch (two sources of the same walks, 175k rows), one sleep night a
day and a workout a week, from 2016-11-01 to 2026-11-01 (UTC), then VACUUM ANALYZE as autovacuum would have.
Then `healthsink serve --workers 1` starts, and its rollup refresher builds the user's daily rollup (the backfill
of data stored before migration 0045; timed). Each dashboard query is answered HEALTHSINK_BENCH_READ_REPEAT times
(after two unmeasured), one at a time, twice in the same run: first with the user's zone left at UTC, so that
the Berlin-zone reads take the samples (the path every read took before the rollup), then after the user's zone
is set to Europe/Berlin and the rollup built again in it (timed). p50/p95 of both are printed, the second
against the 50 ms goal.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import datetime, timedelta, timezone

import aiohttp
import asyncpg
import psycopg
from psycopg import sql as psql

from bench.common import ADMIN_SQL, Server, calibration, fresh_database, new_key, server_url
from bench.loadtest import pct
from healthsink.store import accounts, db, rollup, settings
from healthsink.store.sql import sql

HR_MINUTES = int(os.environ.get("HEALTHSINK_BENCH_READ_HR_MINUTES", "5"))
REPEAT = int(os.environ.get("HEALTHSINK_BENCH_READ_REPEAT", "20"))
FIRST = datetime(2016, 11, 1, tzinfo=timezone.utc)
LAST = datetime(2026, 11, 1, tzinfo=timezone.utc)  # exclusive
TZ = "Europe/Berlin"
OFFSET = 60  # minutes; the seed keeps it fixed, the reads do not care
GOAL_MS = 50.0
SEEDED = ("heart_rate_samples", "quantity_samples", "sleep_nights", "workouts")


def months() -> list[datetime]:
    out, d = [], FIRST
    while d < LAST:
        out.append(d)
        d = (d + timedelta(days=32)).replace(day=1)
    return out


def heart_rate(user_id: int, year_start: datetime, year_end: datetime):
    step = timedelta(minutes=HR_MINUTES)
    t, i = year_start, 0
    while t < year_end:
        avg = 60 + (i * 7919) % 50
        yield (user_id, "heart_rate", "Apple Watch", t, t, OFFSET, "count/min", avg - 3.0, float(avg), avg + 4.0)
        t += step
        i += 1


def steps(user_id: int, year_start: datetime, year_end: datetime):
    hour = timedelta(hours=1)
    t, i = year_start, 0
    while t < year_end:
        local_hour = (t.hour + 1) % 24
        if 7 <= local_hour <= 22:
            walked = float((i * 104729) % 900)
            yield (user_id, "step_count", "iPhone", t, t + hour, OFFSET, "count", walked)
            yield (user_id, "step_count", "Apple Watch", t, t + hour, OFFSET, "count", walked * 0.9)
        t += hour
        i += 1


def nights(user_id: int):
    d = FIRST
    while d < LAST:
        bed = d - timedelta(hours=1, minutes=30)  # 23:30 local the evening before
        wake = d + timedelta(hours=6)  # 07:00 local
        yield (user_id, "Apple Watch", bed, d, OFFSET, "hr", 7.2, 7.2, 3.9, 1.3, 2.0, 0.3, 7.5, bed, wake, bed, wake)
        d += timedelta(days=1)


def workouts(user_id: int):
    d, n = FIRST + timedelta(hours=17), 0
    while d < LAST:
        yield (
            user_id,
            f"W{n:06d}-0000-4000-8000-000000000000",
            2,
            "Outdoor Run",
            d,
            d + timedelta(minutes=45),
            OFFSET,
            2700.0,
            "Outdoor",
            False,
            {"distance": {"qty": 8.1, "units": "km"}},
        )
        d += timedelta(days=7)
        n += 1


async def seed(url: str, user_id: int) -> dict[str, int]:
    conn = await asyncpg.connect(url)
    await db.init_connection(conn)
    counts = dict.fromkeys(SEEDED, 0)
    try:
        for table in ("heart_rate_samples", "quantity_samples"):
            await conn.fetchval(sql("ingest/ensure_partitions"), table, months())
        years = [datetime(y, 11, 1, tzinfo=timezone.utc) for y in range(FIRST.year, LAST.year + 1)]
        for a, b in zip(years, years[1:]):
            hr = list(heart_rate(user_id, a, b))
            await conn.copy_records_to_table(
                "heart_rate_samples",
                records=hr,
                columns=(
                    "user_id",
                    "metric",
                    "source",
                    "ts",
                    "end_ts",
                    "utc_offset",
                    "units",
                    "hr_min",
                    "hr_avg",
                    "hr_max",
                ),
            )
            st = list(steps(user_id, a, b))
            await conn.copy_records_to_table(
                "quantity_samples",
                records=st,
                columns=("user_id", "metric", "source", "ts", "end_ts", "utc_offset", "units", "qty"),
            )
            counts["heart_rate_samples"] += len(hr)
            counts["quantity_samples"] += len(st)
        sl = list(nights(user_id))
        await conn.copy_records_to_table(
            "sleep_nights",
            records=sl,
            columns=(
                "user_id",
                "source",
                "night_start",
                "date_ts",
                "utc_offset",
                "units",
                "total_sleep",
                "asleep",
                "core",
                "deep",
                "rem",
                "awake",
                "in_bed",
                "sleep_start",
                "sleep_end",
                "in_bed_start",
                "in_bed_end",
            ),
        )
        wo = list(workouts(user_id))
        await conn.copy_records_to_table(
            "workouts",
            records=wo,
            columns=(
                "user_id",
                "workout_key",
                "version",
                "name",
                "start_ts",
                "end_ts",
                "utc_offset",
                "duration_s",
                "location",
                "is_indoor",
                "summary",
            ),
        )
        counts["sleep_nights"], counts["workouts"] = len(sl), len(wo)
    finally:
        await conn.close()
    text = (ADMIN_SQL / "vacuum_analyze.sql").read_text()
    with psycopg.connect(url, autocommit=True) as c:
        for table in SEEDED:
            c.execute(psql.SQL(text).format(table=psql.Identifier(table)))
    return counts


def queries() -> list[tuple[str, str]]:
    year, day = "start=2025-11-01T00:00:00%2B01:00&end=2026-11-01T00:00:00%2B01:00", "2026-10-14"
    decade = "start=2016-11-01T00:00:00%2B01:00&end=2026-11-01T00:00:00%2B01:00"
    one_day = f"start={day}T00:00:00%2B02:00&end=2026-10-15T00:00:00%2B02:00"
    return [
        ("a year of step days, merged", f"/api/v1/metrics/step_count?bucket=day&merge=true&tz={TZ}&{year}"),
        ("ten years of heart-rate months", f"/api/v1/metrics/heart_rate?bucket=month&tz={TZ}&{decade}"),
        ("ten years of step months, merged", f"/api/v1/metrics/step_count?bucket=month&merge=true&tz={TZ}&{decade}"),
        (
            "Today: one day of steps by hour, merged",
            f"/api/v1/metrics/step_count?bucket=hour&merge=true&tz={TZ}&{one_day}",
        ),
        ("Today: one day of heart rate by hour", f"/api/v1/metrics/heart_rate?bucket=hour&tz={TZ}&{one_day}"),
        ("a year of sleep nights", f"/api/v1/sleep?tz={TZ}&{year}"),
        ("the workout list (first page of 100)", "/api/v1/workouts?limit=100"),
        ("the metric catalog (Trends, Data)", "/api/v1/metrics"),
    ]


async def measure(base: str, key: str) -> list[tuple[str, float, float, int, int]]:
    out = []
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {key}"}) as s:
        for label, path in queries():
            times, size, status = [], 0, 0
            for i in range(REPEAT + 2):
                t = time.perf_counter()
                async with s.get(base + path) as r:
                    body = await r.read()
                    status, size = r.status, len(body)
                if i >= 2:
                    times.append(time.perf_counter() - t)
            times.sort()
            out.append((label, pct(times, 50), pct(times, 95), status, size))
    return out


async def main() -> None:
    print(calibration())
    url = fresh_database(server_url(), "healthsink_read_bench")
    key = new_key(url, "decade@example.org")
    conn = await asyncpg.connect(url)
    user_id = (await accounts.get_user(conn, "decade@example.org"))["id"]
    await conn.close()
    t = time.perf_counter()
    counts = await seed(url, user_id)
    print(
        f"seeded in {time.perf_counter() - t:.0f} s by COPY (+ VACUUM ANALYZE): "
        + ", ".join(f"{n:,} {table}" for table, n in counts.items())
        + f"; heart rate every {HR_MINUTES} min, steps hourly from 2 sources, {FIRST:%Y-%m-%d}..{LAST:%Y-%m-%d}"
    )
    conn = await asyncpg.connect(url)
    await db.set_codecs(conn)
    try:
        async with Server(url, workers=1) as server:
            built = await built_in(conn, user_id, "UTC")
            print(f"the server's refresher built the user's rollup (zone UTC) in {built:.1f} s")
            samples = await measure(server.url, key)
            await settings.update_settings(conn, user_id, tz=TZ)
            rebuilt = await built_in(conn, user_id, TZ)
            print(f"after the user's zone was set to {TZ}, the rollup was built again in {rebuilt:.1f} s")
            rolled = await measure(server.url, key)
    finally:
        await conn.close()
    print(
        f"{REPEAT} requests each, one at a time, through the HTTP API (serve --workers 1), tz {TZ}; "
        "p50 / p95 in ms, first from the samples (user zone UTC), then with the rollup (user zone Berlin):"
    )
    for (label, p50s, p95s, _, _), (_, p50, p95, status, size) in zip(samples, rolled):
        verdict = "met" if p95 <= GOAL_MS and status == 200 else "NOT met"
        print(
            f"  {label:<42} samples {p50s:7.1f} / {p95s:7.1f}   rollup {p50:6.1f} / {p95:6.1f}"
            f"  ({p95s / p95:5.1f}x)  [{status}, {size:,} bytes]  goal p95 <= {GOAL_MS:.0f} ms: {verdict}"
        )
    print(calibration())


async def built_in(conn, user_id: int, tz: str) -> float:
    """Seconds until the server's refresher has the user's rollup in `tz`."""
    t = time.perf_counter()
    while await rollup.zone(conn, user_id) != tz:
        await asyncio.sleep(0.1)
    return time.perf_counter() - t


if __name__ == "__main__":
    asyncio.run(main())
