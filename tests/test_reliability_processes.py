"""Issue 12.7: when the embedded PostgreSQL dies, the server exits non-zero (systemd then restarts both).
Issue 12.9: bodies a killed process left 'processing' are taken up at the next start, not after their lease."""

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.helpers import auth, body, metric

ROOT = Path(__file__).resolve().parents[1]
SYNC = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 5})])
HEALTHSINK = [sys.executable, "-m", "healthsink"]


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHSINK_")}
    env.update(
        HEALTHSINK_CONFIG=str(ROOT / "healthsink.toml"), HEALTHSINK_DATA_DIR=str(data_dir), HEALTHSINK_LOG_FORMAT="text"
    )
    return env


def _wait_health(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited early ({proc.returncode}): {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not come up")


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_server_exits_non_zero_when_the_embedded_database_is_killed(tmp_path):
    pytest.importorskip("pgserver")
    for attempt in range(3):  # pgserver's initdb fails now and then on a machine busy with other clusters
        data = tmp_path / f"data{attempt}"
        env = _env(data)
        migrated = subprocess.run([*HEALTHSINK, "migrate"], env=env, capture_output=True, timeout=120)
        if migrated.returncode == 0:
            break
    assert migrated.returncode == 0, migrated.stderr.decode()[-2000:]
    port = free_port()
    proc = subprocess.Popen(
        [*HEALTHSINK, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_health(port, proc)
        pid = int((data / "postgres" / "postmaster.pid").read_text().split("\n", 1)[0])
        os.kill(pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 3, err.decode()[-2000:]  # app.EXIT_DATABASE_GONE
        assert "the embedded PostgreSQL" in err.decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


# A worker of another process: claims the next body with a long lease, then dies by SIGKILL mid-processing.
_CLAIM_AND_DIE = """
import asyncio, os, signal, sys
from healthsink.store import db, ingestions

async def main():
    pool = await db.create_pool(sys.argv[1], 1, 1)
    async with pool.acquire() as conn:
        row = await ingestions.claim_next(conn, 600)
    print(row["id"], flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main())
"""


@pytest.mark.slow
async def test_bodies_a_killed_process_left_processing_are_reclaimed_at_start(make_client, cfg, db_url, new_key):
    queued_only = await make_client(cfg.replace(ingest={"async_threshold_bytes": 1}), run_workers=False)
    _, key = await new_key()
    resp = await queued_only.post("/api/v1/ingest", data=SYNC, headers=auth(key))
    assert resp.status == 202
    ingestion_id = (await resp.json())["ingestion_id"]
    worker = subprocess.run(
        [sys.executable, "-c", _CLAIM_AND_DIE, db_url],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert worker.returncode == -signal.SIGKILL, worker.stderr.decode()
    assert int(worker.stdout) == ingestion_id
    state = await (await queued_only.get(f"/api/v1/ingestions/{ingestion_id}", headers=auth(key))).json()
    assert state["status"] == "processing"  # leased for 600 s by a process that is gone

    restarted = await make_client(cfg)  # a new server on this host: reclaims at start, its worker processes it
    for _ in range(100):
        state = await (await restarted.get(f"/api/v1/ingestions/{ingestion_id}", headers=auth(key))).json()
        if state["status"] == "processed":
            break
        await asyncio.sleep(0.1)
    assert state["status"] == "processed", state
