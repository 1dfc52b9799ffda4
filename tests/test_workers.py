"""`healthsink serve --workers 2` as a real process tree: one port, summed /metrics, shared limits, stops."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import free_port
from tests.helpers import auth

POOL = 2  # pool_min = pool_max per worker: the summed pool gauge is then exactly POOL * workers


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def listening(port: int) -> int:
    """Sockets listening on 127.0.0.1:port. A worker listens only once its start-up (pool and all) is done,
    and the parent's socket holds the port without listening."""
    want = f"0100007F:{port:04X}"
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return sum(1 for r in rows if r[1] == want and r[3] == "0A")


def metrics_dir(pid: int) -> str:
    env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return next(e.split(b"=", 1)[1].decode() for e in env if e.startswith(b"PROMETHEUS_MULTIPROC_DIR="))


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one series in Prometheus text format (0 when absent)."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        series, _, value = line.rpartition(" ")
        if series == (f"{name}{{{want}}}" if labels else name):
            return float(value)
    return 0.0


def spawn(log_path: Path, workers: int, env: dict[str, str]) -> subprocess.Popen:
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "healthsink", "serve", "--workers", str(workers)], env=env, stdout=log, stderr=log
        )


@pytest.fixture
def start(db_url, redis_url, tmp_path):
    procs = []

    async def run(workers: int = 2, **env: str) -> tuple[subprocess.Popen, str]:
        port = free_port()
        e = {
            **os.environ,
            "HEALTHSINK_DATABASE_URL": db_url,
            "HEALTHSINK_REDIS_URL": redis_url,
            "HEALTHSINK_SERVER_PORT": str(port),
            "HEALTHSINK_LOG_LEVEL": "warning",
            "HEALTHSINK_DATABASE_POOL_MIN": str(POOL),
            "HEALTHSINK_DATABASE_POOL_MAX": str(POOL),
            "HEALTHSINK_SERVER_SHUTDOWN_TIMEOUT_S": "5",
            **env,
        }
        proc = spawn(tmp_path / f"serve{len(procs)}.log", workers, e)
        procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        async with aiohttp.ClientSession() as s:
            while True:
                assert proc.poll() is None, (tmp_path / f"serve{len(procs) - 1}.log").read_text()
                try:
                    async with s.get(url + "/health") as r:
                        if r.status == 200 and listening(port) == workers:
                            break
                except aiohttp.ClientError:
                    pass
                assert time.monotonic() < deadline, "server did not start"
                await asyncio.sleep(0.1)
        return proc, url

    yield run
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait(10)


async def scrape(url: str) -> str:
    async with aiohttp.ClientSession() as s, s.get(url + "/metrics") as r:
        return await r.text()


async def fresh_connections(url: str, n: int, headers: dict | None = None) -> list[int]:
    """n GETs, each on a new connection, so SO_REUSEPORT spreads them over the workers."""
    statuses = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as s:
        for _ in range(n):
            async with s.get(url, headers=headers) as r:
                await r.read()
                statuses.append(r.status)
    return statuses


async def test_two_workers_one_port_summed_metrics_and_a_clean_stop(start):
    proc, url = await start(workers=2)
    workers = children(proc.pid)
    assert len(workers) == 2 and all(alive(w) for w in workers)
    folder = metrics_dir(workers[0])
    assert Path(folder).is_dir()

    before = sample(await scrape(url), "healthsink_http_requests_total", method="GET", route="/health", status="200")
    assert await fresh_connections(url + "/health", 40) == [200] * 40
    text = await scrape(url)
    # Each worker opens exactly POOL connections: a sum over both is 2 * POOL, one worker alone POOL.
    assert sample(text, "healthsink_db_pool_size") == 2 * POOL
    # 40 connections spread by the kernel's hash reach both workers (all on one: odds 2**-39); the count is
    # the sum of both.
    assert sample(text, "healthsink_http_requests_total", method="GET", route="/health", status="200") == before + 40

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    assert not any(alive(w) for w in workers)
    assert not Path(folder).exists()


async def test_rate_limits_are_shared_through_redis(start, new_key):
    _, key = await new_key("limits@example.org")
    _, url = await start(workers=2, HEALTHSINK_RATE_LIMIT_REQUESTS_PER_HOUR="10")
    statuses = await fresh_connections(url + "/api/v1/ingestions", 16, auth(key))
    # counted per process, each of two workers would let up to 10 through
    assert statuses.count(200) == 10 and statuses.count(429) == 6


async def test_a_dead_worker_stops_the_others_and_the_parent_fails(start):
    proc, _ = await start(workers=2)
    first, second = children(proc.pid)
    os.kill(first, signal.SIGKILL)
    assert proc.wait(30) == 1  # non-zero: systemd's Restart=on-failure starts the set again
    assert not alive(second)


async def test_sigint_stops_all_too(start):
    proc, _ = await start(workers=2)
    workers = children(proc.pid)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(30) == 0
    assert not any(alive(w) for w in workers)


async def test_workers_stop_when_the_parent_is_killed(start):
    proc, _ = await start(workers=2)
    workers = children(proc.pid)
    proc.kill()  # no chance to stop them: the kernel tells them (PR_SET_PDEATHSIG)
    proc.wait(10)
    deadline = time.monotonic() + 30
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert not any(alive(w) for w in workers)
