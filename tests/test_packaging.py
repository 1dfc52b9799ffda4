"""A wheel carries everything the code reads (sql/, migrations/, the rate-limit script, the dashboard's files):
installed into a directory of its own and run from another one, it migrates a database and serves."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_a_wheel_installed_elsewhere_migrates_and_serves(empty_db_url, tmp_path):
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("healthsink-*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, capture_output=True, timeout=300
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # the installed copy first on the path, ahead of this checkout's editable install
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "HEALTHSINK_DATABASE_URL": empty_db_url,
        "HEALTHSINK_DATA_DIR": str(elsewhere / "data"),
    }
    env.pop("HEALTHSINK_CONFIG", None)
    env.pop("HEALTHSINK_REDIS_URL", None)
    where = subprocess.run(
        [sys.executable, "-c", "import healthsink; print(healthsink.SQL_DIR)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(site), where

    migrated = subprocess.run(
        [sys.executable, "-m", "healthsink", "migrate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "healthsink", "serve", "--port", str(port)],
            cwd=elsewhere,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the installed server did not become ready"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(15)
