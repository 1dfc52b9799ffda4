"""Sleep: the three aggregated generations (S1 2021, S2 6.6.2, S3 current) and unaggregated segments."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from healthsink.ingest import names
from healthsink.ingest.rows import ItemError, RowBuilder, date, extra, opt_date, opt_num, opt_str
from healthsink.ingest.tables import SLEEP_NIGHTS, SLEEP_SEGMENTS

_NIGHT_NUMBERS = ("totalSleep", "asleep", "core", "deep", "rem", "awake", "inBed")
_NIGHT_TIMES = ("sleepStart", "sleepEnd", "inBedStart", "inBedEnd")
_NIGHT_KNOWN = frozenset({"date", "source", "sleepSource", "inBedSource", *_NIGHT_NUMBERS, *_NIGHT_TIMES})
_SEGMENT_KNOWN = frozenset({"startDate", "endDate", "qty", "value", "source"})
_BARE_DATE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")

# Segment stage values -> the canonical stages nights and totals use (the app's own English spellings). Keys are
# lower-case without spaces, so "In Bed" and "InBed" are one. Other languages and HealthKit's enum names come
# from receivers that met them (hae-2026.md §0.7); a value not listed is kept as sent.
# fmt: off
CANONICAL_STAGES = {
    "core": "Core", "asleepcore": "Core", "nucleo": "Core", "núcleo": "Core", "essencial": "Core",
    "principal": "Core", "kern": "Core", "kernschlaf": "Core", "léger": "Core", "sommeilléger": "Core",
    "deep": "Deep", "asleepdeep": "Deep", "profondo": "Deep", "profundo": "Deep", "profond": "Deep",
    "tief": "Deep", "tiefschlaf": "Deep", "sommeilprofond": "Deep",
    "rem": "REM", "asleeprem": "REM", "paradoxal": "REM", "sommeilparadoxal": "REM",
    "awake": "Awake", "sveglio": "Awake", "despierto": "Awake", "desperto": "Awake", "acordado": "Awake",
    "éveillé": "Awake", "eveillé": "Awake", "eveille": "Awake", "wach": "Awake",
    "inbed": "InBed", "aletto": "InBed", "encama": "InBed", "nacama": "InBed", "aulit": "InBed",
    "imbett": "InBed",
    "asleep": "Asleep", "asleepunspecified": "Asleep", "addormentato": "Asleep", "dormido": "Asleep",
    "dormindo": "Asleep", "endormi": "Asleep", "schlafend": "Asleep",
    "unspecified": "Unspecified",
}
# fmt: on
_HK_PREFIX = "hkcategoryvaluesleepanalysis"


def canonical_stage(value: str) -> str:
    key = value.replace(" ", "").replace("_", "").lower()
    key = key.removeprefix(_HK_PREFIX)  # HKCategoryValueSleepAnalysisAsleepCore
    return CANONICAL_STAGES.get(key, value)


def _night_date(p: dict, start_off: int | None):
    """The night's `date`. A bare `yyyy-MM-dd` (as the docs show it) is that day's midnight in the offset of
    sleepStart/inBedStart, not in UTC."""
    raw = p.get("date")
    if start_off is not None and isinstance(raw, str) and _BARE_DATE.match(raw):
        y, m, d = (int(x) for x in raw.split("-"))
        try:
            local = datetime(y, m, d, tzinfo=timezone(timedelta(minutes=start_off)))
        except ValueError:
            raise ItemError("invalid_date", f"date: not a date: {raw!r}") from None
        return local.astimezone(UTC), start_off
    return opt_date(raw, "date")


def add_night(b: RowBuilder, units: str, p: dict) -> None:
    times = {k: opt_date(p.get(k), k) for k in _NIGHT_TIMES}
    night_start, start_off = times["sleepStart"]
    if night_start is None:
        night_start, start_off = times["inBedStart"]
    date_ts, date_off = _night_date(p, start_off)
    if night_start is None:
        night_start, start_off = date_ts, date_off
    if night_start is None:
        raise ItemError("invalid_date", "a sleep night needs sleepStart, inBedStart or date")
    source = p.get("source")
    if source is None:  # S1 names its sources per phase
        source = p.get("sleepSource") if p.get("sleepSource") is not None else p.get("inBedSource")
    nums = [opt_num(p.get(k), k) for k in _NIGHT_NUMBERS]
    b.add(
        SLEEP_NIGHTS,
        (
            b.user_id,
            names.source_key(source),
            night_start,
            date_ts,
            date_off if date_off is not None else start_off,
            units or "hr",
            *nums,
            times["sleepStart"][0],
            times["sleepEnd"][0],
            times["inBedStart"][0],
            times["inBedEnd"][0],
            opt_str(p.get("sleepSource")),
            opt_str(p.get("inBedSource")),
            extra(p, _NIGHT_KNOWN),
            b.ingestion_id,
        ),
    )


def add_segment(b: RowBuilder, units: str, p: dict) -> None:
    start, off = date(p.get("startDate"), "startDate")
    end, _ = opt_date(p.get("endDate"), "endDate")
    sent = opt_str(p.get("value")) or "Unspecified"  # "Core", "InBed", "Nucleo", "AsleepCore" ...
    stage = canonical_stage(sent)
    ext = extra(p, _SEGMENT_KNOWN)
    if ext:
        # late-2025 exports repeat the interval as start/end/date: drop only exact repeats
        for k, same in (("start", "startDate"), ("end", "endDate"), ("date", "startDate")):
            if k in ext and (ext[k] is None or ext[k] == p.get(same)):
                del ext[k]
        ext = ext or None
    if stage != sent:  # the value as the phone wrote it stays with the row
        ext = {**(ext or {}), "value": sent}
    b.add(
        SLEEP_SEGMENTS,
        (
            b.user_id,
            names.source_key(p.get("source")),
            stage,
            start,
            end,
            off,
            units or "hr",
            opt_num(p.get("qty"), "qty"),
            ext,
            b.ingestion_id,
        ),
    )
