"""Group commit: phones' small syncs archived and flushed together keep their own ids, counts and outcomes."""

import asyncio
import os

import pytest

from healthsink.pipeline import Ingestor, Stored
from healthsink.pipeline.batching import Coalescer
from healthsink.store import accounts, db
from healthsink.store.ingestions import NewBody
from healthsink.store.partitions import Partitions
from tests.helpers import auth, body, count, metric, tsql


def steps(first: int, n: int, qty=lambda i: i) -> bytes:
    return body(
        metrics=[
            metric(
                "step_count",
                "count",
                *[
                    {"date": f"2026-03-01 10:{first + i:02d}:00 +0000", "qty": qty(i), "source": "iPhone"}
                    for i in range(n)
                ],
            )
        ]
    )


@pytest.fixture
async def ingestor(db_url, cfg):
    pool = await db.create_pool(db_url, 1, 2)
    yield Ingestor(pool, cfg, Partitions())
    await pool.close()


def _archive(ingestor, user_id: int, payload: bytes, digest: bytes | None = None):
    return ingestor.archive(
        NewBody(
            user_id,
            None,
            None,
            digest or os.urandom(32),
            len(payload),
            [b"gzip'd " + payload[:20]],
            "application/json",
            {},
            "processing",
            60,
        )
    )


async def _sync_all(ingestor, bodies: list[tuple[int, bytes]], **gather):
    """Archive the bodies together, then process them together, as concurrent requests do."""
    stored = await asyncio.gather(*(_archive(ingestor, uid, payload) for uid, payload in bodies))
    ids = [s["id"] for s in stored]
    outs = await asyncio.gather(
        *(
            ingestor.processor.process_body(Stored(uid, i, "application/json"), payload)
            for (uid, payload), i in zip(bodies, ids)
        ),
        **gather,
    )
    return ids, outs


async def _row(conn, ingestion_id):
    return await conn.fetchrow(tsql("ingestion_row"), ingestion_id)


async def test_a_group_stops_at_its_weight_and_an_oversized_item_goes_alone():
    groups = []

    async def handle(items):
        groups.append(list(items))
        return [x * 10 for x in items]

    c = Coalescer(handle, max_weight=10, weight=lambda x: x)
    assert await asyncio.gather(*(c.submit(x) for x in (4, 4, 4, 20, 1))) == [40, 40, 40, 200, 10]
    assert groups == [[4, 4], [4], [20], [1]]


async def test_bodies_archived_and_flushed_together_keep_their_own_counts(ingestor, conn):
    alice = await accounts.add_user(conn, "alice@example.org")
    bob = await accounts.add_user(conn, "bob@example.org")
    ids, outs = await _sync_all(ingestor, [(alice, steps(0, 10)), (bob, steps(0, 10)), (alice, steps(10, 5))])
    assert len(set(ids)) == 3
    assert [o["inserted"]["metrics"] for o in outs] == [10, 10, 5]
    assert [o["duplicates"]["metrics"] for o in outs] == [0, 0, 0]
    rows = [await _row(conn, i) for i in ids]
    assert [r["user_id"] for r in rows] == [alice, bob, alice]
    # one archive statement and one flush: now() is the same for all three
    assert len({r["received_at"] for r in rows}) == 1 and len({r["processed_at"] for r in rows}) == 1
    assert all(r["status"] == "processed" and r["attempts"] == 1 for r in rows)
    assert await count(conn, "quantity_samples", alice) == 15
    assert await count(conn, "quantity_samples", bob) == 10

    # Re-sends in one group: alice's with one value changed (a day total that grew), bob's as it was.
    ids, outs = await _sync_all(ingestor, [(alice, steps(0, 10, qty=lambda i: i + (i == 3))), (bob, steps(0, 10))])
    assert [(o["inserted"]["metrics"], o["updated"]["metrics"], o["duplicates"]["metrics"]) for o in outs] == [
        (0, 1, 9),
        (0, 0, 10),
    ]
    assert (await _row(conn, ids[0]))["result"]["updated"]["metrics"] == 1


async def test_identical_bytes_in_a_group_find_the_body_processed_before(ingestor, conn):
    alice = await accounts.add_user(conn, "alice@example.org")
    digest = os.urandom(32)
    (first,) = await asyncio.gather(_archive(ingestor, alice, steps(0, 3), digest))
    await ingestor.processor.process_body(Stored(alice, first["id"], "application/json"), steps(0, 3))
    again, other = await asyncio.gather(
        _archive(ingestor, alice, steps(0, 3), digest), _archive(ingestor, alice, steps(5, 3))
    )
    assert again["id"] is None and again["seen_id"] == first["id"]
    assert again["seen_result"]["inserted"]["metrics"] == 3
    assert other["id"] is not None and other["seen_id"] is None


async def test_rows_postgresql_refuses_are_set_aside_and_the_rest_of_the_group_stored(ingestor, conn):
    """A deterministic refusal (here a CHECK the app knows nothing of: class 23) costs only the refused rows:
    the body ends processed with an item error per row, never retried, and the other bodies are untouched."""
    await conn.execute(tsql("forbid_quantity_13"))
    alice = await accounts.add_user(conn, "alice@example.org")
    ids, outs = await _sync_all(
        ingestor,
        [(alice, steps(0, 10)), (alice, steps(10, 10, qty=lambda i: 13 if i == 4 else i)), (alice, steps(20, 10))],
    )
    assert [o["inserted"]["metrics"] for o in outs] == [10, 9, 10]
    assert outs[0]["errors"] == [] and outs[2]["errors"] == []
    (refused,) = outs[1]["errors"]
    assert refused["error"] == "rejected_by_database" and "test_no_13" in refused["details"]
    assert "step_count" in refused["path"] and outs[1]["success"] is False
    assert await count(conn, "quantity_samples", alice) == 29
    rows = [await _row(conn, i) for i in ids]
    assert all(r["status"] == "processed" and r["attempts"] == 1 for r in rows)
    # still one flush for the group
    assert len({r["processed_at"] for r in rows}) == 1


async def test_many_phones_at_once_each_get_their_own_answer(client, new_key, conn):
    users = [await new_key(f"phone{i}@example.org") for i in range(4)]
    bodies = [(uid, key, steps(i % 4, 5 + i % 4)) for i, (uid, key) in enumerate(users * 3)]

    async def post(key, payload):
        r = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
        assert r.status == 200
        return await r.json()

    outs = await asyncio.gather(*(post(key, payload) for _, key, payload in bodies))
    for (_uid, _, payload), out in zip(bodies, outs):
        sent = payload.count(b'"qty"')
        assert out["processed"]["metrics"] == sent
        assert out["inserted"]["metrics"] + out["updated"]["metrics"] + out["duplicates"]["metrics"] == sent
    for i, (uid, _) in enumerate(users):
        # phone i sent minutes i.. i+4+i, then the same body twice more: stored once
        assert await count(conn, "quantity_samples", uid) == 5 + i
