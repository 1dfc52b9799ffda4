"""POST /api/v1/ingest (also /v1/ingest and /api/v1/sync): HTTP in, `Ingestor.accept`, HTTP out."""

from __future__ import annotations

from aiohttp import web

from healthsink import metrics
from healthsink.ingest import formats
from healthsink.pipeline import Body
from healthsink.web.appkeys import BYTES_IN, CONFIG, INGESTOR, PRINCIPAL, REQUEST_ID
from healthsink.web.json import json_response
from healthsink.web.receive import receive

# Headers the app adds, kept with the body for debugging (format doc §6).
APP_HEADERS = ("automation-name", "automation-id", "automation-aggregation", "automation-period", "session-id")


async def ingest(request: web.Request) -> web.Response:
    formats.check(request.content_type)
    principal = request[PRINCIPAL]
    got = await receive(request, request.app[CONFIG].ingest)
    request[BYTES_IN] = got.size
    metrics.BYTES_RECEIVED.inc(got.size)
    body = Body(
        user_id=principal.user_id,
        key_id=principal.key_id,
        request_id=request[REQUEST_ID],
        digest=got.digest,
        size=got.size,
        gz_chunks=got.gz_chunks,
        data=got.body,
        content_type=request.headers.get("Content-Type", request.content_type),
        headers={h: request.headers[h] for h in APP_HEADERS if h in request.headers},
    )
    accepted = await request.app[INGESTOR].accept(body)
    payload = {"ingestion_id": accepted.ingestion_id, "status": accepted.status, **(accepted.outcome or {})}
    return json_response(payload, status=200 if accepted.status == "processed" else 202)
