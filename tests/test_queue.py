"""The queue: a killed server's body is finished after restart, SIGTERM puts work back, reprocess is idempotent."""

import asyncio
import io
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import aiohttp
import pytest

from healthsink import cli
from tests.conftest import free_port
from tests.helpers import auth, body, count, metric, tsql, wait_for

N_POINTS = 150_000


def big_body() -> bytes:
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    points = [
        {"date": (start + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S +0000"), "qty": i % 97, "source": "Watch"}
        for i in range(N_POINTS)
    ]
    return body(metrics=[metric("step_count", "count", *points)])


class Server:
    """`healthsink serve` in a subprocess, as systemd runs it."""

    def __init__(self, cfg, **env) -> None:
        self.port = free_port()
        self.env = {
            **os.environ,
            "HEALTHSINK_DATABASE_URL": cfg.database.url,
            "HEALTHSINK_REDIS_URL": cfg.redis.url,
            "HEALTHSINK_DATA_DIR": cfg.data_dir,
            "HEALTHSINK_SERVER_PORT": str(self.port),
            **env,
        }
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        log_path = os.path.join(self.env["HEALTHSINK_DATA_DIR"], f"serve-{self.port}.log")
        with open(log_path, "ab") as log:  # the child keeps its own copy of the descriptor
            # one process: SIGKILL must hit the one doing the work (a pre-fork parent's workers stop cleanly)
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "healthsink", "serve", "--workers", "1"], env=self.env, stdout=log, stderr=log
            )

        async def up():
            try:
                async with aiohttp.ClientSession() as s, s.get(self.url + "/health") as r:
                    return r.status == 200
            except aiohttp.ClientError:
                return False

        await wait_for(up, timeout=30)

    def signal(self, sig) -> int:
        self.proc.send_signal(sig)
        return self.proc.wait(30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def server_factory():
    servers = []

    def make(cfg, **env):
        s = Server(cfg, **env)
        servers.append(s)
        return s

    yield make
    for s in servers:
        s.stop()


async def _post(url, key, payload):
    async with (
        aiohttp.ClientSession() as s,
        s.post(url + "/api/v1/ingest", data=io.BytesIO(payload), headers=auth(key)) as r,
    ):
        return r.status, await r.json()


async def _status(conn, ingestion_id):
    return (await conn.fetchrow(tsql("ingestion_row"), ingestion_id))["status"]


@pytest.mark.parametrize("how", ["kill", "sigterm"])
async def test_stopping_mid_body_loses_nothing_and_doubles_nothing(cfg, conn, new_key, server_factory, how):
    user_id, key = await new_key()
    env = {
        "HEALTHSINK_INGEST_ASYNC_THRESHOLD_BYTES": "0",
        "HEALTHSINK_INGEST_BATCH_ROWS": "5000",
        "HEALTHSINK_INGEST_LEASE_S": "2",
    }
    first = server_factory(cfg, **env)
    await first.start()
    status, out = await _post(first.url, key, big_body())
    assert status == 202 and out["status"] == "queued"
    ingestion_id = out["ingestion_id"]

    async def partly_stored():
        n = await count(conn, "quantity_samples", user_id)
        return 0 < n < N_POINTS

    await wait_for(partly_stored, timeout=60, every=0.02)
    if how == "kill":
        first.signal(signal.SIGKILL)
        assert await _status(conn, ingestion_id) == "processing"  # the lease lapses in 2 s
    else:
        assert first.signal(signal.SIGTERM) == 0
        assert await _status(conn, ingestion_id) == "queued"  # handed back at once

    second = server_factory(cfg, **env)
    await second.start()

    async def processed():
        return await _status(conn, ingestion_id) == "processed"

    await wait_for(processed, timeout=90, every=0.2)
    assert await count(conn, "quantity_samples", user_id) == N_POINTS
    row = await conn.fetchrow(tsql("ingestion_row"), ingestion_id)
    assert row["result"]["processed"]["metrics"] == N_POINTS
    assert row["attempts"] == (2 if how == "kill" else 1)


async def test_reprocess_is_idempotent_and_retries_failed(client, cfg, conn, new_key, monkeypatch):
    user_id, key = await new_key()
    payload = body(
        metrics=[
            metric(
                "step_count",
                "count",
                {"date": "2026-03-30 00:00:00 -0600", "qty": 5},
                {"date": "2026-03-31 00:00:00 -0600", "qty": 6},
            )
        ]
    )
    out = await (await client.post("/api/v1/ingest", data=payload, headers=auth(key))).json()
    bad = await (await client.post("/api/v1/ingest", data=b'{"data": ', headers=auth(key))).json()
    monkeypatch.setenv("HEALTHSINK_DATABASE_URL", cfg.database.url)
    assert await asyncio.to_thread(cli.main, ["reprocess", "--id", str(out["ingestion_id"])]) == 0
    row = await conn.fetchrow(tsql("ingestion_row"), out["ingestion_id"])
    assert row["status"] == "processed"
    assert row["result"]["duplicates"]["metrics"] == 2 and row["result"]["inserted"]["metrics"] == 0
    assert await count(conn, "quantity_samples", user_id) == 2
    assert await asyncio.to_thread(cli.main, ["reprocess", "--failed"]) == 0
    assert await _status(conn, bad["ingestion_id"]) == "failed"  # still bad JSON: failed again, not lost


async def test_lapsed_lease_is_taken_up_by_a_worker(make_client, cfg, conn, new_key):
    """A body left 'processing' by a dead worker is claimed again once its lease lapses."""
    client = await make_client(cfg.replace(ingest={"async_threshold_bytes": 0}), run_workers=False)
    user_id, key = await new_key()
    payload = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 5})])
    out = await (await client.post("/api/v1/ingest", data=payload, headers=auth(key))).json()
    await conn.execute(tsql("set_processing_with_lapsed_lease"), out["ingestion_id"])
    worker_client = await make_client(cfg)

    async def processed():
        return await _status(conn, out["ingestion_id"]) == "processed"

    await wait_for(processed)
    assert await count(conn, "quantity_samples", user_id) == 1
    assert worker_client is not None


async def test_a_passing_failure_is_answered_202_and_retried(client, conn, new_key):
    """Stored bodies never get a 5xx: a merge that fails for a passing reason is queued and retried."""
    user_id, key = await new_key()
    payload = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 5})])
    await conn.execute(tsql("hide_quantity_samples"))
    resp = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    out = await resp.json()
    assert resp.status == 202 and out["status"] == "queued"
    row = await conn.fetchrow(tsql("ingestion_row"), out["ingestion_id"])
    assert row["status"] == "queued" and row["error"]
    await conn.execute(tsql("restore_quantity_samples"))

    async def processed():
        return await _status(conn, out["ingestion_id"]) == "processed"

    await wait_for(processed, timeout=30, every=0.2)
    assert await count(conn, "quantity_samples", user_id) == 1
