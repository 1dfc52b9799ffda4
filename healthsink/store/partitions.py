"""Monthly partitions, created on demand before rows land (never a default partition).

The SQL function does the work; this cache only saves the round trip for months already seen.
One instance per pool: tests clone databases, so "seen" belongs to a database, not to the process.

A partition is made for all users, so what one body can make is bounded before its rows get here: instants
outside ingest.min_date … now + ingest.max_future_s, and months beyond ingest.max_new_partitions of one
table in one body, are item errors (ingest/rows.py, RowBuilder.add). Nothing drops partitions; README,
Reliability, says how to drop an empty one by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from healthsink.store.sql import sql


class Partitions:
    def __init__(self) -> None:
        self._known: set[tuple[str, int, int]] = set()

    async def ensure(self, conn, table: str, instants: Iterable[datetime]) -> None:
        """`instants` are UTC datetimes (as the ingest parsers produce them)."""
        months = {(table, d.year, d.month) for d in instants} - self._known
        if not months:
            return
        firsts = [datetime(y, m, 1, tzinfo=timezone.utc) for _, y, m in months]
        await conn.fetchval(sql("ingest/ensure_partitions"), table, firsts)
        self._known |= months
