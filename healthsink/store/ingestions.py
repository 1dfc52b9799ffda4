"""raw_ingestions: the archive of every accepted body, and the queue that processes it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import NamedTuple

import asyncpg

from healthsink.errors import NotFound
from healthsink.store import db
from healthsink.store.partitions import Partitions
from healthsink.store.sql import sql


def _lease_until(now: datetime, lease_s: float | None) -> datetime | None:
    return now + timedelta(seconds=lease_s) if lease_s is not None else None


class NewBody(NamedTuple):
    """A body to archive, hashed and gzip'd as it arrived."""

    user_id: int
    key_id: int | None
    request_id: str | None
    digest: bytes  # SHA-256 of the bytes as sent: the same bytes again are a duplicate
    body_bytes: int
    gz_chunks: list[bytes]  # the body gzip'd, in pieces of about receive.PIECE
    content_type: str | None
    headers: dict  # the app's automation-* and session-id headers
    status: str  # 'processing' (processed in the request, under a lease) or 'queued'
    lease_s: float | None


async def archive(conn, partitions: Partitions, body: NewBody) -> asyncpg.Record:
    """Store a body (gzip'd, in pieces) and its row in one statement, unless the same bytes were processed
    before. Returns (id, seen_id, seen_result): id is None and seen_* are set when they were."""
    now = datetime.now(timezone.utc)
    await partitions.ensure(conn, "raw_ingestions", [now])
    return await conn.fetchrow(
        sql("ingestions/archive"),
        body.user_id,
        body.key_id,
        body.request_id,
        body.digest,
        body.body_bytes,
        sum(map(len, body.gz_chunks)),
        body.content_type,
        body.headers,
        body.status,
        _lease_until(now, body.lease_s),
        body.gz_chunks,
    )


async def archive_many(conn, partitions: Partitions, bodies: list[NewBody]) -> list[asyncpg.Record]:
    """archive() for many bodies of one gzip piece each, in one statement and one commit."""
    now = datetime.now(timezone.utc)
    await partitions.ensure(conn, "raw_ingestions", [now])
    return await conn.fetch(
        sql("ingestions/archive_many"),
        [b.user_id for b in bodies],
        [b.key_id for b in bodies],
        [b.request_id for b in bodies],
        [b.digest for b in bodies],
        [b.body_bytes for b in bodies],
        [len(b.gz_chunks[0]) for b in bodies],
        [b.content_type for b in bodies],
        [b.headers for b in bodies],
        [b.status for b in bodies],
        [_lease_until(now, b.lease_s) for b in bodies],
        [b.gz_chunks[0] for b in bodies],
    )


async def record_duplicate(conn, partitions: Partitions, body: NewBody, original_id: int, result: dict) -> int:
    """A body whose bytes were processed before: a row of its own pointing at the original, no pieces."""
    await partitions.ensure(conn, "raw_ingestions", [datetime.now(timezone.utc)])
    row = await conn.fetchrow(
        sql("ingestions/record_duplicate"),
        body.user_id,
        body.key_id,
        body.request_id,
        body.digest,
        body.body_bytes,
        body.content_type,
        body.headers,
        original_id,
        result,
    )
    return row["id"]


async def chunk_count(conn, user_id: int, ingestion_id: int) -> int:
    return await conn.fetchval(sql("ingestions/chunk_count"), user_id, ingestion_id)


async def read_chunk(conn, user_id: int, ingestion_id: int, seq: int) -> bytes:
    return await conn.fetchval(sql("ingestions/read_chunk"), user_id, ingestion_id, seq)


class LeaseLost(Exception):
    """The body's lease lapsed and another worker claimed it: what this one did is not recorded."""


async def finish(
    conn, user_id: int, ingestion_id: int, attempt: int, status: str, result: dict | None, error: str | None
) -> None:
    """Record a body's outcome, as the holder of `attempt`'s lease; LeaseLost when another holds it."""
    async with conn.transaction():
        await conn.execute(sql("ingest/relax_commit"))  # re-derivable from the archive, see the SQL
        done = await conn.fetchval(sql("ingestions/finish"), user_id, ingestion_id, status, result, error, attempt)
    if done is None:
        raise LeaseLost(f"ingestion {ingestion_id}: attempt {attempt} no longer holds the lease")


async def mark_processed(conn, done: list[tuple[int, int, int, dict]]) -> None:
    """Many bodies processed in one flush, inside the caller's transaction: [(user_id, id, attempt, result)].
    LeaseLost (the caller's transaction then rolls back) when one's lease has gone to another worker."""
    finished = await conn.fetch(
        sql("ingestions/mark_processed"),
        [d[0] for d in done],
        [d[1] for d in done],
        [d[3] for d in done],
        [d[2] for d in done],
    )
    if len(finished) < len(done):
        lost = {d[1] for d in done} - {r["id"] for r in finished}
        raise LeaseLost(f"ingestions {sorted(lost)} no longer hold their leases")


async def retry_later(conn, user_id: int, ingestion_id: int, attempt: int, error: str, delay_s: float) -> None:
    await conn.execute(sql("ingestions/retry_later"), user_id, ingestion_id, error, delay_s, attempt)


async def release(conn, user_id: int, ingestion_id: int, attempt: int) -> None:
    await conn.execute(sql("ingestions/release"), user_id, ingestion_id, attempt)


async def reclaim_abandoned(conn) -> list[asyncpg.Record]:
    """At start: the bodies processes of this host left 'processing' when they died (kill -9, a crash, a
    power cut) are due again now, not once their lease lapses. Returns (user_id, id) of each."""
    owners = await conn.fetch(sql("ingestions/lease_owners_on_host"), db.host_prefix())
    gone = [r["lease_owner"] for r in owners if db.owner_gone(r["lease_owner"])]
    return await conn.fetch(sql("ingestions/reclaim_leases"), gone) if gone else []


async def claim_next(conn, lease_s: float) -> asyncpg.Record | None:
    return await conn.fetchrow(sql("ingestions/claim_next"), lease_s)


async def renew_lease(conn, user_id: int, ingestion_id: int, attempt: int, lease_s: float) -> bool:
    """False once another worker has claimed the body."""
    return await conn.fetchval(sql("ingestions/renew_lease"), user_id, ingestion_id, lease_s, attempt) is not None


async def requeue(conn, ingestion_id: int | None, failed_only: bool, since: datetime | None) -> list:
    return await conn.fetch(sql("ingestions/requeue"), ingestion_id, failed_only, since)


async def get(conn, user_id: int, ingestion_id: int) -> asyncpg.Record:
    row = await conn.fetchrow(sql("ingestions/get"), user_id, ingestion_id)
    if row is None:
        raise NotFound(f"no ingestion {ingestion_id}")
    return row


async def page(
    conn, user_id: int, before: int | None, limit: int, session_id: str | None = None
) -> list[asyncpg.Record]:
    """Newest first; with session_id only the bodies of that automation run (its `session-id` header)."""
    return await conn.fetch(sql("ingestions/page"), user_id, before, limit, session_id)


async def queue_stats(conn) -> asyncpg.Record:
    return await conn.fetchrow(sql("ingestions/queue_stats"))
