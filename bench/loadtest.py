"""`make loadtest`: 64 phones syncing at once against 127.0.0.1.

Each client posts distinct small incremental bodies (50 samples, as a periodic sync) for 20 s against a
`healthsink serve` subprocess on a fresh database; prints requests/s, latency percentiles and errors.
Bounded in time (HEALTHSINK_LOADTEST_SECONDS) and in requests (HEALTHSINK_LOADTEST_MAX_REQUESTS).
"""
from __future__ import annotations

import asyncio
import os
import time
from datetime import datetime, timedelta, timezone

import aiohttp
import orjson

from bench.common import Server, fresh_database, new_key, server_url

CLIENTS = int(os.environ.get("HEALTHSINK_LOADTEST_CLIENTS", "64"))
SECONDS = float(os.environ.get("HEALTHSINK_LOADTEST_SECONDS", "20"))
MAX_REQUESTS = int(os.environ.get("HEALTHSINK_LOADTEST_MAX_REQUESTS", "100000"))
START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def sync_body(client: int, n: int) -> bytes:
    """50 samples: 25 heart-rate minutes and 25 step minutes, distinct per client and request."""
    t0 = START + timedelta(minutes=25 * n)
    src = f"Watch {client}"
    hr = [{"date": (t0 + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S +0000"), "Min": 60, "Avg": 70 + i,
           "Max": 80, "source": src} for i in range(25)]
    steps = [{"date": (t0 + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S +0000"), "qty": i, "source": src}
             for i in range(25)]
    return orjson.dumps({"data": {"metrics": [{"name": "heart_rate", "units": "count/min", "data": hr},
                                              {"name": "step_count", "units": "count", "data": steps}]}},
                        option=orjson.OPT_INDENT_2)


async def phone(session, url, key, client, deadline, latencies, errors, budget):
    n = 0
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
        payload = sync_body(client, n)
        n += 1
        t = time.perf_counter()
        try:
            async with session.post(url + "/api/v1/ingest", data=payload, headers=headers) as r:
                await r.read()
                if r.status != 200:
                    errors.append(r.status)
                    continue
        except aiohttp.ClientError as exc:
            errors.append(repr(exc))
            continue
        latencies.append(time.perf_counter() - t)


def pct(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))] * 1000


async def main() -> None:
    url = fresh_database(server_url(), "healthsink_loadtest")
    keys = [new_key(url, f"phone{i}@example.org") for i in range(8)]   # a family's worth of keys
    async with Server(url) as server:
        latencies, errors, budget = [], [], [MAX_REQUESTS]
        connector = aiohttp.TCPConnector(limit=CLIENTS)
        async with aiohttp.ClientSession(connector=connector) as session:
            # warm-up: each key verified once (Argon2), as after any restart
            for key in keys:
                async with session.get(server.url + "/api/v1/ingestions", headers={"Authorization": f"Bearer {key}"}):
                    pass
            started = time.perf_counter()
            deadline = started + SECONDS
            await asyncio.gather(*(phone(session, server.url, keys[c % len(keys)], c, deadline, latencies, errors,
                                         budget) for c in range(CLIENTS)))
            elapsed = time.perf_counter() - started
        rss = server.peak_rss_mb()
    lat = sorted(latencies)
    print(f"{CLIENTS} clients, {elapsed:.1f} s, 50 samples per request")
    print(f"requests: {len(lat)} ok, {len(errors)} errors {sorted(set(map(str, errors)))[:5]}")
    print(f"throughput: {len(lat) / elapsed:.0f} requests/s ({len(lat) * 50 / elapsed:,.0f} samples/s)   (goal >= 200)")
    if lat:
        print(f"latency ms: p50 {pct(lat, 50):.1f}  p95 {pct(lat, 95):.1f}  p99 {pct(lat, 99):.1f}   (goal p99 <= 250)")
    print(f"server peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    try:
        import uvloop
        uvloop.install()
    except ImportError:
        pass
    asyncio.run(main())
