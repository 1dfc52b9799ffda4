"""POST /api/v1/imports (the file as the body, streamed to disk) -> 202 {"import_id"}; the import runs in the
background, one at a time per process. GET /api/v1/imports/{id}: status, bytes and records done, counts and
errors, also while it runs."""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from pathlib import Path

from aiohttp import web

from healthsink.errors import InvalidExport, PayloadTooLarge
from healthsink.importers import job
from healthsink.store import imports
from healthsink.web import params
from healthsink.web.appkeys import (
    BYTES_IN,
    CONFIG,
    INGESTOR,
    PARTITIONS,
    POOL,
    PRINCIPAL,
)
from healthsink.web.json import json_response

log = logging.getLogger("healthsink.import")
READ_SIZE = 1 << 20
_running: set[asyncio.Task] = set()  # referenced until done (the loop keeps only weak references)
_one_at_a_time: asyncio.Semaphore | None = None
_NAME = re.compile(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', re.IGNORECASE)


def _suffix(head: bytes, name: str) -> str:
    """What the file is, by its first bytes (the import's readers choose by it)."""
    if head.startswith(b"PK"):
        return ".zip"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return ".xml"
    if stripped[:1] in (b"{", b"["):
        return ".json"
    return Path(name).suffix.lower() or ".bin"


async def create_import(request: web.Request) -> web.Response:
    cfg = request.app[CONFIG]
    limit = cfg.imports.max_bytes
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"the file is larger than {limit} bytes (imports.max_bytes)")
    found = _NAME.search(request.headers.get("Content-Disposition", ""))
    name = Path(found.group(1) if found else request.query.get("name") or "upload").name
    folder = cfg.data_path / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{uuid.uuid4().hex}.part"
    size, head = 0, b""
    loop = asyncio.get_running_loop()
    f = await loop.run_in_executor(None, tmp.open, "wb")  # disk writes off the event loop
    try:
        async for chunk in request.content.iter_chunked(READ_SIZE):
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(f"the file is larger than {limit} bytes (imports.max_bytes)")
            if len(head) < 64:
                head += chunk[:64]
            await loop.run_in_executor(None, f.write, chunk)
    except BaseException:
        f.close()
        tmp.unlink(missing_ok=True)
        raise
    f.close()
    request[BYTES_IN] = size
    path = tmp.rename(tmp.with_suffix(_suffix(head, name)))
    user_id = request[PRINCIPAL].user_id
    import_id = await job.start(request.app[POOL], user_id, path, file_name=name, status="queued")
    task = asyncio.get_running_loop().create_task(_run(request.app, user_id, import_id, path))
    _running.add(task)
    task.add_done_callback(_running.discard)
    return json_response({"import_id": import_id, "status": "queued"}, status=202)


async def _run(app: web.Application, user_id: int, import_id: int, path: Path) -> None:
    global _one_at_a_time
    _one_at_a_time = _one_at_a_time or asyncio.Semaphore(1)  # two imports would share two cores with the phones
    pool = app[POOL]
    try:
        async with _one_at_a_time:
            await job.run(
                pool,
                app[PARTITIONS],
                user_id,
                import_id,
                path,
                batch_rows=app[CONFIG].ingest.batch_rows,
                ingestor=app[INGESTOR],
            )
    except InvalidExport:
        pass  # recorded as failed, with its message
    except Exception:
        log.exception("import %s failed", import_id)  # recorded as failed by job.run
    finally:
        path.unlink(missing_ok=True)


async def get_import(request: web.Request) -> web.Response:
    import_id = params.path_int(request, "id")
    async with request.app[POOL].acquire() as conn:
        row = await imports.get(conn, request[PRINCIPAL].user_id, import_id)
    out = {
        "import_id": row["id"],
        "kind": row["kind"],
        "file_name": row["file_name"],
        "status": row["status"],
        "size_bytes": row["size_bytes"],
        "bytes_done": row["bytes_done"],
        "records_done": row["records_done"],
        "export_date": row["export_date"],
        "digest": row["digest"].hex() if row["digest"] else None,
        "created_at": row["created_at"],
        "finished_at": row["finished_at"],
        "duration_s": row["duration_s"],
        "error": row["error"],
    }
    result = row["result"] or {}
    for k in (
        "processed",
        "inserted",
        "updated",
        "duplicates",
        "errors",
        "warnings",
        "errors_omitted",
        "warnings_omitted",
        "records",
        "workouts",
        "route_points",
        "ecg_files",
        "activity_summaries",
        "files",
    ):
        if k in result:
            out[k] = result[k]
    return json_response(out)
