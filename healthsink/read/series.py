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


async def _from_rollup(conn, user_id: int, kind: str, q: SeriesQuery, ctx: local.Context) -> tuple[list, list] | None:
    """(day rows, bucket rows) from the rollup. The days marked since they were rolled up come from the samples
    (one bucket read per run of marked days; past MAX_MARKED_RUNS of them, None: the caller reads all from the
    samples). Weeks and months are added up in SQL (rollup_by_source.sql, rollup_merged.sql), by the rules here,
    where that gives what merging the day rows here would; else the rollup's day rows are merged here."""
    marked = await reads.rollup_marked_days(conn, kind, user_id, q.metric, ctx.tz, q.start, q.end)
    runs = day_runs(marked)
    if len(runs) > MAX_MARKED_RUNS:
        return None
    args = (conn, kind, user_id, q.metric, q.start, q.end, q.source, q.bucket, ctx.tz, q.max_points + 1, marked)
    rows: list = []
    for first, last in runs:
        start, end = local.instant(first, ctx.zone), local.instant(last + timedelta(days=1), ctx.zone)
        rows += await reads.metric_buckets(*args[:4], start, end, q.source, "day", q.bucket, ctx.tz, args[9])
    if q.merge or q.bucket != "day":  # a merged day is one row, not one per source
        added_up = reads.rollup_merged if q.merge else reads.rollup_by_source
        pre = await added_up(*args, list(ORIGINS))
        if not q.merge or _merges_alike(q, ctx, pre, rows):
            return rows, pre
    rows += await reads.rollup_buckets(*args)
    rows.sort(key=lambda r: (r["day"], r["source"], r["units"], r["origin"]))
    return rows, []


def _merges_alike(q: SeriesQuery, ctx: local.Context, pre, rows) -> bool:
    """Whether SQL's merge of the rollup's days (sources ordered by their stored totals, per stored unit) is the
    merge here (by converted totals, per answer unit): at most one stored unit converts into the answer, and
    without an offset (a positive factor keeps the order; °C to °F would not)."""
    stored = {r["units"] for r in pre}
    answer = convert.answer_unit(q.metric, sorted(stored | {r["units"] for r in rows}), q.units, ctx.system)
    into = [c for c in (convert.conversion(q.metric, u, answer) for u in stored) if c is not None]
    return len(into) <= 1 and all(c.offset == 0 for c in into)


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
    pre: list = []  # bucket rows already added up from the rollup (weeks, months)
    if q.bucket is None:
        rows = await reads.metric_points(conn, kind, user_id, q.metric, q.start, q.end, q.source, q.max_points + 1)
        _too_many(len(rows), q)
        rows = one_origin(rows, lambda r: r["ts"].astimezone(ctx.zone).date())
    else:
        rows, pre = None, []
        if rollup_fits(kind, q, ctx) and await reads.rollup_zone(conn, user_id) == ctx.tz:
            got = await _from_rollup(conn, user_id, kind, q, ctx)
            if got is not None:
                rows, pre = got
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
        _too_many(len(rows) + len(pre), q)
        rows = one_origin(rows, lambda r: r["day"])
    stored = sorted({r["units"] for r in rows} | {r["units"] for r in pre})
    answer = convert.answer_unit(q.metric, stored, q.units, ctx.system)
    body = {"name": q.metric, "units": answer}
    parts, pre_parts = _in_answer_unit(q.metric, rows, answer), _in_answer_unit(q.metric, pre, answer)
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
        out = {u: _buckets(kind, parts.get(u, []), q, ctx, pre_parts.get(u, [])) for u in parts.keys() | pre_parts}
    body["points"] = out.pop(answer, [])
    if out:  # stored in a unit that does not convert: answered apart, never summed with the rest
        body["apart"] = [{"units": u, "points": p} for u, p in sorted(out.items())]
    return body


def _in_answer_unit(metric: str, rows, answer: str | None) -> dict[str, list]:
    """unit -> [(row, conversion)]: the rows whose unit converts into `answer` under it, the others apart under
    their own unit, as stored."""
    parts: dict[str, list] = defaultdict(list)
    convs: dict = {}
    for r in rows:
        if r["units"] not in convs:
            convs[r["units"]] = convert.conversion(metric, r["units"], answer)
        conv = convs[r["units"]]
        if conv is None:
            parts[r["units"]].append((r, Conversion(r["units"])))
        else:
            parts[answer].append((r, conv))
    return parts


def _points(kind: str, rows, ctx: local.Context) -> list[dict]:
    out = []
    for r, conv in sorted(rows, key=lambda rc: (rc[0]["ts"], rc[0]["source"])):
        p = {
            "date": r["ts"],
            "local_date": local.local_iso(r["ts"], timezone(timedelta(minutes=r["utc_offset"]))),
            "source": r["source"],
        }
        values = {f: None if r[f] is None else conv.read(r[f]) for f in _POINT_VALUES[kind]}
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
    if kind != "blood_pressure":  # one statistic, unprefixed: the common case, without the loop
        return (Stats(r["n"], r["total"] or 0.0, r["lo"], r["hi"]).scaled(conv.factor, conv.offset),)
    out = []
    for prefix in FIELDS[kind]:
        s = Stats(r[prefix + "n"], r[prefix + "total"] or 0.0, r[prefix + "lo"], r[prefix + "hi"])
        out.append(s.scaled(conv.factor, conv.offset))
    return tuple(out)


def _buckets(kind: str, rows, q: SeriesQuery, ctx: local.Context, pre=()) -> list[dict]:
    """Per source: grains added up into buckets. Merged: sources merged per grain, then grains added up. `pre`:
    buckets the rollup's days were already added up into by SQL (sql/read/rollup_by_source.sql and
    rollup_merged.sql, the same rules), added to the grains' own."""
    zone = ctx.zone
    grains: dict = defaultdict(lambda: defaultdict(list))  # (bucket, grain) -> source -> [stats]
    for r, conv in rows:
        grains[(r["bucket"], r["grain"])][r["source"]].append(_stats(kind, r, conv))
    if q.merge:
        per_bucket: dict = defaultdict(list)
        for (bucket, _), by_source in grains.items():
            per_bucket[bucket].append(merge({s: combine([x[0] for x in st]) for s, st in by_source.items()}))
        for r, conv in pre:
            all_ = Stats(r["n"], r["total"], r["lo"], r["hi"]).scaled(conv.factor, conv.offset)
            top = Stats(r["top_n"], r["top_total"], None, None).scaled(conv.factor, conv.offset).total
            per_bucket[r["bucket"]].append(Merged(top, r["top_n"], all_, set(r["sources"])))
        return [
            _merged_point(kind, b.astimezone(zone).isoformat(), roll_up(days), q.agg)
            for b, days in sorted(per_bucket.items())
        ]
    per_source: dict = defaultdict(list)
    for (bucket, _), by_source in grains.items():
        for source, st in by_source.items():
            per_source[(bucket, source)].extend(st)
    for r, conv in pre:
        per_source[(r["bucket"], r["source"])].append(_stats(kind, r, conv))
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
