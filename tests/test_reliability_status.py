"""Issue 12.8: status codes and readiness when a dependency goes away (a real Redis stopped, the database cut)."""

import asyncio
import contextlib
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from tests.helpers import auth, body, metric

SYNC = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 5})])


class Cut:
    """A TCP proxy in front of PostgreSQL that the test can cut: open connections are reset and new ones
    refused, as when the database host goes away."""

    def __init__(self, url: str) -> None:
        self.target = urlsplit(url)
        self.server: asyncio.Server | None = None
        self.port = 0
        self._links: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return urlunsplit(self.target._replace(netloc=f"{self.target.username or 'postgres'}@127.0.0.1:{self.port}"))

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._link, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _link(self, reader, writer) -> None:
        up_r, up_w = await asyncio.open_connection(self.target.hostname, self.target.port or 5432)
        self._links |= {writer, up_w}

        async def pipe(r, w):
            with contextlib.suppress(Exception):
                while data := await r.read(65536):
                    w.write(data)
                    await w.drain()
            w.close()

        await asyncio.gather(pipe(reader, up_w), pipe(up_r, writer))

    async def cut(self) -> None:
        self.server.close()
        for w in self._links:
            w.transport.abort()
        self._links.clear()
        await self.server.wait_closed()


@pytest.fixture
async def cut(db_url):
    proxy = Cut(db_url)
    if proxy.target.hostname in (None, "", "localhost") and "host=" in (proxy.target.query or ""):
        pytest.skip("the embedded PostgreSQL listens on a Unix socket; cutting needs TCP")
    await proxy.start()
    yield proxy
    if proxy.server.is_serving():
        await proxy.cut()


async def test_ready_stays_200_while_redis_is_down_and_ingest_works(make_client, cfg, new_key, own_redis):
    client = await make_client(cfg.replace(redis={"url": own_redis.url}))
    _, key = await new_key()
    own_redis.stop()
    resp = await client.post("/api/v1/ingest", data=SYNC, headers=auth(key))
    assert resp.status == 200
    ready = await client.get("/ready")
    payload = await ready.json()
    assert ready.status == 200, payload
    assert payload["checks"]["database"] == "ok" and payload["checks"]["redis"].startswith("degraded")


async def test_database_unavailable_is_503_with_retry_after(make_client, cfg, new_key, cut):
    client = await make_client(cfg.replace(database={"url": cut.url}))
    _, key = await new_key()
    assert (await client.get("/api/v1/ingestions", headers=auth(key))).status == 200
    await cut.cut()
    for path in ("/api/v1/ingestions", "/api/v1/metrics"):
        resp = await client.get(path, headers=auth(key))
        payload = await resp.json()
        assert resp.status == 503, payload
        assert payload["error"] == "database_unavailable" and int(resp.headers["Retry-After"]) > 0
    resp = await client.post("/api/v1/ingest", data=SYNC, headers=auth(key))
    assert resp.status == 503 and (await resp.json())["error"] == "database_unavailable"
    ready = await client.get("/ready")
    assert ready.status == 503 and (await ready.json())["checks"]["database"].startswith("down")


async def test_the_metric_catalog_is_paged(client, new_key):
    _, key = await new_key()
    points = {"date": "2026-03-30 00:00:00 -0600", "qty": 5}
    payload = body(metrics=[metric(n, "count", points) for n in ("step_count", "flights_climbed", "stand_hour")])
    assert (await client.post("/api/v1/ingest", data=payload, headers=auth(key))).status == 200
    first = await (await client.get("/api/v1/metrics?limit=2", headers=auth(key))).json()
    assert [m["name"] for m in first["metrics"]] == ["flights_climbed", "stand_hour"] and first["next_cursor"]
    rest = await (await client.get(f"/api/v1/metrics?limit=2&cursor={first['next_cursor']}", headers=auth(key))).json()
    assert [m["name"] for m in rest["metrics"]] == ["step_count"] and rest["next_cursor"] is None
    whole = await (await client.get("/api/v1/metrics", headers=auth(key))).json()
    assert len(whole["metrics"]) == 3 and whole["next_cursor"] is None
    bad = await client.get("/api/v1/metrics?limit=0", headers=auth(key))
    assert bad.status == 400 and (await bad.json())["error"] == "invalid_parameter"


async def test_audit_events_wait_bounded_while_the_database_is_away(make_client, cfg, new_key, cut, monkeypatch):
    from healthsink import audit
    from healthsink.web.appkeys import AUDIT

    monkeypatch.setattr(audit, "MAX_PENDING", 5)
    client = await make_client(cfg.replace(database={"url": cut.url}))
    trail = client.server.app[AUDIT]
    await trail.flush()
    await cut.cut()
    for i in range(8):
        trail.record("auth_failed", client_addr="203.0.113.9", reason=f"guess {i}")
    with pytest.raises((OSError, asyncpg.PostgresError, asyncpg.InterfaceError)):
        await trail.flush()  # the database is away: kept for the next try ...
    assert len(trail._pending) == 5 and trail.dropped == 3  # ... but never more than MAX_PENDING


def test_errors_raised_while_a_connection_was_lost_count_as_unavailable():
    import asyncpg

    from healthsink.store import db

    def cleanup_after_cut():
        try:
            raise asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation")
        except asyncpg.ConnectionDoesNotExistError as exc:
            raise asyncpg.InterfaceError("cannot perform operation: another operation is in progress") from exc

    try:
        cleanup_after_cut()
    except asyncpg.InterfaceError as exc:
        assert db.unavailable(exc)
    assert not db.unavailable(asyncpg.InterfaceError("cannot perform operation: another operation is in progress"))
    assert not db.unavailable(ValueError("a bug"))
