"""Rows for the records that make up nearly all of an export (quantities, heart rate, HRV beats), built straight
from the XML attributes.

The other record types become points shaped as Health Auto Export sends them and go through the family modules
(records.py). For these, the point dicts, the family module's dispatch on a point's shape and the general date
parser cost more than the XML parsing itself, millions of times in a big export, so the rows are built here with
the family module's own rules: its unit conversion (units.resolve, once per metric and unit), its checks and
messages (a cumulative metric cannot be negative, the heart-rate range, the unusual values that get a warning)
and the same RowBuilder checks. tests/test_import_direct.py checks that the rows and messages are the ones
metrics.add_points makes from the same records.
"""

from __future__ import annotations

from healthsink import units as units_
from healthsink.importers.apple.localtime import beat_epochs, instant, zoned
from healthsink.ingest import dates, metrics, names
from healthsink.ingest.rows import ItemError, RowBuilder
from healthsink.ingest.tables import HEART_RATE, HEARTBEAT_SERIES, QUANTITY

_TZ = "HKTimeZone"
_CONTEXT = "HKMetadataKeyHeartRateMotionContext"
_MOTION = {"0": "Not Set", "1": "Sedentary", "2": "Active"}
_MEAL = {"1": "Before Meal", "2": "After Meal"}
_INSULIN = {"1": "Basal", "2": "Bolus"}
_GLUCOSE = "HKQuantityTypeIdentifierBloodGlucose"
_INSULIN_DELIVERY = "HKQuantityTypeIdentifierInsulinDelivery"
_HR_LOW, _HR_HIGH = metrics.HEART_RATE_RANGE


def _number(value, field: str):
    """A float, None when absent, else ItemError with rows.num's message."""
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        raise ItemError("invalid_value", f"{field} is not a number: {value!r}") from None


