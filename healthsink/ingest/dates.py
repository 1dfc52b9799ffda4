"""Every date form the app has sent, to (UTC instant, original UTC offset in minutes).

Forms (format doc §3): `yyyy-MM-dd HH:mm:ss Z` (the common case, taken by a fast path); 12-hour times with
`am`/`PM` in any case after a space, NBSP or U+202F; fractional seconds; ISO 8601; date only; and Unix
epoch numbers (seconds, or milliseconds when implausibly large). A date without an offset is taken as UTC.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Epoch values above this are milliseconds (1e11 s is the year 5138).
_MS_THRESHOLD = 1e11

# \s matches U+00A0 and U+202F in str patterns: the separators iOS puts before am/pm.
_GENERAL = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"\s*(?:([AaPp])\.?[Mm]\.?)?)?"
    r"\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$"
)


class InvalidDate(ValueError):
    pass


# The app's form, "2024-02-06 14:30:00 -0800", is read as its hour (date, hour and offset: the UTC instant
# that hour starts, parsed once) plus its minutes and seconds (a table of the 3,600 of them). A backfill's
# per-minute samples then cost two dict lookups and one addition each instead of a parse (~2 µs, the largest
# part of building a row). Any other form, and an hour seen first, take the full parse; bounded by emptying
# the table when full; shared by threads (dict operations are atomic under the GIL).
_MIN_SEC = {f"{m:02d}:{s:02d}": timedelta(minutes=m, seconds=s) for m in range(60) for s in range(60)}
_HOURS: dict[str, tuple[datetime, int]] = {}
_HOURS_MAX = 1 << 14


def parse(value) -> tuple[datetime, int]:
    """(UTC datetime, offset minutes). Raises InvalidDate for None, '', or anything unparseable."""
    if type(value) is str and len(value) == 25 and value[13] == ":" and value[19] == " ":
        step = _MIN_SEC.get(value[14:19])
        if step is not None:
            hour_key = value[:13] + value[19:]
            hour = _HOURS.get(hour_key)
            if hour is not None:
                return hour[0] + step, hour[1]
            instant, offset = _parse_checked(value)
            if len(_HOURS) >= _HOURS_MAX:
                _HOURS.clear()
            _HOURS[hour_key] = (instant - step, offset)
            return instant, offset
    return _parse_checked(value)


def _parse_checked(value) -> tuple[datetime, int]:
    try:
        return _parse(value)
    except OverflowError:  # year 1 or 9999 moved past the calendar's edge by its offset
        raise InvalidDate(f"date out of range: {value!r}") from None


def _parse(value) -> tuple[datetime, int]:
    if isinstance(value, str):
        # Fast path: "2024-02-06 14:30:00 -0800" -> fromisoformat("2024-02-06 14:30:00-0800")
        if len(value) == 25 and value[19] == " " and value[10] == " ":
            try:
                dt = datetime.fromisoformat(value[:19] + value[20:])
            except ValueError:
                pass
            else:
                off = dt.utcoffset()
                return dt.astimezone(UTC), int(off.total_seconds()) // 60
        return _parse_general(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(float(value)), 0
    raise InvalidDate(f"not a date: {value!r}")


def _from_epoch(x: float) -> datetime:
    if x != x or x in (float("inf"), float("-inf")):
        raise InvalidDate(f"not a date: {x!r}")
    if abs(x) >= _MS_THRESHOLD:
        x /= 1000.0
    try:
        return _EPOCH + timedelta(seconds=x)
    except OverflowError:
        raise InvalidDate(f"epoch out of range: {x!r}") from None


def _parse_general(s: str) -> tuple[datetime, int]:
    m = _GENERAL.match(s)
    if m is None:
        try:
            return _from_epoch(float(s)), 0
        except ValueError:
            raise InvalidDate(f"unrecognised date: {s!r}") from None
    year, month, day, hh, mm, ss, frac, ampm, tz = m.groups()
    hour = int(hh) if hh else 0
    if ampm:
        if not 1 <= hour <= 12:
            raise InvalidDate(f"bad 12-hour time: {s!r}")
        hour = hour % 12 + (12 if ampm in "Pp" else 0)
    micro = int((frac or "0")[:6].ljust(6, "0"))
    offset = 0
    if tz and tz[0] in "+-":
        digits = tz[1:].replace(":", "")
        offset = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) > 2 else 0)
        if tz[0] == "-":
            offset = -offset
    try:
        local = datetime(
            int(year),
            int(month),
            int(day),
            hour,
            int(mm or 0),
            int(ss or 0),
            micro,
            tzinfo=timezone(timedelta(minutes=offset)),
        )
    except ValueError as exc:
        raise InvalidDate(f"{exc}: {s!r}") from None
    return local.astimezone(UTC), offset
