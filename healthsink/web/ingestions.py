"""GET /api/v1/ingestions and /api/v1/ingestions/{id}: what became of each body.

`?session_id=` lists one automation run's bodies: with Batch Requests on, the app sends a run as several
POSTs sharing its `session-id` header (some with empty arrays)."""

from __future__ import annotations

from aiohttp import web

from healthsink.store import ingestions
from healthsink.web import params
from healthsink.web.appkeys import CONFIG, POOL, PRINCIPAL
from healthsink.web.json import json_response


def _summary(row) -> dict:
    return {
        "ingestion_id": row["id"],
        "received_at": row["received_at"],
        "status": row["status"],
        "body_bytes": row["body_bytes"],
        "stored_bytes": row["stored_bytes"],
        "attempts": row["attempts"],
        "error": row["error"],
        "processed_at": row["processed_at"],
        "duplicate_of": row["duplicate_of"],
        "session_id": (row["headers"] or {}).get("session-id"),
    }


async def list_ingestions(request: web.Request) -> web.Response:
    limit = params.page_limit(request, request.app[CONFIG].query.page_limit)
    cursor = request.query.get("cursor")
    before = params.decode_token(cursor, "cursor", (int,))[0] if cursor else None
    session_id = request.query.get("session_id") or None
    async with request.app[POOL].acquire() as conn:
        rows = await ingestions.page(conn, request[PRINCIPAL].user_id, before, limit, session_id)
    next_cursor = params.encode_token(rows[-1]["id"]) if len(rows) == limit else None
    listed = [{**_summary(r), "headers": r["headers"]} for r in rows]
    return json_response({"ingestions": listed, "next_cursor": next_cursor})


async def get_ingestion(request: web.Request) -> web.Response:
    ingestion_id = params.path_int(request, "id")
    async with request.app[POOL].acquire() as conn:
        row = await ingestions.get(conn, request[PRINCIPAL].user_id, ingestion_id)
    out = _summary(row)
    out["headers"] = row["headers"]
    if row["result"] is not None:
        out.update({k: v for k, v in row["result"].items() if k not in out})
    return json_response(out)
