"""COPY -> staging -> named merge, one transaction per flush, returning what was new, changed, unchanged.

Never a multi-row INSERT with bind parameters: PostgreSQL's 65,535-parameter limit silently lost half
a batch in a peer project. COPY has no such limit and is the fastest way in.
"""
from __future__ import annotations

from collections import Counter
from typing import Awaitable, Callable

from healthsink.store import staging
from healthsink.store.partitions import Partitions
from healthsink.store.sql import sql

Merged = list[tuple[str, int, int, int, int]]


async def flush(conn, partitions: Partitions, tables: dict, batch: dict[str, list[tuple]],
                then: Callable[[object, Merged], Awaitable[None]] | None = None) -> Merged:
    """`tables` maps a key to its Table spec; `batch` a key to its rows, which may belong to many bodies
    (every row ends with its ingestion_id). Returns [(key, ingestion_id, staged, inserted, updated)] per
    table and body. `then(conn, that list)` runs in the same transaction (the bodies' outcomes are
    recorded with their rows: one commit, not two)."""
    # Partitions first, each in its own short statement: creating one takes a strong lock on the parent,
    # which must not be held for the whole merge.
    for key, rows in batch.items():
        t = tables[key]
        if t.partition_col is not None and rows:
            col = t.partition_col
            await partitions.ensure(conn, t.target, (r[col] for r in rows))
    out: Merged = []
    async with conn.transaction():
        await conn.execute(sql("ingest/relax_commit"))
        for key, rows in batch.items():
            if not rows:
                continue
            t = tables[key]
            await conn.copy_records_to_table(t.staging, records=rows, columns=t.columns)
            staging.count(conn, t.staging, len(rows))
            merged = {r["ingestion_id"]: r for r in await conn.fetch(sql(f"merge/{key}"))}
            for ingestion_id, staged in Counter(row[-1] for row in rows).items():
                m = merged.get(ingestion_id)
                out.append((key, ingestion_id, staged, m["inserted"] if m else 0, m["updated"] if m else 0))
        await staging.trim(conn)
        if then is not None:
            await then(conn, out)
    return out
