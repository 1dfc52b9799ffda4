"""COPY -> staging -> named merge, one transaction per flush, returning what was new, changed, unchanged.

Never a multi-row INSERT with bind parameters: PostgreSQL's 65,535-parameter limit silently lost half
a batch in a peer project. COPY has no such limit and is the fastest way in.
"""
from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from healthsink.ingest.tables import BY_KEY
from healthsink.store import staging
from healthsink.store.partitions import Partitions
from healthsink.store.sql import sql

Batch = dict[str, list[tuple]]   # table key -> rows in its COPY column order, each ending with ingestion_id


class Merged(NamedTuple):
    """One table's merge, for one body (a flush may carry many phones' bodies)."""
    table: str
    ingestion_id: int
    staged: int
    inserted: int
    updated: int


async def flush(conn, partitions: Partitions, batch: Batch) -> list[Merged]:
    """prepare() and merge() in a transaction of their own."""
    await prepare(conn, partitions, batch)
    async with conn.transaction():
        return await merge(conn, batch)


async def prepare(conn, partitions: Partitions, batch: Batch) -> None:
    """The month partitions the rows need, before the merge's transaction: creating one takes a strong lock
    on the parent, which must not be held for the whole merge."""
    for key, rows in batch.items():
        t = BY_KEY[key]
        if t.partition_col is not None and rows:
            col = t.partition_col
            await partitions.ensure(conn, t.target, (r[col] for r in rows))


async def merge(conn, batch: Batch) -> list[Merged]:
    """COPY each table's rows into its staging table and run sql/merge/<key>.sql, inside the caller's
    transaction (so the caller can record the bodies' outcomes in it: one commit, not two)."""
    out: list[Merged] = []
    await conn.execute(sql("ingest/relax_commit"))
    for key, rows in batch.items():
        if not rows:
            continue
        t = BY_KEY[key]
        await conn.copy_records_to_table(t.staging, records=rows, columns=t.columns)
        staging.count(conn, t.staging, len(rows))
        merged = {r["ingestion_id"]: r for r in await conn.fetch(sql(f"merge/{key}"))}
        for ingestion_id, staged in Counter(row[-1] for row in rows).items():
            m = merged.get(ingestion_id)
            out.append(Merged(key, ingestion_id, staged, m["inserted"] if m else 0, m["updated"] if m else 0))
    await staging.trim(conn)
    return out
