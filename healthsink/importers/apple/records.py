"""Record and Correlation elements -> points shaped as Health Auto Export sends them, handed to the same
ingest family modules as a REST body (so the same unit conversion, validation and row shapes apply).

A value the export writes as a fraction of one (unit `%`) is stored as HAE's 0–100. A type not in the
mapping is stored under its own name and reported once as a warning, with its count.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from functools import lru_cache

from healthsink.importers.apple import mapping as m
from healthsink.importers.apple.direct import Direct
from healthsink.importers.apple.localtime import beat_epochs, in_zone
from healthsink.ingest import events, metrics
from healthsink.ingest.rows import RowBuilder

_MOTION = {"0": "Not Set", "1": "Sedentary", "2": "Active"}
_MEAL = {"1": "Before Meal", "2": "After Meal"}
_INSULIN = {"1": "Basal", "2": "Bolus"}
_POINTER = re.compile(r"<HKDevice: 0x[0-9a-fA-F]+>, |, creation date:[^,>]*")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")
_TZ = "HKTimeZone"


def device(raw: str | None) -> str | None:
    """The device without its per-record object address and creation date (P6), so equal devices are equal."""
    if not raw:
        return None
    i = raw.find(">, ")  # the address differs in every record: cut it before the cache sees the string
    return _device(raw[i + 3 :] if raw.startswith("<<HKDevice") and i > 0 else raw)


@lru_cache(maxsize=1024)
def _device(rest: str) -> str:
    return _POINTER.sub("", rest).strip("<>")


def number_in(text) -> float | None:
    """'40 count/min' -> 40.0; '5900 cm' -> 5900.0."""
    if not isinstance(text, str):
        return None
    found = _NUMBER.search(text)
    return float(found.group().replace(",", ".")) if found else None


def _float(value):
    """The value as a float when it is one (the family module then takes its fast path), else as written, for the
    family module to refuse with its own message."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _seconds(start: str, end: str) -> float | None:
    try:
        return (
            datetime.strptime(end, "%Y-%m-%d %H:%M:%S %z") - datetime.strptime(start, "%Y-%m-%d %H:%M:%S %z")
        ).total_seconds()
    except (TypeError, ValueError):
        return None


