"""Staging tables are emptied after the merges, and truncated once enough rows went through them."""

from healthsink.ingest import envelope, registry
from healthsink.ingest.result import Result
from healthsink.ingest.rows import RowBuilder
from healthsink.store import accounts, staging
from healthsink.store.flush import flush
from healthsink.store.partitions import Partitions
from tests.helpers import body, count, metric, tsql


def _rows(user_id: int, first_minute: int, n: int) -> dict:
    points = [
        {
            "date": f"2026-03-01 {(first_minute + i) // 60:02d}:{(first_minute + i) % 60:02d}:00 +0000",
            "qty": i,
            "source": "iPhone",
        }
        for i in range(n)
    ]
    b = RowBuilder(user_id, 0, Result())
    for event in envelope.events(envelope.loads(body(metrics=[metric("step_count", "count", *points)]))):
        registry.apply(b, event)
    return b.take()


async def test_flush_empties_staging_and_a_busy_table_is_truncated(conn, monkeypatch):
    monkeypatch.setattr(staging, "TRIM_ROWS", 100)
    uid = await accounts.add_user(conn, "staging@example.org")
    partitions = Partitions()

    merged = (await flush(conn, partitions, _rows(uid, 0, 60))).merged
    assert merged == [("quantity", 0, 60, 60, 0)]
    state = await conn.fetchrow(tsql("staging_quantity_state"))
    assert state["live"] == 0 and state["bytes"] > 0  # emptied; its dead rows are still on disk

    merged = (await flush(conn, partitions, _rows(uid, 60, 60))).merged  # 120 rows through: over 100
    assert merged == [("quantity", 0, 60, 60, 0)]
    state = await conn.fetchrow(tsql("staging_quantity_state"))
    assert state["live"] == 0 and state["bytes"] == 0  # truncated: a fresh, empty file
    assert await count(conn, "quantity_samples", uid) == 120

    # and the next flush on this connection still works, re-sends counted as duplicates
    merged = (await flush(conn, partitions, _rows(uid, 0, 60))).merged
    assert merged == [("quantity", 0, 60, 0, 0)]
