"""A metric read back: stored points, or buckets per source, or one merged series; in one unit, in the
user's days, from one origin per local day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from healthsink.errors import InvalidParameter
from healthsink.read import convert, local
from healthsink.read.stats import Merged, Stats, combine, merge, roll_up
from healthsink.store import reads
from healthsink.units import Conversion

# The statistics each kind's bucket rows carry (column prefixes) and the fields of its raw points.
FIELDS = {"quantity": ("",), "heart_rate": ("",), "blood_pressure": ("systolic_", "diastolic_")}
_POINT_VALUES = {
    "quantity": ("qty",),
    "heart_rate": ("hr_min", "hr_avg", "hr_max"),
    "blood_pressure": ("systolic", "diastolic"),
}
# A day imported through several feeds is read from one: the app's live feed (its own buckets) first, its CSV
# export next, the Health app's export.zip samples last.
ORIGINS = ("hae", "csv", "apple_export")
# The kinds the daily rollup keeps (store/rollup.py): a day of these is one row per source, unit and origin.
ROLLED_UP = ("quantity", "heart_rate")
# Runs of consecutive days marked since they were rolled up (phones send to today: usually one) read from the
# samples beside the rollup's rows; past this many (a backfill not rolled up yet), the samples answer alone.
MAX_MARKED_RUNS = 4


@dataclass(frozen=True)
class SeriesQuery:
    metric: str
    start: datetime | None
    end: datetime | None
    source: str | None
    bucket: str | None  # None: stored points
    agg: str
    units: str | None  # as asked: a unit, 'metric', 'us' or None
    merge: bool
    max_points: int


def grain(bucket: str) -> str:
    """What sources are merged over: the bucket itself up to a day, a day for weeks and months."""
    return bucket if bucket in ("minute", "hour", "day") else "day"


def rollup_fits(kind: str, q: SeriesQuery, ctx: local.Context) -> bool:
    """Whether the daily rollup can answer: a table it keeps, buckets of whole local days, a range of whole days.
    It also has to be in the request's zone (the caller asks the store: the user's rollup zone)."""
    return (
        kind in ROLLED_UP
        and q.bucket in ("day", "week", "month")
        and local.is_midnight(q.start, ctx.zone)
        and local.is_midnight(q.end, ctx.zone)
    )


def day_runs(days: list) -> list[tuple]:
    """Sorted days as runs of consecutive days: [(first, last), ...]."""
    runs: list[list] = []
    for d in days:
        if runs and (d - runs[-1][1]).days == 1:
            runs[-1][1] = d
        else:
            runs.append([d, d])
    return [(a, b) for a, b in runs]


async def _from_rollup(conn, user_id: int, kind: str, q: SeriesQuery, ctx: local.Context) -> list | None:
    """Day rows from the rollup, and the days marked since they were rolled up from the samples (one bucket
    read per run of marked days; past MAX_MARKED_RUNS of them, None: the caller reads all from the samples)."""
    marked = await reads.rollup_marked_days(conn, kind, user_id, q.metric, ctx.tz, q.start, q.end)
    runs = day_runs(marked)
    if len(runs) > MAX_MARKED_RUNS:
        return None
    limit = q.max_points + 1
    rows = list(
        await reads.rollup_buckets(
            conn, kind, user_id, q.metric, q.start, q.end, q.source, q.bucket, ctx.tz, limit, marked
        )
    )
    for first, last in runs:
        start, end = local.instant(first, ctx.zone), local.instant(last + timedelta(days=1), ctx.zone)
        rows += await reads.metric_buckets(
            conn, kind, user_id, q.metric, start, end, q.source, "day", q.bucket, ctx.tz, limit
        )
    if runs:
        rows.sort(key=lambda r: (r["day"], r["source"], r["units"], r["origin"]))
    return rows


def one_origin(rows, day_of) -> list:
    """Only the rows of the preferred origin present on each local day (rows without one are the app's)."""
    best: dict = {}
    for r in rows:
        day, rank = day_of(r), ORIGINS.index(r.get("origin", "hae"))
        best[day] = min(best.get(day, rank), rank)
    return [r for r in rows if ORIGINS.index(r.get("origin", "hae")) == best[day_of(r)]]


def _too_many(n: int, q: SeriesQuery) -> None:
    if n > q.max_points:
        hint = "add a bucket (minute|hour|day|week|month)" if q.bucket is None else "use a larger bucket"
        raise InvalidParameter(
            f"more than {q.max_points} points in this range: {hint} or narrow start/end", parameter="bucket"
        )


async def read(conn, user_id: int, kind: str, q: SeriesQuery, ctx: local.Context) -> dict:
    if q.merge and kind == "blood_pressure":
        raise InvalidParameter("blood pressure readings are not merged across sources", parameter="merge")
    if q.bucket is None:
        rows = await reads.metric_points(conn, kind, user_id, q.metric, q.start, q.end, q.source, q.max_points + 1)
        _too_many(len(rows), q)
        rows = one_origin(rows, lambda r: r["ts"].astimezone(ctx.zone).date())
    else:
        rows = None
        if rollup_fits(kind, q, ctx) and await reads.rollup_zone(conn, user_id) == ctx.tz:
            rows = await _from_rollup(conn, user_id, kind, q, ctx)
        if rows is None:
            rows = await reads.metric_buckets(
                conn,
                kind,
                user_id,
                q.metric,
                q.start,
                q.end,
                q.source,
                grain(q.bucket),
                q.bucket,
                ctx.tz,
                q.max_points + 1,
            )
        _too_many(len(rows), q)
        rows = one_origin(rows, lambda r: r["day"])
    answer = convert.answer_unit(q.metric, sorted({r["units"] for r in rows}), q.units, ctx.system)
    body = {"name": q.metric, "units": answer}
    by_unit = defaultdict(list)
    for r in rows:
        by_unit[r["units"]].append(r)
    parts: dict[str, list] = defaultdict(list)
    for unit, unit_rows in by_unit.items():
        conv = convert.conversion(q.metric, unit, answer)
        if conv is None:  # kept apart, as stored
            parts[unit].extend((r, Conversion(unit)) for r in unit_rows)
        else:
            parts[answer].extend((r, conv) for r in unit_rows)
    if q.bucket is None:
        out = {u: _points(kind, rs, ctx) for u, rs in parts.items()}
    else:
        body.update(
            {
                "bucket": q.bucket,
                "agg": {"heart_rate": "min/avg/max", "blood_pressure": "avg"}.get(kind, q.agg),
                "tz": ctx.tz,
                "merged": q.merge,
            }
        )
        out = {u: _buckets(kind, rs, q, ctx) for u, rs in parts.items()}
    body["points"] = out.pop(answer, [])
    if out:  # stored in a unit that does not convert: answered apart, never summed with the rest
        body["apart"] = [{"units": u, "points": p} for u, p in sorted(out.items())]
    return body


def _points(kind: str, rows, ctx: local.Context) -> list[dict]:
    out = []
    for r, conv in sorted(rows, key=lambda rc: (rc[0]["ts"], rc[0]["source"])):
        p = {
            "date": r["ts"],
            "local_date": local.local_iso(r["ts"], timezone(timedelta(minutes=r["utc_offset"]))),
            "source": r["source"],
        }
        values = {f: None if r[f] is None else conv.apply(r[f]) for f in _POINT_VALUES[kind]}
        if kind == "heart_rate":
            p.update(
                {"min": values["hr_min"], "avg": values["hr_avg"], "max": values["hr_max"], "context": r["context"]}
            )
        elif kind == "blood_pressure":
            p.update(values)
        else:
            p["qty"] = values["qty"]
            if r["label"] is not None:
                p["label"] = r["label"]
        if r["end_ts"] is not None and r["end_ts"] != r["ts"]:  # a point's end is its start unless sent
            p["end"] = r["end_ts"]
        out.append(p)
    return out


def _stats(kind: str, r, conv) -> tuple[Stats, ...]:
    out = []
    for prefix in FIELDS[kind]:
        s = Stats(r[prefix + "n"], r[prefix + "total"] or 0.0, r[prefix + "lo"], r[prefix + "hi"])
        out.append(s.scaled(conv.factor, conv.offset))
    return tuple(out)


def _buckets(kind: str, rows, q: SeriesQuery, ctx: local.Context) -> list[dict]:
    """Per source: grains added up into buckets. Merged: sources merged per grain, then grains added up."""
    zone = ctx.zone
    grains: dict = defaultdict(lambda: defaultdict(list))  # (bucket, grain) -> source -> [stats]
    for r, conv in rows:
        grains[(r["bucket"], r["grain"])][r["source"]].append(_stats(kind, r, conv))
    if q.merge:
        per_bucket: dict = defaultdict(list)
        for (bucket, _), by_source in grains.items():
            per_bucket[bucket].append(merge({s: combine([x[0] for x in st]) for s, st in by_source.items()}))
        return [
            _merged_point(kind, b.astimezone(zone).isoformat(), roll_up(days), q.agg)
            for b, days in sorted(per_bucket.items())
        ]
    per_source: dict = defaultdict(list)
    for (bucket, _), by_source in grains.items():
        for source, st in by_source.items():
            per_source[(bucket, source)].extend(st)
    return [
        _source_point(kind, b.astimezone(zone).isoformat(), source, st, q.agg)
        for (b, source), st in sorted(per_source.items())
    ]


def _source_point(kind: str, date: str, source: str, st: list[tuple[Stats, ...]], agg: str) -> dict:
    parts = [combine([x[i] for x in st]) for i in range(len(FIELDS[kind]))]
    if kind == "blood_pressure":
        s, d = parts
        return {
            "date": date,
            "source": source,
            "systolic": s.avg,
            "diastolic": d.avg,
            "systolic_min": s.lo,
            "systolic_max": s.hi,
            "count": s.n,
        }
    s = parts[0]
    if kind == "heart_rate":
        return {"date": date, "source": source, "min": s.lo, "avg": s.avg, "max": s.hi, "count": s.n}
    return {"date": date, "source": source, "qty": s.value(agg), "count": s.n}


def _merged_point(kind: str, date: str, m: Merged, agg: str) -> dict:
    if kind == "heart_rate":
        return {
            "date": date,
            "min": m.all.lo,
            "avg": m.all.avg,
            "max": m.all.hi,
            "count": m.count,
            "sources": sorted(m.sources),
        }
    return {"date": date, "qty": m.value(agg), "count": m.count, "sources": sorted(m.sources)}
