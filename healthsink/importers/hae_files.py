"""Health Auto Export's own files (its manual export, its iCloud Drive / Dropbox automations): a JSON file
with the REST automation's `{"data": …}` body, a CSV export zip (`HealthAutoExport_<stamp>.zip`), or a folder
of them. Each file goes in exactly as a REST body would: archived first, then the same parser (chosen by its
content type), so a re-import of the same file is a duplicate like a re-sent body."""

from __future__ import annotations

import asyncio
import hashlib
import zipfile
import zlib
from collections import Counter
from pathlib import Path

from healthsink.errors import BadRequest, InvalidExport, InvalidPayload
from healthsink.importers.apple.run import Progress
from healthsink.importers.apple.source import _is_export
from healthsink.ingest.result import Result
from healthsink.pipeline import Body
from healthsink.store import ingestions

_TYPES = (".json", ".csv", ".zip")
PIECE = 1 << 20


def _zip_is_hae(path: Path) -> bool:
    """CSV or JSON files and no Apple export.xml inside."""
    try:
        with zipfile.ZipFile(path) as z:
            found = False
            for info in z.infolist():
                name = info.filename.lower()
                if name.endswith(".xml"):
                    with z.open(info) as f:
                        if _is_export(f.read(64 * 1024)):
                            return False
                found = found or name.endswith((".csv", ".json"))
            return found
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def looks_like(path: Path) -> bool:
    """True for HAE files: a .json or .csv file, a zip of CSVs, a folder holding such files (and no Apple
    export.xml). Anything else is read as an Apple export (which says what is wrong with it)."""
    if path.is_dir():
        if any(p.suffix.lower() == ".xml" for p in path.glob("*.xml")) or (path / "apple_health_export").is_dir():
            return False
        return any(p.suffix.lower() in _TYPES for p in path.iterdir() if p.is_file())
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        return True
    return path.is_file() and _zip_is_hae(path)


def _units(path: Path) -> list[tuple[str, list[tuple[str, bytes]] | None]]:
    """What goes in as one body each: a JSON file; the CSV files of one zip, or a folder's loose CSV files,
    together (a workouts CSV and its series and route CSVs must arrive in one body to be joined)."""
    paths = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    units: list[tuple[str, list[tuple[str, bytes]] | None]] = []
    loose: list[tuple[str, bytes]] = []
    for p in paths:
        suffix = p.suffix.lower()
        if suffix == ".json":
            units.append((str(p), None))
        elif suffix == ".csv":
            loose.append((p.name, p.read_bytes()))
        elif suffix == ".zip" or (not path.is_dir() and zipfile.is_zipfile(p)):
            with zipfile.ZipFile(p) as z:
                csvs = [
                    (Path(i.filename).name, z.read(i))
                    for i in sorted(z.infolist(), key=lambda i: i.filename)
                    if i.filename.lower().endswith(".csv") and not i.is_dir()
                ]
            if csvs:
                units.append((p.name, csvs))
    if loose:
        units.append((path.name, loose))
    return units


def _form(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """The CSV files as the app's CSV REST body (multipart/form-data). The boundary is derived from the files,
    so the same files make the same bytes, and a re-import is recognised as a duplicate body."""
    boundary = "healthsink-import-" + hashlib.sha256(b"".join(d for _, d in files)).hexdigest()[:24]
    out = bytearray()
    for name, data in files:
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def _body(user_id: int, name: str, data: bytes, content_type: str) -> Body:
    gz = zlib.compressobj(1, zlib.DEFLATED, 31)
    packed = gz.compress(data) + gz.flush()
    chunks = [packed[i : i + PIECE] for i in range(0, len(packed), PIECE)] or [b""]
    return Body(
        user_id=user_id,
        key_id=None,
        request_id=None,
        digest=hashlib.sha256(data).digest(),
        size=len(data),
        gz_chunks=chunks,
        data=data,
        content_type=content_type,
        headers={"import-file": name},
    )


async def _processed(pool, ingestor, user_id: int, ingestion_id: int) -> dict:
    """Work the queue here (a CLI has no worker; a server's may take the body first) until the body is done."""
    while True:
        worked = await ingestor.queue.process_next()
        async with pool.acquire() as conn:
            row = await ingestions.get(conn, user_id, ingestion_id)
        if row["status"] == "processed":
            return row["result"]
        if row["status"] == "failed":
            raise InvalidPayload(row["error"] or "the file could not be processed")
        if not worked:
            await asyncio.sleep(0.2)


async def run(pool, ingestor, user_id: int, path: Path, on_batch) -> tuple[dict, bytes | None, Progress]:
    """Each file as a body; the summary adds their counts and lists each file's ingestion."""
    try:
        units = _units(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidExport(f"{path.name}: not a readable zip or file ({exc})") from None
    if not units:
        raise InvalidExport(f"{path.name}: no Health Auto Export files (.json, .csv, a zip of CSVs) here")
    progress = Progress(total_bytes=path.stat().st_size if path.is_file() else 0)
    total = Result()
    per_file = []
    sha = hashlib.sha256()
    for name, csvs in units:
        if csvs is None:
            p = Path(name)
            name = p.name
            body = _body(user_id, name, p.read_bytes(), "application/json")
        else:
            body = _body(user_id, name, *_form(csvs))
        p = Path(name)
        sha.update(body.digest)
        try:
            accepted = await ingestor.accept(body)
            out = accepted.outcome
            if accepted.status == "queued":  # too big for the request path: the queue streams it from the archive
                out = await _processed(pool, ingestor, user_id, accepted.ingestion_id)
        except BadRequest as exc:
            total.error("file", len(per_file), p.name, exc.code, exc.message)
            per_file.append({"file": p.name, "error": exc.code, "message": exc.message})
            continue
        for k in ("inserted", "updated", "duplicates"):
            for fam, n in out[k].items():
                getattr(total, k)[fam] += n
        for e in out["errors"]:
            total.error(e["item_type"], e["item_index"], f"{p.name}: {e['path']}", e["error"], e["details"])
        for w in out["warnings"]:
            total.warn(w["item_type"], w["item_index"], f"{p.name}: {w['path']}", w["warning"], w["details"])
        per_file.append({"file": p.name, "ingestion_id": accepted.ingestion_id})
        progress.bytes_done += body.size
        progress.records += sum(out["processed"].values())
        await on_batch(progress)
    summary = total.to_dict()
    summary["files"] = per_file
    summary["records"] = progress.records
    progress.counts = Counter(files=len(units))
    return summary, sha.digest(), progress
