"""Small syncs flushed together: each body keeps its own counts and its own outcome."""
import asyncio
import os
import time

import asyncpg
import pytest

from healthsink.batching import Batcher
from healthsink.ingest import envelope, registry
from healthsink.ingest.result import Result
from healthsink.ingest.rows import RowBuilder
from healthsink.store import accounts, db, ingestions
from healthsink.store.partitions import Partitions
from tests.helpers import auth, body, count, metric, tsql


def steps(first: int, n: int, qty=lambda i: i) -> bytes:
    return body(metrics=[metric("step_count", "count", *[
        {"date": f"2026-03-01 10:{first + i:02d}:00 +0000", "qty": qty(i), "source": "iPhone"} for i in range(n)])])


@pytest.fixture
async def pool(db_url):
    p = await db.create_pool(db_url, 1, 2)
    yield p
    await p.close()


async def _job(conn, partitions, user_id: int, payload: bytes):
    """An archived, claimed body and its rows, as the request path has them before the flush."""
    stored = await ingestions.archive(
        conn, partitions, user_id=user_id, key_id=None, request_id=None, digest=os.urandom(32),
        body_bytes=len(payload), gz_chunks=[b""], content_type="application/json", headers={},
        status="processing", lease_s=60)
    ingestion_id = stored["id"]
    result = Result()
    builder = RowBuilder(user_id, ingestion_id, result)
    for event in envelope.events(envelope.loads(payload)):
        registry.apply(builder, event)
    return user_id, ingestion_id, builder.take(), result, time.perf_counter()


async def _processed_at(conn, ingestion_id):
    row = await conn.fetchrow(tsql("ingestion_row"), ingestion_id)
    assert row["status"] == "processed"
    return row["processed_at"]


async def test_bodies_flushed_together_keep_their_own_counts(pool, conn):
    alice = await accounts.add_user(conn, "alice@example.org")
    bob = await accounts.add_user(conn, "bob@example.org")
    partitions = Partitions()
    batcher = Batcher(pool, partitions, max_rows=50_000)
    jobs = [await _job(conn, partitions, alice, steps(0, 10)), await _job(conn, partitions, bob, steps(0, 10)),
            await _job(conn, partitions, alice, steps(10, 5))]
    outs = await asyncio.gather(*(batcher.submit(*job) for job in jobs))
    assert [o["inserted"]["metrics"] for o in outs] == [10, 10, 5]
    assert [o["duplicates"]["metrics"] for o in outs] == [0, 0, 0]
    # one transaction: now() is the same for all three
    assert len({await _processed_at(conn, job[1]) for job in jobs}) == 1
    assert await count(conn, "quantity_samples", alice) == 15
    assert await count(conn, "quantity_samples", bob) == 10

    # Re-sends in one batch: alice's with one value changed (a day total that grew), bob's as it was.
    jobs = [await _job(conn, partitions, alice, steps(0, 10, qty=lambda i: i + (i == 3))),
            await _job(conn, partitions, bob, steps(0, 10))]
    outs = await asyncio.gather(*(batcher.submit(*job) for job in jobs))
    assert [(o["inserted"]["metrics"], o["updated"]["metrics"], o["duplicates"]["metrics"]) for o in outs] == [
        (0, 1, 9), (0, 0, 10)]
    stored = await conn.fetchrow(tsql("ingestion_row"), jobs[0][1])
    assert stored["result"]["updated"]["metrics"] == 1


async def test_a_body_that_fails_in_postgresql_does_not_fail_the_others(pool, conn):
    await conn.execute(tsql("forbid_quantity_13"))
    alice = await accounts.add_user(conn, "alice@example.org")
    partitions = Partitions()
    batcher = Batcher(pool, partitions, max_rows=50_000)
    jobs = [await _job(conn, partitions, alice, steps(0, 10)),
            await _job(conn, partitions, alice, steps(10, 10, qty=lambda i: 13)),
            await _job(conn, partitions, alice, steps(20, 10))]
    outs = await asyncio.gather(*(batcher.submit(*job) for job in jobs), return_exceptions=True)
    assert isinstance(outs[1], asyncpg.CheckViolationError)
    assert outs[0]["inserted"]["metrics"] == 10 and outs[2]["inserted"]["metrics"] == 10
    assert await count(conn, "quantity_samples", alice) == 20
    # flushed again one at a time: two transactions
    assert await _processed_at(conn, jobs[0][1]) != await _processed_at(conn, jobs[2][1])


async def test_many_phones_at_once_each_get_their_own_answer(client, new_key, conn):
    users = [await new_key(f"phone{i}@example.org") for i in range(4)]
    bodies = [(uid, key, steps(i % 4, 5 + i % 4)) for i, (uid, key) in enumerate(users * 3)]

    async def post(key, payload):
        r = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
        assert r.status == 200
        return await r.json()

    outs = await asyncio.gather(*(post(key, payload) for _, key, payload in bodies))
    for (uid, _, payload), out in zip(bodies, outs):
        sent = payload.count(b'"qty"')
        assert out["processed"]["metrics"] == sent
        assert out["inserted"]["metrics"] + out["updated"]["metrics"] + out["duplicates"]["metrics"] == sent
    for i, (uid, _) in enumerate(users):
        # phone i sent minutes i.. i+4+i, then the same body twice more: stored once
        assert await count(conn, "quantity_samples", uid) == 5 + i
