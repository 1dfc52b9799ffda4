"""One Apple Health export, end to end: streamed and parsed in a thread, its rows flushed in batches through
the same COPY -> staging -> merge as the live feed while the next batch is parsed (two cores: Python on one,
PostgreSQL on the other), with a bounded hand-off so memory stays flat whatever the file's size.

Idempotent: every row has a natural key and the merges skip what is stored, so the same file again adds
nothing, a newer export adds only what is new, and an import that stopped half-way runs again to completion.
"""
from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from healthsink.errors import InvalidExport
from healthsink.importers.apple import activity, ecg_csv, workouts
from healthsink.importers.apple.records import Records
from healthsink.importers.apple.source import ExportSource
from healthsink.importers.apple.xmlstream import XmlStream
from healthsink.ingest import dates, ecg
from healthsink.ingest.result import Result
from healthsink.ingest.rows import RowBuilder
from healthsink.store import flush
from healthsink.store.partitions import Partitions

_DONE = object()


@dataclass
class Progress:
    """Read by the progress bar and the imports table while the import runs."""
    total_bytes: int = 0
    bytes_done: int = 0
    records: int = 0
    export_date: datetime | None = None
    counts: Counter = field(default_factory=Counter)   # workouts, route_points, ecg_files, summaries


class AppleImport:
    def __init__(self, pool, partitions: Partitions, user_id: int, import_id: int, source: ExportSource,
                 batch_rows: int, on_batch: Callable[[Progress], object] | None = None) -> None:
        self.pool, self.partitions = pool, partitions
        self.source = source
        self.batch_rows = batch_rows
        self.on_batch = on_batch
        self.result = Result()
        self.builder = RowBuilder(user_id, import_id, self.result)
        self.progress = Progress(total_bytes=source.size)
        self.digest: bytes | None = None

    async def run(self) -> Result:
        """Raises InvalidExport for a file that cannot be read; what was read before is stored all the same."""
        loop = asyncio.get_running_loop()
        handoff: asyncio.Queue = asyncio.Queue(maxsize=2)
        stop = threading.Event()

        def put(item) -> None:
            asyncio.run_coroutine_threadsafe(handoff.put(item), loop).result()

        def parse() -> None:
            try:
                self._parse(put, stop)
                put(_DONE)
            except BaseException as exc:  # noqa: BLE001 -- raised on the event loop, after the rows before it
                if not stop.is_set():
                    put(self.builder.take())
                    put(exc)

        parser = loop.run_in_executor(None, parse)
        failure: BaseException | None = None
        try:
            while True:
                item = await handoff.get()
                if item is _DONE:
                    break
                if isinstance(item, BaseException):
                    failure = item
                    break
                if item:
                    async with self.pool.acquire() as conn:
                        merged = await flush.flush(conn, self.partitions, item)
                    self.result.add_flushed(merged)
                if self.on_batch is not None:
                    await self.on_batch(self.progress)
        finally:
            stop.set()
            while not parser.done():   # unblock a parser waiting on a full hand-off
                try:
                    handoff.get_nowait()
                except asyncio.QueueEmpty:
                    await asyncio.sleep(0.01)
            await parser
        if failure is not None:
            raise failure
        return self.result

    def _parse(self, put, stop: threading.Event) -> None:
        src, b, pr = self.source, self.builder, self.progress
        counts = pr.counts
        read = self._read = [0, 0]   # bytes read, lines cut (the DTD)
        records = Records(b, src.xml_name)
        stream = XmlStream(src.xml_name, read)

        def warn(message: str) -> None:
            self.result.warn("workout", 0, src.xml_name, "route_unreadable", message)

        pieces = src.pieces(read)
        try:
            self._items(stream.items(pieces), records, put, stop, warn)
        finally:
            pieces.close()   # the zip member, also when the XML was bad
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
                put(b.take())
        records.warnings()
        put(b.take())
        self.digest = src.digest()

    def _items(self, batches, records: Records, put, stop: threading.Event, warn) -> None:
        src, b, pr = self.source, self.builder, self.progress
        counts, offset = pr.counts, "+0000"
        for items in batches:
            if stop.is_set():
                return
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
                elif tag == "ActivitySummary":
                    activity.add(b, it[1], offset, 0)
                    counts["activity_summaries"] += 1
                elif tag == "ExportDate":
                    try:
                        pr.export_date, minutes = dates.parse(it[1])
                        offset = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
                    except dates.InvalidDate:
                        pass
                else:
                    records.skipped[it[1]] += 1
            records.drain()
            pr.bytes_done = self._read[0]
            if b.pending >= self.batch_rows:
                put(b.take())


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
