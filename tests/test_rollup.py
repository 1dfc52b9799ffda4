"""The daily rollup (store/rollup.py) answers exactly what the samples answer: for days, weeks and months, merged
and per source, in other units, after re-sends, day totals that grow, deletes, reprocessing and a change of
zone; the catalog likewise. Each answer through the rollup is compared with the same request answered from
the samples (series.rollup_fits turned off), in the same app, on the same rows."""

import asyncio
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from healthsink.read import local, series
from healthsink.read.series import SeriesQuery
from healthsink.store import db, deletes, reads, rollup
from healthsink.store.sql import sql
from tests.helpers import auth, body, metric, tsql
from tests.test_cli import run
from tests.test_read_api import get, ingest

BERLIN = ZoneInfo("Europe/Berlin")


def stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S %z")


def walks(first: datetime, days: int, source: str, scale: float) -> list[dict]:
    """Steps every 3 hours (some around local midnight), in kinds of amounts that differ per day."""
    return [
        {"date": stamp(first + timedelta(hours=3 * i)), "qty": round(((i * 37) % 500) * scale, 1), "source": source}
        for i in range(days * 8)
    ]


def heart(first: datetime, days: int) -> list[dict]:
    out = []
    for i in range(days * 24):
        v = 55 + (i * 13) % 40
        out.append({"date": stamp(first + timedelta(hours=i)), "Min": v - 4, "Avg": v, "Max": v + 6, "source": "Watch"})
    return out


def temperatures(first: datetime, days: int, source: str, base: float) -> list[dict]:
    """Readings twice a day, from one source more often some days (so sums and counts pick another source)."""
    return [
        {"date": stamp(first + timedelta(hours=12 * i + (i % 3))), "qty": base + (i % 7) / 10, "source": source}
        for i in range(days * 2)
        if source != "Watch" or i % 4
    ]


FIRST = datetime(2026, 2, 20, 0, 30, tzinfo=timezone.utc)
QUERIES = [
    "/api/v1/metrics/step_count?bucket=day&merge=true",
    "/api/v1/metrics/step_count?bucket=day",
    "/api/v1/metrics/step_count?bucket=week&merge=true",
    "/api/v1/metrics/step_count?bucket=month",
    "/api/v1/metrics/step_count?bucket=month&merge=true&agg=max",
    "/api/v1/metrics/step_count?bucket=day&source=iPhone&start=2026-03-01&end=2026-03-08",
    "/api/v1/metrics/step_count?bucket=week&merge=true&agg=avg&start=2026-02-23&end=2026-03-23",
    "/api/v1/metrics/active_energy?bucket=day&merge=true&units=kJ",
    "/api/v1/metrics/active_energy?bucket=week&units=us",
    # °C to °F has an offset: merged weeks of it are merged from the rollup's day rows in Python
    "/api/v1/metrics/body_temperature?bucket=week&merge=true&units=us",
    "/api/v1/metrics/body_temperature?bucket=month&merge=true&agg=sum",
    "/api/v1/metrics/heart_rate?bucket=day",
    "/api/v1/metrics/heart_rate?bucket=month&merge=true&start=2026-03-01",
]


@pytest.fixture
async def pool(db_url):
    p = await db.create_pool(db_url, 1, 2)
    yield p
    await p.close()


class Spy:
    """Counts the rollup reads (the real statement runs) and can turn the rollup off, to compare."""

    def __init__(self, monkeypatch):
        self.calls = 0
        self.off = False
        real_fits = series.rollup_fits
        for name in ("rollup_buckets", "rollup_by_source", "rollup_merged"):
            monkeypatch.setattr(reads, name, self.counted(getattr(reads, name)))
        monkeypatch.setattr(series, "rollup_fits", lambda *a: False if self.off else real_fits(*a))

    def counted(self, real):
        async def read(*args, **kwargs):
            self.calls += 1
            return await real(*args, **kwargs)

        return read


