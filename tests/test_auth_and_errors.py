"""API keys in every header, refusals in one JSON shape, request ids."""

import asyncio
from datetime import datetime, timedelta, timezone

import asyncpg
from aiohttp.test_utils import TestClient, TestServer

from healthsink import cli
from healthsink.app import create_app
from healthsink.store import accounts
from tests.helpers import auth, body, wait_for


def assert_error(payload: dict, code: str) -> None:
    assert payload["error"] == code
    assert isinstance(payload["message"], str) and payload["message"]
    assert payload["request_id"]


async def test_key_works_in_each_header(client, new_key):
    _, key = await new_key()
    for headers in ({"Authorization": f"Bearer {key}"}, {"api-key": key}, {"X-API-Key": key}):
        resp = await client.get("/api/v1/ingestions", headers=headers)
        assert resp.status == 200, headers


async def test_refusals_are_401_with_the_json_shape(client, new_key, db_url):
    _, key = await new_key()
    _, expired = await new_key("bob@example.org", expires_at=datetime.now(timezone.utc) - timedelta(seconds=1))
    _, revoked = await new_key("carol@example.org")
    c = await asyncpg.connect(db_url)
    await accounts.revoke_key(c, revoked)
    await c.close()
    wrong_same_prefix = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    cases = {
        "missing": {},
        "unknown": auth("hsk_nope"),
        "right prefix, wrong key": auth(wrong_same_prefix),
        "expired": auth(expired),
        "revoked": auth(revoked),
        "empty bearer": {"Authorization": "Bearer "},
    }
    for label, headers in cases.items():
        resp = await client.post("/api/v1/ingest", data=body(), headers=headers)
        assert resp.status == 401, label
        assert_error(await resp.json(), "unauthorized")


async def test_every_error_path_has_the_shape(cfg, new_key):
    app = create_app(cfg)

    async def boom(request):
        raise RuntimeError("secret internals: password=hunter2")

    app.router.add_get("/boom", boom, name="boom")
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        _, key = await new_key()
        h = auth(key)
        checks = [
            (client.get("/nowhere"), 404, "not_found"),
            (client.put("/api/v1/ingest", headers=h), 405, "method_not_allowed"),
            (client.post("/api/v1/ingest", data=b"{nope", headers=h), 400, "invalid_json"),
            (client.post("/api/v1/ingest", data=b'{"metrics": []}', headers=h), 400, "invalid_payload"),
            (client.get("/api/v1/ingestions/999999", headers=h), 404, "not_found"),
            (client.get("/api/v1/ingestions/abc", headers=h), 400, "invalid_parameter"),
            (client.get("/api/v1/metrics/no_such_metric", headers=h), 404, "unknown_metric"),
            (client.get("/api/v1/ingestions?limit=0", headers=h), 400, "invalid_parameter"),
            (
                client.post("/api/v1/ingest", data=b"x", headers={**h, "Content-Type": "multipart/form-data; b=1"}),
                415,
                "unsupported_media_type",
            ),
            (client.get("/boom", headers=h), 500, "internal_error"),
        ]
        for request, status, code in checks:
            resp = await request
            payload = await resp.json()
            assert resp.status == status, (code, payload)
            assert_error(payload, code)
            assert resp.headers["X-Request-ID"] == payload["request_id"]
            assert "hunter2" not in str(payload)
    finally:
        await client.close()


async def test_request_id_is_echoed_or_made(client):
    resp = await client.get("/health", headers={"X-Request-ID": "phone-123"})
    assert resp.headers["X-Request-ID"] == "phone-123"
    resp = await client.get("/health", headers={"X-Request-ID": "bad id with spaces\u00e9"})
    assert resp.headers["X-Request-ID"] != "bad id with spaces\u00e9" and len(resp.headers["X-Request-ID"]) == 32


async def test_revocation_from_the_cli_takes_effect_within_5s(client, new_key, cfg, monkeypatch):
    _, key = await new_key()
    assert (await client.get("/api/v1/ingestions", headers=auth(key))).status == 200
    monkeypatch.setenv("HEALTHSINK_DATABASE_URL", cfg.database.url)
    assert await asyncio.to_thread(cli.main, ["key", "revoke", key]) == 0
    revoked_at = asyncio.get_running_loop().time()

    async def refused():
        return (await client.get("/api/v1/ingestions", headers=auth(key))).status == 401

    await wait_for(refused, timeout=6.0, every=0.25)
    assert asyncio.get_running_loop().time() - revoked_at <= 5.5


async def test_health_and_ready(client):
    assert (await client.get("/health")).status == 200
    resp = await client.get("/ready")
    assert resp.status == 200
    assert (await resp.json())["checks"] == {"database": "ok", "redis": "ok"}


async def test_ready_names_what_is_down(make_client, cfg, own_redis):
    client = await make_client(cfg.replace(redis={"url": own_redis.url}))
    assert (await client.get("/ready")).status == 200
    own_redis.stop()
    resp = await client.get("/ready")
    payload = await resp.json()
    assert resp.status == 200  # limits fall back in process: degraded, still ready (test_reliability_status.py)
    assert payload["checks"]["database"] == "ok" and payload["checks"]["redis"].startswith("degraded")
