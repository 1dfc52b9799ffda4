"""The request's zone and unit system (the user's settings where the request names none), and date-only
range ends read as local midnights in that zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from healthsink.errors import InvalidParameter
from healthsink.store import settings


@dataclass(frozen=True)
class Context:
    tz: str  # IANA name
    zone: ZoneInfo
    system: str  # 'metric' | 'us'


async def context(conn, user_id: int, tz: str | None, system: str | None = None) -> Context:
    """`tz`/`system` as the request named them (already checked), else the user's."""
    if tz is None or system is None:
        mine = await settings.get_settings(conn, user_id)
        tz, system = tz or mine.tz, system or mine.units
    return Context(tz, ZoneInfo(tz), system)


def instant(value: date | datetime | None, zone: tzinfo) -> datetime | None:
    """A date alone is that local day's midnight in `zone` (the first instant of the day on a DST change)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tzinfo=zone)


def is_midnight(value: datetime | None, zone: tzinfo) -> bool:
    """Whether `value` is the first instant of its local day in `zone` (None, an open end, counts as one)."""
    return value is None or value == instant(value.astimezone(zone).date(), zone)


def time_range(start, end, zone: tzinfo) -> tuple[datetime | None, datetime | None]:
    start, end = instant(start, zone), instant(end, zone)
    if start and end and end <= start:
        raise InvalidParameter("'end' must be after 'start'", parameter="end")
    return start, end


def local_iso(ts: datetime | None, zone: tzinfo) -> str | None:
    return ts.astimezone(zone).isoformat() if ts is not None else None
