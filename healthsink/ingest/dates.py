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


# Strings parsed lately: a body's metrics share their minutes (heart rate, steps and energy at the same
# instants), and phones syncing together send the same recent minutes. A hit costs a dict lookup, a parse
# ~2 µs. Bounded by emptying it when full; shared by threads (dict operations are atomic under the GIL).
_SEEN: dict[str, tuple[datetime, int]] = {}
_SEEN_MAX = 1 << 15


def parse(value) -> tuple[datetime, int]:
    """(UTC datetime, offset minutes). Raises InvalidDate for None, '', or anything unparseable."""
    if type(value) is str:
        hit = _SEEN.get(value)
        if hit is not None:
            return hit
    try:
        out = _parse(value)
    except OverflowError:  # year 1 or 9999 moved past the calendar's edge by its offset
        raise InvalidDate(f"date out of range: {value!r}") from None
    if type(value) is str:
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        _SEEN[value] = out
    return out


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
