"""COPY -> staging -> named merge, one transaction per flush, returning what was new, changed, unchanged.

Never a multi-row INSERT with bind parameters: PostgreSQL's 65,535-parameter limit silently lost half
a batch in a peer project. COPY has no such limit and is the fastest way in.
"""
from __future__ import annotations

from typing import Awaitable, Callable

from healthsink.store import staging
from healthsink.store.partitions import Partitions
from healthsink.store.sql import sql


async def flush(conn, partitions: Partitions, tables: dict, batch: dict[str, list[tuple]],
                then: Callable[[object, list[tuple]], Awaitable[None]] | None = None) -> list[tuple]:
    """`tables` maps a key to its Table spec; `batch` a key to its rows.
    Returns [(key, staged, inserted, updated)] per table. `then(conn, that list)` runs in the same
    transaction (a small body's status is recorded with its rows: one commit, not two)."""
    # Partitions first, each in its own short statement: creating one takes a strong lock on the parent,
    # which must not be held for the whole merge.
    for key, rows in batch.items():
        t = tables[key]
        if t.partition_col is not None and rows:
            col = t.partition_col
            await partitions.ensure(conn, t.target, (r[col] for r in rows))
    await staging.ensure(conn, [key for key, rows in batch.items() if rows])
    out = []
    async with conn.transaction():
        await conn.execute(sql("ingest/relax_commit"))
        for key, rows in batch.items():
            if not rows:
                continue
            t = tables[key]
            await conn.copy_records_to_table(t.staging, records=rows, columns=t.columns)
            merged = await conn.fetchrow(sql(f"merge/{key}"))
            out.append((key, len(rows), merged["inserted"], merged["updated"]))
        if then is not None:
            await then(conn, out)
    return out
