"""`data.metrics[]`: each point dispatched by its shape (format doc §8), not only by the metric's name."""

from __future__ import annotations

from healthsink import units as units_
from healthsink.ingest import names, sleep
from healthsink.ingest.rows import ItemError, RowBuilder, date, extra, num, opt_date, opt_num, opt_str
from healthsink.ingest.tables import BLOOD_PRESSURE, HEART_RATE, HEARTBEAT_SERIES, QUANTITY, SOURCE_ALIASES

_HR_KEYS = frozenset({"Min", "Avg", "Max"})
_SLEEP_NIGHT_KEYS = frozenset({"totalSleep", "core", "deep", "rem", "sleepSource", "inBedSource", "asleep", "inBed"})
_SEXUAL_KEYS = ("Unspecified", "Protection Used", "Protection Not Used")
_LABEL_KEYS = ("mealTime", "reason", "value")

_Q_KNOWN = frozenset({"date", "qty", "source", "start", "end"})
_Q_EXTRA_KNOWN = _Q_KNOWN | {"heartbeatSeries", *_LABEL_KEYS}
_HR_KNOWN = frozenset({"date", "Min", "Avg", "Max", "source", "start", "end", "context"})
_BP_KNOWN = frozenset({"date", "systolic", "diastolic", "source", "start"})

HEART_RATE_RANGE = (20.0, 300.0)
SYSTOLIC_RANGE = (50.0, 250.0)
DIASTOLIC_RANGE = (30.0, 150.0)
# Plausible but unusual: accepted with a warning.
SUSPICIOUS = {
    "heart_rate": (30.0, 220.0),
    "resting_heart_rate": (30.0, 120.0),
    "blood_oxygen_saturation": (70.0, 100.0),
    "respiratory_rate": (5.0, 40.0),
}


def add_points(b: RowBuilder, mi: int, raw_name, units, points: list, first: int = 0) -> None:
    """Rows for points[first:] of metric `mi` (a stream hands one metric's points over in slices)."""
    name = names.normalise(raw_name) if isinstance(raw_name, str) and raw_name.strip() else ""
    units = units if isinstance(units, str) else ("" if units is None else str(units))
    # resolved once per metric (cached across bodies): each point then pays one multiplication at most
    conv = units_.resolve(name, units)
    # the unit as sent goes in orig_units where the stored one differs (converted, or another spelling of it)
    orig = None if conv.unit == units else units
    if not conv.known and first == 0 and points:
        b.result.warn(
            "metric",
            mi,
            f"data.metrics[{mi}]",
            "unknown_unit",
            f"{units!r} is not a unit of {name or 'this metric'} (expected "
            f"{units_.canonical_unit(name) or 'a unit healthsink knows'}): stored as sent, kept apart",
        )
    for i, p in enumerate(points, first):
        try:
            if not name:
                raise ItemError("invalid_value", "the metric has no name")
            if not isinstance(p, dict):
                raise ItemError("invalid_value", f"a data point must be an object, not {type(p).__name__}")
            _add_point(b, name, units, conv, orig, p, mi, i)
        except ItemError as e:
            b.result.error("metric", i, _path(mi, i) + e.path_suffix, e.code, e.details)
    add_source_aliases(b, (p.get("source") for p in points if type(p) is dict))


def add_source_aliases(b: RowBuilder, raws) -> None:
    """Rows keep the normalised source (names.source_key); each spelling it came from is kept once per user in
    `source_aliases`, not in every row: iOS names a watch "Anna’s Apple Watch" (U+2019), so most samples of most
    users arrive in a spelling that the key folds. The body itself stays in the raw archive."""
    for raw, key in names.aliases(raws):
        b.add(SOURCE_ALIASES, (b.user_id, raw, key, b.ingestion_id))


def _path(mi: int, i: int) -> str:
    return f"data.metrics[{mi}].data[{i}]"  # built only for an error or a warning: a backfill has millions


def _add_point(
    b: RowBuilder, name: str, units: str, conv: units_.Conversion, orig: str | None, p: dict, mi: int, i: int
) -> None:
    keys = p.keys()
    if not keys.isdisjoint(_HR_KEYS):
        return _heart_rate(b, name, conv, orig, p, mi, i)
    if "systolic" in p:
        return _blood_pressure(b, units, p)
    if "startDate" in p:
        return sleep.add_segment(b, units, p)
    if not keys.isdisjoint(_SLEEP_NIGHT_KEYS):
        return sleep.add_night(b, units, p)
    if not keys.isdisjoint(_SEXUAL_KEYS):
        return _sexual_activity(b, name, units, p)
    qty = _quantity(b, name, conv, orig, p, mi, i)
    if "heartbeatSeries" in p:
        _heartbeats(b, p)
    return qty


def _instant(p: dict):
    """A point's instant: `date`, or `start` where an export has only that."""
    d = p.get("date")
    return date(d if d is not None else p.get("start"), "date")


