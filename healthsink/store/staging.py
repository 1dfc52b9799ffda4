"""Per-connection staging tables, made lazily.

They are temp tables with ON COMMIT DELETE ROWS, and PostgreSQL empties *every* such table of a session at
each commit that touched any temp table (~0.25 ms per table, measured): a connection that had all fifteen
paid 4 ms per small sync. So a connection gets only the staging tables it has used.
"""
from __future__ import annotations

from weakref import WeakKeyDictionary

from asyncpg.pool import PoolConnectionProxy

from healthsink.store.sql import sql

_made: WeakKeyDictionary = WeakKeyDictionary()


def _raw(conn):
    return conn._con if isinstance(conn, PoolConnectionProxy) else conn


async def ensure(conn, keys) -> None:
    """Make the staging tables for `keys` on this connection, outside any transaction (a table made in a
    transaction that rolls back would be gone while this cache still counts it)."""
    made = _made.setdefault(_raw(conn), set())
    for key in keys:
        if key not in made:
            await conn.execute(sql(f"staging/create_{key}"))
            made.add(key)


async def discard(conn) -> None:
    await conn.execute(sql("staging/discard_staging"))
    _made.pop(_raw(conn), None)
