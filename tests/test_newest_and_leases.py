"""The newest body wins a row, whatever order bodies are processed in; a body processed in the request keeps its
lease, so no worker processes it a second time at once; a lost lease records nothing."""

import asyncio
import os
from pathlib import Path

import asyncpg
import pytest

from healthsink import config as configmod
from healthsink.pipeline import Ingestor, Stored
from healthsink.store import accounts, db, ingestions
from healthsink.store.ingestions import NewBody
from healthsink.store.partitions import Partitions
from tests.helpers import auth, body, metric, rows, tsql

TOML = Path(__file__).resolve().parents[1] / "healthsink.toml"


def day_total(qty: float) -> bytes:
    return body(
        metrics=[metric("step_count", "count", {"date": "2026-03-01 00:00:00 +0000", "qty": qty, "source": "iPhone"})]
    )


@pytest.fixture
async def ingestor(db_url, cfg):
    pool = await db.create_pool(db_url, 1, 3)
    yield Ingestor(pool, cfg, Partitions())
    await pool.close()


async def _archive(ingestor, user_id: int, payload: bytes) -> int:
    stored = await ingestor.archive(
        NewBody(user_id, None, None, os.urandom(32), len(payload), [b"x"], "application/json", {}, "processing", 60)
    )
    return stored["id"]


async def test_an_older_body_processed_last_does_not_overwrite_a_newer_total(ingestor, conn):
    alice = await accounts.add_user(conn, "alice@example.org")
    older = await _archive(ingestor, alice, day_total(4000))  # a backfill queued in the morning
    newer = await _archive(ingestor, alice, day_total(9000))  # the evening's sync, with the day grown
    assert newer > older
    out = await ingestor.processor.process_body(Stored(alice, newer, "application/json"), day_total(9000))
    assert out["inserted"]["metrics"] == 1
    out = await ingestor.processor.process_body(Stored(alice, older, "application/json"), day_total(4000))
    assert out["updated"]["metrics"] == 0 and out["duplicates"]["metrics"] == 1
    (row,) = await rows(conn, "quantity_samples", alice)
    assert row["qty"] == 9000 and row["ingestion_id"] == newer


async def test_a_lost_lease_records_nothing_and_leaves_the_body_to_its_new_holder(ingestor, conn):
    alice = await accounts.add_user(conn, "alice@example.org")
    ingestion_id = await _archive(ingestor, alice, day_total(1))
    await conn.execute(tsql("set_processing_with_lapsed_lease"), ingestion_id)
    claimed = await ingestions.claim_next(conn, 60)  # a worker takes the lapsed body: attempt 2
    assert claimed["id"] == ingestion_id and claimed["attempts"] == 2
    with pytest.raises(ingestions.LeaseLost):
        await ingestor.processor.process_body(Stored(alice, ingestion_id, "application/json", attempt=1), day_total(1))
    assert await rows(conn, "quantity_samples", alice) == []  # rolled back with the outcome it could not record
    row = await conn.fetchrow(tsql("ingestion_row"), ingestion_id)
    assert row["status"] == "processing" and row["attempts"] == 2


@pytest.mark.slow
async def test_a_body_processed_in_the_request_for_longer_than_its_lease_is_not_claimed_again(
    db_url, redis_url, tmp_path, make_client, new_key
):
    cfg = configmod.load(
        TOML,
        env={
            "HEALTHSINK_DATABASE_URL": db_url,
            "HEALTHSINK_REDIS_URL": redis_url,
            "HEALTHSINK_DATA_DIR": str(tmp_path),
            # renewed every 0.4 s: a lease this short still holds when the event loop of a loaded CI machine
            # stalls for a few hundred ms (0.6 s did not, once)
            "HEALTHSINK_INGEST_LEASE_S": "1.2",
        },
    )
    client = await make_client(cfg)  # with its queue worker, polling for lapsed leases
    user_id, key = await new_key()
    blocker = await asyncpg.connect(db_url)
    try:
        # the merge waits on this lock for 3.6 s: three lease lengths
        tx = blocker.transaction()
        await tx.start()
        await blocker.execute(tsql("lock_quantity_samples"))
        post = asyncio.create_task(client.post("/api/v1/ingest", data=day_total(5), headers=auth(key)))
        await asyncio.sleep(3.6)
        await tx.rollback()
        r = await post
        assert r.status == 200, await r.text()
        out = await r.json()
        assert out["status"] == "processed" and out["inserted"]["metrics"] == 1
        row = await blocker.fetchrow(tsql("ingestion_row"), out["ingestion_id"])
        assert row["attempts"] == 1 and row["status"] == "processed"
    finally:
        await blocker.close()
