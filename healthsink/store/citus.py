"""Citus: where each table of the schema goes on a cluster (`healthsink citus distribute`).

- **Reference** (a copy on every node): `users`, `api_keys`, `web_sessions` (found by a digest, not a user) and
  the unit tables; any new table without a `user_id` column is a lookup table and goes here too.
- **Local on the coordinator**: the raw archive and its queue (`raw_ingestions`, `raw_ingestion_chunks`:
  workers claim bodies with `FOR UPDATE SKIP LOCKED`, which Citus refuses on a distributed table, and a poll
  across every shard cost 130-220 ms), the `audit_log` (failed authentications have no user), the rollup's
  day marks, `ingestion_origins` (a row per imported body, read only by the merges, whose `SELECT` from the
  staging tables runs on the coordinator: as a reference table that `SELECT` was a Citus query, planned,
  deparsed and planned again, 0.45 ms of a 6.5 ms merge; distributed, it read every shard) and yoyo's own
  tables. They are plain PostgreSQL tables there: their foreign keys to `users` are dropped first
  (a user's rows go by `healthsink_purge_user_v1`, which deletes from every table by name).
- **Distributed by `user_id`**, all co-located with `quantity_samples`: every other table with a `user_id`
  column, so one user's samples, workouts and sleep sit on the same node and joins stay there. Partitioned
  tables are distributed with their partitions; partitions made later are distributed as they are created.

Idempotent: a table already placed is left as it is, except a reference table this module now keeps local,
which is made a plain table again (`ingestion_origins` was a reference table until 2026-11-30). `healthsink
migrate` runs it again after migrating a database that was distributed, so tables added by later migrations
are placed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import asyncpg

from healthsink.store.sql import sql

REFERENCE = ("users", "api_keys", "web_sessions", "metric_units", "unit_conversions")
# The same list is in sql/citus/drop_local_foreign_keys (tests/test_citus.py checks they are equal).
# rollup_marks: every flush appends its day marks; distributed, that was a task per shard touched (1.9 of a
# 21 ms flush of 8 users' syncs), local a plain INSERT (0.4 ms).
LOCAL = ("raw_ingestions", "raw_ingestion_chunks", "audit_log", "rollup_marks", "ingestion_origins")
ANCHOR = "quantity_samples"  # the first distributed table; the others are co-located with it


class NotCitus(Exception):
    pass


@dataclass
class Placement:
    reference: list[str] = field(default_factory=list)
    distributed: list[str] = field(default_factory=list)
    local: list[str] = field(default_factory=list)
    undistributed: list[str] = field(default_factory=list)  # placed by an older release, local now
    already: int = 0


def kind_of(name: str, has_user_id: bool) -> str:
    if name in LOCAL or name.startswith("_yoyo") or name.startswith("yoyo"):
        return "local"
    if name in REFERENCE or not has_user_id:
        return "reference"
    return "distributed"


async def installed(conn: asyncpg.Connection) -> bool:
    return bool(await conn.fetchval(sql("citus/installed")))


async def coordinator(url: str) -> bool:
    """Whether `url` is a database with Citus (asked on a bare connection: a pooled one costs a type look-up,
    0.3-1.5 s on a coordinator)."""
    conn = await asyncpg.connect(url)
    try:
        return await installed(conn)
    finally:
        await conn.close()


async def distributed(conn: asyncpg.Connection) -> bool:
    """Whether this database has been through `distribute` (users is a reference table)."""
    if not await installed(conn):
        return False
    return any(r["name"] == "users" for r in await conn.fetch(sql("citus/tables")))


async def distribute(conn: asyncpg.Connection) -> Placement:
    if not await installed(conn):
        raise NotCitus("the Citus extension is not installed in this database (CREATE EXTENSION citus)")
    await conn.execute(sql("citus/identity_to_sequence"))
    await conn.execute(sql("citus/drop_local_foreign_keys"))
    placed = {r["name"]: r["kind"] for r in await conn.fetch(sql("citus/tables"))}
    out = Placement()
    plan = [(r["name"], kind_of(r["name"], r["has_user_id"])) for r in await conn.fetch(sql("citus/candidate_tables"))]
    # reference tables first (users before the tables that refer to it), then the anchor, then the rest
    order = {"reference": 0, "distributed": 1}
    plan.sort(key=lambda p: (order.get(p[1], 2), p[0] != "users", p[0] != ANCHOR))
    colocate = "default" if ANCHOR not in placed else ANCHOR
    for name, kind in plan:
        # a table a later migration made with a foreign key to `users` is already a Citus "local" table (Citus
        # converts it as it is created): it is placed like any other
        if name in placed and kind == "local" and placed[name] == "reference":
            await conn.execute(sql("citus/undistribute_table"), name)
            out.undistributed.append(name)
            continue
        if name in placed and not (placed[name] == "local" and kind != "local"):
            out.already += 1
            continue
        if kind == "reference":
            await conn.execute(sql("citus/create_reference_table"), name)
            out.reference.append(name)
        elif kind == "distributed":
            await conn.execute(sql("citus/create_distributed_table"), name, colocate)
            if colocate == "default":
                colocate = name  # the anchor (sorted first): the others join its co-location group
            out.distributed.append(name)
        else:
            out.local.append(name)
    await conn.execute(sql("citus/sequential_partitions"))
    return out
