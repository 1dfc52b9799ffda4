"""GET /api/v1/metrics (the caller's catalog) and /api/v1/metrics/{name} (points, or buckets in a zone).
The rules (units, merging, local days, origins) are in healthsink/read/series.py."""

from __future__ import annotations

from aiohttp import web

from healthsink.ingest import names
from healthsink.read import series
from healthsink.store import reads
from healthsink.web import params
from healthsink.web.appkeys import CONFIG, PRINCIPAL, READ_POOL
from healthsink.web.json import json_response


async def catalog(request: web.Request) -> web.Response:
    # paged by name; a full page by default, since the app knows ~150 metric names
    largest = request.app[CONFIG].query.page_limit
    limit = params.integer(request, "limit", largest, 1, largest)
    cursor = request.query.get("cursor")
    after = params.decode_token(cursor, "cursor", (str,))[0] if cursor else None
    async with request.app[READ_POOL].acquire() as conn:
        rows = await reads.catalog(conn, request[PRINCIPAL].user_id, after, limit)
    return json_response(
        {
            "metrics": [
                {
                    "name": r["name"],
                    "units": r["units"],
                    "count": r["count"],
                    "first": r["first"],
                    "last": r["last"],
                    "sources": r["sources"],
                }
                for r in rows
            ],
            "next_cursor": params.encode_token(rows[-1]["name"]) if len(rows) == limit else None,
        }
    )


async def points(request: web.Request) -> web.Response:
    name = names.normalise(request.match_info["name"])
    user_id = request[PRINCIPAL].user_id
    bucket = params.choice(request, "bucket", params.BUCKETS)
    agg = params.choice(request, "agg", params.AGGS, "sum" if name in names.CUMULATIVE else "avg")
    merge = params.flag(request, "merge")
    async with request.app[READ_POOL].acquire() as conn:
        ctx = await params.context(request, conn)
        start, end = params.time_range(request, ctx)
        query = series.SeriesQuery(
            name,
            start,
            end,
            request.query.get("source"),
            bucket,
            agg,
            request.query.get("units"),
            merge,
            request.app[CONFIG].query.max_points,
        )
        kind = await reads.metric_kind(conn, user_id, name)
        body = await series.read(conn, user_id, kind, query, ctx)
    return json_response(body)
