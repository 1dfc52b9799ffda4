"""Dates as lived: the export writes every date with the offset the phone had when it exported (P8), so a
record made in another zone or season shows the wrong wall clock. Where a record names its zone
(HKTimeZone metadata), the date is rewritten with that zone's offset at that instant.

`instant()` reads the export's one date form (`2016-11-14 07:25:41 -0700`) without a timezone object per date:
the offset's timedelta is looked up once per distinct offset, and the wall clock is read as UTC and moved by it.
dates.parse made a fixed-offset timezone for every date and converted from it, five times slower; anything
else goes to dates.parse, so the results and errors are the same."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from healthsink.ingest import dates

UTC = timezone.utc
_fromiso = datetime.fromisoformat
# "-0700" -> (timedelta(hours=-7), -420)
_OFFSETS: dict[str, tuple[timedelta, int]] = {}

_BEAT = re.compile(r"^\s*(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*([AaPp])?", re.ASCII)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _offset(text: str) -> tuple[timedelta, int] | None:
    if len(text) != 5 or text[0] not in "+-" or not (text[1:].isascii() and text[1:].isdigit()):
        return None
    hours, minutes = int(text[1:3]), int(text[3:5])
    if hours > 23 or minutes > 59:
        return None
    total = (hours * 60 + minutes) * (-1 if text[0] == "-" else 1)
    found = _OFFSETS[text] = (timedelta(minutes=total), total)
    return found


def instant(value) -> tuple[datetime, int]:
    """dates.parse, faster for the export's own form: (UTC instant, offset minutes). Raises dates.InvalidDate."""
    if type(value) is str and len(value) == 25 and value[19] == " " and value[10] == " ":
        off = _OFFSETS.get(value[20:]) or _offset(value[20:])
        if off is not None:
            try:
                return _fromiso(value[:19] + "Z") - off[0], off[1]
            except (ValueError, OverflowError):
                pass  # dates.parse says what is wrong with it
    return dates.parse(value)


def zoned(value, tz_name) -> tuple[datetime, int]:
    """instant(), its offset taken from the zone `tz_name` (HKTimeZone) at that instant where the zone is known."""
    found = instant(value)
    z = zone(tz_name) if isinstance(tz_name, str) else None
    if z is None:
        return found
    off = found[0].astimezone(z).utcoffset()
    return found[0], int(off.total_seconds()) // 60


def in_zone(value: str | None, tz_name) -> str | None:
    """'2016-11-14 07:25:41 -0700' in 'America/Los_Angeles' -> '2016-11-14 06:25:41 -0800'. Unchanged when
    the zone or the date cannot be read."""
    if not value or not isinstance(tz_name, str):
        return value
    z = zone(tz_name)
    if z is None:
        return value
    try:
        instant, _ = dates.parse(value)
    except dates.InvalidDate:
        return value
    return instant.astimezone(z).strftime("%Y-%m-%d %H:%M:%S %z")


def beat_epochs(start: str, beats: list[str]) -> list[float] | None:
    """HRV beat times are a localised time of day with no date (`02:15:45,32`, `4:17:18.57 pm`, P14): each is
    anchored to the local day of the record's start, rolling over at midnight."""
    try:
        instant, off = dates.parse(start)
    except dates.InvalidDate:
        return None
    tz = timezone(timedelta(minutes=off))
    local = instant.astimezone(tz)
    day = datetime(local.year, local.month, local.day, tzinfo=tz).timestamp()
    first = instant.timestamp()
    out = []
    for text in beats:
        m = _BEAT.match(text or "")
        if m is None:
            return None
        h, mi, s, frac, ampm = m.groups()
        hour = int(h) % 12 + (12 if ampm in ("p", "P") else 0) if ampm else int(h)
        t = day + hour * 3600 + int(mi) * 60 + int(s) + (float("0." + frac) if frac else 0.0)
        if t < first - 43200:  # the series crossed midnight after the record started
            t += 86400
        out.append(t)
    return out
