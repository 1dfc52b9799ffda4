"""GET /api/v1/export?format=ndjson|csv[&type=…][&metric=…]&start=&end=

Streamed with chunked transfer straight from a server-side cursor: memory stays constant whatever the size.
"""
from __future__ import annotations

import csv
import io

import orjson
from aiohttp import web

from healthsink.ingest import names
from healthsink.store import reads
from healthsink.web import params
from healthsink.web.appkeys import AUDIT, POOL, PRINCIPAL, REQUEST_ID

ROWS_PER_WRITE = 1000


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
    start, end = params.time_range(request)
    user_id = request[PRINCIPAL].user_id
    pool = request.app[POOL]
    if kind is None:
        if metric:
            async with pool.acquire() as conn:
                kind = await reads.metric_kind(conn, user_id, metric)
        else:
            kind = "quantity"
    response = web.StreamResponse(headers={
        "Content-Type": "application/x-ndjson" if fmt == "ndjson" else "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="healthsink-{kind}.{fmt}"'})
    response.enable_chunked_encoding()
    await response.prepare(request)
    rows = 0
    async with pool.acquire() as conn, conn.transaction(readonly=True):
        buffer = io.StringIO()
        writer = None
        chunk: list[bytes] = []
        async for row in reads.export_rows(conn, kind, user_id, start, end, metric):
            record = {k: v for k, v in row.items() if k != "user_id"}
            if fmt == "ndjson":
                chunk.append(orjson.dumps(record, option=orjson.OPT_UTC_Z | orjson.OPT_APPEND_NEWLINE))
            else:
                if writer is None:
                    writer = csv.writer(buffer)
                    writer.writerow(record.keys())
                writer.writerow([_cell(v) for v in record.values()])
            rows += 1
            if rows % ROWS_PER_WRITE == 0:
                await _drain(response, chunk, buffer)
        await _drain(response, chunk, buffer)
    await response.write_eof()
    request.app[AUDIT].record("export", user_id=user_id, key_id=request[PRINCIPAL].key_id,
                              request_id=request[REQUEST_ID], type=kind, format=fmt, rows=rows, metric=metric)
    return response


async def _drain(response: web.StreamResponse, chunk: list[bytes], buffer: io.StringIO) -> None:
    data = b"".join(chunk) + buffer.getvalue().encode()
    chunk.clear()
    buffer.seek(0)
    buffer.truncate()
    if data:
        await response.write(data)
