"""The `healthsink` command, as a user types it."""

import os
import subprocess
import sys

import orjson


def run(cfg, *args, env=None):
    e = {**os.environ, "HEALTHSINK_DATABASE_URL": cfg.database.url, "HEALTHSINK_LOG_LEVEL": "warning", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "healthsink", *args], capture_output=True, text=True, env=e, timeout=60
    )


def test_users_and_keys(cfg):
    assert run(cfg, "user", "add", "erin@example.org").returncode == 0
    dup = run(cfg, "user", "add", "ERIN@example.org")
    assert dup.returncode == 2 and "already exists" in dup.stderr
    created = run(cfg, "key", "create", "erin@example.org", "--name", "iphone", "--expires-days", "30")
    assert created.returncode == 0
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("hsk_") and len(key) >= 4 + 43
    listed = run(cfg, "key", "list", "erin@example.org").stdout
    assert "iphone" in listed and "live" in listed and key not in listed and key[:8] in listed
    assert "erin@example.org" in run(cfg, "user", "list").stdout
    imported = run(cfg, "key", "import", "erin@example.org", "0F8FAD5B-D9CB-469F-A165-70867728950E")
    assert imported.returncode == 0 and "0F8FAD5B-D9CB-469F-A165-70867728950E" not in imported.stdout
    assert run(cfg, "user", "add", "frank@example.org").returncode == 0
    taken = run(cfg, "key", "import", "frank@example.org", "0F8FAD5B-D9CB-469F-A165-70867728950E")
    assert taken.returncode == 2 and "already in use" in taken.stderr
    key_id = listed.split("\t")[0]
    assert run(cfg, "key", "revoke", key_id).returncode == 0
    assert "revoked" in run(cfg, "key", "list", "erin@example.org").stdout
    assert run(cfg, "key", "revoke", key_id).returncode == 2


def test_config_dump_masks_secrets(cfg):
    out = run(cfg, "config", "--dump", env={"HEALTHSINK_DATABASE_URL": "postgresql://hs:pa55word@db/hs"})
    assert out.returncode == 0
    dumped = orjson.loads(out.stdout)
    assert dumped["database"]["url"] == "postgresql://hs:***@db/hs" and "pa55word" not in out.stdout


def test_invalid_config_stops_with_the_key_named(cfg):
    out = run(cfg, "config", "--dump", env={"HEALTHSINK_SERVER_PORT": "http"})
    assert out.returncode == 2 and "HEALTHSINK_SERVER_PORT" in out.stderr


def test_serve_refuses_pending_migrations(empty_db_url, cfg):
    out = run(cfg, "serve", "--port", "0", env={"HEALTHSINK_DATABASE_URL": empty_db_url})
    assert out.returncode == 2
    assert "pending migration" in out.stderr and "healthsink migrate" in out.stderr


def test_audit_command_prints_the_trail(cfg):
    assert run(cfg, "user", "add", "gina@example.org").returncode == 0
    key = run(cfg, "key", "create", "gina@example.org").stdout.strip().splitlines()[-1]
    out = run(cfg, "audit", "--user", "gina@example.org")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert [line.split("\t")[1] for line in lines] == ["key_created", "user_added"]  # newest first
    assert key[:8] in lines[0] and key not in out.stdout  # the key's first characters, never the key
    assert run(cfg, "audit", "--action", "user_added").stdout.count("user_added") == 1


def test_cli_and_server_share_the_embedded_database(tmp_path):
    """No database configured: `serve` and the CLI use one embedded PostgreSQL under data_dir."""
    import time
    import urllib.request

    from tests.conftest import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHSINK_")}
    env.update(
        {
            "HEALTHSINK_DATA_DIR": str(tmp_path / "data"),
            "HEALTHSINK_SERVER_PORT": str(port),
            "HEALTHSINK_LOG_LEVEL": "warning",
            "HEALTHSINK_CONFIG": str(tmp_path / "none.toml"),
        }
    )
    (tmp_path / "none.toml").write_text("")
    cmd = lambda *a: subprocess.run(
        [sys.executable, "-m", "healthsink", *a], env=env, capture_output=True, text=True, timeout=120
    )
    assert cmd("migrate").returncode == 0
    with open(tmp_path / "serve.log", "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "healthsink", "serve"], env=env, stdout=log, stderr=log)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        assert cmd("user", "add", "hal@example.org").returncode == 0  # while the server runs
        key = cmd("key", "create", "hal@example.org").stdout.strip().splitlines()[-1]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/ingestions", headers={"Authorization": f"Bearer {key}"}
        )
        with urllib.request.urlopen(request, timeout=10) as resp:
            assert resp.status == 200
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(30)
