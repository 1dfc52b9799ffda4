"""Which parser reads a body, chosen by its Content-Type: the one place that knows the formats.

Every format yields the same events (see envelope.py), so each family module serves them all:

    ("points", metric_index, name, units, first_point_index, [point, ...])
    ("bad_metric", metric_index)
    ("item", data_key, index, obj)
"""
from __future__ import annotations

from typing import Iterable, Iterator

from healthsink.errors import UnsupportedMediaType
from healthsink.ingest import envelope
from healthsink.ingest.stream import Walker

ACCEPTED = "JSON (application/json), the app's JSON export format"
# Formats someone may plausibly send that healthsink does not read. Anything else is tried as JSON: the app
# sends application/json, but curl's -d defaults to application/x-www-form-urlencoded and some proxies drop
# the header, and a body that is not JSON still gets a clear 400 invalid_json.
_REFUSED = ("text/csv", "application/csv", "application/xml", "text/xml", "application/zip",
            "application/x-www-form-urlencoded+xml")


def check(content_type: str) -> None:
    """Refuse, before the body is read, what no parser here can read (415 names the accepted formats)."""
    ct = (content_type or "").lower()
    if ct.startswith("multipart/") or ct in _REFUSED:
        raise UnsupportedMediaType(f"healthsink does not read {ct} bodies; it takes {ACCEPTED}",
                                   accepted=[ACCEPTED])


def events(content_type: str, body: bytes, tz: str | None = None) -> Iterator[tuple]:
    """The events of a body held whole. `tz` is the zone for formats whose times carry no offset."""
    return envelope.events(envelope.loads(body))


def stream_events(content_type: str, pieces: Iterable[bytes], tz: str | None = None) -> Iterator[tuple]:
    """The events of a body too big to hold whole, from its decompressed pieces, in bounded memory."""
    return Walker().events(pieces)
