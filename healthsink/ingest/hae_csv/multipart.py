"""Splitting a multipart/form-data body already received (and archived) into its parts.

The parsing is the `multipart` package's (the parser of Bottle, pure Python, no dependencies), fed the bytes
in memory: aiohttp's own reader works only on a live request, and the queue and `healthsink reprocess` read
bodies back from the archive.
"""

from __future__ import annotations

from dataclasses import dataclass

import multipart as mp

from healthsink.errors import InvalidPayload, NoReadablePart

_FEED = 1 << 16


@dataclass
class Part:
    name: str | None
    filename: str | None
    content_type: str | None
    data: bytes


def boundary_of(content_type: str) -> str:
    _, options = mp.parse_options_header(content_type or "")
    boundary = options.get("boundary")
    if not boundary:
        # not a form the app could have sent: refused like any media type healthsink does not read
        raise NoReadablePart(
            "a multipart/form-data body needs a boundary in its Content-Type; healthsink takes "
            "JSON (application/json), or the app's CSV format (multipart/form-data)"
        )
    return boundary


def split(content_type: str, body: bytes) -> list[Part]:
    parts: list[Part] = []
    try:
        with mp.PushMultipartParser(boundary_of(content_type)) as parser:
            current, chunks = None, []
            for offset in range(0, len(body), _FEED):
                for event in parser.parse(body[offset : offset + _FEED]):
                    if isinstance(event, mp.MultipartSegment):
                        current, chunks = event, []
                    elif event is None:
                        parts.append(Part(current.name, current.filename, current.content_type, b"".join(chunks)))
                    else:
                        chunks.append(bytes(event))
            for event in parser.parse(b""):
                if event is None and current is not None:
                    parts.append(Part(current.name, current.filename, current.content_type, b"".join(chunks)))
    except mp.MultipartError as exc:
        raise InvalidPayload(f"the multipart body could not be read: {exc}") from None
    return parts
