"""`healthsink citus distribute`: place the schema on a Citus cluster (see healthsink/store/citus.py), run
once on the coordinator after `healthsink migrate`; idempotent."""

from __future__ import annotations

import asyncpg

from healthsink.errors import HealthsinkError
from healthsink.store import citus


async def distribute(url: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        try:
            done = await citus.distribute(conn)
        except citus.NotCitus as exc:
            raise HealthsinkError(str(exc)) from None
    finally:
        await conn.close()
    report(done)
    return 0


def report(done: citus.Placement) -> None:
    if done.reference:
        print(f"reference tables: {', '.join(done.reference)}")
    if done.distributed:
        print(f"distributed by user_id: {', '.join(done.distributed)}")
    if done.local:
        print(f"kept local on the coordinator: {', '.join(done.local)}")
    if done.undistributed:
        print(f"made local on the coordinator again: {', '.join(done.undistributed)}")
    print(f"{done.already} table(s) already placed" if done.already else "schema distributed")


async def after_migrate(url: str) -> None:
    """On a database that was distributed, place the tables the migrations just added."""
    conn = await asyncpg.connect(url)
    try:
        if not await citus.distributed(conn):
            return
        done = await citus.distribute(conn)
    finally:
        await conn.close()
    if done.reference or done.distributed or done.undistributed:
        report(done)
