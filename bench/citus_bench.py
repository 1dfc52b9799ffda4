"""`make bench-citus`: syncs on a Citus cluster against plain PostgreSQL, on the same servers, in one run.

Run inside tests/citus_cluster.py (HEALTHSINK_TEST_CITUS_URL: the coordinator's database, migrated and
distributed, 8 shards a table, see the Makefile). "Plain" is a database on the same coordinator server without
the Citus extension (same binaries and settings; Citus's hooks do nothing there), so the difference is what
Citus costs on one machine, not what it scales to. Rounds alternate plain and Citus; each round uses new
users (new rows, no duplicates):
- closed loop, as `make loadtest`: HEALTHSINK_LOADTEST_CLIENTS (64) phones posting 50-sample syncs for
  HEALTHSINK_LOADTEST_SECONDS (15 s here): requests/s and p50/p99;
- open loop, as `make loadtest-open`: HEALTHSINK_BENCH_CITUS_RATE syncs a second (default 100) for the same
  time, latency from each request's due time: p50/p99.
Prints each round, then Citus against plain (throughput ratio, p99 ratio) over the best round of each.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from urllib.parse import urlsplit, urlunsplit

from bench.common import Server, calibration, fresh_database, new_key
from bench.loadtest import CLIENTS, Minutes, pct, phone, warm_up
from bench.open_loop import request_heads, run_rate

SECONDS = float(os.environ.get("HEALTHSINK_LOADTEST_SECONDS", "15"))
RATE = int(os.environ.get("HEALTHSINK_BENCH_CITUS_RATE", "100"))
ROUNDS = int(os.environ.get("HEALTHSINK_BENCH_CITUS_ROUNDS", "2"))
WORKERS = int(os.environ.get("HEALTHSINK_LOADTEST_WORKERS", "2"))


async def one_round(name: str, url: str, tag: str) -> dict:
    try:
        keys = [new_key(url, f"{tag}-phone{i}@example.org") for i in range(8)]
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{exc.cmd}: {exc.stderr}") from None
    minutes = Minutes()
    env = {"HEALTHSINK_RATE_LIMIT_REQUESTS_PER_HOUR": "100000000"}
    async with Server(url, workers=WORKERS, **env) as server:
        await warm_up(server.url, keys)
        heads = request_heads(server.url, keys)
        first = (await run_rate(server.url, heads, RATE, 0, minutes, 3.0))["sent"]  # pools, partitions
        opened = await run_rate(server.url, heads, RATE, first, minutes, SECONDS)
        # closed loop after the open one: its clients start past every sync the open loop sent
        latencies: list[float] = []
        errors: list = []
        started = time.perf_counter()
        await asyncio.gather(
            *(
                phone(server.url, keys[c % len(keys)], c + 1000, started + SECONDS, latencies, errors, [10**6], minutes)
                for c in range(CLIENTS)
            )
        )
        elapsed = time.perf_counter() - started
    lat = sorted(latencies)
    out = {
        "name": name,
        "rps": len(lat) / elapsed,
        "p50": pct(lat, 50) if lat else float("nan"),
        "p99": pct(lat, 99) if lat else float("nan"),
        "errors": len(errors) + len(opened["errors"]),
        "open_p50": opened["p50"],
        "open_p99": opened["p99"],
    }
    print(
        f"{name:>6}: closed loop {CLIENTS} clients {out['rps']:6.0f} requests/s  p50 {out['p50']:6.1f}  "
        f"p99 {out['p99']:6.1f} ms | open loop {RATE}/s  p50 {out['open_p50']:6.1f}  p99 {out['open_p99']:6.1f} ms"
        f" | errors {out['errors']}",
        flush=True,
    )
    return out


async def main() -> None:
    citus_url = os.environ["HEALTHSINK_TEST_CITUS_URL"]
    plain_url = fresh_database(urlunsplit(urlsplit(citus_url)._replace(path="/postgres")), "healthsink_plain")
    print(calibration())
    print(f"{SECONDS:.0f} s per loop, serve --workers {WORKERS}, 50 samples per sync; load: {os.getloadavg()}")
    results: dict[str, list[dict]] = {"plain": [], "citus": []}
    for r in range(ROUNDS):
        for name, url in (("plain", plain_url), ("citus", citus_url)):
            results[name].append(await one_round(name, url, f"r{r}"))
    best = {name: max(rs, key=lambda x: x["rps"]) for name, rs in results.items()}
    low = {name: min(rs, key=lambda x: x["open_p99"]) for name, rs in results.items()}
    print(calibration())
    print(
        f"Citus / plain: throughput {best['citus']['rps'] / best['plain']['rps']:.2f} x "
        f"({best['citus']['rps']:.0f} / {best['plain']['rps']:.0f} requests/s; goal >= 0.5 x), "
        f"closed-loop p99 {best['citus']['p99']:.0f} / {best['plain']['p99']:.0f} ms, "
        f"open-loop p99 at {RATE}/s {low['citus']['open_p99']:.0f} / {low['plain']['open_p99']:.0f} ms"
    )


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(main())
