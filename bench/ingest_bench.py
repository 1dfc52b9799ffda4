"""`make bench`: healthsink's ingest against the storage floor, in one run.

1. Builds a deterministic, realistic backfill body (~1M samples, pretty-printed as the app does; some
   metrics put `data` before `name`, as the app's arbitrary key order does).
2. Storage floor: the same rows, built beforehand, COPY'd by bare asyncpg into staging tables and merged
   with ON CONFLICT into the monthly-partitioned tables (fresh database).
3. End to end: `healthsink serve` in a subprocess (fresh database); POST the body, poll until processed.
Prints samples/s for both, their ratio, the CPU seconds each spent (Python side and PostgreSQL's backend),
and the server's peak RSS (VmHWM). HEALTHSINK_BENCH_ROUNDS=N runs floor and end to end N times, in turn:
on a machine others share, one round's ratio moves with their load, the median of several less so.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

import aiohttp
import asyncpg
import orjson

from bench.common import ROOT, Server, backend_pids, calibration, cpu_seconds, fresh_database, new_key, server_url
from healthsink.ingest import envelope, registry
from healthsink.ingest.result import Result
from healthsink.ingest.rows import RowBuilder
from healthsink.store import accounts, db
from healthsink.store.flush import flush
from healthsink.store.partitions import Partitions

OUT = ROOT / "bench" / "out"
SCALE = float(os.environ.get("HEALTHSINK_BENCH_SCALE", "1"))
ROUNDS = int(os.environ.get("HEALTHSINK_BENCH_ROUNDS", "1"))
GOAL_RATIO = 0.8  # issue 17 item 3
START = datetime(2025, 1, 1, tzinfo=timezone(timedelta(hours=-5)))


def _d(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S %z")


def build_body() -> tuple[bytes, int]:
    n = lambda x: int(x * SCALE)
    minutes = [START + timedelta(minutes=i) for i in range(n(400_000))]
    metrics = [
        # key order as the app writes it: arbitrary, so `data` first in some
        {
            "data": [
                {
                    "date": _d(t),
                    "Min": 55 + i % 40,
                    "Avg": 60 + i % 40 + 0.5,
                    "Max": 70 + i % 40,
                    "source": "Jane\u2019s Apple\u00a0Watch",
                }
                for i, t in enumerate(minutes)
            ],
            "name": "heart_rate",
            "units": "count/min",
        },
        {
            "name": "step_count",
            "units": "count",
            "data": [{"date": _d(t), "qty": i % 120, "source": "iPhone"} for i, t in enumerate(minutes[: n(250_000)])],
        },
        {
            "units": "kcal",
            "data": [
                {"date": _d(t), "qty": 0.5 + (i % 50) / 10, "source": "Jane\u2019s Apple\u00a0Watch"}
                for i, t in enumerate(minutes[: n(200_000)])
            ],
            "name": "active_energy",
        },
        {
            "name": "basal_energy_burned",
            "units": "kcal",
            "data": [
                {"date": _d(t), "qty": 1.1, "source": "Jane\u2019s Apple\u00a0Watch"} for t in minutes[: n(100_000)]
            ],
        },
    ]
    segments = []
    for night in range(n(365)):
        t = START + timedelta(days=night, hours=23)
        for k, stage in enumerate(("InBed", "Core", "Deep", "Core", "REM", "Core", "Awake", "REM")):
            segments.append(
                {
                    "startDate": _d(t + timedelta(minutes=50 * k)),
                    "endDate": _d(t + timedelta(minutes=50 * k + 45)),
                    "qty": 0.75,
                    "value": stage,
                    "source": "Jane\u2019s Apple\u00a0Watch",
                }
            )
    metrics.append({"name": "sleep_analysis", "units": "hr", "data": segments})
    workouts = []
    for w in range(n(50)):
        t0 = START + timedelta(days=w * 5, hours=7)
        workouts.append(
            {
                "id": f"00000000-0000-4000-8000-{w:012d}",
                "name": "Outdoor Run",
                "start": _d(t0),
                "end": _d(t0 + timedelta(minutes=40)),
                "duration": 2400,
                "location": "Outdoor",
                "distance": {"qty": 7.9, "units": "km"},
                "activeEnergyBurned": {"qty": 512, "units": "kcal"},
                "heartRateData": [
                    {
                        "date": _d(t0 + timedelta(minutes=m)),
                        "Min": 120,
                        "Avg": 140 + m % 20,
                        "Max": 170,
                        "units": "count/min",
                        "source": "Watch",
                    }
                    for m in range(30)
                ],
                "route": [
                    {
                        "latitude": 40.7 + i * 1e-5,
                        "longitude": -74.0 + i * 1e-5,
                        "altitude": 10 + i % 7,
                        "course": 90.0,
                        "courseAccuracy": 5.0,
                        "horizontalAccuracy": 3.0,
                        "verticalAccuracy": 2.0,
                        "speed": 3.3,
                        "speedAccuracy": 0.5,
                        "timestamp": _d(t0 + timedelta(seconds=2 * i)),
                    }
                    for i in range(1000)
                ],
            }
        )
    doc = {"data": {"metrics": metrics, "workouts": workouts}}
    samples = sum(len(m["data"]) for m in metrics) + sum(1 + 30 + 1000 for _ in workouts)
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2).replace(b'": ', b'" : '), samples


def build_rows(payload: bytes, batch_rows: int) -> list[dict]:
    """The rows healthsink would store, built before the clock starts (the floor does no parsing)."""
    b = RowBuilder(user_id=1, ingestion_id=0, result=Result())
    batches = []
    for event in envelope.events(envelope.loads(payload)):
        registry.apply(b, event)
        if b.pending >= batch_rows:
            batches.append(b.take())
    batches.append(b.take())
    return batches


class Timed(NamedTuple):
    seconds: float
    cpu_python: float  # the bench's own process (floor) or the server's (end to end)
    cpu_pg: float  # PostgreSQL's backends serving that database


def _cpu_by_pid(pids) -> dict[int, float]:
    return {pid: cpu_seconds([pid]) for pid in pids}


def _cpu_since(before: dict[int, float], pids) -> float:
    """CPU spent since `before` by `pids` (a backend that started since counts from zero)."""
    return sum(now - before.get(pid, 0.0) for pid, now in _cpu_by_pid(pids).items())


async def storage_floor(url: str, batches: list[dict]) -> Timed:
    conn = await asyncpg.connect(url)
    await db.init_connection(conn)
    assert await accounts.add_user(conn, "bench@example.org") == 1  # the rows were built for user 1
    partitions = Partitions()
    backend = [conn.get_server_pid()]
    pg_before, cpu_before = cpu_seconds(backend), time.process_time()
    started = time.perf_counter()
    for batch in batches:
        await flush(conn, partitions, batch)
    elapsed = time.perf_counter() - started
    out = Timed(elapsed, time.process_time() - cpu_before, cpu_seconds(backend) - pg_before)
    await conn.close()
    return out


async def end_to_end(url: str, body_path: Path, export: bool) -> tuple[Timed, float, dict]:
    key = new_key(url, "bench@example.org")
    async with Server(url) as server:
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3600)) as s:
            server_before, pg_before = _cpu_by_pid(server.pids()), _cpu_by_pid(backend_pids(url))
            started = time.perf_counter()
            with body_path.open("rb") as f:
                async with s.post(server.url + "/api/v1/ingest", data=f, headers=headers) as r:
                    accepted = await r.json()
            accepted_s = time.perf_counter() - started
            while True:
                async with s.get(f"{server.url}/api/v1/ingestions/{accepted['ingestion_id']}", headers=headers) as r:
                    state = await r.json()
                if state["status"] in ("processed", "failed"):
                    break
                await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - started
            timed = Timed(elapsed, _cpu_since(server_before, server.pids()), _cpu_since(pg_before, backend_pids(url)))
            print(
                f"end to end: body received, hashed, gzip'd and archived in {accepted_s:.1f} s (202 queued); "
                f"processed {elapsed - accepted_s:.1f} s later"
            )
            peak = server.peak_rss_mb()
            if export:
                # An export of everything just stored, read and discarded: the server's memory must not grow.
                rss_before = server.rss_mb()
                t = time.perf_counter()
                lines = 0
                for kind in ("heart_rate", "quantity", "route_points"):
                    async with s.get(f"{server.url}/api/v1/export?format=ndjson&type={kind}", headers=headers) as r:
                        async for chunk in r.content.iter_chunked(1 << 16):
                            lines += chunk.count(b"\n")
                print(
                    f"export: {lines:,} rows as NDJSON in {time.perf_counter() - t:.1f} s; server RSS "
                    f"{rss_before:.0f} MB before, {server.rss_mb():.0f} MB after"
                )
        return timed, peak, state


def _cpu(t: Timed, python: str) -> str:
    return f"CPU {t.cpu_python + t.cpu_pg:6.2f} s ({python} {t.cpu_python:.2f} + PostgreSQL {t.cpu_pg:.2f})"


async def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(calibration())
    t = time.perf_counter()
    payload, samples = build_body()
    body_path = OUT / "backfill.json"
    body_path.write_bytes(payload)
    print(f"body: {len(payload) / 1e6:.1f} MB, {samples:,} samples (built in {time.perf_counter() - t:.1f} s)")
    batches = build_rows(payload, 50_000)
    rows = sum(len(r) for batch in batches for r in batch.values())
    del payload

    base = server_url()
    ratios, rss = [], 0.0
    for n in range(ROUNDS):
        floor = await storage_floor(fresh_database(base, "healthsink_bench_floor"), batches)
        e2e, peak, state = await end_to_end(fresh_database(base, "healthsink_bench_e2e"), body_path, export=n == 0)
        if state["status"] != "processed":
            raise SystemExit(f"ingestion failed: {state}")
        rss = max(rss, peak)
        floor_rate, e2e_rate = rows / floor.seconds, rows / e2e.seconds
        ratios.append(e2e_rate / floor_rate)
        if n == 0:
            print(
                f"rows stored: {rows:,} (processed items: {sum(state['processed'].values()):,}, "
                f"errors: {len(state['errors'])})"
            )
        print(f"round {n + 1}/{ROUNDS}")
        print(
            f"  storage floor  (COPY + merge, bare asyncpg): {floor.seconds:7.2f} s  {floor_rate:10,.0f} samples/s"
            f"  {_cpu(floor, 'bench')}"
        )
        print(
            f"  healthsink end to end (POST -> processed):   {e2e.seconds:7.2f} s  {e2e_rate:10,.0f} samples/s"
            f"  {_cpu(e2e, 'server')}"
        )
        print(f"  ratio end-to-end / floor: {ratios[-1]:.2f}", flush=True)
    ratios.sort()
    median = (
        ratios[len(ratios) // 2] if len(ratios) % 2 else sum(ratios[len(ratios) // 2 - 1 : len(ratios) // 2 + 1]) / 2
    )
    print(
        f"ratio end-to-end / floor: median {median:.2f} of {ROUNDS} ({', '.join(f'{r:.2f}' for r in ratios)})"
        f"   (goal >= {GOAL_RATIO:.2f}: {'met' if median >= GOAL_RATIO else 'NOT met'})"
    )
    print(f"server peak RSS: {rss:.0f} MB   (goal <= 300 MB)")
    print(calibration())


if __name__ == "__main__":
    asyncio.run(main())
