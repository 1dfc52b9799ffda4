"""A route's GPX file (workout-routes/*.gpx) as route point values, streamed with expat.

Apple's GPX: `trkpt lat lon`, `ele`, `time` (UTC), `extensions` `speed` `course` `hAcc` `vAcc` (§6.1).
Times are never taken from the track's or the file's name (a localised 12-hour clock). A few thousand points a
workout, so no dict per point: each point is a list in workout_route_points' column order (workouts.py checks
and stores it).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import IO
from xml.parsers import expat

UTC = timezone.utc
# element -> index in a point: [time, latitude, longitude, altitude, course, horizontal, vertical, speed]
_FIELDS = {"time": 0, "ele": 3, "course": 4, "hAcc": 5, "vAcc": 6, "speed": 7}


def _float(text):
    """A number as a float; anything else as written, for workouts.py to refuse with its message."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def when(text) -> datetime | str | None:
    """A GPX time as a UTC instant (no zone written: UTC, as GPX says); as written when it is not a time."""
    if text is None:
        return None
    try:
        t = datetime.fromisoformat(text.strip())
    except ValueError:
        return text
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


class _Points:
    def __init__(self) -> None:
        self.out: list[list] = []
        self.pt: list | None = None
        self.field = -1
        self.text: list[str] = []

    def start(self, tag: str, attrs: dict) -> None:
        if ":" in tag:
            tag = tag.rsplit(":", 1)[1]
        if tag == "trkpt":
            self.pt = [None, _float(attrs.get("lat")), _float(attrs.get("lon")), None, None, None, None, None]
        elif self.pt is not None:
            self.field = _FIELDS.get(tag, -1)
            self.text = []

    def data(self, text: str) -> None:
        if self.field >= 0:
            self.text.append(text)

    def end(self, tag: str) -> None:
        pt = self.pt
        if pt is None:
            return
        if self.field >= 0:
            text = "".join(self.text).strip()
            pt[self.field] = when(text) if self.field == 0 else _float(text)
            self.field = -1
        elif tag == "trkpt" or tag.endswith(":trkpt"):
            self.out.append(pt)
            self.pt = None


class RouteError(ValueError):
    """A damaged file: the message names the file and line; `points` holds those read before the damage."""

    def __init__(self, message: str, pts: list[list]) -> None:
        super().__init__(message)
        self.points = pts


def points(f: IO[bytes], name: str) -> list[list]:
    """Route points `[time, latitude, longitude, altitude, course, horizontal accuracy, vertical accuracy, speed]`,
    time a UTC instant. A damaged file raises RouteError, with the points before the damage."""
    h = _Points()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = h.start, h.end, h.data
    try:
        while piece := f.read(1 << 20):
            parser.Parse(piece, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        message = f"{name}: line {exc.lineno}: XML syntax error: {expat.ErrorString(exc.code)}"
        raise RouteError(message, h.out) from None
    return h.out
