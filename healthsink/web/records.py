"""Paged lists (workouts, ECG, symptoms, state of mind, medications, cycle tracking, heart-rate
notifications) and single items. Pages are keyset pages: `next_cursor` is the last item's sort key."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from healthsink.ingest import tables
from healthsink.store import reads
from healthsink.web import params
from healthsink.web.appkeys import CONFIG, PRINCIPAL, READ_POOL
from healthsink.web.json import json_response


def _item(row) -> dict:
    """The row as the API answers it: the statements in sql/read/ list the fields on purpose."""
    return dict(row.items())


def lister(page: tables.Page):
    """The handler of one list route: items as its statement lists them, each with its `id` when the page
    names one, and the cursor of the next page."""

    def item_id(row):
        if len(page.item_id) == 1:
            return row[page.item_id[0]]
        return params.encode_token(*(row[c] for c in page.item_id))

    async def handler(request: web.Request) -> web.Response:
        limit = params.page_limit(request, request.app[CONFIG].query.page_limit)
        cursor = request.query.get("cursor")
        after = tuple(params.decode_token(cursor, "cursor", (datetime, str))) if cursor else None
        async with request.app[READ_POOL].acquire() as conn:
            start, end = await params.local_range(request, conn)
            rows = await reads.page(conn, page, request[PRINCIPAL].user_id, start, end, after, limit)
        items = [_item(r) for r in rows]
        if page.item_id:
            for item, row in zip(items, rows):
                item["id"] = item_id(row)
        last = rows[-1] if len(rows) == limit else None
        next_cursor = params.encode_token(*(last[c] for c in page.sort)) if last is not None else None
        return json_response({"items": items, "next_cursor": next_cursor})

    handler.__name__ = f"list_{page.name}"
    return handler


async def ecg(request: web.Request) -> web.Response:
    source, start = params.decode_token(request.match_info["id"], "id", (str, datetime))
    async with request.app[READ_POOL].acquire() as conn:
        row = await reads.ecg(conn, request[PRINCIPAL].user_id, source, start)
    item = _item(row)
    item["id"] = request.match_info["id"]
    return json_response(item)
