"""Typed application keys, declared in one place."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from aiohttp import web

from healthsink.audit import AuditLog
from healthsink.auth import Authenticator, Principal
from healthsink.config import Config
from healthsink.pipeline import Ingestor
from healthsink.store.partitions import Partitions
from healthsink.store.replica import ReadPool

CONFIG = web.AppKey("config", Config)
POOL = web.AppKey("pool", asyncpg.Pool)
AUTH = web.AppKey("auth", Authenticator)
AUDIT = web.AppKey("audit", AuditLog)
PARTITIONS = web.AppKey("partitions", Partitions)
LIMITER = web.AppKey("limiter", Any)  # ratelimit.LocalLimiter | ratelimit.RedisLimiter
REDIS = web.AppKey("redis", Any)  # redis.asyncio.Redis | None
INGESTOR = web.AppKey("ingestor", Ingestor)
MONITOR = web.AppKey("monitor", Any)  # monitor.Monitor (web/status.py starts it)
ROUTES = web.AppKey("routes", list)  # the routes table (web/routes.py), for the OpenAPI document
READ_POOL = web.AppKey("read_pool", ReadPool)  # read endpoints and exports: the replica, else POOL
EXPORTS = web.AppKey("exports", asyncio.Semaphore)  # export slots (query.export_concurrency), web/export.py

# Per-request values set by the middlewares.
REQUEST_ID = web.RequestKey("request_id", str)
PRINCIPAL = web.RequestKey("principal", Principal)
BYTES_IN = web.RequestKey("bytes_in", int)
EXTRA_HEADERS = web.RequestKey("extra_headers", dict)  # rate-limit headers, added to any response
