"""database.replica_url against a real streaming replica: a primary and a standby (pg_basebackup -R) started
from the system's PostgreSQL binaries, as the `postgres` user when the tests run as root."""

from __future__ import annotations

import asyncio
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import asyncpg
import orjson
import pytest

from healthsink import config as configmod
from healthsink.app import create_app
from healthsink.store import accounts, migrate, replica
from tests.conftest import free_port
from tests.helpers import auth, body, metric, tsql, wait_for

TOOLS = ("initdb", "pg_ctl", "pg_basebackup")


def _bin_dir() -> str | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all(os.access(f"{d}/{t}", os.X_OK) for t in TOOLS):
            return d
    return None


class Cluster:
    """A primary and its streaming standby in a temporary directory."""

    def __init__(self, bin_dir: str) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="hs-replica-"))
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self.ports = {"primary": free_port(), "replica": free_port()}

    def run(self, tool: str, *args: str) -> None:
        cmd = [f"{self.bin}/{tool}", *args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def url(self, node: str, db: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.ports[node]}/{db}"

    def start(self, node: str) -> None:
        self.run("pg_ctl", "-D", str(self.root / node), "-l", str(self.root / f"{node}.log"), "-w", "start")

    def stop(self, node: str) -> None:
        self.run("pg_ctl", "-D", str(self.root / node), "-m", "fast", "-w", "stop")

    def create(self) -> None:
        primary = self.root / "primary"
        self.run("initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8", "-N")
        self._settings(primary, "primary")
        self.start("primary")
        self.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.ports["primary"]),
            "-U",
            "postgres",
            "-D",
            str(self.root / "replica"),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        self._settings(self.root / "replica", "replica")
        self.start("replica")

    def _settings(self, pgdata: Path, node: str) -> None:
        # postgresql.auto.conf is read last: the standby's port overrides the one its base backup copied
        with open(pgdata / "postgresql.auto.conf", "a") as f:
            f.write(
                f"port = {self.ports[node]}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\nfsync = off\nmax_wal_senders = 4\n"
            )

    def destroy(self) -> None:
        for node in ("replica", "primary"):
            if (self.root / node / "postmaster.pid").exists():
                self.run("pg_ctl", "-D", str(self.root / node), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) under /usr/lib/postgresql/*/bin")
    if os.geteuid() == 0 and (shutil.which("runuser") is None or _no_user("postgres")):
        pytest.skip("running as root without a 'postgres' user and runuser to start PostgreSQL as")
    c = Cluster(bin_dir)
    try:
        c.create()
        import psycopg

        with psycopg.connect(c.url("primary"), autocommit=True) as conn:
            conn.execute(tsql("create_replica_test_database"))
        migrate.apply(c.url("primary", "hs"))
        yield c
    finally:
        c.destroy()


def _no_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return False
    except KeyError:
        return True


@pytest.fixture
def replica_cfg(cluster, redis_url, tmp_path):
    env = {
        "HEALTHSINK_DATABASE_URL": cluster.url("primary", "hs"),
        "HEALTHSINK_DATABASE_REPLICA_URL": cluster.url("replica", "hs"),
        "HEALTHSINK_REDIS_URL": redis_url,
        "HEALTHSINK_DATA_DIR": str(tmp_path),
    }
    return configmod.load(Path(__file__).resolve().parents[1] / "healthsink.toml", env=env)


async def _user_with_key(url: str, email: str) -> str:
    from healthsink import secrets

    conn = await asyncpg.connect(url)
    try:
        user_id = await accounts.add_user(conn, email)
        key = secrets.new_key()
        await accounts.store_key(conn, user_id, key, "test", None)
        return key
    finally:
        await conn.close()


async def _replay(cluster, pause: bool) -> None:
    conn = await asyncpg.connect(cluster.url("replica", "hs"))
    try:
        await conn.execute(tsql("pause_replay" if pause else "resume_replay"))
    finally:
        await conn.close()


def _steps(*values: int) -> bytes:
    return body(
        metrics=[
            metric(
                "step_count",
                "count",
                *[
                    {"date": f"2026-03-0{i + 1} 10:00:00 +0000", "qty": v, "source": "iPhone"}
                    for i, v in enumerate(values)
                ],
            )
        ]
    )


async def test_reads_from_the_replica_writes_auth_and_queue_on_the_primary(cluster, replica_cfg, aiohttp_client):
    client = await aiohttp_client(create_app(replica_cfg))
    await _replay(cluster, pause=True)
    try:
        key = await _user_with_key(cluster.url("primary", "hs"), "rita@example.org")  # not on the standby yet
        sent = await client.post("/api/v1/ingest", data=_steps(4321, 1234), headers=auth(key))
        assert sent.status == 200  # authenticated and written on the primary
        ingestion = (await sent.json())["ingestion_id"]
        status = await client.get(f"/api/v1/ingestions/{ingestion}", headers=auth(key))
        assert status.status == 200 and (await status.json())["status"] == "processed"  # the queue: primary
        catalog = await (await client.get("/api/v1/metrics", headers=auth(key))).json()
        assert catalog["metrics"] == []  # the standby has not replayed the rows yet
        export = await client.get("/api/v1/export?format=ndjson", headers=auth(key))
        assert export.status == 200 and (await export.read()) == b""
    finally:
        await _replay(cluster, pause=False)

    async def replayed():
        r = await client.get("/api/v1/metrics", headers=auth(key))
        return [m["name"] for m in (await r.json())["metrics"]] == ["step_count"]

    await wait_for(replayed)
    lines = (await (await client.get("/api/v1/export?format=ndjson", headers=auth(key))).read()).splitlines()
    assert sorted(orjson.loads(line)["qty"] for line in lines) == [1234, 4321]
    ready = await (await client.get("/ready")).json()
    assert ready["checks"]["replica"] == "ok"


async def test_replica_down_reads_fall_back_to_the_primary_and_return(
    cluster, replica_cfg, aiohttp_client, monkeypatch, caplog
):
    monkeypatch.setattr(replica, "RECHECK_S", 0.2)
    client = await aiohttp_client(create_app(replica_cfg))
    key = await _user_with_key(cluster.url("primary", "hs"), "sam@example.org")
    assert (await client.post("/api/v1/ingest", data=_steps(777), headers=auth(key))).status == 200
    cluster.stop("replica")
    try:
        await asyncio.sleep(0.3)  # the pool sees its connections closed by the server's shutdown
        r = await client.get("/api/v1/metrics", headers=auth(key))
        assert r.status == 200 and [m["name"] for m in (await r.json())["metrics"]] == ["step_count"]
        ready = await client.get("/ready")
        checks = (await ready.json())["checks"]
        assert ready.status == 200 and checks["replica"].startswith("not answering")
        assert "healthsink_db_replica_fallback 1.0" in await (await client.get("/metrics")).text()
        assert any("read replica not answering" in rec.getMessage() for rec in caplog.records)
    finally:
        cluster.start("replica")

    async def back():
        return (await (await client.get("/ready")).json())["checks"]["replica"] == "ok"

    await wait_for(back, timeout=30)
    assert "healthsink_db_replica_fallback 0.0" in await (await client.get("/metrics")).text()
