"""Rate limits (Redis and fallback), failed-auth limiting, slow bodies, CORS, secrets, audit, /metrics."""

import asyncio
import logging

import redis.asyncio as aioredis

from healthsink import cli, ratelimit
from tests.helpers import auth, body, metric, tsql, wait_for

LIMIT_HEADERS = (
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
)


async def test_429_at_the_limit_with_headers(make_client, cfg, new_key):
    client = await make_client(cfg.replace(rate_limit={"requests_per_hour": 3}))
    _, key = await new_key()
    remaining = []
    for _ in range(3):
        resp = await client.get("/api/v1/ingestions", headers=auth(key))
        assert resp.status == 200
        assert all(h in resp.headers for h in LIMIT_HEADERS)
        assert resp.headers["RateLimit-Limit"] == "3"
        remaining.append(int(resp.headers["RateLimit-Remaining"]))
    assert remaining == [2, 1, 0]
    resp = await client.get("/api/v1/ingestions", headers=auth(key))
    payload = await resp.json()
    assert resp.status == 429 and payload["error"] == "rate_limited"
    # GCRA over a sliding hour: the next unit comes back after 3600/3 s, not at a window edge
    assert 1100 <= int(resp.headers["Retry-After"]) <= 1200
    assert resp.headers["RateLimit-Remaining"] == "0"


async def test_limit_is_shared_by_two_instances_through_redis(make_client, cfg, new_key):
    limited = cfg.replace(rate_limit={"requests_per_hour": 4})
    a, b = await make_client(limited), await make_client(limited)
    _, key = await new_key()
    for c in (a, b, a, b):
        assert (await c.get("/api/v1/ingestions", headers=auth(key))).status == 200
    assert (await a.get("/api/v1/ingestions", headers=auth(key))).status == 429
    assert (await b.get("/api/v1/ingestions", headers=auth(key))).status == 429


async def test_bytes_per_hour_limit(make_client, cfg, new_key):
    payload = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 1})])
    client = await make_client(cfg.replace(rate_limit={"bytes_per_hour": len(payload) * 2}))
    _, key = await new_key()
    assert (await client.post("/api/v1/ingest", data=payload, headers=auth(key))).status == 200
    assert (await client.post("/api/v1/ingest", data=payload, headers=auth(key))).status == 200
    resp = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    assert resp.status == 429 and "Retry-After" in resp.headers


async def test_redis_down_falls_back_in_process_and_returns(make_client, cfg, new_key, own_redis, monkeypatch, caplog):
    monkeypatch.setattr(ratelimit, "REDIS_RETRY_S", 0.2)
    client = await make_client(cfg.replace(redis={"url": own_redis.url}, rate_limit={"requests_per_hour": 100}))
    _, key = await new_key()
    assert (await client.get("/api/v1/ingestions", headers=auth(key))).status == 200
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="healthsink.ratelimit"):
        for _ in range(3):  # the phone's data is never refused because Redis is down
            resp = await client.get("/api/v1/ingestions", headers=auth(key))
            assert resp.status == 200 and "RateLimit-Remaining" in resp.headers
    assert [r.getMessage() for r in caplog.records].count(
        next(r.getMessage() for r in caplog.records if "unreachable" in r.getMessage())
    ) == 1  # logged once
    ready = await client.get("/ready")
    assert ready.status == 200 and (await ready.json())["checks"]["rate_limits"].startswith("in process")
    metrics_text = await (await client.get("/metrics")).text()
    assert "healthsink_rate_limit_redis_fallback 1.0" in metrics_text

    own_redis.start()
    await asyncio.sleep(0.3)
    assert (await client.get("/api/v1/ingestions", headers=auth(key))).status == 200
    r = aioredis.from_url(own_redis.url)
    assert await r.keys("hs:rl:req:*")  # counted in Redis again
    await r.aclose()
    assert (await client.get("/ready")).status == 200
    assert "healthsink_rate_limit_redis_fallback 0.0" in await (await client.get("/metrics")).text()


async def test_failed_authentications_are_limited_per_address(make_client, cfg, new_key):
    client = await make_client(cfg.replace(rate_limit={"failed_auth_per_hour": 3}))
    _, key = await new_key()
    for i in range(3):
        assert (await client.get("/api/v1/ingestions", headers=auth(f"hsk_guess{i}"))).status == 401
    resp = await client.get("/api/v1/ingestions", headers=auth("hsk_guess4"))
    assert resp.status == 429 and (await resp.json())["error"] == "rate_limited"
    # the right key is never refused for a stranger's failures (test_reliability_auth.py)
    assert (await client.get("/api/v1/ingestions", headers=auth(key))).status == 200


async def test_forwarded_for_only_from_trusted_proxies(make_client, cfg, new_key):
    trusting = await make_client(
        cfg.replace(rate_limit={"failed_auth_per_hour": 1}, server={"trusted_proxies": ["127.0.0.1/32"]})
    )
    _, key = await new_key()
    assert (
        await trusting.get("/api/v1/ingestions", headers={**auth("hsk_x"), "X-Forwarded-For": "203.0.113.9"})
    ).status == 401
    # another client behind the same proxy is not blocked by the first one's failure
    assert (
        await trusting.get("/api/v1/ingestions", headers={**auth(key), "X-Forwarded-For": "203.0.113.10"})
    ).status == 200
    assert (
        await trusting.get("/api/v1/ingestions", headers={**auth("hsk_y"), "X-Forwarded-For": "203.0.113.9"})
    ).status == 429


