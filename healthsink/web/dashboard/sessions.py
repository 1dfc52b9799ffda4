"""Server-side dashboard sessions: a pasted API key becomes a random token in an HttpOnly cookie.

Only sha256(token) is stored. A session is re-read at most every `auth.key_cache_s` seconds, like a key, so
logging out, revoking the key that opened it or disabling the user ends it in every process within that time.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from healthsink.auth import Principal
from healthsink.store import sessions as store

TOKEN_BYTES = 32
TOUCH_EVERY_S = 60.0


@dataclass(frozen=True)
class Session:
    principal: Principal
    session_id: int
    csrf: str  # the synchronizer token forms must carry; derived from the token, never stored


@dataclass
class _Entry:
    session: Session | None
    checked_at: float


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def csrf_for(token: str) -> str:
    # A different hash of the same secret: a page may show it, and it tells nothing about the cookie.
    return hashlib.sha256(b"healthsink-csrf:" + token.encode("utf-8")).hexdigest()


def same_token(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class Sessions:
    def __init__(self, pool, cache_s: float, idle_days: float, max_days: float, cache_size: int = 1024) -> None:
        self._pool = pool
        self._cache_s = cache_s
        self._idle = timedelta(days=idle_days)
        self._max = timedelta(days=max_days)
        self._size = cache_size
        self._cache: OrderedDict[bytes, _Entry] = OrderedDict()
        self._touched: dict[int, float] = {}
        self._tasks: set[asyncio.Task] = set()

    @property
    def max_age_s(self) -> int:
        return int(self._max.total_seconds())

    async def open(self, principal: Principal, user_agent: str | None) -> str:
        """A new session for a verified key; returns the token for the cookie (shown nowhere else)."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        async with self._pool.acquire() as conn:
            await store.create(
                conn,
                principal.user_id,
                principal.key_id,
                digest(token),
                datetime.now(UTC) + self._max,
                user_agent,
                self._idle,
            )
        return token

    async def close(self, token: str) -> Session | None:
        """Logout: the row is ended, and this process forgets it at once."""
        found = await self.find(token)
        self._cache.pop(digest(token), None)
        async with self._pool.acquire() as conn:
            await store.end(conn, digest(token))
        return found

    async def find(self, token: str | None) -> Session | None:
        if not token or len(token) > 100:
            return None
        d = digest(token)
        now = time.monotonic()
        entry = self._cache.get(d)
        if entry is None or now - entry.checked_at >= self._cache_s:
            async with self._pool.acquire() as conn:
                row = await store.find(conn, d, self._idle)
            session = None
            if row is not None and row["live"]:
                session = Session(
                    Principal(row["user_id"], row["key_id"], row["prefix"], row["scope"]), row["id"], csrf_for(token)
                )
            entry = _Entry(session, now)
            self._cache[d] = entry
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        self._cache.move_to_end(d)
        if entry.session is not None:
            self._touch(entry.session, now)
        return entry.session

    def _touch(self, s: Session, now: float) -> None:
        """Write last_seen_at at most once a minute per session, off the request path."""
        if now - self._touched.get(s.session_id, -TOUCH_EVERY_S) < TOUCH_EVERY_S:
            return
        self._touched[s.session_id] = now
        task = asyncio.create_task(self._write_touch(s))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _write_touch(self, s: Session) -> None:
        async with self._pool.acquire() as conn:
            await store.touch(conn, s.principal.user_id, s.session_id)

    async def drain(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
