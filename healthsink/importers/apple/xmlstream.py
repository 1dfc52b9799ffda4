"""export.xml as a stream of items, one per top-level element, with expat (the fastest parser in the
standard library; only the current top-level element is held).

An item is a frame `[tag, attrs, meta, kids, line]` for Record, Correlation and Workout (meta: the
MetadataEntry key -> value, a list where a key repeats with another value (P15); kids: child frames, and beats,
statistics, file references, locations as `(tag, attrs)`), or `("ActivitySummary", attrs)`, `("ExportDate", value)`,
`("ClinicalRecord", attrs, line)`, `("skipped", tag)` for elements with no table (Audiogram, VisionPrescription).
`Me` (birth date, sex, blood type) is not even read (P23).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from xml.parsers import expat

from healthsink.errors import InvalidExport

CONTAINERS = frozenset({"Record", "Correlation", "Workout", "WorkoutEvent", "WorkoutRoute", "WorkoutActivity"})
LEAVES = frozenset({"InstantaneousBeatsPerMinute", "FileReference", "Location", "WorkoutStatistics"})
_TRANSPARENT = frozenset({"HeartRateVariabilityMetadataList", "HealthData", "Me"})


class _Handler:
    def __init__(self, parser) -> None:
        self.parser = parser
        self.items: list = []
        self.stack: list[list] = []
        self.skip = 0
        self.locale: str | None = None

    def start(self, tag: str, attrs: dict) -> None:
        if self.skip:
            self.skip += 1
            return
        stack = self.stack
        if tag in CONTAINERS:
            frame = [tag, attrs, None, None, self.parser.CurrentLineNumber]
            if stack:
                parent = stack[-1]
                if parent[3] is None:
                    parent[3] = [frame]
                else:
                    parent[3].append(frame)
            stack.append(frame)
        elif tag == "MetadataEntry":
            if stack:
                frame = stack[-1]
                meta = frame[2]
                key, value = attrs.get("key"), attrs.get("value")
                if meta is None:
                    frame[2] = {key: value}
                elif key in meta:
                    old = meta[key]
                    if old != value:  # the same entry written twice stays one value
                        meta[key] = old + [value] if isinstance(old, list) else [old, value]
                else:
                    meta[key] = value
        elif tag in LEAVES:
            if stack:
                frame = stack[-1]
                if frame[3] is None:
                    frame[3] = [(tag, attrs)]
                else:
                    frame[3].append((tag, attrs))
        elif stack or tag in _TRANSPARENT:
            if tag == "HealthData":
                self.locale = attrs.get("locale")
        elif tag == "ActivitySummary":
            self.items.append((tag, attrs))
        elif tag == "ExportDate":
            self.items.append((tag, attrs.get("value")))
        elif tag == "ClinicalRecord":
            self.items.append((tag, attrs, self.parser.CurrentLineNumber))
            self.skip = 1
        else:
            self.items.append(("skipped", tag))
            self.skip = 1

    def end(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        if tag in CONTAINERS and self.stack:
            frame = self.stack.pop()
            if not self.stack:
                self.items.append(frame)


class XmlStream:
    """Feed pieces, get items."""

    def __init__(self, file_name: str, progress: list[int]) -> None:
        self.file_name = file_name
        self.progress = progress  # progress[1]: lines cut before the parser saw the text (the DTD)
        self.parser = expat.ParserCreate()
        # attributes as a dict; expat resolves the five predefined entities and character references
        self.handler = _Handler(self.parser)
        self.parser.StartElementHandler = self.handler.start
        self.parser.EndElementHandler = self.handler.end

    @property
    def locale(self) -> str | None:
        return self.handler.locale

    def items(self, pieces: Iterable[bytes]) -> Iterator[list]:
        """Lists of items, one list per piece parsed."""
        parse = self.parser.Parse
        h = self.handler
        try:
            for piece in pieces:
                parse(piece, False)
                if h.items:
                    out, h.items = h.items, []
                    yield out
            parse(b"", True)
        except expat.ExpatError as exc:
            line = (exc.lineno or 0) + self.progress[1]
            error = InvalidExport(f"{self.file_name}: line {line}: XML syntax error: {expat.ErrorString(exc.code)}")
            if h.items:  # what came before the error is stored all the same
                out, h.items = h.items, []
                yield out
            raise error from None
        if h.items:
            out, h.items = h.items, []
            yield out