async def both(client, key, spy: Spy, url: str) -> tuple[dict, dict, int]:
    """The answer through the rollup (when it applies), the same from the samples, and rollup reads made."""
    before = spy.calls
    rolled = await get(client, key, url)
    used = spy.calls - before
    spy.off = True
    try:
        raw = await get(client, key, url)
    finally:
        spy.off = False
    return rolled, raw, used


def close(a, b):
    """Equal, floats to 1e-9 relative (a sum of the same values in another order may differ in the last bit)."""
    if isinstance(a, float) or isinstance(b, float):
        return a == pytest.approx(b, rel=1e-9, abs=1e-9)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return a == b


async def same_everywhere(client, key, spy, urls=QUERIES, tz="Europe/Berlin", rolled_up=True):
    for url in urls:
        rolled, raw, used = await both(client, key, spy, f"{url}&tz={tz}")
        assert close(rolled, raw), (url, rolled, raw)
        assert rolled["points"], url
        assert (used > 0) == rolled_up, url  # two reads where SQL's merge does not apply (an offset)


async def same_catalog(client, key, conn, user_id):
    api = (await get(client, key, "/api/v1/metrics"))["metrics"]
    samples = await conn.fetch(sql("read/metric_catalog_samples"), user_id, None, 1000)
    assert [m["name"] for m in api] == [r["name"] for r in samples]
    for m, r in zip(api, samples):
        assert m["units"] == r["units"] and m["count"] == r["count"] and m["sources"] == r["sources"], m
        assert datetime.fromisoformat(m["first"]) == r["first"] and datetime.fromisoformat(m["last"]) == r["last"]
    return api


async def seed(client, key):
    await ingest(
        client,
        key,
        metrics=[
            metric("step_count", "count", *walks(FIRST, 40, "iPhone", 1.0), *walks(FIRST, 40, "Apple Watch", 0.9)),
            metric("active_energy", "kcal", *walks(FIRST, 20, "Apple Watch", 0.3)),
            metric("heart_rate", "count/min", *heart(FIRST, 40)),
            metric("body_temperature", "degC", *temperatures(FIRST, 20, "Thermometer", 36.2)),
            metric("body_temperature", "degC", *temperatures(FIRST, 20, "Watch", 36.6)),
        ],
    )
    # the same energy from another app in kJ: stored converted to kcal
    await ingest(client, key, metrics=[metric("active_energy", "kJ", *walks(FIRST, 10, "Gym", 1.2))])


async def test_the_rollup_answers_what_the_samples_answer(client, new_key, conn, pool, monkeypatch):
    user_id, key = await new_key()
    spy = Spy(monkeypatch)
    await seed(client, key)
    # an origin the live feed did not write: one origin per local day still applies to rollup rows
    ts = datetime(2026, 3, 5, 10, tzinfo=timezone.utc)
    await conn.execute(sql("ingest/ensure_partitions"), "quantity_samples", [ts])
    await conn.execute(tsql("insert_quantity_sample"), user_id, "step_count", "iPhone", ts, 0, "count", 999.0, "csv")
    await same_everywhere(client, key, spy, rolled_up=False)  # not built yet: from the samples
    await client.patch("/api/v1/me", json={"tz": "Europe/Berlin"}, headers=auth(key))
    await rollup.catch_up(pool)
    assert await reads.rollup_zone(conn, user_id) == "Europe/Berlin"
    await same_everywhere(client, key, spy)
    await same_catalog(client, key, conn, user_id)
    # another zone than the rollup's, hours, and ranges that do not start at a local midnight: from the samples
    await same_everywhere(client, key, spy, QUERIES[:3], tz="America/New_York", rolled_up=False)
    await same_everywhere(
        client,
        key,
        spy,
        [
            "/api/v1/metrics/step_count?bucket=hour&merge=true&start=2026-03-02&end=2026-03-03",
            "/api/v1/metrics/step_count?bucket=day&start=2026-03-02T06:00:00%2B01:00",
        ],
        rolled_up=False,
    )


