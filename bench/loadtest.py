"""`make loadtest`: 64 phones syncing at once against 127.0.0.1.

Each client posts distinct small incremental bodies (50 samples, as a periodic sync) for 20 s against a
`healthsink serve` subprocess on a fresh database; prints requests/s, latency percentiles and errors.
Bounded in time (HEALTHSINK_LOADTEST_SECONDS) and in requests (HEALTHSINK_LOADTEST_MAX_REQUESTS).
`--open` (make loadtest-open) sends at fixed arrival rates instead: bench/open_loop.py.

The clients share the server's two cores, so they are kept lean: one keep-alive HTTP/1.1 connection each,
written and read with asyncio streams (aiohttp's client cost ~1 ms of CPU a request here, a sixth of
the whole), and timestamps formatted once, not per request.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import aiohttp
import orjson

from bench.common import Server, calibration, fresh_database, new_key, server_url

CLIENTS = int(os.environ.get("HEALTHSINK_LOADTEST_CLIENTS", "64"))
SECONDS = float(os.environ.get("HEALTHSINK_LOADTEST_SECONDS", "20"))
MAX_REQUESTS = int(os.environ.get("HEALTHSINK_LOADTEST_MAX_REQUESTS", "100000"))
START = datetime(2026, 1, 1, tzinfo=timezone.utc)
PER_SYNC = 25  # minutes per sync: 25 heart-rate and 25 step samples


class Minutes:
    """'%Y-%m-%d %H:%M:%S +0000' of START + m minutes, formatted once."""

    def __init__(self) -> None:
        self._s: list[str] = []

    def __getitem__(self, m: int) -> str:
        while m >= len(self._s):
            self._s.append((START + timedelta(minutes=len(self._s))).strftime("%Y-%m-%d %H:%M:%S +0000"))
        return self._s[m]


def sync_body(minutes: Minutes, client: int, n: int) -> bytes:
    """50 samples: 25 heart-rate minutes and 25 step minutes, distinct per client and request."""
    t0 = PER_SYNC * n
    src = f"Watch {client}"
    hr = [{"date": minutes[t0 + i], "Min": 60, "Avg": 70 + i, "Max": 80, "source": src} for i in range(PER_SYNC)]
    steps = [{"date": minutes[t0 + i], "qty": i, "source": src} for i in range(PER_SYNC)]
    return orjson.dumps(
        {
            "data": {
                "metrics": [
                    {"name": "heart_rate", "units": "count/min", "data": hr},
                    {"name": "step_count", "units": "count", "data": steps},
                ]
            }
        },
        option=orjson.OPT_INDENT_2,
    )


async def phone(url, key, client, deadline, latencies, errors, budget, minutes):
    u = urlsplit(url)
    reader, writer = await asyncio.open_connection(u.hostname, u.port)
    head = (
        f"POST /api/v1/ingest HTTP/1.1\r\nHost: {u.netloc}\r\nAuthorization: Bearer {key}\r\n"
        "Content-Type: application/json\r\nContent-Length: "
    ).encode()
    n = 0
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            payload = sync_body(minutes, client, n)
            n += 1
            t = time.perf_counter()
            writer.write(b"%s%d\r\n\r\n%s" % (head, len(payload), payload))
            status = await read_status(reader)
            if status != 200:
                errors.append(status)
                continue
            latencies.append(time.perf_counter() - t)
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
        errors.append(repr(exc))
    finally:
        writer.close()


async def read_status(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (a Content-Length body, as healthsink's ingest answers); its status."""
    status_line = await reader.readline()
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return int(status_line.split()[1]) if status_line else 0


async def warm_up(url: str, keys: list[str]) -> None:
    """Each key verified once (Argon2), as after any restart; with several workers, on several connections."""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as session:
        for key in keys * 4:
            async with session.get(url + "/api/v1/ingestions", headers={"Authorization": f"Bearer {key}"}):
                pass


def pct(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))] * 1000


async def main() -> None:
    url = fresh_database(server_url(), "healthsink_loadtest")
    keys = [new_key(url, f"phone{i}@example.org") for i in range(8)]  # a family's worth of keys
    minutes = Minutes()
    async with Server(url) as server:
        latencies, errors, budget = [], [], [MAX_REQUESTS]
        await warm_up(server.url, keys)
        started = time.perf_counter()
        deadline = started + SECONDS
        await asyncio.gather(
            *(
                phone(server.url, keys[c % len(keys)], c, deadline, latencies, errors, budget, minutes)
                for c in range(CLIENTS)
            )
        )
        elapsed = time.perf_counter() - started
        rss = server.peak_rss_mb()
    lat = sorted(latencies)
    print(calibration())
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
    if "--open" in sys.argv[1:]:
        from bench import open_loop

        asyncio.run(open_loop.main())
    else:
        asyncio.run(main())