async def test_slow_body_times_out(make_client, cfg, new_key):
    client = await make_client(cfg.replace(ingest={"body_timeout_s": 0.5}))
    _, key = await new_key()
    reader, writer = await asyncio.open_connection(client.server.host, client.server.port)
    writer.write(
        f"POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n"
        f'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{"data":'.encode()
    )
    await writer.drain()
    head = await asyncio.wait_for(reader.read(4096), timeout=5)
    writer.close()
    assert head.startswith(b"HTTP/1.1 408") and b'"body_timeout"' in head


async def test_no_cors_headers_unless_configured(make_client, cfg):
    plain = await make_client(cfg)
    resp = await plain.get("/health", headers={"Origin": "https://evil.example"})
    assert not any(h.lower().startswith("access-control") for h in resp.headers)
    allowing = await make_client(cfg.replace(server={"cors_origins": ["https://grafana.home"]}))
    resp = await allowing.get("/health", headers={"Origin": "https://grafana.home"})
    assert resp.headers["Access-Control-Allow-Origin"] == "https://grafana.home"
    resp = await allowing.get("/health", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in resp.headers


async def test_secrets_never_reach_the_logs(client, new_key, caplog):
    _, key = await new_key()
    caplog.set_level(logging.DEBUG)
    payload = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 1})])
    await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    await client.post("/api/v1/ingest", data=b"{bad", headers={"X-API-Key": key})
    await client.get("/api/v1/ingestions", headers=auth(key + "x"))
    from healthsink.logs import JSONFormatter

    lines = [JSONFormatter().format(r) for r in caplog.records]
    assert any('"route":"/api/v1/ingest"' in line for line in lines)  # the request lines are there
    assert not [line for line in lines if key in line]


async def test_audit_rows_for_each_action(client, cfg, conn, new_key, monkeypatch):
    monkeypatch.setenv("HEALTHSINK_DATABASE_URL", cfg.database.url)
    run = lambda *a: asyncio.to_thread(cli.main, list(a))
    assert await run("user", "add", "dave@example.org") == 0
    assert await run("key", "create", "dave@example.org", "--name", "phone") == 0
    assert await run("key", "import", "dave@example.org", "8F14E45F-CEEA-467A-9575-0FB8D7C8A0B1") == 0
    assert await run("key", "revoke", "8F14E45F-CEEA-467A-9575-0FB8D7C8A0B1") == 0
    assert (await client.get("/api/v1/ingestions", headers=auth("hsk_wrongwrongwrong"))).status == 401
    _, key = await new_key("dave@example.org")
    payload = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 1})])
    assert (await client.post("/api/v1/ingest", data=payload, headers=auth(key))).status == 200
    assert (await client.get("/api/v1/export?format=csv", headers=auth(key))).status == 200
    assert await run("user", "remove", "dave@example.org") == 0

    async def actions():
        got = [r["action"] for r in await conn.fetch(tsql("audit_actions"))]
        return got if {"ingestion_processed", "auth_failed", "export"} <= set(got) else None

    got = await wait_for(actions)
    for action in (
        "user_added",
        "key_created",
        "key_imported",
        "key_revoked",
        "auth_failed",
        "ingestion_accepted",
        "ingestion_processed",
        "export",
        "user_removed",
    ):
        assert action in got, action
    failed = next(r for r in await conn.fetch(tsql("audit_actions")) if r["action"] == "auth_failed")
    assert failed["client_addr"] == "127.0.0.1" and failed["details"]["key_prefix"] == "hsk_wron"
    assert "hsk_wrongwrongwrong" not in str(await conn.fetch(tsql("audit_actions")))


async def test_metrics_expose_the_domain_after_an_ingest(client, new_key):
    _, key = await new_key()
    payload = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 1})])
    out = await (await client.post("/api/v1/ingest", data=payload, headers=auth(key))).json()
    await client.get(f"/api/v1/ingestions/{out['ingestion_id']}", headers=auth(key))
    await client.get("/api/v1/ingestions", headers=auth("hsk_bad"))
    text = await (await client.get("/metrics")).text()
    for name in (
        "healthsink_ingest_bytes_received_total",
        'healthsink_ingest_samples_total{family="metrics",outcome="inserted"}',
        "healthsink_ingestion_processing_seconds_count",
        "healthsink_ingest_queue_depth",
        "healthsink_ingest_queue_oldest_seconds",
        "healthsink_auth_failures_total",
        "healthsink_rate_limited_total",
        "healthsink_db_pool_in_use",
        'route="/api/v1/ingestions/{id}"',
    ):
        assert name in text, name
    assert "127.0.0.1" not in text  # never labelled by client address


async def test_oversized_headers_are_refused(client, new_key):
    _, key = await new_key()
    resp = await client.get("/api/v1/ingestions", headers={**auth(key), "X-Padding": "x" * 20_000})
    assert resp.status in (400, 431)
    assert (await client.get("/api/v1/ingestions", headers=auth(key))).status == 200
