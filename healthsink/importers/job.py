"""Importing a file, end to end: the one owner of this use case (the CLI and the web layer map in and out).

It records the import in `imports` (progress while it runs, counts and errors when it ends), picks the reader
(an Apple Health export, or Health Auto Export's own files), and turns a file that cannot be read into a
`failed` import with a one-line message. Rows stored before a failure stay stored.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from healthsink.errors import InvalidExport
from healthsink.importers import hae_files
from healthsink.importers.apple.run import AppleImport, Progress, open_source, summary
from healthsink.store import imports
from healthsink.store.partitions import Partitions

log = logging.getLogger("healthsink.import")


def kind_of(path: Path) -> str:
    """'apple_export' or 'hae_files' (JSON bodies or CSV exports the app wrote to files)."""
    return "hae_files" if hae_files.looks_like(path) else "apple_export"


async def start(pool, user_id: int, path: Path, file_name: str | None = None, status: str = "running") -> int:
    async with pool.acquire() as conn:
        return await imports.start(
            conn,
            user_id,
            kind_of(path),
            file_name or path.name,
            status,
            path.stat().st_size if path.is_file() else None,
        )


async def run(
    pool,
    partitions: Partitions,
    user_id: int,
    import_id: int,
    path: Path,
    *,
    batch_rows: int,
    ingestor=None,
    on_progress: Callable[[Progress], Awaitable[None] | None] | None = None,
) -> dict:
    """Run import `import_id` of `path`; returns its summary. Raises InvalidExport (the import then 'failed')."""
    started = time.monotonic()
    kind = kind_of(path)
    last = [0.0]

    async def on_batch(pr: Progress) -> None:
        if on_progress is not None:
            res = on_progress(pr)
            if res is not None:
                await res
        now = time.monotonic()
        if now - last[0] >= 1.0:  # the imports row says how far it got, about once a second
            last[0] = now
            async with pool.acquire() as conn:
                await imports.progress(conn, user_id, import_id, pr.bytes_done, pr.records, pr.export_date)

    job = None
    try:
        if kind == "hae_files":
            out, digest, progress = await hae_files.run(pool, ingestor, user_id, path, on_batch)
        else:
            source = open_source(path)
            try:
                job = AppleImport(pool, partitions, user_id, import_id, source, batch_rows, on_batch)
                await job.run()
            finally:
                source.close()
            out, digest, progress = summary(job.result, job.progress), job.digest, job.progress
    except InvalidExport as exc:
        pr = job.progress if job is not None else Progress()
        partial = summary(job.result, pr) if job is not None else None
        await _record_failure(pool, user_id, import_id, pr, partial, exc.message)
        log.info("import failed: %s", exc.message, extra={"fields": {"import_id": import_id, "user_id": user_id}})
        raise
    except BaseException as exc:
        # killed, cancelled, the database gone: what was flushed stays; the same file again finishes the job
        message = (
            "interrupted: import the same file again to finish it (nothing is stored twice)"
            if isinstance(exc, (asyncio.CancelledError, KeyboardInterrupt))
            else f"{type(exc).__name__}: {exc}"
        )
        try:
            await _record_failure(
                pool, user_id, import_id, job.progress if job is not None else Progress(), None, message
            )
        except Exception:
            log.exception("could not record the end of import %s", import_id)
        raise
    out["import_id"] = import_id
    out["duration_s"] = round(time.monotonic() - started, 2)
    async with pool.acquire() as conn:
        await imports.progress(conn, user_id, import_id, progress.bytes_done, progress.records, progress.export_date)
        await imports.finish(
            conn,
            user_id,
            import_id,
            "done",
            digest=digest,
            size=None,
            bytes_done=progress.bytes_done,
            records_done=progress.records,
            result=out,
            error=None,
        )
    log.info(
        "import done",
        extra={
            "fields": {
                "import_id": import_id,
                "user_id": user_id,
                "kind": kind,
                "records": progress.records,
                "duration_s": out["duration_s"],
            }
        },
    )
    return out


async def _record_failure(
    pool, user_id: int, import_id: int, progress: Progress, result: dict | None, message: str
) -> None:
    async with pool.acquire() as conn:
        await imports.finish(
            conn,
            user_id,
            import_id,
            "failed",
            digest=None,
            size=None,
            bytes_done=progress.bytes_done,
            records_done=progress.records,
            result=result,
            error=message,
        )