class Records:
    """Turns record frames into rows of `b`. Quantities and heart rate are built straight into rows (direct.py;
    `direct=False` sends them through the family modules as points instead, which the tests compare with)."""

    def __init__(self, b: RowBuilder, file_name: str, direct: bool = True) -> None:
        self.b = b
        self.file_name = file_name
        self.direct = Direct(b, file_name, m.UNIT_SPELLINGS) if direct else None
        # points wait here per (metric, unit) and go to the family module together (drain()): it resolves the
        # unit and the source spellings once per call, not once per record
        self.groups: dict[tuple[str, str], tuple[list, list]] = {}
        self.unknown: Counter = Counter()  # type -> records stored under their own name
        self.skipped: Counter = Counter()  # what has no table: type or element -> count
        self.watch_sources: Counter = Counter()  # for ECGs, whose CSV names no source

    def _point(self, name: str, unit: str, p: dict, line: int) -> None:
        group = self.groups.get((name, unit))
        if group is None:
            group = self.groups[(name, unit)] = ([], [])
        group[0].append(p)
        group[1].append(line)

    def drain(self) -> None:
        """Hand the waiting points to the family module; errors and warnings then name the file's lines."""
        if self.direct is not None:
            self.direct.aliases()
        groups, self.groups = self.groups, {}
        result = self.b.result
        for (name, unit), (points, lines) in groups.items():
            errors, warnings = len(result.errors), len(result.warnings)
            metrics.add_points(self.b, 0, name, unit, points)
            for entry in (*result.errors[errors:], *result.warnings[warnings:]):
                i = entry["item_index"]
                line = lines[i] if 0 <= i < len(lines) else lines[0]
                entry["path"], entry["item_index"] = f"{self.file_name} line {line}", line

    def add(self, frame: list) -> None:
        _, a, meta, kids, line = frame
        t = a.get("type")
        name = m.QUANTITY.get(t)
        if name is None and (t in m.SKIPPED or t == m.SYSTOLIC or t == m.DIASTOLIC):
            # blood pressure comes from its Correlation; the top-level copies would count it twice
            if t in m.SKIPPED:
                self.skipped[t] += 1
            return
        direct = self.direct
        if direct is not None and (name is not None or t == m.HEART_RATE):
            self._device(None, a)
            if name is not None:
                direct.quantity(name, t, a, meta, kids, line, t == m.HRV)
            else:
                direct.heart_rate(a, meta, line)
            return
        start, end, source = a.get("startDate"), a.get("endDate"), a.get("sourceName")
        if meta is not None and _TZ in meta:
            start, end = in_zone(start, meta[_TZ]), in_zone(end, meta[_TZ])
        errors = len(self.b.result.errors)
        if name is not None:
            self._quantity(name, t, a, meta, kids, start, end, source, line)
        elif t == m.HEART_RATE:
            v = _float(a.get("value"))
            p = {"date": start, "Min": v, "Avg": v, "Max": v, "source": source}
            if end != start:
                p["end"] = end
            if meta is not None:
                ctx = meta.get("HKMetadataKeyHeartRateMotionContext")
                if ctx is not None:
                    p["context"] = _MOTION.get(ctx, ctx)
                    meta = {k: v for k, v in meta.items() if k != "HKMetadataKeyHeartRateMotionContext"} or None
                if meta:
                    p["metadata"] = meta
            self._device(p, a)
            self._point("heart_rate", a.get("unit") or "count/min", p, line)
        elif t == m.SLEEP:
            stage = m.SLEEP_STAGES.get(a.get("value"), m.enum_value(a.get("value"), "SleepAnalysis"))
            secs = _seconds(start, end)
            p = {
                "startDate": start,
                "endDate": end,
                "qty": None if secs is None else secs / 3600,
                "value": stage,
                "source": source,
            }
            if meta:
                p["metadata"] = meta
            self._point("sleep_analysis", "hr", p, line)
        else:
            self._category(t, a, meta, start, end, source, line)
        if len(self.b.result.errors) != errors:
            self._locate(errors, line)

    def _device(self, p: dict | None, a: dict) -> None:
        """Notes the watches (for ECGs). The device is not kept per sample: the source name is the identity (P6),
        and ~150 bytes of it in every row's `extra` would double what a backfill writes."""
        d = a.get("device")
        if d and "Watch" in d:
            self.watch_sources[a.get("sourceName")] += 1

    def _quantity(self, name, t, a, meta, kids, start, end, source, line) -> None:
        value, unit = a.get("value"), a.get("unit") or ""
        value = _float(value)
        if unit == "%" and type(value) is float:
            value *= 100
        unit = m.UNIT_SPELLINGS.get(unit, unit)
        p = {"date": start, "qty": value, "source": source}
        if end != start:  # a discrete sample's end is its start: not parsed twice
            p["end"] = end
        if meta is not None:
            if t == "HKQuantityTypeIdentifierBloodGlucose":
                p["mealTime"] = _MEAL.get(meta.get("HKBloodGlucoseMealTime"), "Unspecified")
            elif t == "HKQuantityTypeIdentifierInsulinDelivery" and "HKInsulinDeliveryReason" in meta:
                p["reason"] = _INSULIN.get(meta["HKInsulinDeliveryReason"], meta["HKInsulinDeliveryReason"])
            p["metadata"] = meta
        self._device(p, a)
        if t == m.HRV and kids:
            beats = [k[1] for k in kids if k[0] == "InstantaneousBeatsPerMinute"]
            epochs = beat_epochs(a.get("startDate"), [k.get("time") for k in beats]) if beats else None
            if epochs:
                first = epochs[0]
                p["heartbeatSeries"] = [{"date": e, "timeSinceStart": round(e - first, 3)} for e in epochs]
        self._point(name, unit, p, line)

    def _category(self, t, a, meta, start, end, source, line) -> None:
        b = self.b
        if t in m.DURATION_CATEGORIES:
            name, unit, per = m.DURATION_CATEGORIES[t]
            secs = _seconds(start, end)
            p = {"date": start, "end": end, "qty": None if secs is None else secs / per, "source": source}
            self._point(name, unit, self._meta(p, meta), line)
        elif t == m.STAND_HOUR:
            p = {
                "date": start,
                "end": end,
                "qty": 1 if (a.get("value") or "").endswith("Stood") else 0,
                "source": source,
            }
            self._point("apple_stand_hour", "count", self._meta(p, meta), line)
        elif t == m.SEXUAL:
            used = (meta or {}).get("HKSexualActivityProtectionUsed")
            key = {"1": "Protection Used", "0": "Protection Not Used"}.get(used, "Unspecified")
            self._point("sexual_activity", "count", {"date": start, "source": source, key: 1}, line)
        elif t in m.HR_EVENTS:
            e = {
                "heartNotification": m.HR_EVENTS[t],
                "start": start,
                "end": end,
                "source": source,
                "threshold": number_in((meta or {}).get("HKHeartRateEventThreshold")),
            }
            events.add(b, "heartRateNotifications", line, self._meta(e, meta))
        elif t in m.SYMPTOMS:
            tail = m.tail(t)
            e = {
                "name": m.words(tail),
                "start": start,
                "end": end,
                "source": source,
                "severity": m.enum_value(a.get("value"), tail),
                "userEntered": (meta or {}).get("HKWasUserEntered") == "1",
            }
            events.add(b, "symptoms", line, self._meta(e, meta))
        elif t in m.CYCLE:
            tail = m.tail(t)
            e = {
                "name": m.words(tail),
                "start": start,
                "end": end,
                "value": m.enum_value(a.get("value"), tail),
                "isCycleStart": (meta or {}).get("HKMenstrualCycleStart") == "1",
                "source": source,
            }
            events.add(b, "cycleTracking", line, self._meta(e, meta))
        else:
            self._unknown(t, a, meta, start, end, source, line)

    def _unknown(self, t, a, meta, start, end, source, line) -> None:
        name = m.own_name(t or "unknown")
        self.unknown[t] += 1
        value, unit = a.get("value"), a.get("unit")
        p = {"date": start, "end": end, "source": source}
        if unit is not None or value is None:
            p["qty"] = value
        else:  # a category: its enum name is the label
            p["qty"], p["value"] = 1, m.enum_value(value, m.tail(t or ""))
        if unit == "%" and value is not None:
            try:
                p["qty"] = float(value) * 100
            except ValueError:
                pass
        self._point(name, m.UNIT_SPELLINGS.get(unit, unit) or "count", self._meta(p, meta), line)

    @staticmethod
    def _meta(p: dict, meta: dict | None) -> dict:
        if meta:
            p["metadata"] = meta
        return p

    def add_correlation(self, frame: list) -> None:
        _, a, meta, kids, line = frame
        if a.get("type") != m.BLOOD_PRESSURE:
            self.skipped[a.get("type")] += 1  # Food: its children are top-level records already
            return
        values = {}
        for k in kids or ():
            if isinstance(k, list) and k[0] == "Record":
                values[k[1].get("type")] = k[1].get("value")
        start = a.get("startDate")
        if meta is not None and _TZ in meta:
            start = in_zone(start, meta[_TZ])
        p = {
            "date": start,
            "systolic": values.get(m.SYSTOLIC),
            "diastolic": values.get(m.DIASTOLIC),
            "source": a.get("sourceName"),
        }
        self._point("blood_pressure", "mmHg", self._meta(p, meta), line)

    def _locate(self, first: int, line: int) -> None:
        """Errors name the line of the file, not a JSON path the file never had."""
        for e in self.b.result.errors[first:]:
            e["path"] = f"{self.file_name} line {line}"
            e["item_index"] = line

    def warnings(self) -> None:
        for t, n in sorted(self.unknown.items(), key=lambda kv: str(kv[0])):
            self.b.result.warn(
                "record",
                0,
                f"{self.file_name}",
                "unknown_type",
                f"{t}: {n} records stored as {m.own_name(t or 'unknown')} (not in the mapping table)",
            )
        for t, n in sorted(self.skipped.items(), key=lambda kv: str(kv[0])):
            self.b.result.warn(
                "record",
                0,
                f"{self.file_name}",
                "not_imported",
                f"{t}: {n} elements have no table and were not imported",
            )
