"""Users and API keys."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from healthsink import secrets
from healthsink.errors import Conflict, NotFound
from healthsink.store.sql import sql


async def add_user(conn, email: str) -> int:
    email = email.strip()
    if "@" not in email:
        raise Conflict(f"not an email address: {email!r}")
    try:
        return await conn.fetchval(sql("users/add_user"), email)
    except asyncpg.UniqueViolationError:
        raise Conflict(f"user {email} already exists") from None


async def get_user(conn, email: str) -> asyncpg.Record:
    row = await conn.fetchrow(sql("users/get_user"), email)
    if row is None:
        raise NotFound(f"no user {email}")
    return row


async def list_users(conn) -> list[asyncpg.Record]:
    return await conn.fetch(sql("users/list_users"))


async def disable_user(conn, email: str) -> int:
    user = await get_user(conn, email)
    await conn.fetch(sql("users/disable_user"), user["id"])
    return user["id"]


SCOPES = ("all", "ingest", "read")


async def store_key(conn, user_id: int, key: str, name: str, expires_at: datetime | None, scope: str = "all") -> int:
    """Store a key's digest and Argon2id hash; the key itself is never stored."""
    if scope not in SCOPES:
        raise Conflict(f"unknown scope {scope!r} (one of {', '.join(SCOPES)})")
    digest = secrets.digest(key)
    # The lookup index is not unique across users, so an imported value someone else holds is refused
    # here: one digest must name one key.
    if await conn.fetchval(sql("keys/digest_exists"), digest):
        raise Conflict("this key value is already in use")
    row = await conn.fetchrow(
        sql("keys/insert_key"),
        user_id,
        name,
        secrets.shown_prefix(key),
        digest,
        secrets.hash_key(key),
        expires_at,
        scope,
    )
    return row["id"]


async def list_keys(conn, user_id: int) -> list[asyncpg.Record]:
    return await conn.fetch(sql("keys/list_keys"), user_id)


async def revoke_key(conn, key_or_id: str) -> asyncpg.Record:
    """Revoke by numeric id or by the key value itself. Returns (user_id, id)."""
    if key_or_id.isdigit():
        row = await conn.fetchrow(sql("keys/revoke_key_by_id"), int(key_or_id))
    else:
        row = await conn.fetchrow(sql("keys/revoke_key_by_digest"), secrets.digest(key_or_id))
    if row is None:
        raise NotFound("no live key matches")
    return row


async def find_key(conn, digest: bytes) -> asyncpg.Record | None:
    return await conn.fetchrow(sql("keys/find_key"), digest)


async def prefix_exists(conn, prefix: str) -> bool:
    return await conn.fetchval(sql("keys/prefix_exists"), prefix)


async def touch_key(conn, user_id: int, key_id: int) -> None:
    await conn.execute(sql("keys/touch_key"), user_id, key_id)