def _quantity(b: RowBuilder, name: str, conv: units_.Conversion, orig: str | None, p: dict, mi: int, i: int) -> None:
    ts, off = _instant(p)
    end_ts, _ = opt_date(p.get("end"), "end")
    qty = opt_num(p.get("qty"), "qty") if "qty" in p else None
    if qty is not None:
        if not conv.identity:
            qty = conv.apply(qty)
        if qty < 0 and name in names.CUMULATIVE:
            raise ItemError("out_of_range", f"{name} adds up over time and cannot be negative: {qty}")
        bounds = SUSPICIOUS.get(name)
        if bounds and not bounds[0] <= qty <= bounds[1]:
            b.result.warn("metric", i, _path(mi, i), "suspicious_value", f"{name} {qty} {conv.unit} is unusual")
    label = None
    for k in _LABEL_KEYS:
        if k in p:
            label = opt_str(p[k])
            break
    ext = extra(p, _Q_EXTRA_KNOWN)
    if p.get("start") is not None and p.get("start") != p.get("date") and p.get("date") is not None:
        ext = {**(ext or {}), "start": p["start"]}
    if "qty" not in p:
        # An unrecognised shape: stored generically, the whole point kept.
        ext = {k: v for k, v in p.items() if k not in ("date", "source")} or None
    b.add(
        QUANTITY,
        (
            b.user_id,
            name,
            names.source_key(p.get("source")),
            ts,
            end_ts,
            off,
            conv.unit,
            orig,
            qty,
            label,
            ext,
            b.ingestion_id,
        ),
    )


def _heart_rate(b: RowBuilder, name: str, conv: units_.Conversion, orig: str | None, p: dict, mi: int, i: int) -> None:
    ts, off = _instant(p)
    end_ts, _ = opt_date(p.get("end"), "end")
    values = [opt_num(p.get("Min"), "Min"), opt_num(p.get("Avg"), "Avg"), opt_num(p.get("Max"), "Max")]
    if not conv.identity:
        values = [None if v is None else conv.apply(v) for v in values]
    present = [v for v in values if v is not None]
    if not present:
        raise ItemError("invalid_value", "a heart rate point needs Min, Avg or Max")
    lowest, highest = min(present), max(present)
    if lowest < HEART_RATE_RANGE[0] or highest > HEART_RATE_RANGE[1]:
        raise ItemError(
            "out_of_range", f"heart rate {values} is outside {HEART_RATE_RANGE[0]:g}–{HEART_RATE_RANGE[1]:g}"
        )
    lo, hi = SUSPICIOUS["heart_rate"]
    if lowest < lo or highest > hi:
        b.result.warn("metric", i, _path(mi, i), "suspicious_value", f"heart rate {values} {conv.unit} is unusual")
    b.add(
        HEART_RATE,
        (
            b.user_id,
            name,
            names.source_key(p.get("source")),
            ts,
            end_ts,
            off,
            conv.unit,
            orig,
            *values,
            opt_str(p.get("context")),
            extra(p, _HR_KNOWN),
            b.ingestion_id,
        ),
    )


def _blood_pressure(b: RowBuilder, units: str, p: dict) -> None:
    ts, off = _instant(p)
    sys_, dia = num(p.get("systolic"), "systolic"), num(p.get("diastolic"), "diastolic")
    if not SYSTOLIC_RANGE[0] <= sys_ <= SYSTOLIC_RANGE[1]:
        raise ItemError("out_of_range", f"systolic {sys_} is outside 50–250")
    if not DIASTOLIC_RANGE[0] <= dia <= DIASTOLIC_RANGE[1]:
        raise ItemError("out_of_range", f"diastolic {dia} is outside 30–150")
    if sys_ <= dia:
        raise ItemError("out_of_range", f"systolic {sys_} must be above diastolic {dia}")
    b.add(
        BLOOD_PRESSURE,
        (
            b.user_id,
            names.source_key(p.get("source")),
            ts,
            off,
            units or "mmHg",
            sys_,
            dia,
            extra(p, _BP_KNOWN),
            b.ingestion_id,
        ),
    )


def _sexual_activity(b: RowBuilder, name: str, units: str, p: dict) -> None:
    ts, off = _instant(p)
    counts = {k: num(p[k], k) for k in _SEXUAL_KEYS if p.get(k) is not None}
    ext = {**counts, **(extra(p, _Q_KNOWN | set(_SEXUAL_KEYS)) or {})}
    b.add(
        QUANTITY,
        (
            b.user_id,
            name,
            names.source_key(p.get("source")),
            ts,
            None,
            off,
            units,
            None,
            sum(counts.values()),
            None,
            ext,
            b.ingestion_id,
        ),
    )


def _heartbeats(b: RowBuilder, p: dict) -> None:
    """HRV's beat-to-beat series (raw mode, HAE >= 9.0.13), kept as three parallel arrays."""
    series = p.get("heartbeatSeries")
    if not isinstance(series, list):
        raise ItemError("invalid_value", "heartbeatSeries must be an array", ".heartbeatSeries")
    ts, off = _instant(p)
    epochs, since, gaps = [], [], []
    for j, beat in enumerate(series):
        if not isinstance(beat, dict):
            raise ItemError("invalid_value", "a beat must be an object", f".heartbeatSeries[{j}]")
        epochs.append(num(beat.get("date"), "date"))
        since.append(opt_num(beat.get("timeSinceStart"), "timeSinceStart"))
        gaps.append(bool(beat.get("precededByGap", False)))
    b.add(
        HEARTBEAT_SERIES, (b.user_id, names.source_key(p.get("source")), ts, off, epochs, since, gaps, b.ingestion_id)
    )
