"""`data.ecg[]`: one row per recording, ~15,000 voltage samples kept as two parallel arrays.

Real recordings carry epoch-float sample dates and microvolts (#69); the docs say date strings: both parse.
"""

from __future__ import annotations

from healthsink.ingest import dates, names
from healthsink.ingest.rows import ItemError, RowBuilder, date, extra, num, opt_date, opt_num, opt_str
from healthsink.ingest.tables import ECG

_KNOWN = frozenset(
    {
        "start",
        "end",
        "classification",
        "severity",
        "averageHeartRate",
        "numberOfVoltageMeasurements",
        "samplingFrequency",
        "source",
        "voltageMeasurements",
    }
)


def add(b: RowBuilder, i: int, e) -> None:
    path = f"data.ecg[{i}]"
    try:
        if not isinstance(e, dict):
            raise ItemError("invalid_value", "an ECG must be an object")
        start, off = date(e.get("start"), "start")
        end, _ = opt_date(e.get("end"), "end")
        epochs, volts, units = [], [], None
        samples = e.get("voltageMeasurements") or []
        if not isinstance(samples, list):
            raise ItemError("invalid_value", "voltageMeasurements must be an array", ".voltageMeasurements")
        for j, s in enumerate(samples):
            if not isinstance(s, dict):
                raise ItemError("invalid_value", "a voltage sample must be an object", f".voltageMeasurements[{j}]")
            t = s.get("date")
            if isinstance(t, (int, float)) and not isinstance(t, bool):
                epochs.append(float(t))
            else:
                try:
                    epochs.append(dates.parse(t)[0].timestamp())
                except dates.InvalidDate as exc:
                    raise ItemError("invalid_date", str(exc), f".voltageMeasurements[{j}]") from None
            volts.append(num(s.get("voltage"), f"voltageMeasurements[{j}].voltage"))
            units = units or opt_str(s.get("units"))
        count = e.get("numberOfVoltageMeasurements")
        b.add(
            ECG,
            (
                b.user_id,
                names.source_key(e.get("source")),
                start,
                end,
                off,
                opt_str(e.get("classification")),
                opt_str(e.get("severity")),
                opt_num(e.get("averageHeartRate"), "averageHeartRate"),
                opt_num(e.get("samplingFrequency"), "samplingFrequency"),
                int(count) if isinstance(count, (int, float)) and not isinstance(count, bool) else None,
                units,
                epochs,
                volts,
                extra(e, _KNOWN),
                b.ingestion_id,
            ),
        )
    except ItemError as err:
        b.result.error("ecg", i, path + err.path_suffix, err.code, err.details)
