"""Sleep: the three aggregated generations (S1 2021, S2 6.6.2, S3 current) and unaggregated segments."""
from __future__ import annotations

from healthsink.ingest import names
from healthsink.ingest.rows import ItemError, RowBuilder, date, extra, opt_date, opt_num, opt_str
from healthsink.ingest.tables import SLEEP_NIGHTS, SLEEP_SEGMENTS

_NIGHT_NUMBERS = ("totalSleep", "asleep", "core", "deep", "rem", "awake", "inBed")
_NIGHT_TIMES = ("sleepStart", "sleepEnd", "inBedStart", "inBedEnd")
_NIGHT_KNOWN = frozenset({"date", "source", "sleepSource", "inBedSource", *_NIGHT_NUMBERS, *_NIGHT_TIMES})
_SEGMENT_KNOWN = frozenset({"startDate", "endDate", "qty", "value", "source"})


def add_night(b: RowBuilder, units: str, p: dict) -> None:
    date_ts, date_off = opt_date(p.get("date"), "date")
    times = {k: opt_date(p.get(k), k) for k in _NIGHT_TIMES}
    night_start, start_off = times["sleepStart"]
    if night_start is None:
        night_start, start_off = times["inBedStart"]
    if night_start is None:
        night_start, start_off = date_ts, date_off
    if night_start is None:
        raise ItemError("invalid_date", "a sleep night needs sleepStart, inBedStart or date")
    source = p.get("source")
    if source is None:   # S1 names its sources per phase
        source = p.get("sleepSource") if p.get("sleepSource") is not None else p.get("inBedSource")
    nums = [opt_num(p.get(k), k) for k in _NIGHT_NUMBERS]
    b.add(SLEEP_NIGHTS, (
        b.user_id, names.source_key(source), night_start, date_ts,
        date_off if date_off is not None else start_off, units or "hr", *nums,
        times["sleepStart"][0], times["sleepEnd"][0], times["inBedStart"][0], times["inBedEnd"][0],
        opt_str(p.get("sleepSource")), opt_str(p.get("inBedSource")), extra(p, _NIGHT_KNOWN),
        b.ingestion_id,
    ))


def add_segment(b: RowBuilder, units: str, p: dict) -> None:
    start, off = date(p.get("startDate"), "startDate")
    end, _ = opt_date(p.get("endDate"), "endDate")
    stage = opt_str(p.get("value")) or "Unspecified"   # "Core", "InBed", "In Bed", "Asleep" ... as sent
    ext = extra(p, _SEGMENT_KNOWN)
    if ext:
        # late-2025 exports repeat the interval as start/end/date: drop only exact repeats
        for k, same in (("start", "startDate"), ("end", "endDate"), ("date", "startDate")):
            if k in ext and (ext[k] is None or ext[k] == p.get(same)):
                del ext[k]
        ext = ext or None
    b.add(SLEEP_SEGMENTS, (b.user_id, names.source_key(p.get("source")), stage, start, end, off,
                           units or "hr", opt_num(p.get("qty"), "qty"), ext, b.ingestion_id))
