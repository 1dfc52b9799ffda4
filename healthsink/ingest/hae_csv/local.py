"""CSV times carry no offset: they are the phone's wall-clock time. They are read in the user's zone and
written back in the JSON format's `yyyy-MM-dd HH:mm:ss ±HHMM`, so the family modules record the offset used
(`utc_offset`) exactly as they do for JSON."""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

_LOCAL = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")


def _fmt(dt: datetime) -> str:
    off = int(dt.utcoffset().total_seconds()) // 60
    sign = "-" if off < 0 else "+"
    return f"{dt:%Y-%m-%d %H:%M:%S} {sign}{abs(off) // 60:02d}{abs(off) % 60:02d}"


def in_zone(cell: str, tz: tzinfo) -> str:
    """'2026-01-11 13:02' in America/Los_Angeles -> '2026-01-11 13:02:00 -0800'. A time that already has an
    offset, or is not a local time at all, is returned as sent (the family module judges it).
    A wall-clock time that occurs twice (the hour after a DST fall-back) is taken as its first occurrence."""
    m = _LOCAL.match(cell)
    if m is None:
        return cell
    y, mo, d, hh, mm, ss = m.groups()
    try:
        local = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=tz)
    except ValueError:
        return cell
    return _fmt(local)


def utc_in_zone(cell: str, tz: tzinfo) -> str:
    """A route's ISO UTC timestamp ('2026-01-11T21:02:50Z'), rewritten in the user's zone: the same instant,
    with the offset the phone's other rows of that workout get."""
    try:
        dt = datetime.fromisoformat(cell.strip())
    except ValueError:
        return cell
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return _fmt(dt.astimezone(tz))