async def test_marked_days_are_read_from_the_samples_until_rolled_up(client, new_key, conn, pool, monkeypatch):
    user_id, key = await new_key()
    spy = Spy(monkeypatch)
    await client.patch("/api/v1/me", json={"tz": "Europe/Berlin"}, headers=auth(key))
    await seed(client, key)
    await rollup.catch_up(pool)
    # re-sent as is (duplicates), a day total that grew, a new source, a metric never seen
    await seed(client, key)
    grown = [{"date": "2026-03-03 21:00:00 +0000", "qty": 5000, "source": "iPhone"}]  # 22:00 in Berlin
    added = [{"date": "2026-03-10 23:30:00 +0000", "qty": 7, "source": "Scale"}]  # 00:30 on the 11th in Berlin
    await ingest(client, key, metrics=[metric("step_count", "count", *grown, *added)])
    await ingest(client, key, metrics=[metric("flights_climbed", "count", *added)])
    marked = await conn.fetchval(tsql("rollup_marks_of"), user_id)
    await same_everywhere(client, key, spy)
    await same_catalog(client, key, conn, user_id)
    flights = await get(client, key, "/api/v1/metrics/flights_climbed?bucket=day&tz=Europe/Berlin")
    assert [(p["date"], p["qty"]) for p in flights["points"]] == [("2026-03-11T00:00:00+01:00", 7)]
    await rollup.catch_up(pool)
    assert marked > 0 and await conn.fetchval(tsql("rollup_marks_of"), user_id) == 0
    await same_everywhere(client, key, spy)
    api = await same_catalog(client, key, conn, user_id)
    assert "flights_climbed" in [m["name"] for m in api]
    day = await get(
        client, key, "/api/v1/metrics/step_count?bucket=day&start=2026-03-03&end=2026-03-04&tz=Europe/Berlin"
    )
    assert [p["source"] for p in day["points"]] == ["Apple Watch", "iPhone"] and day["points"][1]["qty"] > 5000


async def test_deletes_purges_and_reprocessing_keep_it_right(cfg, client, new_key, conn, pool, monkeypatch):
    user_id, key = await new_key("rolly@example.org")
    spy = Spy(monkeypatch)
    await client.patch("/api/v1/me", json={"tz": "Europe/Berlin"}, headers=auth(key))
    await seed(client, key)
    await rollup.catch_up(pool)
    # a range that starts and ends inside local days, then a whole metric
    start, end = datetime(2026, 3, 2, 10, tzinfo=timezone.utc), datetime(2026, 3, 9, 4, tzinfo=timezone.utc)
    await deletes.delete_rows(conn, user_id, deletes.Filters(metric="step_count", start=start, end=end), False)
    await same_everywhere(client, key, spy)
    await same_catalog(client, key, conn, user_id)
    out = await asyncio.to_thread(run, cfg, "delete", "--user", "rolly@example.org", "--metric", "active_energy")
    assert out.returncode == 0, out.stderr
    await get(client, key, "/api/v1/metrics/active_energy?bucket=day&tz=Europe/Berlin", status=404)
    await same_everywhere(client, key, spy, [u for u in QUERIES if "active_energy" not in u])
    await same_catalog(client, key, conn, user_id)
    # the heart rate body processed again after its rows were deleted: they come back, and so do their days
    resp = await client.post(
        "/api/v1/ingest", data=_body(metric("heart_rate", "count/min", *heart(FIRST, 5))), headers=auth(key)
    )
    ingestion_id = (await resp.json())["ingestion_id"]
    await deletes.delete_rows(conn, user_id, deletes.Filters(family="metrics", start=FIRST, end=end), False)
    await same_catalog(client, key, conn, user_id)
    out = await asyncio.to_thread(run, cfg, "reprocess", "--id", str(ingestion_id))
    assert out.returncode == 0, out.stderr
    await same_everywhere(client, key, spy, ["/api/v1/metrics/heart_rate?bucket=day"])
    await rollup.catch_up(pool)
    await same_everywhere(client, key, spy, ["/api/v1/metrics/heart_rate?bucket=day"])
    await same_catalog(client, key, conn, user_id)
    out = await asyncio.to_thread(run, cfg, "user", "purge", "rolly@example.org", "--yes")
    assert out.returncode == 0, out.stderr
    assert dict(await conn.fetchrow(tsql("rollup_rows_of"), user_id)) == {
        "zones": 0,
        "days": 0,
        "marks": 0,
        "summary": 0,
    }


