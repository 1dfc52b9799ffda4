"""Health Auto Export's own files (its manual export, its iCloud Drive / Dropbox automations): a JSON file
with the REST automation's `{"data": …}` body, a CSV export zip (`HealthAutoExport_<stamp>.zip`), or a folder
of them. Each file goes in exactly as a REST body would: archived first, then the same parser (chosen by its
content type), so a re-import of the same file is a duplicate like a re-sent body."""
from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections import Counter
from pathlib import Path

from healthsink.errors import BadRequest, InvalidExport
from healthsink.importers.apple.run import Progress
from healthsink.importers.apple.source import _is_export
from healthsink.ingest.result import Result
from healthsink.pipeline import Body, Stored

_TYPES = {".json": "application/json", ".csv": "text/csv", ".zip": "application/zip"}
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
        return any(_TYPES.get(p.suffix.lower()) for p in path.iterdir() if p.is_file())
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        return True
    return path.is_file() and _zip_is_hae(path)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _TYPES)
    return [path]


def _body(user_id: int, path: Path) -> Body:
    data = path.read_bytes()
    gz = zlib.compressobj(1, zlib.DEFLATED, 31)
    packed = gz.compress(data) + gz.flush()
    chunks = [packed[i:i + PIECE] for i in range(0, len(packed), PIECE)] or [b""]
    return Body(user_id=user_id, key_id=None, request_id=None, digest=hashlib.sha256(data).digest(), size=len(data),
                gz_chunks=chunks, data=data, content_type=_TYPES.get(path.suffix.lower(), "application/zip"),
                headers={"import-file": path.name})


async def run(ingestor, user_id: int, path: Path, on_batch) -> tuple[dict, bytes | None, Progress]:
    """Each file as a body; the summary adds their counts and lists each file's ingestion."""
    files = _files(path)
    if not files:
        raise InvalidExport(f"{path.name}: no Health Auto Export files (.json, .csv, .zip) in this folder")
    progress = Progress(total_bytes=sum(p.stat().st_size for p in files))
    total = Result()
    per_file = []
    sha = hashlib.sha256()
    for p in files:
        body = _body(user_id, p)
        sha.update(body.digest)
        try:
            accepted = await ingestor.accept(body)
            out = accepted.outcome
            if accepted.status == "queued":   # too big to parse whole: streamed from the archive, here and now
                out = await ingestor.processor.process_archived(
                    Stored(user_id, accepted.ingestion_id, body.content_type, None), body.size)
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
    progress.counts = Counter(files=len(files))
    return summary, sha.digest(), progress
