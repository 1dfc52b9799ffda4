"""The first hour: what `serve` says when it starts, --version, --help, and failures told in one line."""

import os
import socket
import subprocess
import sys

import pytest

from healthsink import __version__
from tests.conftest import free_port
from tests.test_cli import run


def _serve_first_lines(cfg, *args, env=None) -> list[str]:
    e = {
        **os.environ,
        "HEALTHSINK_DATABASE_URL": cfg.database.url,
        "HEALTHSINK_REDIS_URL": cfg.redis.url,
        "HEALTHSINK_LOG_LEVEL": "warning",
        **(env or {}),
    }
    with subprocess.Popen(
        [sys.executable, "-m", "healthsink", "serve", "--workers", "1", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=e,
    ) as proc:
        try:
            return [proc.stdout.readline().strip(), proc.stdout.readline().strip()]
        finally:
            proc.terminate()
            proc.wait(30)


def test_start_line_on_loopback_tells_how_a_phone_can_reach_it(cfg):
    port = free_port()
    # a password in the URL (trust authentication, as on the test servers, ignores it) is never printed
    url = cfg.database.url.replace("postgres@", "postgres:s3cret@", 1)
    first, second = _serve_first_lines(cfg, "--port", str(port), env={"HEALTHSINK_DATABASE_URL": url})
    assert f"listening on http://127.0.0.1:{port}" in first
    assert "database postgresql://" in first and "s3cret" not in first
    assert "rate limits Redis redis://" in first
    assert "a phone on your LAN cannot reach it" in first
    assert "healthsink serve --host 0.0.0.0" in second and f":{port}/api/v1/ingest" in second


def test_start_line_on_all_addresses_gives_the_app_url(cfg):
    port = free_port()
    first, second = _serve_first_lines(cfg, "--host", "0.0.0.0", "--port", str(port), env={"HEALTHSINK_REDIS_URL": ""})
    assert f"listening on http://0.0.0.0:{port}" in first and "rate limits in process" in first
    assert "cannot reach" not in first
    assert (
        second.startswith("URL to type into Health Auto Export: http://")
        and second.endswith(f":{port}/api/v1/ingest")
        and "0.0.0.0" not in second
    )


def test_version_and_help():
    out = subprocess.run([sys.executable, "-m", "healthsink", "--version"], capture_output=True, text=True, check=False)
    assert out.returncode == 0 and out.stdout.strip() == f"healthsink {__version__}"
    audit = subprocess.run(
        [sys.executable, "-m", "healthsink", "audit", "--help"], capture_output=True, text=True, check=False
    )
    for action in ("key_created", "key_revoked", "auth_failed", "ingestion_accepted", "user_removed"):
        assert action in audit.stdout
    reprocess = subprocess.run(
        [sys.executable, "-m", "healthsink", "reprocess", "--help"], capture_output=True, text=True, check=False
    )
    assert "archive" in reprocess.stdout and "idempotent" in reprocess.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["serve", "--help"],
        ["migrate", "--help"],
        ["user", "--help"],
        ["key", "--help"],
        ["key", "create", "--help"],
        ["config", "--help"],
    ],
)
def test_every_command_has_help(argv):
    out = subprocess.run([sys.executable, "-m", "healthsink", *argv], capture_output=True, text=True, check=False)
    assert out.returncode == 0
    # every option has a sentence after it, none is left bare
    options = [line for line in out.stdout.splitlines() if line.strip().startswith("--")]
    assert all(len(line.split(None, 1)) == 2 or line.strip().endswith(("]", "}")) for line in options)


def test_port_in_use_is_one_line(cfg):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        out = run(cfg, "serve", "--workers", "1", "--port", str(port))
    assert out.returncode == 2
    assert out.stderr.strip() == (
        f"healthsink: port {port} on 127.0.0.1 is already in use (another healthsink?): "
        "stop it, or choose another with --port or server.port"
    )


def test_a_port_another_healthsink_serves_is_in_use_for_many_workers(cfg):
    """Workers listen with SO_REUSEPORT, which lets every socket that sets it share the port: a second
    `serve --workers 2` on a port another healthsink's workers hold must refuse, not split the requests."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        out = run(cfg, "serve", "--workers", "2", "--port", str(port))
    assert out.returncode == 2
    assert out.stderr.strip().endswith(
        f"healthsink: port {port} on 127.0.0.1 is already in use (another healthsink?): "
        "stop it, or choose another with --port or server.port"
    )


def test_unreachable_database_is_one_line(cfg):
    url = f"postgresql://hs:topsecret@127.0.0.1:{free_port()}/hs"
    for argv in (("user", "list"), ("migrate",), ("serve", "--workers", "1")):
        out = run(cfg, *argv, env={"HEALTHSINK_DATABASE_URL": url})
        assert out.returncode == 2, argv
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("healthsink: cannot reach the database at postgresql://hs:***@")
        assert "topsecret" not in out.stderr and "Traceback" not in out.stderr


def test_invalid_config_is_one_line_without_traceback(cfg):
    out = run(cfg, "serve", env={"HEALTHSINK_RATE_LIMIT_REQUESTS_PER_HOUR": "0"})
    assert out.returncode == 2
    assert out.stderr.strip() == "healthsink: invalid value for rate_limit.requests_per_hour: 0 (must be at least 1)"
    out = run(cfg, "user", "list", env={"HEALTHSINK_SERVER_PROT": "1"})
    assert out.returncode == 2 and "did you mean 'HEALTHSINK_SERVER_PORT'" in out.stderr
