"""Property: a merged week (and month) is the sum of its merged days, and a merged day is its largest source's
total, for random samples across DST changes. Runs the read domain over rows in a real PostgreSQL."""

import asyncio
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthsink.read import local, series
from healthsink.store import accounts, db
from tests.test_read_series import put

# Two weeks around each zone's spring and autumn changes (2026), so days of 23 and 25 hours occur.
WINDOWS = [
    ("Europe/Berlin", datetime(2026, 3, 22, tzinfo=UTC)),
    ("Europe/Berlin", datetime(2026, 10, 18, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 3, 1, tzinfo=UTC)),
    ("Australia/Sydney", datetime(2026, 3, 29, tzinfo=UTC)),
]
SOURCES = ["Apple Watch", "iPhone", "Apple Watch|iPhone", "Watch|💖✨💫"]

samples = st.lists(
    st.tuples(st.integers(0, 14 * 24 * 60 - 1), st.sampled_from(SOURCES), st.integers(0, 500)),
    min_size=1,
    max_size=60,
    unique_by=lambda s: (s[0], s[1]),
)


def query(bucket: str, agg: str = "sum") -> series.SeriesQuery:
    return series.SeriesQuery("flights_climbed", None, None, None, bucket, agg, None, True, 100_000)


async def _check(url: str, window: int, points: list) -> None:
    tz, start = WINDOWS[window]
    zone = ZoneInfo(tz)
    conn = await asyncpg.connect(url)
    try:
        await db.init_connection(conn)
        # a user of its own per example (id() of a freed list comes back: not unique across examples)
        user_id = await accounts.add_user(conn, f"p{uuid.uuid4().hex}@example.org")
        for minute, source, qty in points:
            await put(conn, user_id, "flights_climbed", source, start + timedelta(minutes=minute), "count", qty)
        ctx = local.Context(tz, zone, "metric")
        days = (await series.read(conn, user_id, "quantity", query("day"), ctx))["points"]
        weeks = (await series.read(conn, user_id, "quantity", query("week"), ctx))["points"]
        months = (await series.read(conn, user_id, "quantity", query("month"), ctx))["points"]
        week_avgs = (await series.read(conn, user_id, "quantity", query("week", "avg"), ctx))["points"]
    finally:
        await conn.close()

    # a merged day: the largest single source's total of that local day, computed here without SQL
    per_day: dict = defaultdict(lambda: defaultdict(int))
    for minute, source, qty in points:
        per_day[(start + timedelta(minutes=minute)).astimezone(zone).date()][source] += qty
    expected_days = {d: max(by_source.values()) for d, by_source in per_day.items()}
    assert {datetime.fromisoformat(p["date"]).date(): p["qty"] for p in days} == expected_days

    def period_sums(key) -> dict:
        out: dict = defaultdict(float)
        for p in days:
            out[key(datetime.fromisoformat(p["date"]).date())] += p["qty"]
        return dict(out)

    assert {datetime.fromisoformat(p["date"]).date(): p["qty"] for p in weeks} == period_sums(
        lambda d: d - timedelta(days=d.weekday())
    )
    assert {datetime.fromisoformat(p["date"]).date(): p["qty"] for p in months} == period_sums(
        lambda d: d.replace(day=1)
    )
    for w in weeks:  # a week starts at local midnight of its Monday, whatever the offset that day
        assert datetime.fromisoformat(w["date"]).time() == datetime.min.time()

    # averages are weighted by samples: a week's average is the mean of all its samples
    for w in week_avgs:
        monday = datetime.fromisoformat(w["date"]).date()
        mine = [
            qty
            for minute, _, qty in points
            if monday <= (start + timedelta(minutes=minute)).astimezone(zone).date() < monday + timedelta(7)
        ]
        assert abs(w["qty"] - sum(mine) / len(mine)) < 1e-9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(window=st.integers(0, len(WINDOWS) - 1), points=samples)
def test_merged_weeks_and_months_are_sums_of_merged_days(db_url, window, points):
    asyncio.run(_check(db_url, window, points))
