"""`make loadtest-open`: syncs at fixed arrival rates, latency as the phones feel it.

Closed-loop clients (make loadtest) send their next request only when the last one is answered, so a slow
server is sent less and its stalls hide (coordinated omission). Here request i is due at start + i / rate
whatever happened before; its latency runs from that due time to the end of its answer, so time spent
waiting for a free connection, or in a generator that fell behind, counts too.

For each rate (HEALTHSINK_LOADTEST_RATES, syncs/s), HEALTHSINK_LOADTEST_SECONDS of 50-sample bodies against
`healthsink serve --workers HEALTHSINK_LOADTEST_WORKERS` (default 2) on a fresh database; prints p50/p99/p99.9,
errors and the rate reached, then the highest rate whose p99 stayed within 100 ms with no errors. Rates stop
rising once one misses badly (p99 over a second). The generator is this process; the server's workers and
PostgreSQL are others, all on the same cores. The rate limits are raised for the run: it measures throughput.
"""

from __future__ import annotations

import asyncio
import os
import time
from urllib.parse import urlsplit

from bench.common import Server, backend_pids, calibration, cpu_seconds, fresh_database, new_key, server_url
from bench.loadtest import Minutes, pct, read_status, sync_body, warm_up

RATES = [int(r) for r in os.environ.get("HEALTHSINK_LOADTEST_RATES", "300,400,500,600,700,800").split(",")]
SECONDS = float(os.environ.get("HEALTHSINK_LOADTEST_SECONDS", "30"))
WORKERS = int(os.environ.get("HEALTHSINK_LOADTEST_WORKERS", "2"))
PHONES = 64  # distinct sources: request i is phone i % PHONES's next sync
MAX_CONNECTIONS = 256  # beyond this a due request waits for a free connection (and that wait counts)
DRAIN_S = 10.0  # after the last due time, answers still missing by then are errors
GOAL_P99_MS = 100.0
WARM_UP_RATE, WARM_UP_S = 100, 3.0


class Connections:
    """Keep-alive connections, opened when none is free, so the kernel spreads them over the workers."""

    def __init__(self, url: str) -> None:
        self.u = urlsplit(url)
        self.idle: list[tuple] = []
        self.opened = 0
        self.freed = asyncio.Condition()

    async def get(self):
        while not self.idle:
            if self.opened < MAX_CONNECTIONS:
                self.opened += 1
                try:
                    return await asyncio.open_connection(self.u.hostname, self.u.port)
                except OSError:
                    self.opened -= 1
                    raise
            async with self.freed:
                await self.freed.wait()
        return self.idle.pop()

    async def put(self, conn, reusable: bool) -> None:
        if reusable:
            self.idle.append(conn)
        else:
            conn[1].close()
            self.opened -= 1
        async with self.freed:
            self.freed.notify()


async def one_sync(conns, head, payload, due, latencies, errors) -> None:
    try:
        conn = await conns.get()
    except OSError as exc:
        errors.append(repr(exc))
        return
    reader, writer = conn
    ok = False
    try:
        writer.write(b"%s%d\r\n\r\n%s" % (head, len(payload), payload))
        status = await read_status(reader)
        ok = True
        if status == 200:
            latencies.append(time.perf_counter() - due)
        else:
            errors.append(status)
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
        errors.append(repr(exc))
    finally:
        await conns.put(conn, ok)


class CPU:
    """CPU time spent per answered sync by the server's processes, PostgreSQL's backends and this generator."""

    def __init__(self, server: Server, db_url: str) -> None:
        self.groups = {
            "server": server.pids,
            "PostgreSQL": lambda: backend_pids(db_url),
            "generator": lambda: [os.getpid()],
        }

    def sample(self) -> dict[str, tuple[list[int], float]]:
        out = {}
        for name, pids in self.groups.items():
            ps = pids()
            out[name] = (ps, cpu_seconds(ps))
        return out

    @staticmethod
    def per_sync(before: dict, ok: int) -> str:
        parts = []
        for name, (pids, t0) in before.items():
            spent = cpu_seconds(pids) - t0
            parts.append(f"{name} {spent / max(ok, 1) * 1000:.2f}")
        return "CPU ms a sync: " + ", ".join(parts)


