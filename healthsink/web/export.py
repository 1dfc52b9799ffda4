"""GET /api/v1/export?format=ndjson|csv[&type=…][&metric=…]&start=&end=

Streamed with chunked transfer straight from a server-side cursor: memory stays constant whatever the size.

A cursor lives in a transaction on a pool connection for as long as the client reads, so a slow reader
holds that connection: five readers at 1 KB/s once took the whole pool, other users' syncs timed out and
/ready said the database was down. So exports take one of `query.export_concurrency` slots (fewer than the
pool's connections: ingest and reads always keep the rest), a client that does not take a chunk within
`query.export_write_timeout_s` is cut off, and one that goes away is logged, not answered with a 500.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging

import orjson
from aiohttp import web

from healthsink.errors import ExportsBusy
from healthsink.ingest import names
from healthsink.store import reads
from healthsink.web import params
from healthsink.web.appkeys import AUDIT, CONFIG, EXPORTS, PRINCIPAL, READ_POOL, REQUEST_ID

log = logging.getLogger("healthsink.export")
ROWS_PER_WRITE = 1000


class _SlowReader(Exception):
    pass


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return orjson.dumps(v).decode()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


async def export(request: web.Request) -> web.StreamResponse:
    fmt = params.choice(request, "format", ("ndjson", "csv"), "ndjson")
    kind = params.choice(request, "type", reads.EXPORTS)
    metric = request.query.get("metric")
    metric = names.normalise(metric) if metric else None
    user_id = request[PRINCIPAL].user_id
    cfg = request.app[CONFIG].query
    pool = request.app[READ_POOL]
    async with pool.acquire() as conn:
        start, end = await params.local_range(request, conn)  # a date alone is a local day in the user's zone
        if kind is None:
            kind = await reads.metric_kind(conn, user_id, metric) if metric else "quantity"
    slots = request.app[EXPORTS]
    try:
        # waiting for a slot holds no connection; past the write timeout, the slots are stuck on slow readers
        async with asyncio.timeout(cfg.export_write_timeout_s):
            await slots.acquire()
    except TimeoutError:
        raise ExportsBusy(
            f"all {cfg.export_concurrency} export slots are busy (query.export_concurrency); try again shortly"
        ) from None
    fields = {"request_id": request[REQUEST_ID], "user_id": user_id, "type": kind}
    rows = 0
    try:
        response = web.StreamResponse(
            headers={
                "Content-Type": "application/x-ndjson" if fmt == "ndjson" else "text/csv; charset=utf-8",
                "Content-Disposition": f'attachment; filename="healthsink-{kind}.{fmt}"',
            }
        )
        response.enable_chunked_encoding()
        await response.prepare(request)
        async with pool.acquire() as conn, conn.transaction(readonly=True):
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            if fmt == "csv":
                writer.writerow([c for c in await reads.export_columns(conn, kind) if c != "user_id"])
            chunk: list[bytes] = []
            async for row in reads.export_rows(conn, kind, user_id, start, end, metric):
                record = {k: v for k, v in row.items() if k != "user_id"}
                if fmt == "ndjson":
                    chunk.append(orjson.dumps(record, option=orjson.OPT_UTC_Z | orjson.OPT_APPEND_NEWLINE))
                else:
                    writer.writerow([_cell(v) for v in record.values()])
                rows += 1
                if rows % ROWS_PER_WRITE == 0:
                    await _drain(response, chunk, buffer, cfg.export_write_timeout_s)
            await _drain(response, chunk, buffer, cfg.export_write_timeout_s)
        await response.write_eof()
    except _SlowReader:
        log.warning("export cut off: the client read too slowly", extra={"fields": {**fields, "rows": rows}})
        if request.transport is not None:
            request.transport.close()
        return response
    except ConnectionResetError:  # aiohttp's ClientConnectionResetError too
        log.info("export ended: the client disconnected", extra={"fields": {**fields, "rows": rows}})
        return response
    except asyncio.CancelledError:  # aiohttp cancels the handler of a connection that is gone
        log.info("export ended: the client disconnected", extra={"fields": {**fields, "rows": rows}})
        raise
    finally:
        slots.release()
    request.app[AUDIT].record(
        "export",
        user_id=user_id,
        key_id=request[PRINCIPAL].key_id,
        request_id=request[REQUEST_ID],
        type=kind,
        format=fmt,
        rows=rows,
        metric=metric,
    )
    return response


async def _drain(response: web.StreamResponse, chunk: list[bytes], buffer: io.StringIO, timeout_s: float) -> None:
    data = b"".join(chunk) + buffer.getvalue().encode()
    chunk.clear()
    buffer.seek(0)
    buffer.truncate()
    if data:
        try:
            async with asyncio.timeout(timeout_s):
                await response.write(data)
        except TimeoutError:
            raise _SlowReader() from None
