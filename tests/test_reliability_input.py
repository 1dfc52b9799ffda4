"""Issue 12.8: hostile or broken input gets a clear 4xx or an item error, never a 500 or silence."""

import asyncio
import logging

import pytest
from aiohttp import web

from healthsink.app import create_app
from healthsink.ingest.stream import Walker
from tests.helpers import auth, body, metric

SYNC = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 5})])


async def test_gzip_header_on_bytes_that_are_not_gzip_is_400(client, new_key):
    _, key = await new_key()
    resp = await client.post(
        "/api/v1/ingest",
        data=SYNC,
        headers={**auth(key), "Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    payload = await resp.json()
    assert resp.status == 400, payload
    assert payload["error"] == "invalid_encoding"


@pytest.mark.parametrize("whole", [True, False], ids=["parsed whole", "streamed"])
async def test_metric_data_that_is_an_object_is_an_item_error(client, new_key, whole, monkeypatch):
    if not whole:  # the streaming parser (bodies over ingest.parse_whole_max_bytes) says the same
        events = list(Walker().events([body(metrics=[{"name": "step_count", "units": "count", "data": {"qty": 1}}])]))
        assert events == [("bad_metric", 0, "a metric's 'data' must be an array of points")]
        return
    _, key = await new_key()
    bad = body(
        metrics=[
            {"name": "step_count", "units": "count", "data": {"date": "2026-03-30", "qty": 1}},
            metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 5}),
        ]
    )
    resp = await client.post("/api/v1/ingest", data=bad, headers=auth(key))
    payload = await resp.json()
    assert resp.status == 200 and payload["success"] is False
    assert [(e["item_index"], e["error"]) for e in payload["errors"]] == [(0, "invalid_value")]
    assert "'data' must be an array" in payload["errors"][0]["details"]
    assert payload["inserted"]["metrics"] == 1


async def test_a_refused_content_length_is_not_charged_to_the_byte_budget(make_client, cfg, new_key):
    client = await make_client(
        cfg.replace(rate_limit={"bytes_per_hour": len(SYNC) * 3}, ingest={"max_body_bytes": len(SYNC) * 2})
    )
    _, key = await new_key()
    reader, writer = await asyncio.open_connection(client.server.host, client.server.port)
    writer.write(
        f"POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n".encode()
    )
    await writer.drain()
    head = await asyncio.wait_for(reader.read(4096), 5)
    writer.close()
    assert head.startswith(b"HTTP/1.1 413")
    # the next real uploads fit: only bytes received were charged (nothing, for the refused one)
    for _ in range(3):
        resp = await client.post("/api/v1/ingest", data=SYNC, headers=auth(key))
        assert resp.status == 200, await resp.text()
    resp = await client.post("/api/v1/ingest", data=SYNC, headers=auth(key))
    assert resp.status == 429  # and the real ones are charged


@pytest.fixture
async def served(cfg, db_url, redis_url):
    """The app as `healthsink serve` runs it: aiohttp's runner without handler cancellation (the test client
    cancels a handler whose client left; web.run_app does not, so the handler sees the broken body)."""
    runner = web.AppRunner(create_app(cfg), handler_cancellation=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield runner.addresses[0]
    await runner.cleanup()


async def test_a_client_leaving_mid_body_is_logged_not_a_500_when_served(served, new_key, caplog):
    _, key = await new_key()
    with caplog.at_level(logging.INFO):
        reader, writer = await asyncio.open_connection(*served)
        writer.write(
            f"POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n"
            f'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{"data": '.encode()
        )
        await writer.drain()
        await asyncio.sleep(0.3)
        writer.transport.abort()
        for _ in range(50):
            lines = [r for r in caplog.records if r.getMessage() == "request"]
            if lines:
                break
            await asyncio.sleep(0.1)
    assert lines and lines[0].fields["status"] == 499, [r.getMessage() for r in caplog.records]
    assert any(r.getMessage().startswith("client disconnected mid-body") for r in caplog.records)
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


async def test_a_client_leaving_mid_body_is_logged_not_a_500(client, new_key, caplog):
    _, key = await new_key()
    with caplog.at_level(logging.INFO):
        reader, writer = await asyncio.open_connection(client.server.host, client.server.port)
        writer.write(
            f"POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n"
            f'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{"data": '.encode()
        )
        await writer.drain()
        await asyncio.sleep(0.3)
        writer.transport.abort()
        for _ in range(50):
            lines = [r for r in caplog.records if r.getMessage() == "request"]
            if lines:
                break
            await asyncio.sleep(0.1)
    assert lines and lines[0].fields["status"] == 499, [r.getMessage() for r in caplog.records]
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


@pytest.mark.slow
async def test_headers_trickling_in_are_cut_off(make_client, cfg):
    client = await make_client(cfg.replace(server={"header_timeout_s": 1.0}))
    reader, writer = await asyncio.open_connection(client.server.host, client.server.port)
    writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    closed_after = None
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        for _ in range(40):  # a byte every 0.2 s, never finishing the headers (slowloris)
            writer.write(b"X")
            await writer.drain()
            try:
                if await asyncio.wait_for(reader.read(1), 0.2) == b"":
                    closed_after = loop.time() - start
                    break
            except TimeoutError:
                continue
    except ConnectionError:
        closed_after = loop.time() - start
    finally:
        writer.close()
    assert closed_after is not None and closed_after < 4, closed_after
