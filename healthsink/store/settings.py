"""A user's settings: time zone, unit system and daily goals (migration 0020).

Anyone may call `get_settings`: the reads use the zone and units when a request names none, the ingest of
CSV files (whose times carry no offset) needs the zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from healthsink.errors import NotFound
from healthsink.store.sql import sql


@dataclass(frozen=True)
class UserSettings:
    email: str
    tz: str  # IANA zone, 'UTC' until the user sets one
    units: str  # 'metric' | 'us'
    goals: dict  # goal name -> daily target in canonical units (steps, kcal, min, h)


def _settings(row) -> UserSettings:
    if row is None:
        raise NotFound("no such user")
    return UserSettings(row["email"], row["tz"], row["units"], dict(row["goals"]))


async def get_settings(conn, user_id: int) -> UserSettings:
    return _settings(await conn.fetchrow(sql("users/get_settings"), user_id))


async def update_settings(
    conn, user_id: int, tz: str | None = None, units: str | None = None, goals: dict | None = None
) -> UserSettings:
    """Change what is given (None leaves a setting as it is); `goals` is merged into the stored goals."""
    return _settings(await conn.fetchrow(sql("users/update_settings"), user_id, tz, units, goals))
