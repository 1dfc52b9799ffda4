"""The export as a stream: a zip (any name, the XML member found by its content), a bare export.xml, or
the unzipped folder; and the side files (GPX routes, ECG CSVs) next to the XML.

Nothing is extracted or read whole: the XML member is read in 1 MiB pieces, and its DTD never reaches the
parser (P1: iOS 16 wrote malformed ones that stop expat; it also closes the door on entity expansion).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from healthsink.errors import InvalidExport

PIECE = 1 << 20
_SNIFF = 64 * 1024
_PROLOGUE_MAX = 16 << 20  # a DTD is ~15 kB; an "XML" with no <HealthData> this far in is not an export
# C0 control characters other than tab, newline and return: Health has written \x0b into values (P3) and
# expat refuses them
_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 13))


def _is_export(head: bytes) -> bool:
    return b"<HealthData" in head or b"<!DOCTYPE HealthData" in head


class ExportSource:
    """One export on disk. `xml_name` names the XML in messages; `size` is its uncompressed size."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self._zip: zipfile.ZipFile | None = None
        self._dir: Path | None = None
        self._member: zipfile.ZipInfo | None = None
        self._xml_path: Path | None = None
        self._prefix = PurePosixPath()
        if self.path.is_dir():
            self._open_dir()
        elif not self.path.is_file():
            raise InvalidExport(f"{self.path}: no such file or folder")
        else:
            with open(self.path, "rb") as f:
                head = f.read(_SNIFF)
            if head.startswith(b"PK"):
                self._open_zip()
            elif head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                self._xml_path = self.path
                self._dir = self.path.parent
            else:
                raise InvalidExport(f"{self.name}: neither a zip nor an XML file")
        self.xml_name = self._member.filename if self._member else self._xml_path.name
        self.size = self._member.file_size if self._member else self._xml_path.stat().st_size

    def _open_zip(self) -> None:
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InvalidExport(f"{self.name}: not a readable zip (truncated or damaged: {exc})") from None
        candidates = sorted(
            (i for i in self._zip.infolist() if not i.is_dir() and i.filename.lower().endswith(".xml")),
            key=lambda i: (i.filename.count("/"), i.filename),
        )
        for info in candidates:
            try:
                with self._zip.open(info) as f:
                    head = f.read(_SNIFF)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                self._zip.close()
                raise InvalidExport(f"{self.name}: {info.filename}: damaged zip member ({exc})") from None
            if _is_export(head):
                self._member = info
                self._prefix = PurePosixPath(info.filename).parent
                return
        self._zip.close()
        raise InvalidExport(f"{self.name}: no export.xml in the zip (no XML member holds a HealthData element)")

    def _open_dir(self) -> None:
        for folder in (self.path, self.path / "apple_health_export"):
            if not folder.is_dir():
                continue
            for p in sorted(folder.glob("*.xml")) + sorted(folder.glob("*.XML")):
                with open(p, "rb") as f:
                    if _is_export(f.read(_SNIFF)):
                        self._xml_path, self._dir = p, folder
                        return
        raise InvalidExport(f"{self.name}: no export.xml in this folder (no XML file holds a HealthData element)")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def digest(self) -> bytes:
        """SHA-256 of the file as given (a folder: of its export XML)."""
        h = hashlib.sha256()
        with open(self.path if self._zip else self._xml_path, "rb") as f:
            while piece := f.read(PIECE):
                h.update(piece)
        return h.digest()

    def _open_xml(self) -> IO[bytes]:
        return self._zip.open(self._member) if self._zip else open(self._xml_path, "rb")

    def side_file(self, path: str) -> IO[bytes] | None:
        """A file named by a FileReference (`/workout-routes/route_….gpx`, relative to the XML's folder)."""
        rel = PurePosixPath(path.lstrip("/"))
        if ".." in rel.parts:
            return None
        if self._zip:
            try:
                return self._zip.open(str(self._prefix / rel) if str(self._prefix) != "." else str(rel))
            except KeyError:
                return None
        p = self._dir / rel
        return open(p, "rb") if p.is_file() else None

    def clinical_files(self) -> Iterator[tuple[str, IO[bytes]]]:
        """The FHIR resources in clinical-records/, each named as a ClinicalRecord's resourceFilePath names it
        (`/clinical-records/Observation-1.json`)."""
        if self._zip:
            for info in self._zip.infolist():
                parts = PurePosixPath(info.filename).parts
                if len(parts) >= 2 and parts[-2] == "clinical-records" and info.filename.lower().endswith(".json"):
                    with self._zip.open(info) as f:
                        yield f"/clinical-records/{parts[-1]}", f
        elif self._dir is not None and (self._dir / "clinical-records").is_dir():
            for p in sorted((self._dir / "clinical-records").glob("*.json")):
                with open(p, "rb") as f:
                    yield f"/clinical-records/{p.name}", f

    def ecg_files(self) -> Iterator[tuple[str, IO[bytes]]]:
        if self._zip:
            for info in self._zip.infolist():
                parts = PurePosixPath(info.filename).parts
                if len(parts) >= 2 and parts[-2] == "electrocardiograms" and info.filename.lower().endswith(".csv"):
                    with self._zip.open(info) as f:
                        yield info.filename, f
        elif self._dir is not None and (self._dir / "electrocardiograms").is_dir():
            for p in sorted((self._dir / "electrocardiograms").glob("*.csv")):
                with open(p, "rb") as f:
                    yield p.name, f

    def pieces(self, progress: list[int]) -> Iterator[bytes]:
        """The XML with its DTD cut out and C0 controls removed; progress[0] counts the bytes read.
        The number of lines cut is progress[1], so a parser's line numbers can be made the file's again."""
        with self._open_xml() as f:
            head = b""
            while True:
                piece = self._read(f)
                progress[0] += len(piece)
                head += piece
                root = _root_at(head)
                if root >= 0 or not piece or len(head) > _PROLOGUE_MAX:
                    break
            if root >= 0:
                doctype = head.find(b"<!DOCTYPE", 0, root)
                if doctype >= 0:
                    progress[1] = head.count(b"\n", doctype, root)
                    head = head[:doctype] + head[root:]
            yield head.translate(None, _CONTROLS)
            while piece := self._read(f):
                progress[0] += len(piece)
                yield piece.translate(None, _CONTROLS)

    def _read(self, f) -> bytes:
        try:
            return f.read(PIECE)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InvalidExport(f"{self.name}: {self.xml_name}: damaged or truncated zip member ({exc})") from None


def _root_at(head: bytes) -> int:
    """Where <HealthData starts (as an element, not inside the DTD's declarations), or -1."""
    i = head.find(b"<HealthData")
    while i >= 0:
        nxt = head[i + 11 : i + 12]
        if nxt in (b" ", b">", b"\n", b"\r", b"\t", b"/"):
            return i
        if not nxt:
            return -1
        i = head.find(b"<HealthData", i + 1)
    return -1