def _body(*metrics) -> bytes:
    return body(metrics=list(metrics))


async def test_a_new_zone_is_read_from_the_samples_until_built_again(client, new_key, conn, pool, monkeypatch):
    user_id, key = await new_key()
    spy = Spy(monkeypatch)
    await client.patch("/api/v1/me", json={"tz": "Europe/Berlin"}, headers=auth(key))
    await seed(client, key)
    await rollup.catch_up(pool)
    await client.patch("/api/v1/me", json={"tz": "Asia/Kolkata"}, headers=auth(key))  # +05:30
    await same_everywhere(client, key, spy, QUERIES, tz="Asia/Kolkata", rolled_up=False)
    await rollup.catch_up(pool)
    assert await reads.rollup_zone(conn, user_id) == "Asia/Kolkata"
    await same_everywhere(client, key, spy, QUERIES, tz="Asia/Kolkata")
    await same_everywhere(client, key, spy, QUERIES[:2], tz="Europe/Berlin", rolled_up=False)
    await same_catalog(client, key, conn, user_id)


async def test_metric_kind_comes_from_the_catalog_rows(client, new_key, conn, pool):
    user_id, key = await new_key()
    await seed(client, key)
    before = {m: await reads.metric_kind(conn, user_id, m) for m in ("step_count", "heart_rate")}
    await rollup.catch_up(pool)
    after = {m: await reads.metric_kind(conn, user_id, m) for m in ("step_count", "heart_rate")}
    assert before == after == {"step_count": "quantity", "heart_rate": "heart_rate"}
    await ingest(client, key, metrics=[metric("respiratory_rate", "count/min", *walks(FIRST, 1, "Watch", 0.01))])
    assert await reads.metric_kind(conn, user_id, "respiratory_rate") == "quantity"  # from its mark
    await get(client, key, "/api/v1/metrics/body_mass?bucket=day", status=404)


def test_only_whole_local_days_of_rolled_up_tables_fit():
    ctx = local.Context("Europe/Berlin", BERLIN, "metric")
    midnight = local.instant(date(2026, 3, 29), BERLIN)  # the day clocks spring forward
    q = SeriesQuery("step_count", midnight, None, None, "month", "sum", None, True, 100)
    assert series.rollup_fits("quantity", q, ctx) and series.rollup_fits("heart_rate", q, ctx)
    assert not series.rollup_fits("blood_pressure", q, ctx)
    for bucket in (None, "minute", "hour"):
        assert not series.rollup_fits("quantity", replace(q, bucket=bucket), ctx)
    later = midnight + timedelta(hours=1)
    assert not series.rollup_fits("quantity", SeriesQuery("s", None, later, None, "day", "sum", None, True, 9), ctx)
    assert local.is_midnight(None, BERLIN) and local.is_midnight(midnight.astimezone(timezone.utc), BERLIN)
    assert not local.is_midnight(datetime(2026, 3, 29, 0, tzinfo=timezone.utc), BERLIN)


def test_marked_days_are_read_in_runs_of_consecutive_days():
    d = [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 7), date(2026, 4, 1), date(2026, 4, 2)]
    assert series.day_runs(d) == [(d[0], d[2]), (d[3], d[3]), (d[4], d[5])]
    assert series.day_runs([]) == []
