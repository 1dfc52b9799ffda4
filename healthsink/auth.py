"""Authenticating API keys: one indexed lookup, one Argon2 verify per process, then a short-lived cache.

The cache maps a key's SHA-256 digest to its owner once Argon2 has verified it. An entry is trusted for
`auth.key_cache_s` (at most 5 s); after that, the next request re-reads the key's row (cheap, by index)
without running Argon2 again, so a revoked or expired key stops working in every process within that time.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone

from healthsink import secrets
from healthsink.errors import RateLimited, Unauthorized
from healthsink.store import accounts

TOUCH_EVERY_S = 60.0


class KnownKeyRefused(Unauthorized):
    """A refused key that names a real one (its prefix matches): a wrong secret, or a revoked or expired
    key. Its failures are counted against that prefix, not against the caller's address."""

    def __init__(self, prefix: str, message: str) -> None:
        super().__init__(message)
        self.prefix = prefix


@dataclass(frozen=True)
class Principal:
    user_id: int
    key_id: int
    key_prefix: str
    scope: str = "all"  # what the key may do: 'all' | 'ingest' | 'read' (migration 0030)


@dataclass
class _Entry:
    principal: Principal
    checked_at: float


class Authenticator:
    def __init__(self, pool, cache_s: float, cache_size: int) -> None:
        self._pool = pool
        self._cache_s = cache_s
        self._size = cache_size
        self._cache: OrderedDict[bytes, _Entry] = OrderedDict()
        self._touched: dict[int, float] = {}
        self._tasks: set[asyncio.Task] = set()

    async def authenticate(self, key: str | None) -> Principal:
        if not key:
            raise Unauthorized("missing API key (send it as 'Authorization: Bearer …', 'api-key' or 'X-API-Key')")
        digest = secrets.digest(key)
        now = time.monotonic()
        entry = self._cache.get(digest)
        if entry is not None and now - entry.checked_at < self._cache_s:
            self._cache.move_to_end(digest)
            self._touch(entry.principal, now)
            return entry.principal

        prefix = secrets.shown_prefix(key)
        async with self._pool.acquire() as conn:
            row = await accounts.find_key(conn, digest)
            if row is None:
                self._cache.pop(digest, None)
                if await accounts.prefix_exists(conn, prefix):
                    raise KnownKeyRefused(prefix, "unknown API key")
                raise Unauthorized("unknown API key")
        if row["revoked_at"] is not None or row["disabled_at"] is not None:
            self._cache.pop(digest, None)
            raise KnownKeyRefused(row["prefix"], "API key revoked")
        if row["expires_at"] is not None and row["expires_at"] <= datetime.now(timezone.utc):
            self._cache.pop(digest, None)
            raise KnownKeyRefused(row["prefix"], "API key expired")
        if entry is None:
            # Argon2 costs ~20 ms of CPU: run it off the event loop, once per key per process.
            ok = await asyncio.to_thread(secrets.verify, row["secret_hash"], key)
            if not ok:
                raise KnownKeyRefused(row["prefix"], "unknown API key")
            entry = _Entry(Principal(row["user_id"], row["id"], row["prefix"], row["scope"]), now)
        entry.checked_at = now
        self._cache[digest] = entry
        self._cache.move_to_end(digest)
        while len(self._cache) > self._size:
            self._cache.popitem(last=False)
        self._touch(entry.principal, now)
        return entry.principal

    def _touch(self, p: Principal, now: float) -> None:
        """Write last_used_at at most once a minute per key, off the request path."""
        if now - self._touched.get(p.key_id, -TOUCH_EVERY_S) < TOUCH_EVERY_S:
            return
        self._touched[p.key_id] = now
        task = asyncio.create_task(self._write_touch(p))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _write_touch(self, p: Principal) -> None:
        async with self._pool.acquire() as conn:
            await accounts.touch_key(conn, p.user_id, p.key_id)

    async def close(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


async def authenticate_limited(auth: Authenticator, limiter, key: str | None, address: str, per_hour: int) -> Principal:
    """A valid key always gets through, whatever failed before it from the same address: one scanner behind
    a household's NAT (or a proxy not listed in trusted_proxies) must not lock out every phone. Failures
    are limited per client address for keys that match nothing, and per key prefix for wrong secrets of a
    known key; past the limit a failure is answered 429 instead of 401. Checking a key first costs one
    indexed lookup, as a valid request does; Argon2 runs only when the digest matches."""
    try:
        return await auth.authenticate(key)
    except KnownKeyRefused as exc:
        failure, bucket = exc, "authfail:prefix:" + exc.prefix
    except Unauthorized as exc:
        failure, bucket = exc, "authfail:addr:" + address
    decision = await limiter.hit(bucket, per_hour)
    if not decision.allowed:
        what = "this key" if bucket.startswith("authfail:prefix:") else "this address"
        raise RateLimited(
            f"too many failed authentications for {what}", retry_after=decision.retry_after_s
        ) from failure
    raise failure


def key_from_headers(headers) -> str | None:
    """The key from `Authorization: Bearer`, `api-key` or `X-API-Key` (the app lets users set any header)."""
    auth = headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    return (headers.get("api-key") or headers.get("X-API-Key") or "").strip() or None
