"""The small event families: symptoms, state of mind, medications, cycle tracking, heart-rate notifications.

Localised strings (symptom names, severities, cycle values, medication status) are kept as sent.
"""

from __future__ import annotations

from healthsink.ingest import names
from healthsink.ingest.rows import ItemError, RowBuilder, date, extra, opt_date, opt_num, opt_str
from healthsink.ingest.tables import CYCLE_TRACKING, HEART_RATE_NOTIFICATIONS, MEDICATIONS, STATE_OF_MIND, SYMPTOMS


def _symptom(b: RowBuilder, e: dict) -> None:
    start, off = date(e.get("start"), "start")
    end, _ = opt_date(e.get("end"), "end")
    name = opt_str(e.get("name"))
    if not name:
        raise ItemError("invalid_value", "a symptom needs a name")
    entered = e.get("userEntered")
    b.add(
        SYMPTOMS,
        (
            b.user_id,
            name,
            start,
            end,
            off,
            opt_str(e.get("severity")),
            entered if isinstance(entered, bool) else None,
            names.source_key(e.get("source")),
            extra(e, {"start", "end", "name", "severity", "userEntered", "source"}),
            b.ingestion_id,
        ),
    )


def _str_list(v) -> list[str] | None:
    return [str(x) for x in v] if isinstance(v, list) else None


def _state_of_mind(b: RowBuilder, e: dict) -> None:
    start, off = date(e.get("start"), "start")
    end, _ = opt_date(e.get("end"), "end")
    # The natural key is the entry's UUID; an entry without one is keyed by kind and instant.
    sid = opt_str(e.get("id")) or f"{e.get('kind')}|{start.isoformat()}"
    meta = e.get("metadata")
    b.add(
        STATE_OF_MIND,
        (
            b.user_id,
            sid,
            start,
            end,
            off,
            opt_str(e.get("kind")),
            _str_list(e.get("labels")),
            _str_list(e.get("associations")),
            opt_num(e.get("valence"), "valence"),
            opt_str(e.get("valenceClassification")),
            meta if isinstance(meta, dict) else None,
            extra(
                e,
                {
                    "id",
                    "start",
                    "end",
                    "kind",
                    "labels",
                    "associations",
                    "valence",
                    "valenceClassification",
                    "metadata",
                },
            ),
            b.ingestion_id,
        ),
    )


def _medication(b: RowBuilder, e: dict) -> None:
    start, start_off = opt_date(e.get("start"), "start")
    scheduled, sched_off = opt_date(e.get("scheduledDate"), "scheduledDate")
    end, _ = opt_date(e.get("end"), "end")
    ts, off = (scheduled, sched_off) if scheduled is not None else (start, start_off)
    if ts is None:
        raise ItemError("invalid_date", "a medication needs scheduledDate or start")
    name = opt_str(e.get("displayText")) or opt_str(e.get("nickname"))
    if not name:
        raise ItemError("invalid_value", "a medication needs displayText")
    archived, codings = e.get("isArchived"), e.get("codings")
    b.add(
        MEDICATIONS,
        (
            b.user_id,
            name,
            ts,
            off,
            start,
            end,
            scheduled,
            opt_str(e.get("nickname")),
            opt_str(e.get("status")),
            opt_str(e.get("form")),
            archived if isinstance(archived, bool) else None,
            opt_num(e.get("dosage"), "dosage"),
            codings if isinstance(codings, list) else None,
            extra(
                e,
                {
                    "displayText",
                    "nickname",
                    "start",
                    "end",
                    "scheduledDate",
                    "status",
                    "form",
                    "isArchived",
                    "dosage",
                    "codings",
                },
            ),
            b.ingestion_id,
        ),
    )


def _cycle(b: RowBuilder, e: dict) -> None:
    start, off = date(e.get("start"), "start")
    end, _ = opt_date(e.get("end"), "end")
    name = opt_str(e.get("name"))
    if not name:
        raise ItemError("invalid_value", "a cycle event needs a name")
    b.add(
        CYCLE_TRACKING,
        (
            b.user_id,
            name,
            start,
            end,
            off,
            opt_str(e.get("value")),
            e.get("isCycleStart") is True,
            extra(e, {"start", "end", "name", "value", "isCycleStart"}),
            b.ingestion_id,
        ),
    )


def _hr_notification(b: RowBuilder, e: dict) -> None:
    """Both shapes: the real one (`heartNotification`, `source` object, `heartRateData`/`hrvData`) and the
    documented one (`heartRate`/`heartRateVariation`, no kind). Sample arrays are kept as sent."""
    start, off = date(e.get("start"), "start")
    end, _ = opt_date(e.get("end"), "end")
    kind = opt_str(e.get("heartNotification") or e.get("kind") or e.get("type")) or "heart_rate_notification"
    src = e.get("source")
    source, source_id = (
        (opt_str(src.get("name")), opt_str(src.get("identifier")))
        if isinstance(src, dict)
        else (names.source_key(src) if src is not None else None, None)
    )
    hr = e.get("heartRateData", e.get("heartRate"))
    hrv = e.get("hrvData", e.get("heartRateVariation"))
    b.add(
        HEART_RATE_NOTIFICATIONS,
        (
            b.user_id,
            kind,
            start,
            end,
            off,
            opt_num(e.get("threshold"), "threshold"),
            source,
            source_id,
            hr if isinstance(hr, list) else None,
            hrv if isinstance(hrv, list) else None,
            extra(
                e,
                {
                    "heartNotification",
                    "kind",
                    "type",
                    "start",
                    "end",
                    "threshold",
                    "source",
                    "heartRateData",
                    "heartRate",
                    "hrvData",
                    "heartRateVariation",
                },
            ),
            b.ingestion_id,
        ),
    )


# data key -> (item type in errors, builder)
FAMILIES = {
    "symptoms": ("symptom", _symptom),
    "stateOfMind": ("state_of_mind", _state_of_mind),
    "medications": ("medication", _medication),
    "cycleTracking": ("cycle_tracking", _cycle),
    "heartRateNotifications": ("heart_rate_notification", _hr_notification),
}


def add(b: RowBuilder, family: str, i: int, e) -> None:
    item_type, build = FAMILIES[family]
    try:
        if not isinstance(e, dict):
            raise ItemError("invalid_value", f"a {item_type} must be an object")
        build(b, e)
    except ItemError as err:
        b.result.error(item_type, i, f"data.{family}[{i}]{err.path_suffix}", err.code, err.details)