class Direct:
    """Adds rows to `b`; `file_name` names the place of errors and warnings (`export.xml line 1234`)."""

    def __init__(self, b: RowBuilder, file_name: str, unit_spellings: dict[str, str]) -> None:
        self.b = b
        self.file_name = file_name
        self.spellings = unit_spellings
        # (metric, unit as written) -> (metric, conversion, orig_units, cumulative, unusual-value bounds)
        self._metrics: dict[tuple[str, str], tuple] = {}
        self.sources: set[str] = set()  # spellings seen since the last aliases(): source_aliases rows

    def _metric(self, name: str, unit: str, line: int) -> tuple:
        found = self._metrics.get((name, unit))
        if found is None:
            norm = names.normalise(name)
            conv = units_.resolve(norm, unit)
            if not conv.known:
                self.b.result.warn(
                    "metric",
                    line,
                    f"{self.file_name} line {line}",
                    "unknown_unit",
                    f"{unit!r} is not a unit of {norm} (expected "
                    f"{units_.canonical_unit(norm) or 'a unit healthsink knows'}): stored as sent, kept apart",
                )
            found = (
                norm,
                conv,
                None if conv.unit == unit else unit,
                norm in names.CUMULATIVE,
                metrics.SUSPICIOUS.get(norm),
            )
            self._metrics[(name, unit)] = found
        return found

    def _when(self, a: dict, meta) -> tuple:
        """(ts, offset, end_ts): end_ts None where the record ends when it starts (a discrete sample)."""
        start, end = a.get("startDate"), a.get("endDate")
        try:
            if meta is not None and _TZ in meta:
                ts, off = zoned(start, meta[_TZ])
            else:
                ts, off = instant(start)
        except dates.InvalidDate as exc:
            raise ItemError("invalid_date", f"date: {exc}") from None
        if end is None or end == start:
            return ts, off, None
        try:
            return ts, off, instant(end)[0]
        except dates.InvalidDate as exc:
            raise ItemError("invalid_date", f"end: {exc}") from None

    def _source(self, raw) -> str:
        if type(raw) is str:
            self.sources.add(raw)
        return names.source_key(raw)

    def _fail(self, line: int, exc: ItemError) -> None:
        self.b.result.error("metric", line, f"{self.file_name} line {line}{exc.path_suffix}", exc.code, exc.details)

    def _unusual(self, line: int, details: str) -> None:
        self.b.result.warn("metric", line, f"{self.file_name} line {line}", "suspicious_value", details)

    def quantity(self, name: str, t: str, a: dict, meta, kids, line: int, hrv: bool) -> None:
        """One quantity record (and its HRV beat list as a heartbeat series)."""
        unit = a.get("unit") or ""
        b = self.b
        try:
            norm, conv, orig, cumulative, bounds = self._metric(name, self.spellings.get(unit, unit), line)
            ts, off, end_ts = self._when(a, meta)  # first, as the family module does: its error comes first
            value = _number(a.get("value"), "qty")
            if unit == "%" and value is not None:
                value *= 100
            if value is not None:
                if not conv.identity:
                    value = conv.apply(value)
                if cumulative and value < 0:
                    raise ItemError("out_of_range", f"{norm} adds up over time and cannot be negative: {value}")
                if bounds and not bounds[0] <= value <= bounds[1]:
                    self._unusual(line, f"{norm} {value} {conv.unit} is unusual")
            label = None
            if meta is not None:
                if t == _GLUCOSE:
                    label = _MEAL.get(meta.get("HKBloodGlucoseMealTime"), "Unspecified")
                elif t == _INSULIN_DELIVERY and "HKInsulinDeliveryReason" in meta:
                    label = _INSULIN.get(meta["HKInsulinDeliveryReason"], meta["HKInsulinDeliveryReason"])
            raw = a.get("sourceName")
            source = self._source(raw)
            b.add(
                QUANTITY,
                (
                    b.user_id,
                    norm,
                    source,
                    ts,
                    end_ts,
                    off,
                    conv.unit,
                    orig,
                    value,
                    label,
                    None if meta is None else {"metadata": meta},
                    b.ingestion_id,
                ),
            )
            if hrv and kids:
                times = [k[1].get("time") for k in kids if k[0] == "InstantaneousBeatsPerMinute"]
                epochs = beat_epochs(a.get("startDate"), times) if times else None
                if epochs:
                    first = epochs[0]
                    b.add(
                        HEARTBEAT_SERIES,
                        (
                            b.user_id,
                            source,
                            ts,
                            off,
                            epochs,
                            [round(e - first, 3) for e in epochs],
                            [False] * len(epochs),
                            b.ingestion_id,
                        ),
                    )
        except ItemError as exc:
            self._fail(line, exc)

    def heart_rate(self, a: dict, meta, line: int) -> None:
        """One HeartRate record: min = avg = max = its value, the motion context as HAE names it."""
        b = self.b
        try:
            norm, conv, orig, _, bounds = self._metric("heart_rate", a.get("unit") or "count/min", line)
            ts, off, end_ts = self._when(a, meta)
            v = _number(a.get("value"), "Min")
            if v is None:
                raise ItemError("invalid_value", "a heart rate point needs Min, Avg or Max")
            if not conv.identity:
                v = conv.apply(v)
            if v < _HR_LOW or v > _HR_HIGH:
                raise ItemError("out_of_range", f"heart rate {[v, v, v]} is outside {_HR_LOW:g}–{_HR_HIGH:g}")
            if not bounds[0] <= v <= bounds[1]:
                self._unusual(line, f"heart rate {[v, v, v]} {conv.unit} is unusual")
            context = extra = None
            if meta is not None:
                ctx = meta.get(_CONTEXT)
                if ctx is not None:
                    context = _MOTION.get(ctx, ctx)
                    rest = {k: x for k, x in meta.items() if k != _CONTEXT}
                    extra = {"metadata": rest} if rest else None
                else:
                    extra = {"metadata": meta}
            b.add(
                HEART_RATE,
                (
                    b.user_id,
                    norm,
                    self._source(a.get("sourceName")),
                    ts,
                    end_ts,
                    off,
                    conv.unit,
                    orig,
                    v,
                    v,
                    v,
                    context,
                    extra,
                    b.ingestion_id,
                ),
            )
        except ItemError as exc:
            self._fail(line, exc)

    def aliases(self) -> None:
        """The source spellings seen since the last call, as source_aliases rows (metrics.add_source_aliases)."""
        if self.sources:
            metrics.add_source_aliases(self.b, self.sources)
            self.sources = set()
