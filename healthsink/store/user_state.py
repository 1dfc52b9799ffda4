"""A disabled user enabled again (disabling is store.accounts.disable_user)."""

from __future__ import annotations

from healthsink.errors import NotFound
from healthsink.store.sql import sql


async def enable_user(conn, user_id: int) -> None:
    if await conn.fetchval(sql("users/enable_user"), user_id) is None:
        raise NotFound(f"no user {user_id}")
