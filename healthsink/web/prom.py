"""GET /metrics in Prometheus text format, straight from prometheus_client.

One process: its own registry. Under `serve --workers N` (PROMETHEUS_MULTIPROC_DIR set by the parent): the
values every worker wrote to that directory, summed, whichever worker answers the scrape.
"""

from __future__ import annotations

import asyncio
import os

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess

from healthsink import metrics, tasks
from healthsink.monitor import gauges
from healthsink.store import ingestions
from healthsink.web.appkeys import POOL

POOL_EVERY_S = 5.0  # how stale another worker's pool gauges may be in a scrape


def _registry() -> CollectorRegistry:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return metrics.REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


_REGISTRY = _registry()


def _pool_gauges(pool) -> None:
    metrics.POOL_SIZE.set(pool.get_size())
    metrics.POOL_IN_USE.set(pool.get_size() - pool.get_idle_size())


async def prometheus(request: web.Request) -> web.Response:
    pool = request.app[POOL]
    async with pool.acquire() as conn:
        stats = await ingestions.queue_stats(conn)
        await gauges.refresh(conn)
    metrics.QUEUE_DEPTH.set(stats["depth"])
    metrics.QUEUE_OLDEST_S.set(stats["oldest_s"])
    _pool_gauges(pool)
    resp = web.Response(body=generate_latest(_REGISTRY))
    resp.content_type = CONTENT_TYPE_LATEST.split(";")[0]
    resp.charset = "utf-8"
    return resp


async def worker_gauges(app: web.Application):
    """With several workers, a scrape reaches one of them: the others keep their pool gauges current."""
    if _REGISTRY is metrics.REGISTRY:
        yield
        return

    async def refresh():
        while True:
            _pool_gauges(app[POOL])
            await asyncio.sleep(POOL_EVERY_S)

    task = asyncio.create_task(refresh())
    yield
    await tasks.cancel(task)
