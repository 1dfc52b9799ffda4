"""Reads over the real payloads in ../shared/fixtures/hae: merged weeks and months are the sums of merged days,
units convert, every response states its unit. Skips when the folder is absent."""

from collections import defaultdict
from datetime import date, datetime, timedelta

import orjson
import pytest

from healthsink.ingest import names
from tests.helpers import FIXTURES, auth
from tests.test_read_api import get

pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"no real payloads at {FIXTURES}")
DAILY = "metrics_daily_aggregated_30_metrics_real_2026-04-06_cornflower.json"
KJ = "metrics_active_energy_kJ_and_empty_basal_body_temperature_2021_irvinlim.json"


async def _post(client, key, name: str) -> dict:
    raw = (FIXTURES / name).read_bytes()
    resp = await client.post("/api/v1/ingest", data=raw, headers={**auth(key), "Content-Type": "application/json"})
    assert resp.status == 200, await resp.text()
    return orjson.loads(raw)


def _metric(payload: dict, name: str) -> dict:
    return next(m for m in payload["data"]["metrics"] if m["name"] == name)


async def test_daily_buckets_of_the_real_export_add_up(client, new_key):
    _, key = await new_key()
    payload = await _post(client, key, DAILY)
    tz = "America/Denver"  # the export's -0600 in spring 2026
    flights = _metric(payload, "flights_climbed")["data"]
    per_day: dict = defaultdict(float)
    for p in flights:  # one point per day and source: a merged day is the largest one
        day = datetime.strptime(p["date"], "%Y-%m-%d %H:%M:%S %z").date()
        per_day[day] = max(per_day[day], p["qty"])
    days = await get(client, key, f"/api/v1/metrics/flights_climbed?bucket=day&merge=true&tz={tz}")
    assert {date.fromisoformat(p["date"][:10]): p["qty"] for p in days["points"]} == dict(per_day)
    starts = (("week", lambda d: d - timedelta(days=d.weekday())), ("month", lambda d: d.replace(day=1)))
    for bucket, start_of in starts:
        out = await get(client, key, f"/api/v1/metrics/flights_climbed?bucket={bucket}&merge=true&tz={tz}")
        expected: dict = defaultdict(float)
        for d, qty in per_day.items():
            expected[start_of(d)] += qty
        assert {date.fromisoformat(p["date"][:10]): p["qty"] for p in out["points"]} == dict(expected), bucket

    miles = {
        datetime.strptime(p["date"], "%Y-%m-%d %H:%M:%S %z").date(): p["qty"]
        for p in _metric(payload, "walking_running_distance")["data"]
    }
    km = await get(client, key, f"/api/v1/metrics/walking_running_distance?bucket=day&merge=true&tz={tz}&units=metric")
    assert km["units"] == "km"
    assert {date.fromisoformat(p["date"][:10]): round(p["qty"], 9) for p in km["points"]} == {
        d: round(q * 1.609344, 9) for d, q in miles.items()
    }
    mi = await get(client, key, f"/api/v1/metrics/walking_running_distance?bucket=day&merge=true&tz={tz}&units=mi")
    assert {date.fromisoformat(p["date"][:10]): round(p["qty"], 9) for p in mi["points"]} == {
        d: round(q, 9) for d, q in miles.items()
    }

    for m in payload["data"]["metrics"]:  # every bucketed and raw read states its unit
        name = names.normalise(m["name"])
        if name == "sleep_analysis" or not m["data"]:
            continue
        for query in ("", "?bucket=week&tz=America/Denver"):
            out = await get(client, key, f"/api/v1/metrics/{name}{query}")
            assert out["units"], (name, query)


async def test_kilojoules_read_back_in_kilocalories(client, new_key):
    _, key = await new_key()
    payload = await _post(client, key, KJ)
    sent_kj = sum(p["qty"] for p in _metric(payload, "active_energy")["data"])
    out = await get(client, key, "/api/v1/metrics/active_energy?bucket=day&tz=Asia/Shanghai")
    assert out["units"] == "kcal" and abs(out["points"][0]["qty"] - sent_kj / 4.184) < 1e-9
    back = await get(client, key, "/api/v1/metrics/active_energy?bucket=day&tz=Asia/Shanghai&units=kJ")
    assert abs(back["points"][0]["qty"] - sent_kj) < 1e-9
