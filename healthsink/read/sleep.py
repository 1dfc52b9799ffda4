"""Sleep nights: one entry per night and source, dated by the local day the sleep ended (sleep ending before
18:00 belongs to that day). Built from the app's aggregated nights where it sent them, else from unaggregated
segments (hours per stage from each segment's qty where sent and above 0, else end - start; first start and last end).
"Asleep"/"Unspecified" segments are unstaged sleep and count toward total_sleep.

Merged (`merge=true`): one night per date, the source with the most time asleep. A Watch and a sleep app
record the same night; adding them would double it, and their stages do not mix.
"""

from __future__ import annotations

from healthsink.read import local
from healthsink.read.series import one_origin
from healthsink.store import reads

_STAGES = {
    "core": "core",
    "deep": "deep",
    "rem": "rem",
    "awake": "awake",
    "inbed": "in_bed",
    "asleep": "asleep",
    "unspecified": "asleep",
}
_VALUES = ("core", "deep", "rem", "awake", "asleep", "in_bed")


def _from_aggregated(r, ctx: local.Context) -> dict:
    total = r["total_sleep"]
    if total is None:
        total = sum(r[k] or 0 for k in ("core", "deep", "rem")) or r["asleep"]
    return {
        "night": r["night"].isoformat(),
        "source": r["source"],
        "built_from": "aggregated",
        "total_sleep": total,
        **{k: r[k] for k in _VALUES},
        "bed_time": local.local_iso(r["bed"], ctx.zone),
        "wake_time": local.local_iso(r["wake"], ctx.zone),
        "units": "hr",
    }


def _from_segments(rows, ctx: local.Context) -> dict:
    n = {
        "night": rows[0]["night"].isoformat(),
        "source": rows[0]["source"],
        "built_from": "segments",
        **dict.fromkeys(_VALUES, 0.0),
    }
    for r in rows:
        stage = _STAGES.get(r["stage"])
        if stage:
            n[stage] += float(r["hours"])
    n["total_sleep"] = n["core"] + n["deep"] + n["rem"] + n["asleep"]
    n["bed_time"] = local.local_iso(min(r["bed"] for r in rows), ctx.zone)
    n["wake_time"] = local.local_iso(max(r["wake"] for r in rows), ctx.zone)
    n["units"] = "hr"
    return n


def assemble(aggregated, segments, ctx: local.Context) -> list[dict]:
    """Nights per (date, source): the aggregated night where there is one, else the segments summed."""
    nights = {(r["night"], r["source"]): _from_aggregated(r, ctx) for r in aggregated}
    grouped: dict = {}
    for r in one_origin(segments, lambda r: r["night"]):
        if (r["night"], r["source"]) not in nights:
            grouped.setdefault((r["night"], r["source"]), []).append(r)
    nights.update({key: _from_segments(rows, ctx) for key, rows in grouped.items()})
    return [nights[k] for k in sorted(nights)]


def one_per_date(nights: list[dict]) -> list[dict]:
    """Per date, the night of the source with the most time asleep (the others are named in `sources`)."""
    best: dict = {}
    for n in nights:
        b = best.get(n["night"])
        if b is None or (n["total_sleep"] or 0) > (b["total_sleep"] or 0):
            best[n["night"]] = n
    out = []
    for date, n in sorted(best.items()):
        out.append({**n, "sources": sorted(m["source"] for m in nights if m["night"] == date)})
    return out


async def nights(conn, user_id: int, start, end, ctx: local.Context, merge: bool) -> list[dict]:
    aggregated, segments = await reads.sleep(conn, user_id, start, end, ctx.tz)
    out = assemble(aggregated, segments, ctx)
    return one_per_date(out) if merge else out
