"""What one body's processing produced: counts per family, rejected items and warnings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from healthsink.ingest.tables import BY_KEY, FAMILIES

MAX_LISTED = 1000  # a body with a million bad points still gets a bounded response


def _zero() -> dict[str, int]:
    return dict.fromkeys(FAMILIES, 0)


@dataclass
class Result:
    inserted: dict[str, int] = field(default_factory=_zero)
    updated: dict[str, int] = field(default_factory=_zero)
    duplicates: dict[str, int] = field(default_factory=_zero)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    errors_omitted: int = 0
    warnings_omitted: int = 0

    def error(self, item_type: str, item_index: int | None, path: str, code: str, details: str) -> None:
        if len(self.errors) < MAX_LISTED:
            self.errors.append(
                {"item_type": item_type, "item_index": item_index, "path": path, "error": code, "details": details}
            )
        else:
            self.errors_omitted += 1

    def warn(self, item_type: str, item_index: int, path: str, code: str, details: str) -> None:
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append(
                {"item_type": item_type, "item_index": item_index, "path": path, "warning": code, "details": details}
            )
        else:
            self.warnings_omitted += 1

    def add_merge(self, family: str | None, staged: int, inserted: int, updated: int) -> None:
        """Counts of one merge; rows that belong to an item counted elsewhere (family None) are not counted."""
        if family is None:
            return
        self.inserted[family] += inserted
        self.updated[family] += updated
        self.duplicates[family] += staged - inserted - updated

    def add_flushed(self, flushed) -> None:
        """store.flush's Flushed (merged counts and refused rows) of this one body."""
        for key, _ingestion_id, staged, inserted, updated in flushed.merged:
            self.add_merge(BY_KEY[key].family, staged, inserted, updated)
        for key, row, message in flushed.rejected:
            self.reject(key, row, message)

    def reject(self, table_key: str, row: tuple, message: str) -> None:
        """A row PostgreSQL refused (see store/flush.py): an item error naming the row by its first columns."""
        t = BY_KEY[table_key]
        what = ", ".join(f"{col}={str(v)[:80]}" for col, v in zip(t.columns[1:4], row[1:4]))
        self.error(t.family or t.key, None, f"{t.key}({what})", "rejected_by_database", message)

    def copy(self) -> Result:
        """Counts of its own (a flush that rolls back must leave this one untouched); the lists are shared."""
        return replace(self, inserted=dict(self.inserted), updated=dict(self.updated), duplicates=dict(self.duplicates))

    def outcome(self, started: float) -> dict[str, Any]:
        """The response and the stored result: to_dict() and the time since `started` (perf_counter)."""
        out = self.to_dict()
        out["processing_time_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return out

    def to_dict(self) -> dict[str, Any]:
        processed = {f: self.inserted[f] + self.updated[f] + self.duplicates[f] for f in FAMILIES}
        out = {
            "success": not self.errors and not self.errors_omitted,
            "processed": processed,
            "inserted": self.inserted,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "errors": self.errors,
            "warnings": self.warnings,
        }
        if self.errors_omitted:
            out["errors_omitted"] = self.errors_omitted
        if self.warnings_omitted:
            out["warnings_omitted"] = self.warnings_omitted
        return out

    @staticmethod
    def as_duplicates(previous: dict[str, Any]) -> dict[str, Any]:
        """An identical body seen before: every item it held is now a duplicate."""
        out = dict(previous)
        out["duplicates"] = dict(previous["processed"])
        out["inserted"] = _zero()
        out["updated"] = _zero()
        return out
