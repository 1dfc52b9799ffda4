"""Issue 12.2 and 12.8: slow export readers cannot take the pool; a reader that leaves is logged, not a 500."""

import asyncio
import io
import logging

import pytest

from tests.helpers import auth, body, metric

POINTS = 60000  # ~12 MB of NDJSON: more than the socket buffers between a stalled reader and the server


async def _key_with_many_points(client, new_key) -> str:
    _, key = await new_key()
    points = [
        {"date": f"2026-01-{1 + i // 1440:02d} {i // 60 % 24:02d}:{i % 60:02d}:00 +0000", "qty": i % 97}
        for i in range(POINTS)
    ]
    resp = await client.post(
        "/api/v1/ingest", data=io.BytesIO(body(metrics=[metric("step_count", "count", *points)])), headers=auth(key)
    )
    assert resp.status == 200, await resp.text()
    return key


async def _slow_reader(client, key, stop: asyncio.Event, bytes_per_s: int = 1024):
    """A raw socket that asks for an export and then reads 1 KB a second (limit: asyncio stops reading
    from the socket once 2 KB wait in its buffer, so the server's writes really stall)."""
    reader, writer = await asyncio.open_connection(client.server.host, client.server.port, limit=bytes_per_s)
    writer.write(
        f"GET /api/v1/export?format=ndjson&metric=step_count HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {key}\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    got = b""
    try:
        while not stop.is_set():
            data = await reader.read(bytes_per_s)
            if not data:
                break
            got += data[:200] if len(got) < 200 else b""
            await asyncio.sleep(1)
    finally:
        writer.close()
    return got


@pytest.mark.slow
async def test_slow_export_readers_leave_the_pool_to_everyone_else(make_client, cfg, new_key, caplog):
    config = cfg.replace(
        database={"pool_min": 1, "pool_max": 3}, query={"export_concurrency": 1, "export_write_timeout_s": 4.0}
    )
    client = await make_client(config)
    key = await _key_with_many_points(client, new_key)
    _, other = await new_key("bob@example.org")
    stop = asyncio.Event()
    with caplog.at_level(logging.INFO, logger="healthsink.export"):
        readers = [asyncio.create_task(_slow_reader(client, key, stop)) for _ in range(4)]
        await asyncio.sleep(2)  # every reader asked; the first export is stalled on its socket
        try:
            for _ in range(3):
                ready = await asyncio.wait_for(client.get("/ready"), 5)
                assert ready.status == 200, await ready.text()
                sync = body(metrics=[metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 5})])
                resp = await asyncio.wait_for(client.post("/api/v1/ingest", data=sync, headers=auth(other)), 5)
                assert resp.status == 200
                assert (await asyncio.wait_for(client.get("/api/v1/metrics", headers=auth(other)), 5)).status == 200
                await asyncio.sleep(1)
            # the stalled reader is cut off once it takes nothing for export_write_timeout_s
            for _ in range(100):
                if any("export cut off" in r.getMessage() for r in caplog.records):
                    break
                await asyncio.sleep(0.1)
            assert any("export cut off" in r.getMessage() for r in caplog.records)
        finally:
            stop.set()
            answers = await asyncio.gather(*readers)
    heads = sorted(a.split(b"\r\n", 1)[0] for a in answers)
    # one export at a time streams; the others got one or waited, and those that waited too long were told so
    assert all(h in (b"HTTP/1.1 200 OK", b"HTTP/1.1 503 Service Unavailable") for h in heads), heads
    assert b"HTTP/1.1 200 OK" in heads


@pytest.mark.slow
async def test_a_reader_leaving_mid_export_is_logged_not_a_500(make_client, cfg, new_key, caplog):
    client = await make_client(cfg)
    key = await _key_with_many_points(client, new_key)
    with caplog.at_level(logging.INFO):
        reader, writer = await asyncio.open_connection(client.server.host, client.server.port)
        writer.write(
            f"GET /api/v1/export?format=ndjson&metric=step_count HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: Bearer {key}\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        assert (await reader.read(4096)).startswith(b"HTTP/1.1 200")
        writer.transport.abort()  # gone, mid-stream
        for _ in range(100):
            if any("client disconnected" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.2)
    messages = [r.getMessage() for r in caplog.records]
    assert "export ended: the client disconnected" in messages, messages
    assert not any(r.levelno >= logging.ERROR for r in caplog.records), messages
    line = next(
        r.fields for r in caplog.records if r.getMessage() == "request" and r.fields["route"] == "/api/v1/export"
    )
    assert line["status"] == 499  # logged as a client that left, not as a 500
    # the server goes on serving
    assert (await client.get("/api/v1/ingestions", headers=auth(key))).status == 200