async def run_rate(url, heads, rate, first, minutes, seconds=SECONDS) -> dict:
    """Requests first.. at `rate` a second for `seconds`; returns the figures."""
    conns = Connections(url)
    latencies: list[float] = []
    errors: list = []
    tasks = set()
    total = int(rate * seconds)
    start = time.perf_counter() + 0.05
    lag = 0.0
    for i in range(total):
        due = start + i / rate
        now = time.perf_counter()
        if due > now:
            await asyncio.sleep(due - now)
        else:
            lag = max(lag, now - due)
        n = first + i
        payload = sync_body(minutes, n % PHONES, n // PHONES)
        task = asyncio.create_task(one_sync(conns, heads[n % len(heads)], payload, due, latencies, errors))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    end = start + total / rate
    if tasks:
        _, late = await asyncio.wait(set(tasks), timeout=max(0.0, end + DRAIN_S - time.perf_counter()))
        for t in late:
            t.cancel()
        errors.extend(["no answer"] * len(late))
    done_at = time.perf_counter()
    for reader_writer in conns.idle:
        reader_writer[1].close()
    lat = sorted(latencies)
    return {
        "rate": rate,
        "sent": total,
        "ok": len(lat),
        "errors": errors,
        "connections": conns.opened,
        "reached": len(lat) / (done_at - start),
        "lag_ms": lag * 1000,
        "p50": pct(lat, 50) if lat else float("nan"),
        "p99": pct(lat, 99) if lat else float("nan"),
        "p999": pct(lat, 99.9) if lat else float("nan"),
    }


def request_heads(url: str, keys: list[str]) -> list[bytes]:
    """Each key's ingest request up to its Content-Length value."""
    u = urlsplit(url)
    return [
        (
            f"POST /api/v1/ingest HTTP/1.1\r\nHost: {u.netloc}\r\nAuthorization: Bearer {key}\r\n"
            "Content-Type: application/json\r\nContent-Length: "
        ).encode()
        for key in keys
    ]


def report(r: dict) -> str:
    errs = sorted(set(map(str, r["errors"])))[:3]
    return (
        f"{r['rate']:>5}/s  sent {r['sent']:>6}  ok {r['ok']:>6}  errors {len(r['errors']):>5} {errs if errs else ''}"
        f"  p50 {r['p50']:7.1f}  p99 {r['p99']:7.1f}  p99.9 {r['p999']:7.1f} ms"
        f"  answered {r['reached']:.0f}/s  connections {r['connections']}  generator behind by up to "
        f"{r['lag_ms']:.0f} ms"
    )


async def main() -> None:
    url = fresh_database(server_url(), "healthsink_loadtest")
    keys = [new_key(url, f"phone{i}@example.org") for i in range(8)]
    minutes = Minutes()
    results = []
    print(calibration())
    print(
        f"open loop: {SECONDS:.0f} s per rate, 50 samples per sync, {PHONES} phones on {len(keys)} keys, "
        f"server --workers {WORKERS}; latency from each request's due time"
    )
    async with Server(url, workers=WORKERS, HEALTHSINK_RATE_LIMIT_REQUESTS_PER_HOUR="100000000") as server:
        await warm_up(server.url, keys)
        heads = request_heads(server.url, keys)
        # Not measured: every worker's pool, prepared statements, key cache and this month's partitions.
        first = (await run_rate(server.url, heads, WARM_UP_RATE, 0, minutes, WARM_UP_S))["sent"]
        cpu = CPU(server, url)
        for rate in RATES:
            before = cpu.sample()
            r = await run_rate(server.url, heads, rate, first, minutes)
            first += r["sent"]
            results.append(r)
            print(report(r), flush=True)
            print("         " + cpu.per_sync(before, r["ok"]), flush=True)
            if r["p99"] > 1000 or len(r["errors"]) > r["sent"] // 10:
                print(f"stopping: {rate}/s is well past what this machine holds now")
                break
        rss = server.peak_rss_mb()
    met = [r["rate"] for r in results if r["p99"] <= GOAL_P99_MS and not r["errors"]]
    print(
        f"highest rate with p99 <= {GOAL_P99_MS:.0f} ms and no errors: "
        + (f"{max(met)} syncs/s" if met else "none of those tried")
        + "   (goal: 600 with --workers 2)"
    )
    print(f"server peak RSS (all processes): {rss:.0f} MB")
    print(calibration())


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(main())
