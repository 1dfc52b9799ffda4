"""electrocardiograms/*.csv -> Health Auto Export ECGs (ingest/ecg.py stores them).

The header is localised (`Recorded Date` / `Aufzeichnungsdatum` / `記録日`), has unquoted commas in its values
and decimal commas in comma locales (§6.2, P21): lines are read by shape and position, never by English key,
and never by a CSV reader. The name and birth date in the first lines are not kept (P23).
"""

from __future__ import annotations

import re
from typing import IO

from healthsink.ingest import dates

_NUMBER_LINE = re.compile(r'^\s*"?(-?\d+(?:[.,]\d+)?)"?\s*$')
_RATE = re.compile(r"(\d+(?:[.,]\d+)?)")
_UNITS = ("µV", "μV", "uV", "mV", "V")


def parse(f: IO[bytes], name: str) -> dict | None:
    """One recording as an HAE ECG item, or None when the file holds no recording date or no samples."""
    text = f.read().decode("utf-8-sig", errors="replace")
    header: list[tuple[str, str]] = []
    volts: list[float] = []
    for raw in text.splitlines():
        m = _NUMBER_LINE.match(raw)
        if m and header:
            volts.append(float(m.group(1).replace(",", ".")))
            continue
        if not raw.strip() or volts:
            continue
        key, _, value = raw.partition(",")
        header.append((key.strip(), value.strip().strip('"')))
    start_at = next((i for i, (_, v) in enumerate(header) if _is_date(v)), None)
    if start_at is None or not volts:
        return None
    start = header[start_at][1]
    rest = header[start_at + 1 :]
    # after the date: classification, symptoms, software version, device, sample rate (in that order)
    classification = rest[0][1] if rest else None
    rate = None
    unit = None
    for key, value in rest:
        low = (key + " " + value).lower()
        if rate is None and ("hz" in low or "hertz" in low or "ヘルツ" in low or "rate" in low):
            found = _RATE.search(value.replace("\u00a0", "").replace("\u202f", ""))
            if found:
                rate = float(found.group(1).replace(",", "."))
        if unit is None and value in _UNITS:
            unit = value
    e = {
        "start": start,
        "classification": classification,
        "samplingFrequency": rate,
        "numberOfVoltageMeasurements": len(volts),
        "file": name,
    }
    if len(rest) > 1:
        e["symptoms"] = rest[1][1] or None
    if len(rest) > 3:
        e["softwareVersion"], e["device"] = rest[2][1], rest[3][1]
    if rate:
        t0 = dates.parse(start)[0].timestamp()
        e["voltageMeasurements"] = [
            {"date": t0 + i / rate, "voltage": v, "units": unit or "µV"} for i, v in enumerate(volts)
        ]
        e["end"] = dates.parse(start)[0].timestamp() + len(volts) / rate
    else:
        e["voltageMeasurements"] = [{"date": None, "voltage": v} for v in volts]
    return e


def _is_date(value: str) -> bool:
    if len(value) < 19 or not value[:4].isdigit():
        return False
    try:
        dates.parse(value)
        return True
    except dates.InvalidDate:
        return False
