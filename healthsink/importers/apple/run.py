"""One Apple Health export, end to end: streamed and parsed in a thread while earlier batches go through the
same COPY -> staging -> merge as the live feed (pipeline/overlap.py: two cores, Python on one, PostgreSQL on the
other, a bounded hand-off so memory stays flat whatever the file's size).

Idempotent: every row has a natural key and the merges skip what is stored, so the same file again adds
nothing, a newer export adds only what is new, and an import that stopped half-way runs again to completion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from healthsink.errors import InvalidExport
from healthsink.importers.apple import activity, clinical, ecg_csv, workouts
from healthsink.importers.apple.records import Records
from healthsink.importers.apple.source import ExportSource
from healthsink.importers.apple.xmlstream import XmlStream
from healthsink.ingest import dates, ecg
from healthsink.ingest.result import Result
from healthsink.ingest.rows import RowBuilder
from healthsink.pipeline import overlap
from healthsink.store.partitions import Partitions


@dataclass
class Progress:
    """Read by the progress bar and the imports table while the import runs."""

    total_bytes: int = 0
    bytes_done: int = 0
    records: int = 0
    export_date: datetime | None = None
    counts: Counter = field(default_factory=Counter)  # workouts, route_points, ecg_files, summaries


class AppleImport:
    def __init__(
        self,
        pool,
        partitions: Partitions,
        user_id: int,
        import_id: int,
        source: ExportSource,
        batch_rows: int,
        on_batch: Callable[[Progress], object] | None = None,
    ) -> None:
        self.pool, self.partitions = pool, partitions
        self.source = source
        self.batch_rows = batch_rows
        self.on_batch = on_batch
        self.result = Result()
        self.builder = RowBuilder(user_id, import_id, self.result)
        self.progress = Progress(total_bytes=source.size)
        self.digest: bytes | None = None
        self._clinical_paths: set[str] = set()  # resources a ClinicalRecord named (the others are read after)
        self._exported: tuple[datetime, int] | None = None  # ExportDate: (UTC instant, offset minutes)

    async def run(self) -> Result:
        """Raises InvalidExport for a file that cannot be read; what was read before is stored all the same."""

        async def after_batch() -> None:
            if self.on_batch is not None:
                await self.on_batch(self.progress)

        await overlap.parse_and_store(self.pool, self.partitions, self.builder, self._parse, after_batch)
        return self.result

    def _parse(self, hand_over: Callable[[], None]) -> None:
        """Runs in the parser thread; `hand_over()` passes the rows built so far to be stored."""
        src, b, pr = self.source, self.builder, self.progress
        counts = pr.counts
        read = self._read = [0, 0]  # bytes read, lines cut (the DTD)
        records = Records(b, src.xml_name)
        stream = XmlStream(src.xml_name, read)

        def warn(message: str) -> None:
            self.result.warn("workout", 0, src.xml_name, "route_unreadable", message)

        pieces = src.pieces(read)
        try:
            self._items(stream.items(pieces), records, hand_over, warn)
        finally:
            pieces.close()  # the zip member, also when the XML was bad
            records.drain()  # what was read before a bad line is stored too
        watch = records.watch_sources.most_common(1)
        for n, (name, f) in enumerate(src.ecg_files()):
            e = ecg_csv.parse(f, name)
            if e is None:
                self.result.warn("ecg", n, name, "ecg_unreadable", f"{name}: no recording date or no samples")
                continue
            e["source"] = watch[0][0] if watch else "Apple Watch"
            ecg.add(b, n, e)
            counts["ecg_files"] += 1
            if b.pending >= self.batch_rows:
                hand_over()
        for path, f in src.clinical_files():  # the resources no ClinicalRecord named
            if _clinical_key(path) not in self._clinical_paths:
                resource = clinical.read(f, path, self._warn_clinical)
                clinical.add(b, {}, resource, None, path[1:], path, self._exported)
                counts["clinical_records"] += 1
                if b.pending >= self.batch_rows:
                    hand_over()
        records.warnings()
        self.digest = src.digest()

    def _warn_clinical(self, message: str) -> None:
        self.result.warn("clinical_record", 0, self.source.xml_name, "clinical_record_unreadable", message)

    def _clinical(self, a: dict, line: int) -> None:
        """A ClinicalRecord element and the FHIR resource file it names."""
        path = a.get("resourceFilePath")
        resource = None
        if path:
            self._clinical_paths.add(_clinical_key(path))
            f = self.source.side_file(path)
            if f is None:
                self._warn_clinical(f"{self.source.xml_name} line {line}: {path} is not in the export")
            else:
                with f:
                    resource = clinical.read(f, path, self._warn_clinical)
        clinical.add(self.builder, a, resource, line, self.source.xml_name, path, self._exported)
        self.progress.counts["clinical_records"] += 1

    def _items(self, batches, records: Records, hand_over: Callable[[], None], warn) -> None:
        src, b, pr = self.source, self.builder, self.progress
        counts, offset = pr.counts, "+0000"
        for items in batches:
            for it in items:
                tag = it[0]
                if tag == "Record":
                    records.add(it)
                    pr.records += 1
                elif tag == "Correlation":
                    records.add_correlation(it)
                elif tag == "Workout":
                    counts["route_points"] += workouts.add(b, it, src, src.xml_name, warn)
                    counts["workouts"] += 1
                elif tag == "ClinicalRecord":
                    self._clinical(it[1], it[2])
                    if b.pending >= self.batch_rows:
                        hand_over()
                elif tag == "ActivitySummary":
                    activity.add(b, it[1], offset, 0)
                    counts["activity_summaries"] += 1
                elif tag == "ExportDate":
                    try:
                        pr.export_date, minutes = self._exported = dates.parse(it[1])
                        offset = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
                    except dates.InvalidDate:
                        pass
                else:
                    records.skipped[it[1]] += 1
            records.drain()
            pr.bytes_done = self._read[0]
            if b.pending >= self.batch_rows:
                hand_over()


def _clinical_key(path: str) -> str:
    return str(PurePosixPath(path.lstrip("/")))


def summary(result: Result, progress: Progress) -> dict:
    out = result.to_dict()
    out["records"] = progress.records
    out.update(sorted(progress.counts.items()))
    if progress.export_date is not None:
        out["export_date"] = progress.export_date.isoformat()
    return out


def open_source(path) -> ExportSource:
    try:
        return ExportSource(path)
    except OSError as exc:
        raise InvalidExport(f"{path}: {exc.strerror or exc}") from None
