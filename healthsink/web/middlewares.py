"""Middlewares, outermost first: request id, observation (log line + metrics), CORS, errors, auth, limits."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import time
import uuid

from aiohttp import web

from healthsink import errors, metrics
from healthsink.auth import authenticate_limited, key_from_headers
from healthsink.store import db
from healthsink.web.appkeys import AUDIT, AUTH, BYTES_IN, CONFIG, EXTRA_HEADERS, LIMITER, PRINCIPAL, REQUEST_ID
from healthsink.web.json import json_response
from healthsink.web.openapi import PUBLIC

log = logging.getLogger("healthsink.http")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


_HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    408: "body_timeout",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def route_name(request: web.Request) -> str:
    """The route template ("/api/v1/ingestions/{id}"), never the raw path: bounded metric labels."""
    info = request.match_info
    resource = info.route.resource if info is not None and info.route is not None else None
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def request_id(request: web.Request, handler):
    rid = request.headers.get("X-Request-ID", "")
    request[REQUEST_ID] = rid if _REQUEST_ID.match(rid) else uuid.uuid4().hex
    response = await handler(request)
    response.headers["X-Request-ID"] = request[REQUEST_ID]
    return response


@web.middleware
async def observe(request: web.Request, handler):
    start = time.perf_counter()
    status = 500
    response = None
    try:
        response = await handler(request)
        status = response.status
        return response
    except asyncio.CancelledError:
        status = 499  # the client went away and aiohttp cancelled the handler: nobody got a 500
        raise
    finally:
        elapsed = time.perf_counter() - start
        route = route_name(request)
        metrics.REQUESTS.labels(route, request.method, str(status)).inc()
        metrics.REQUEST_SECONDS.labels(route, request.method).observe(elapsed)
        principal = request.get(PRINCIPAL)
        log.info(
            "request",
            extra={
                "fields": {
                    "request_id": request.get(REQUEST_ID),
                    "method": request.method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "user_id": principal.user_id if principal else None,
                    "bytes_in": request.get(BYTES_IN, request.content_length or 0),
                    "bytes_out": response.content_length if response is not None and response.content_length else 0,
                }
            },
        )


@web.middleware
async def cors(request: web.Request, handler):
    """No CORS headers at all unless server.cors_origins lists the origin."""
    allowed = request.app[CONFIG].server.cors_origins
    origin = request.headers.get("Origin")
    if not allowed or origin not in allowed:
        return await handler(request)
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        response = web.Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, PATCH, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = (
            "Authorization, Content-Type, Content-Encoding, api-key, X-API-Key, X-Request-ID"
        )
        response.headers["Access-Control-Max-Age"] = "600"
    else:
        response = await handler(request)
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Vary"] = "Origin"
    return response


def error_response(request: web.Request, status: int, code: str, message: str, **extra) -> web.Response:
    body = {"error": code, "message": message, "request_id": request.get(REQUEST_ID)}
    body.update(extra)
    response = json_response(body, status=status)
    response.headers.update(request.get(EXTRA_HEADERS, {}))
    return response


@web.middleware
async def errors_to_json(request: web.Request, handler):
    """The one place where errors become HTTP: every refusal is {"error", "message", "request_id"}."""
    try:
        response = await handler(request)
    except errors.HealthsinkError as exc:
        if isinstance(exc, errors.Unavailable):
            return _unavailable(request, exc)
        if exc.status >= 500:
            log.exception("request failed", extra={"fields": {"request_id": request.get(REQUEST_ID)}})
            return error_response(request, 500, "internal_error", "internal error")
        return error_response(request, exc.status, exc.code, exc.message, **exc.details)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = _HTTP_CODES.get(exc.status, "http_error")
        return error_response(request, exc.status, code, exc.reason)
    except Exception as exc:
        if db.unavailable(exc):
            return _unavailable(request, errors.DatabaseUnavailable(f"the database is not answering ({exc!r})"))
        log.exception("request failed", extra={"fields": {"request_id": request.get(REQUEST_ID)}})
        return error_response(request, 500, "internal_error", "internal error")
    response.headers.update(request.get(EXTRA_HEADERS, {}))
    return response


def _unavailable(request: web.Request, exc: errors.Unavailable) -> web.Response:
    log.warning("unavailable: %s", exc.message, extra={"fields": {"request_id": request.get(REQUEST_ID)}})
    response = error_response(request, exc.status, exc.code, exc.message)
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def client_address(request: web.Request) -> str:
    """The peer address; X-Forwarded-For is believed only from server.trusted_proxies."""
    remote = request.remote or ""
    trusted = request.app[CONFIG].server.trusted_proxies
    if not trusted:
        return remote
    nets = [ipaddress.ip_network(t, strict=False) for t in trusted]

    def is_trusted(addr: str) -> bool:
        try:
            ip = ipaddress.ip_address(addr)
        except ValueError:
            return False
        return any(ip in n for n in nets)

    if not is_trusted(remote):
        return remote
    hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h.strip()]
    for hop in reversed(hops):  # the rightmost address no trusted proxy vouches for
        if not is_trusted(hop):
            return hop
    return hops[0] if hops else remote


@web.middleware
async def authenticate(request: web.Request, handler):
    if route_name(request) == "unmatched" or request.match_info.route.name in PUBLIC or PRINCIPAL in request:
        return await handler(request)  # (a principal already: a dashboard session, web/dashboard/guard.py)
    cfg = request.app[CONFIG]
    addr = client_address(request)
    key = key_from_headers(request.headers)
    try:
        request[PRINCIPAL] = await authenticate_limited(
            request.app[AUTH], request.app[LIMITER], key, addr, cfg.rate_limit.failed_auth_per_hour
        )
    except errors.RateLimited as exc:
        metrics.RATE_LIMITED.labels("failed_auth").inc()
        request[EXTRA_HEADERS] = {"Retry-After": str(exc.retry_after)}
        raise
    except errors.Unauthorized as exc:
        metrics.AUTH_FAILURES.inc()
        request.app[AUDIT].record(
            "auth_failed",
            client_addr=addr,
            user_agent=request.headers.get("User-Agent"),
            request_id=request[REQUEST_ID],
            key_prefix=(key or "")[:8],
            reason=exc.message,
        )
        raise
    return await handler(request)


def _limit_headers(decision) -> dict[str, str]:
    h = {
        "RateLimit-Limit": str(decision.limit),
        "RateLimit-Remaining": str(decision.remaining),
        "RateLimit-Reset": str(decision.reset_s),
    }
    h.update({"X-" + k: v for k, v in h.items()})
    return h


@web.middleware
async def rate_limit(request: web.Request, handler):
    principal = request.get(PRINCIPAL)
    if principal is None:
        return await handler(request)
    cfg = request.app[CONFIG].rate_limit
    limiter = request.app[LIMITER]
    decision = await limiter.hit(f"req:{principal.key_id}", cfg.requests_per_hour)
    request[EXTRA_HEADERS] = _limit_headers(decision)
    # A declared length is only asked about (and never above what would be accepted): a refused 2 GB
    # Content-Length must not use up the hour. The bytes that really arrive are charged once received.
    declared = min(request.content_length or 0, request.app[CONFIG].ingest.max_body_bytes)
    if decision.allowed and declared:
        bytes_decision = await limiter.hit(f"bytes:{principal.key_id}", cfg.bytes_per_hour, cost=declared, charge=False)
        if not bytes_decision.allowed:
            decision = bytes_decision
            metrics.RATE_LIMITED.labels("bytes").inc()
    elif not decision.allowed:
        metrics.RATE_LIMITED.labels("requests").inc()
    if not decision.allowed:
        request[EXTRA_HEADERS]["Retry-After"] = str(decision.retry_after_s)
        raise errors.RateLimited("rate limit reached for this key", retry_after=decision.retry_after_s)
    try:
        return await handler(request)
    finally:
        if request.get(BYTES_IN):  # set by web/receive.py as the body arrives
            await limiter.hit(f"bytes:{principal.key_id}", cfg.bytes_per_hour, cost=request[BYTES_IN])


# A path typed with a trailing slash (".../ingest/") that matches no route gets a 308 to the path without it:
# 308, unlike 301, keeps the method and the body, so a phone's POST arrives whole.
trailing_slash = web.normalize_path_middleware(append_slash=False, remove_slash=True)

MIDDLEWARES = [request_id, observe, trailing_slash, cors, errors_to_json, authenticate, rate_limit]
