"""POST /api/v1/ingest (also /v1/ingest and /api/v1/sync): archive first, then process."""
from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from healthsink import metrics
from healthsink.errors import BadRequest, UnsupportedMediaType
from healthsink.ingest.result import Result
from healthsink.store import ingestions
from healthsink.web.appkeys import AUDIT, BYTES_IN, CONFIG, INGESTOR, PARTITIONS, POOL, PRINCIPAL, REQUEST_ID
from healthsink.web.json import json_response
from healthsink.web.receive import receive

log = logging.getLogger("healthsink.ingest")

# Headers the app adds, kept with the body for debugging (format doc §6).
APP_HEADERS = ("automation-name", "automation-id", "automation-aggregation", "automation-period", "session-id")


async def ingest(request: web.Request) -> web.Response:
    cfg = request.app[CONFIG]
    principal = request[PRINCIPAL]
    if request.content_type.startswith("multipart/"):
        raise UnsupportedMediaType("healthsink takes the JSON export format: set the automation's format to JSON")
    got = await receive(request, cfg.ingest)
    request[BYTES_IN] = got.size
    metrics.BYTES_RECEIVED.inc(got.size)
    headers = {h: request.headers[h] for h in APP_HEADERS if h in request.headers}
    common = dict(user_id=principal.user_id, key_id=principal.key_id, request_id=request[REQUEST_ID],
                  digest=got.digest, body_bytes=got.size, content_type=request.content_type, headers=headers)
    # A body too big to answer within a few seconds goes to the queue.
    in_request = got.body is not None and got.size <= cfg.ingest.async_threshold_bytes
    ingestor = request.app[INGESTOR]
    stored = await ingestor.archive(gz_chunks=got.gz_chunks, status="processing" if in_request else "queued",
                                    lease_s=cfg.ingest.lease_s if in_request else None, **common)
    seen = stored["seen_id"]
    if seen is not None:
        # The same bytes again (an overlapping re-send): nothing new can come of it.
        result = Result.as_duplicates(stored["seen_result"])
        async with request.app[POOL].acquire() as conn:
            ingestion_id = await ingestions.record_duplicate(conn, request.app[PARTITIONS], original_id=seen,
                                                             result=result, **common)
    else:
        ingestion_id = stored["id"]
    request.app[AUDIT].record("ingestion_accepted", user_id=principal.user_id, key_id=principal.key_id,
                              request_id=request[REQUEST_ID], ingestion_id=ingestion_id, bytes=got.size,
                              duplicate_of=seen)
    if seen is not None:
        return json_response({"ingestion_id": ingestion_id, "status": "processed", **result})
    if not in_request:
        ingestor.wake()
        return json_response({"ingestion_id": ingestion_id, "status": "queued"}, status=202)
    try:
        out = await ingestor.process_body(principal.user_id, ingestion_id, got.body, request[REQUEST_ID])
    except BadRequest as exc:
        exc.details["ingestion_id"] = ingestion_id
        raise
    except asyncio.CancelledError:
        await asyncio.shield(ingestor.release(principal.user_id, ingestion_id))
        raise
    except Exception as exc:
        # Stored, so never a 5xx: the queue retries it. Should recording the retry fail too (the database
        # went away), the body's lease lapses and a worker takes it up all the same.
        try:
            await ingestor.handle_failure(principal.user_id, ingestion_id, 1, exc)
        except Exception:
            log.exception("could not queue ingestion %s for a retry; its lease will lapse", ingestion_id)
        ingestor.wake()
        return json_response({"ingestion_id": ingestion_id, "status": "queued"}, status=202)
    # the audit row for an accepted body carries its counts once they are known
    request.app[AUDIT].record("ingestion_processed", user_id=principal.user_id, key_id=principal.key_id,
                              request_id=request[REQUEST_ID], ingestion_id=ingestion_id,
                              processed=out["processed"])
    return json_response({"ingestion_id": ingestion_id, "status": "processed", **out})
