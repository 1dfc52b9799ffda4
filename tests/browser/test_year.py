"""How fast the pages draw on a year of per-minute data: printed, not asserted (timings on a shared machine
are figures to read, not pass/fail). A year of heart rate every minute and steps every 5 minutes, posted
through the ingest endpoint a month a body."""

from __future__ import annotations

import io
import time
from datetime import datetime, timedelta

import orjson

from healthsink.store import db, rollup
from tests.browser.harness import log_in, make_key, new_tab
from tests.browser.seed import ZONE, today

PAGES = ["/", "/trends", "/sleep", "/heart", "/workouts", "/journal", "/data"]


def month_body(first: datetime, days: int) -> bytes:
    hr, steps = [], []
    for m in range(days * 1440):
        t = first + timedelta(minutes=m)
        stamp = t.strftime("%Y-%m-%d %H:%M:%S %z")
        v = 60 + (m * 7919) % 40
        hr.append({"date": stamp, "Min": v - 3, "Avg": v, "Max": v + 4, "source": "Apple Watch"})
        if m % 5 == 0 and 7 <= t.hour < 22:
            steps.append({"date": stamp, "qty": 40 + m % 60, "source": "iPhone"})
    return orjson.dumps(
        {
            "data": {
                "metrics": [
                    {"name": "heart_rate", "units": "count/min", "data": hr},
                    {"name": "step_count", "units": "count", "data": steps},
                ]
            }
        }
    )


async def test_first_render_on_a_year_of_minutes(make_client, cfg, db_url, browser):
    client = await make_client(cfg)
    phone = await make_key(db_url, "ingest")
    end = today() + timedelta(days=1)
    start = datetime(end.year, end.month, end.day, tzinfo=ZONE) - timedelta(days=365)
    began, samples = time.perf_counter(), 0
    for k in range(0, 365, 30):
        body = month_body(start + timedelta(days=k), min(30, 365 - k))
        r = await client.post(
            "/api/v1/ingest",
            data=io.BytesIO(body),
            headers={"Authorization": f"Bearer {phone}", "Content-Type": "application/json"},
        )
        assert r.status == 200, await r.text()
        samples += (await r.json())["processed"]["metrics"]
    seeded_s = time.perf_counter() - began
    tab = await new_tab(browser, str(client.make_url("/")))
    await log_in(tab, await make_key(db_url, "read"))
    figures, slowest = await first_renders(tab)
    print(f"\n{samples} samples seeded in {seeded_s:.1f} s; per page: (navigation to ready, panels drawn) ms")
    print("right after the year arrived (its days not yet in the daily rollup: read from the samples):")
    report(figures, slowest)
    # what a user sees every other day: the server's refresher has rolled the year up (store/rollup.py)
    pool = await db.create_pool(db_url, 1, 2)
    try:
        began = time.perf_counter()
        await rollup.catch_up(pool)
        print(f"once the daily rollup had caught up ({time.perf_counter() - began:.1f} s):")
    finally:
        await pool.close()
    report(*await first_renders(tab))
    # this user sent no energy, exercise or stand hours: those panels ask, get 404 unknown_metric, stay empty
    assert [e for e in tab.errors if "404" not in e] == [] and tab.blocked == []


async def first_renders(tab) -> tuple[dict, dict]:
    figures, slowest = {}, {}
    for path in PAGES:
        t0 = time.perf_counter()
        await tab.open(path)
        figures[path] = (
            round((time.perf_counter() - t0) * 1000),
            int(await tab.page.evaluate("document.body.dataset.renderMs")),
        )
        assert "error" not in (await tab.states()).values(), path
        slowest[path] = await tab.page.evaluate(
            "performance.getEntriesByType('resource')"
            ".filter(e => e.name.includes('/api/') || e.name.includes('/dashboard/session'))"
            ".sort((a, b) => b.duration - a.duration).slice(0, 2)"
            ".map(e => `${Math.round(e.duration)} ms ${e.name.replace(location.origin, '').slice(0, 90)}`)"
        )
    return figures, slowest


def report(figures: dict, slowest: dict) -> None:
    for path, (total, drawn) in figures.items():
        print(f"  {path:10} {total:6} {drawn:6}   slowest: {'; '.join(slowest[path])}")
