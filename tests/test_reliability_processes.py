"""Issue 12.7: when the embedded PostgreSQL dies, the server exits non-zero (systemd then restarts both)."""
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
HEALTHSINK = [sys.executable, "-m", "healthsink.cli"] if not (ROOT / ".venv/bin/healthsink").exists() \
    else [str(ROOT / ".venv/bin/healthsink")]


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHSINK_")}
    env.update(HEALTHSINK_CONFIG=str(ROOT / "healthsink.toml"), HEALTHSINK_DATA_DIR=str(data_dir),
               HEALTHSINK_LOG_FORMAT="text")
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
    for attempt in range(3):   # pgserver's initdb fails now and then on a machine busy with other clusters
        data = tmp_path / f"data{attempt}"
        env = _env(data)
        migrated = subprocess.run([*HEALTHSINK, "migrate"], env=env, capture_output=True, timeout=120)
        if migrated.returncode == 0:
            break
    assert migrated.returncode == 0, migrated.stderr.decode()[-2000:]
    port = free_port()
    proc = subprocess.Popen([*HEALTHSINK, "serve", "--port", str(port), "--workers", "1"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        _wait_health(port, proc)
        pid = int((data / "postgres" / "postmaster.pid").read_text().split("\n", 1)[0])
        os.kill(pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 3, err.decode()[-2000:]   # app.EXIT_DATABASE_GONE
        assert "the embedded PostgreSQL" in err.decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
