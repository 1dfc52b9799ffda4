"""GET /metrics in Prometheus text format, straight from prometheus_client."""
from __future__ import annotations

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from healthsink import metrics
from healthsink.store import ingestions
from healthsink.web.appkeys import POOL


async def prometheus(request: web.Request) -> web.Response:
    pool = request.app[POOL]
    async with pool.acquire() as conn:
        stats = await ingestions.queue_stats(conn)
    metrics.QUEUE_DEPTH.set(stats["depth"])
    metrics.QUEUE_OLDEST_S.set(stats["oldest_s"])
    metrics.POOL_SIZE.set(pool.get_size())
    metrics.POOL_IN_USE.set(pool.get_size() - pool.get_idle_size())
    resp = web.Response(body=generate_latest(metrics.REGISTRY))
    resp.content_type = CONTENT_TYPE_LATEST.split(";")[0]
    resp.charset = "utf-8"
    return resp
