"""Rate limits by GCRA (the generic cell rate algorithm): a sliding hour, never 2x at a window edge.

Each key keeps one number, its theoretical arrival time (TAT). With `limit` units per `period`, each unit
advances the TAT by period/limit; a request is allowed while the TAT stays within one period of now.
In Redis (one Lua script, so every worker and host shares the count) when `redis.url` is set; in process
otherwise, and as the fallback whenever Redis does not answer: a phone's data is never refused because
Redis is down.

Each process keeps the last TAT Redis gave it for every key it saw, so a count carries over when Redis goes
away (the fallback goes on from there, not from zero) and when it comes back, even restarted empty (the
script takes the process's TAT as a floor). The bound while Redis is away: each process counts alone, so a
key may get up to one full quota per process (or host) beyond what it had used.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path

from healthsink import metrics

log = logging.getLogger("healthsink.ratelimit")

PERIOD_S = 3600.0
REDIS_RETRY_S = 5.0
_LUA = (Path(__file__).parent / "ratelimit.lua").read_text()


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_s: int  # seconds until the full quota is back
    retry_after_s: int  # when refused: seconds until this request would pass


def _decide(tat: float, now: float, limit: int, cost: int) -> tuple[Decision, float | None]:
    """GCRA step. Returns the decision and the new TAT to store (None when refused)."""
    interval = PERIOD_S / limit
    tat = max(tat, now)
    new_tat = tat + cost * interval
    allow_at = new_tat - PERIOD_S
    if now < allow_at:
        remaining = max(0, math.floor((PERIOD_S - (tat - now)) / interval))
        return Decision(False, limit, remaining, math.ceil(tat - now), max(1, math.ceil(allow_at - now))), None
    remaining = max(0, math.floor((PERIOD_S - (new_tat - now)) / interval))
    return Decision(True, limit, remaining, math.ceil(new_tat - now), 0), new_tat


class LocalLimiter:
    """In-process GCRA; bounded by the number of live keys (entries expire after a period)."""

    def __init__(self) -> None:
        self._tat: dict[str, float] = {}
        self._last_sweep = time.monotonic()

    def known(self, key: str, now: float) -> float:
        """Seconds from `now` to this key's TAT (0 when it has none)."""
        return max(0.0, self._tat.get(key, 0.0) - now)

    def remember(self, key: str, tat: float) -> None:
        if tat > self._tat.get(key, 0.0):
            self._tat[key] = tat

    async def hit(self, key: str, limit: int, cost: int = 1, charge: bool = True) -> Decision:
        """Would `cost` units pass now? With charge=False the answer is given without counting them."""
        now = time.monotonic()
        decision, new_tat = _decide(self._tat.get(key, 0.0), now, limit, cost)
        if new_tat is not None and charge:
            self._tat[key] = new_tat
        if now - self._last_sweep > PERIOD_S:
            self._tat = {k: v for k, v in self._tat.items() if v > now}
            self._last_sweep = now
        return decision


class RedisLimiter:
    """GCRA in Redis, falling back to a LocalLimiter while Redis is unreachable."""

    def __init__(self, client, prefix: str = "hs:rl:") -> None:
        self._client = client
        self._script = client.register_script(_LUA)
        self._prefix = prefix
        self._local = LocalLimiter()
        self._down_since: float | None = None
        self._next_try = 0.0

    @property
    def degraded(self) -> bool:
        return self._down_since is not None

    async def hit(self, key: str, limit: int, cost: int = 1, charge: bool = True) -> Decision:
        now = time.monotonic()
        if self._down_since is None or now >= self._next_try:
            floor_ms = int(self._local.known(key, now) * 1000)
            try:
                allowed, remaining, reset_ms, retry_ms = await self._script(
                    keys=[self._prefix + key], args=[int(PERIOD_S * 1000), limit, cost, int(charge), floor_ms]
                )
            except Exception as exc:  # any Redis failure: connection, timeout, READONLY, OOM
                self._mark_down(now, exc)
            else:
                self._mark_up()
                if charge or not allowed:  # reset_ms is then the key's TAT as Redis has it
                    # kept here, it carries the count over both ways
                    self._local.remember(key, now + int(reset_ms) / 1000)
                return Decision(
                    bool(allowed),
                    limit,
                    int(remaining),
                    math.ceil(int(reset_ms) / 1000),
                    math.ceil(int(retry_ms) / 1000),
                )
        return await self._local.hit(key, limit, cost, charge)

    def _mark_down(self, now: float, exc: Exception) -> None:
        if self._down_since is None:
            log.warning("redis unreachable, rate limits fall back to in-process counts: %s", exc)
            self._down_since = now
            metrics.RATE_LIMIT_FALLBACK.set(1)
        self._next_try = now + REDIS_RETRY_S

    def _mark_up(self) -> None:
        if self._down_since is not None:
            log.warning("redis answers again, rate limits shared through redis")
            self._down_since = None
            metrics.RATE_LIMIT_FALLBACK.set(0)
