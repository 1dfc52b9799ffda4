"""COPY -> staging -> named merge, one transaction per flush, returning what was new, changed, unchanged.

Never a multi-row INSERT with bind parameters: PostgreSQL's 65,535-parameter limit silently lost half
a batch in a peer project. COPY has no such limit and is the fastest way in.

A row PostgreSQL refuses for what it holds (a value out of a type's range, an index row too big: an error
that would come back at every retry) must not cost the body's other rows: the refused rows are found by
halving the table's rows in savepoints, set aside as `Rejected`, and the rest is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

import asyncpg

from healthsink.ingest.tables import BY_KEY
from healthsink.store import rollup, staging
from healthsink.store.partitions import Partitions
from healthsink.store.sql import sql

Batch = dict[str, list[tuple]]  # table key -> rows in its COPY column order, each ending with ingestion_id
# SQLSTATE classes that depend on the rows, not on the moment: data exception, integrity constraint violation,
# syntax error or access rule violation, program limit exceeded. Anything else (a connection lost, a deadlock,
# a serialization failure) is a passing failure, retried whole.
DETERMINISTIC_CLASSES = ("22", "23", "42", "54")
# Past this many refused rows in one flush, a refused half is set aside whole instead of halved further: a
# statement that refuses every row (a bug, not a poison item) must not cost a million savepoints.
MAX_ISOLATED = 100


class Merged(NamedTuple):
    """One table's merge, for one body (a flush may carry many phones' bodies)."""

    table: str
    ingestion_id: int
    staged: int
    inserted: int
    updated: int


class Rejected(NamedTuple):
    """A row PostgreSQL refused, with its message."""

    table: str
    row: tuple
    message: str


class Flushed(NamedTuple):
    merged: list[Merged]
    rejected: list[Rejected]


async def flush(conn, partitions: Partitions, batch: Batch, copied: Callable[[], None] | None = None) -> Flushed:
    """prepare() and merge_isolating() in a transaction of their own, its commit relaxed (see the SQL).
    `copied()` runs once the rows are in staging (pipeline/overlap.py lets its parser go on from there)."""
    await prepare(conn, partitions, batch)
    async with conn.transaction():
        await conn.execute(sql("ingest/relax_commit"))
        return await merge_isolating(conn, batch, copied)


def deterministic(exc: BaseException) -> bool:
    return isinstance(exc, asyncpg.PostgresError) and (exc.sqlstate or "")[:2] in DETERMINISTIC_CLASSES


async def merge_isolating(conn, batch: Batch, copied: Callable[[], None] | None = None) -> Flushed:
    """merge(), inside the caller's transaction; should PostgreSQL refuse rows for what they hold, the others
    are merged and the refused ones returned."""
    try:
        async with conn.transaction():  # a savepoint: the caller's transaction survives a refusal
            return Flushed(await merge(conn, batch, copied), [])
    except asyncpg.PostgresError as exc:
        if not deterministic(exc):
            raise
    out = Flushed([], [])
    for key, rows in batch.items():
        await _isolate(conn, key, rows, out)
    return out


async def _isolate(conn, key: str, rows: list[tuple], out: Flushed) -> None:
    if not rows:
        return
    try:
        async with conn.transaction():
            out.merged.extend(await merge(conn, {key: rows}))
        return
    except asyncpg.PostgresError as exc:
        if not deterministic(exc):
            raise
        if len(rows) == 1 or len(out.rejected) >= MAX_ISOLATED:
            out.rejected.extend(Rejected(key, row, str(exc)) for row in rows)
            return
    half = len(rows) // 2
    await _isolate(conn, key, rows[:half], out)
    await _isolate(conn, key, rows[half:], out)


async def prepare(conn, partitions: Partitions, batch: Batch) -> None:
    """The month partitions the rows need, before the merge's transaction: creating one takes a strong lock
    on the parent, which must not be held for the whole merge."""
    for key, rows in batch.items():
        t = BY_KEY[key]
        if t.partition_col is not None and rows:
            col = t.partition_col
            await partitions.ensure(conn, t.target, (r[col] for r in rows))


async def merge(conn, batch: Batch, copied: Callable[[], None] | None = None) -> list[Merged]:
    """COPY each table's rows into its staging table and run sql/merge/<key>.sql, inside the caller's
    transaction (so the caller can record the bodies' outcomes in it: one commit, not two; the caller relaxes
    its commit, as flush() does). Between the two, one statement marks the days the samples fall on for the
    daily rollup (store/rollup.py); after the merges, one empties the staging tables."""
    out: list[Merged] = []
    filled: list[str] = []
    for key, rows in batch.items():
        if rows:
            t = BY_KEY[key]
            await conn.copy_records_to_table(t.staging, records=rows, columns=t.columns)
            staging.count(conn, t.staging, len(rows))
            filled.append(t.staging)
    if copied is not None:
        copied()
    await rollup.mark_staged(conn, batch)
    for key, rows in batch.items():
        if not rows:
            continue
        # a row per row written, counted here: an aggregate over the INSERT's RETURNING would be a CTE, which
        # Citus runs as a subplan, its rows written to a file and read back by a second query (docs/scaling.md)
        written = Counter(await conn.fetch(sql(f"merge/{key}")))  # records hash and compare as tuples
        for ingestion_id, staged in Counter(row[-1] for row in rows).items():
            out.append(Merged(key, ingestion_id, staged, written[(ingestion_id, True)], written[(ingestion_id, False)]))
    await staging.clear(conn, filled)
    return out
