"""The daily rollup (migration 0045): per user, metric, local day, source, unit and origin, the statistics the
bucket reads would compute from the samples, so ten years of months group thousands of rows, not millions.

How it stays right (docs/scaling.md "Daily rollup"):
- A flush appends one mark per (user, metric, table, UTC day) its samples fall on (`mark_staged`, one statement
  in the flush's transaction, reading staging before the merges). It takes no lock the refresher holds.
- Reads use the rollup only in the zone it was built in, and read the local days a mark overlaps from the
  samples (sql/read/*_rollup_buckets.sql, read/metric_catalog.sql): a re-send, a day total that grew, a
  reprocessed body are seen at once.
- The refresher (`Refresher`, in every `serve` process; one at a time by an advisory lock) removes the marks
  that are due and rolls their days up again from the samples, in one transaction: recomputed, never added
  to, so updates and re-sends cannot count twice. A day of the last two UTC days waits `DELAY_S` after its
  first mark (phones keep sending to today: it is read from the samples meanwhile, which is cheap for a day),
  an older day `QUIET_S` after its last (a backfill is rolled up once it has stopped).
- A user without a rollup, or whose zone (users.tz) changed, is built again whole; that is also the backfill
  of data stored before migration 0045, done by the first `serve` after it.
- `healthsink delete` and purge change the rollup in their own transaction, holding the refresher's lock.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from healthsink import tasks
from healthsink.store.sql import sql

log = logging.getLogger("healthsink.rollup")

# The tables rolled up: table key (ingest/tables.py) and target -> kind.
KINDS = ("quantity", "heart_rate")
KIND_OF_TARGET = {"quantity_samples": "quantity", "heart_rate_samples": "heart_rate"}
INTERVAL_S = 10.0  # between the refresher's rounds
QUIET_S = 30.0  # an older day is rolled up this long after its last mark
DELAY_S = 600.0  # any day at the latest this long after its first mark
GROUPS = 2000  # (user, metric, UTC day) groups a round rolls up in one transaction
USERS = 1  # users a round builds whole


@dataclass(frozen=True)
class Round:
    built: int  # users built whole
    days: int  # local days rolled up again

    def __bool__(self) -> bool:
        return bool(self.built or self.days)


async def mark_staged(conn, batch: dict) -> None:
    """In the flush's transaction, after the COPY and before the merges: the days the staged samples fall on."""
    if any(batch.get(k) for k in KINDS):
        await conn.execute(sql("rollup/mark_staged"))


async def lock(conn) -> None:
    """Wait for the refresher's lock, until the caller's transaction ends."""
    await conn.execute(sql("rollup/lock"))


async def zone(conn, user_id: int) -> str | None:
    """The zone the user's rollup is in; None while it is not built."""
    return await conn.fetchval(sql("rollup/zone"), user_id)


async def build_user(conn, user_id: int, tz: str) -> None:
    """The user's rollup, whole, in `tz` (inside the caller's transaction, holding the lock). Their marks go
    first: every sample committed before the next statement is read by it."""
    await conn.execute(sql("rollup/forget_marks"), user_id)
    await conn.execute(sql("rollup/set_zone"), user_id, tz)
    await rebuild_range(conn, user_id, None, list(KINDS), None, None, refresh_marks=False)


async def rebuild_range(
    conn,
    user_id: int,
    metric: str | None,
    kinds: list[str],
    start: datetime | None,
    end: datetime | None,
    refresh_marks: bool = True,
) -> None:
    """Every local day [start, end) overlaps, of `metric` (None: all) in `kinds`, rolled up again from the
    samples, and the catalog after it (inside the caller's transaction, holding the lock). With refresh_marks,
    the user's pending marks are rolled up first, so that no mark outlives the rows it was for."""
    if not kinds or await zone(conn, user_id) is None:
        return
    if refresh_marks:
        await refresh_marked(conn, user_id=user_id, quiet_s=0.0, delay_s=0.0, recent=True)
    await conn.execute(sql("rollup/forget_range"), user_id, metric, kinds, start, end)
    await conn.execute(sql("rollup/insert_range"), user_id, metric, kinds, start, end)
    await summarise(conn, [(user_id, metric)])


async def summarise(conn, pairs) -> None:
    """metric_summary again from daily_rollup, for each (user, metric or None)."""
    for user_id, metric in sorted(set(pairs), key=lambda p: (p[0], p[1] or "")):
        await conn.execute(sql("rollup/forget_summary"), user_id, metric)
        await conn.execute(sql("rollup/insert_summary"), user_id, metric)


async def refresh_marked(
    conn,
    user_id: int | None = None,
    quiet_s: float = QUIET_S,
    delay_s: float = DELAY_S,
    recent: bool = False,
    limit: int = GROUPS,
) -> int:
    """The marked days that are due, rolled up again (inside the caller's transaction, holding the lock).
    `recent`: the last two UTC days follow `quiet_s` as well. Returns the local days rolled up."""
    days = await conn.fetch(sql("rollup/claim_marks"), quiet_s, delay_s, recent, user_id, limit)
    if not days:
        return 0
    cols = (
        [r["user_id"] for r in days],
        [r["metric"] for r in days],
        [r["kind"] for r in days],
        [r["day"] for r in days],
    )
    await conn.execute(sql("rollup/forget_days"), *cols)
    await conn.execute(sql("rollup/insert_days"), *cols)
    await summarise(conn, [(r["user_id"], r["metric"]) for r in days])
    return len(days)


async def run_round(pool, quiet_s: float = QUIET_S, delay_s: float = DELAY_S, recent: bool = False) -> Round | None:
    """One round: users to build whole (one transaction each), then the due marks. None when another process
    holds the lock."""
    built = 0
    async with pool.acquire() as conn:
        stale = await conn.fetch(sql("rollup/stale_zones"), USERS)
        for r in stale:
            async with conn.transaction():
                if not await conn.fetchval(sql("rollup/try_lock")):
                    return None
                await build_user(conn, r["user_id"], r["tz"])
                built += 1
        async with conn.transaction():
            if not await conn.fetchval(sql("rollup/try_lock")):
                return None
            days = await refresh_marked(conn, quiet_s=quiet_s, delay_s=delay_s, recent=recent)
    return Round(built, days)


async def catch_up(pool) -> None:
    """Every user built and every mark rolled up, now (tests, benchmarks, `healthsink` commands)."""
    while True:
        done = await run_round(pool, 0.0, 0.0, recent=True)
        if done is None:
            await asyncio.sleep(0.05)
        elif not done:
            return


class Refresher:
    """The background task of a `serve` process: a round every INTERVAL_S, at once again while there is more."""

    def __init__(self, pool, interval_s: float = INTERVAL_S) -> None:
        self._pool = pool
        self._interval_s = interval_s
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        await tasks.cancel(self._task)

    async def _run(self) -> None:
        while True:
            try:
                done = await run_round(self._pool)
            except asyncio.CancelledError:
                raise
            except Exception:
                # the database restarting must not end the refreshes: reads stay right meanwhile (from samples)
                log.exception("rollup refresh failed")
                done = None
            if not done:
                await asyncio.sleep(self._interval_s)
