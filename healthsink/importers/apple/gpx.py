"""A route's GPX file (workout-routes/*.gpx) as Health Auto Export route points, streamed with expat.

Apple's GPX: `trkpt lat lon`, `ele`, `time` (UTC), `extensions` `speed` `course` `hAcc` `vAcc` (§6.1).
Times are never taken from the track's or the file's name (a localised 12-hour clock)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import IO
from xml.parsers import expat

_FIELDS = {
    "ele": "altitude",
    "time": "time",
    "speed": "speed",
    "course": "course",
    "hAcc": "horizontalAccuracy",
    "vAcc": "verticalAccuracy",
}


def _float(text):
    """A number as a float (ingest/workouts.py then skips its string path); anything else as written, for it to
    refuse with its message."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def points(f: IO[bytes], tz: timezone, name: str) -> list[dict]:
    """Route points with `timestamp` in the workout's offset. A damaged file yields the points before the
    damage, and raises ValueError naming the file and line."""
    out: list[dict] = []
    state = {"pt": None, "field": None, "text": []}
    parser = expat.ParserCreate(namespace_separator=None)

    def start(tag: str, attrs: dict) -> None:
        tag = tag.rsplit(":", 1)[-1]
        if tag == "trkpt":
            state["pt"] = {"latitude": _float(attrs.get("lat")), "longitude": _float(attrs.get("lon"))}
        elif state["pt"] is not None and tag in _FIELDS:
            state["field"], state["text"] = _FIELDS[tag], []

    def text(data: str) -> None:
        if state["field"] is not None:
            state["text"].append(data)

    def end(tag: str) -> None:
        tag = tag.rsplit(":", 1)[-1]
        pt = state["pt"]
        if pt is None:
            return
        if tag == "trkpt":
            t = pt.pop("time", None)
            if t:
                try:
                    instant = datetime.fromisoformat(t.strip())
                    pt["timestamp"] = instant.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S %z")
                except ValueError:
                    pt["timestamp"] = t
            out.append(pt)
            state["pt"] = None
        elif state["field"] is not None and tag in _FIELDS:
            text = "".join(state["text"]).strip()
            pt[state["field"]] = text if state["field"] == "time" else _float(text)
            state["field"] = None

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    try:
        while piece := f.read(1 << 20):
            parser.Parse(piece, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise ValueError(f"{name}: line {exc.lineno}: XML syntax error: {expat.ErrorString(exc.code)}") from None
    return out
