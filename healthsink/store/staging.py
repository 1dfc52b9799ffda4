"""Per-connection staging tables: made when a pooled connection opens (sql/staging/create.sql, typed like
their targets), read by the merges, emptied by `clear` after them.

They are temp tables without an ON COMMIT action. ON COMMIT DELETE ROWS made PostgreSQL truncate every
staging table of a session at each commit that touched any temp table: about 2 ms a table on this
project's 2-core VM, 4 of the 11 ms a phone's sync took. A DELETE costs almost nothing for a small sync, and
one call empties every table a flush used. The merges do not consume staging themselves (a DELETE ...
RETURNING CTE, as they once did): on Citus that CTE became a subplan whose rows were copied to a file on every
worker before the merge ran, 1-2 ms of each merge (docs/scaling.md). A temp table is never autovacuumed, so
the deleted rows stay as dead pages that the next merge scans again; once TRIM_ROWS rows have gone through
a table, it is truncated (a fresh, empty file) instead.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from asyncpg.pool import PoolConnectionProxy

from healthsink.ingest.tables import ALL
from healthsink.store.sql import sql

# Rows through a staging table between truncations. Measured on this project's VM: a merge over 20,000
# dead rows costs 0.1 ms more than over none, and they fit in the default temp_buffers (8 MB). A TRUNCATE
# makes a new file, and under load ext4's inode allocation made each one cost several ms (perf: 7% of
# PostgreSQL's time at 2,000 rows), so it should be rare: ~1 in 50 shared flushes of phones' syncs.
# A backfill's batch (50,000 rows) truncates after each merge.
TRIM_ROWS = 20_000

# rows through each staging table since it was last truncated, per connection
_through: WeakKeyDictionary = WeakKeyDictionary()


def _raw(conn):
    return conn._con if isinstance(conn, PoolConnectionProxy) else conn


async def create_all(conn) -> None:
    """Make every table's staging table on this connection, from its COPY columns (ingest/tables.py)."""
    for t in ALL:
        await conn.execute(sql("staging/create"), t.staging, t.target, list(t.columns))


def count(conn, table: str, rows: int) -> None:
    """`rows` were COPY'd into `table` on this connection (merged or rolled back: dead rows either way)."""
    through = _through.setdefault(_raw(conn), {})
    through[table] = through.get(table, 0) + rows


async def clear(conn, tables: list[str]) -> None:
    """Empty `tables` (the staging tables a flush filled): DELETE, or TRUNCATE those that have had TRIM_ROWS
    rows through them since they last were."""
    through = _through.get(_raw(conn), {})
    full = [table for table in tables if through.get(table, 0) >= TRIM_ROWS]
    await conn.execute(sql("staging/clear"), [t for t in tables if t not in full], full)
    for table in full:
        through[table] = 0
