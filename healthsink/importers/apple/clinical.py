"""Clinical records (health records from providers): each `ClinicalRecord` element of export.xml names a FHIR
resource in `clinical-records/` (`resourceFilePath`); both go into `clinical_records`, the resource kept whole
as the provider wrote it (PostgreSQL parses the text: nothing in it is dropped or rounded), its type and clinical
date read out of it. A resource file that no element names is stored too, from the file alone.

Two dates: `ts`, when the record reached the phone (`receivedDate`; the export's date for a file alone), which
dates the row as every table's rows are dated (deletes by time range use it); `record_ts`, the resource's own
date (when it was effective, issued, recorded, performed ...), which may be decades older, else `ts`.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import PurePosixPath

import orjson

from healthsink.importers.apple.localtime import instant
from healthsink.ingest import dates
from healthsink.ingest.rows import ItemError, RowBuilder
from healthsink.ingest.tables import CLINICAL_RECORDS

UTC = timezone.utc
_KNOWN = frozenset({"type", "identifier", "sourceName", "sourceURL", "fhirVersion", "receivedDate", "resourceFilePath"})
# where FHIR R4 (and DSTU2) resources keep the date the record is about, in order of preference
_DATES = (
    "effectiveDateTime",
    "effectivePeriod.start",
    "effectiveInstant",
    "issued",
    "recordedDate",
    "onsetDateTime",
    "onsetPeriod.start",
    "performedDateTime",
    "performedPeriod.start",
    "occurrenceDateTime",
    "authoredOn",
    "dateWritten",
    "dateAsserted",
    "dateRecorded",
    "date",
    "period.start",
    "billablePeriod.start",
    "created",
    "meta.lastUpdated",
)
_FHIR_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def fhir_date(value) -> tuple[datetime, int] | None:
    """A FHIR date, dateTime or instant (`2019`, `2019-04`, `2019-04-05`, `2019-04-05T10:00:00-05:00`) as (UTC
    instant, offset minutes); a partial date is its first day, at midnight UTC. None when it is not one."""
    if not isinstance(value, str):
        return None
    m = _FHIR_DATE.match(value)
    try:
        if m:
            return datetime(int(m[1]), int(m[2] or 1), int(m[3] or 1), tzinfo=UTC), 0
        t = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    if t.tzinfo is None:
        return t.replace(tzinfo=UTC), 0
    return t.astimezone(UTC), int(t.utcoffset().total_seconds()) // 60


def _dig(resource: dict, path: str):
    v = resource
    for part in path.split("."):
        if not isinstance(v, dict):
            return None
        v = v.get(part)
    return v


def record_date(resource) -> tuple[datetime, int] | None:
    if not isinstance(resource, dict):
        return None
    for path in _DATES:
        found = fhir_date(_dig(resource, path))
        if found is not None:
            return found
    return None


def read(f, name: str, warn) -> tuple[object, orjson.Fragment] | None:
    """The resource file parsed (to read its type and date) and as written (what is stored: PostgreSQL reads the
    text itself, so a decimal such as `5.40` keeps its digits), or None with a warning when it is not JSON."""
    raw = f.read().removeprefix(b"\xef\xbb\xbf")
    try:
        return orjson.loads(raw), orjson.Fragment(raw)
    except orjson.JSONDecodeError as exc:
        warn(f"{name}: not a FHIR JSON resource ({exc}): the record is kept without it")
        return None


def add(b: RowBuilder, a: dict, resource, line: int | None, file_name: str, path: str | None, exported=None) -> None:
    """One record: `a` the element's attributes ({} for a file no element names), `resource` what read() gave or
    None, `exported` the export's (UTC instant, offset) for a record with no receivedDate. An error names the file
    and line (or the resource file)."""
    where = f"{file_name} line {line}" if line is not None else file_name
    try:
        _add(b, a, resource, path, exported)
    except ItemError as exc:
        b.result.error("clinical_record", line, where, exc.code, exc.details)


def _add(b: RowBuilder, a: dict, resource, path: str | None, exported) -> None:
    doc, raw = resource if resource is not None else (None, None)
    res = doc if isinstance(doc, dict) else None
    received = None
    if a.get("receivedDate") is not None:
        try:
            received = instant(a["receivedDate"])
        except dates.InvalidDate as exc:
            raise ItemError("invalid_date", f"receivedDate: {exc}") from None
    clinical = record_date(res)
    ts = received or exported or clinical
    if ts is None:
        raise ItemError("invalid_date", "a clinical record needs a receivedDate or a date in its resource")
    stem = PurePosixPath(path).stem if path else ""
    rtype = (res or {}).get("resourceType") or (stem.split("-", 1)[0] if "-" in stem else "")
    identifier = a.get("identifier") or (res or {}).get("id") or stem
    if not identifier:
        raise ItemError("invalid_value", "a clinical record needs an identifier")
    extra = {k: v for k, v in a.items() if k not in _KNOWN} or None
    if path and resource is None:
        extra = {**(extra or {}), "resource_missing": True}
    b.add(
        CLINICAL_RECORDS,
        (
            b.user_id,
            a.get("sourceURL") or "",
            str(rtype),
            str(identifier),
            a.get("type"),
            a.get("sourceName"),
            a.get("fhirVersion") or (res or {}).get("fhirVersion"),
            ts[0],
            ts[1],
            (clinical or ts)[0],
            path,
            raw,
            extra,
            b.ingestion_id,
        ),
    )
