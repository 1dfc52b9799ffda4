"""create_app(config): the aiohttp application, its resources and their lifetimes."""

from __future__ import annotations

import asyncio
import logging
import os

from aiohttp import web

from healthsink import ratelimit, units
from healthsink.audit import AuditLog
from healthsink.auth import Authenticator
from healthsink.config import Config
from healthsink.ingest import rows
from healthsink.pipeline import Ingestor
from healthsink.store import citus, db, ingestions, rollup
from healthsink.store.partitions import Partitions
from healthsink.store.replica import ReadPool
from healthsink.web import dashboard, prom, status
from healthsink.web.appkeys import AUDIT, AUTH, CONFIG, EXPORTS, INGESTOR, LIMITER, PARTITIONS, POOL, READ_POOL, REDIS
from healthsink.web.middlewares import MIDDLEWARES
from healthsink.web.routes import add_routes

log = logging.getLogger("healthsink")
REDIS_TIMEOUT_S = 0.5  # a dead Redis must not stall requests: fall back quickly


async def _database(app: web.Application):
    cfg = app[CONFIG]
    url = await asyncio.to_thread(db.database_url, cfg)  # may start the embedded server
    # a Citus coordinator: every connection opened now (a fresh one is slow to set up there), and kept
    pool_min = cfg.database.pool_max if await citus.coordinator(url) else cfg.database.pool_min
    pool = await db.create_pool(url, pool_min, cfg.database.pool_max, cfg.database.command_timeout_s)
    async with pool.acquire() as conn:
        # a broken statement stops the start, not a request at 3 a.m.
        await db.prepare_all(conn)
    # pint's unit registry (~1 s) now, not on the event loop inside the first sync's parse
    await asyncio.to_thread(units.warm)
    app[POOL] = pool
    app[PARTITIONS] = Partitions()
    # exports must leave connections to ingest and reads, whatever the configuration says
    app[EXPORTS] = asyncio.Semaphore(max(1, min(cfg.query.export_concurrency, cfg.database.pool_max - 1)))
    watch = None
    if not cfg.database.url:
        watch = asyncio.create_task(db.watch_embedded(cfg.data_path / "postgres", _exit_for_restart))
    yield
    if watch is not None:
        watch.cancel()
    await pool.close()


EXIT_DATABASE_GONE = 3


def _exit_for_restart() -> None:
    """The embedded database died under us: exit non-zero at once, so systemd (Restart=on-failure) starts
    the service, and with it the database, again. Nothing is lost: every answered body is in the database,
    and a graceful stop would only wait on statements that cannot finish."""
    logging.shutdown()
    os._exit(EXIT_DATABASE_GONE)


async def _reads(app: web.Application):
    """Reads on database.replica_url when set, with the primary as fallback (store/replica.py)."""
    cfg = app[CONFIG].database
    app[READ_POOL] = ReadPool(app[POOL], cfg.replica_url, 1, cfg.pool_max)
    await app[READ_POOL].start()
    yield
    await app[READ_POOL].close()


async def _redis(app: web.Application):
    cfg = app[CONFIG]
    client = None
    if cfg.redis.url:
        import redis.asyncio as aioredis

        client = aioredis.from_url(
            cfg.redis.url, socket_timeout=REDIS_TIMEOUT_S, socket_connect_timeout=REDIS_TIMEOUT_S
        )
        app[LIMITER] = ratelimit.RedisLimiter(client)
    else:
        app[LIMITER] = ratelimit.LocalLimiter()
    app[REDIS] = client
    yield
    if client is not None:
        await client.aclose()


async def _services(app: web.Application):
    cfg = app[CONFIG]
    app[AUTH] = Authenticator(app[POOL], cfg.auth.key_cache_s, cfg.auth.key_cache_size)
    app[AUDIT] = AuditLog(app[POOL], app[PARTITIONS])
    app[AUDIT].start()
    async with app[POOL].acquire() as conn:
        reclaimed = await ingestions.reclaim_abandoned(conn)
    if reclaimed:
        log.warning("reclaimed %d bodies a dead process of this host left processing", len(reclaimed))
    app[INGESTOR] = Ingestor(app[POOL], cfg, app[PARTITIONS], app[AUDIT])
    if app.get(_RUN_WORKERS, True):
        app[INGESTOR].queue.start()
    yield
    await app[INGESTOR].queue.stop()  # unfinished bodies go back to the queue for the next start
    await app[AUTH].close()
    await app[AUDIT].close()


_RUN_WORKERS = web.AppKey("run_workers", bool)


async def _rollup(app: web.Application):
    """The daily rollup's refresher (store/rollup.py), beside the queue's workers."""
    refresher = rollup.Refresher(app[POOL])
    if app[_RUN_WORKERS]:
        refresher.start()
    yield
    await refresher.stop()


def create_app(cfg: Config, run_workers: bool = True) -> web.Application:
    app = web.Application(
        middlewares=dashboard.middlewares(MIDDLEWARES),
        client_max_size=1024 * 1024,
        handler_args={
            "max_line_size": cfg.server.max_header_bytes,
            "max_field_size": cfg.server.max_header_bytes,
            # aiohttp's keep-alive timer runs from the connection's start or its last answer and is not
            # reset by incoming bytes, so it also bounds how long headers may take to arrive
            "keepalive_timeout": cfg.server.header_timeout_s,
        },
    )
    app[CONFIG] = cfg
    app[_RUN_WORKERS] = run_workers
    rows.configure(rows.Limits.from_config(cfg.ingest))  # a bad ingest.min_date stops the start
    app.cleanup_ctx.extend([_database, _reads, _redis, _services, _rollup, prom.worker_gauges, status.monitor_ctx])
    add_routes(app)
    dashboard.setup(app)
    return app
