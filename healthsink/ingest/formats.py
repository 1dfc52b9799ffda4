"""Which parser reads a body, chosen by its Content-Type: the one place that knows the formats.

- JSON (the app's JSON export format; also any type that is not refused below, see _REFUSED);
- the app's CSV format: `multipart/form-data` carrying its health metrics and workouts CSV files
  (ingest/hae_csv), whose times have no offset and are read in a zone the caller passes.

Every format yields the same events (see envelope.py), so each family module serves them all:

    ("points", metric_index, name, units, first_point_index, [point, ...])
    ("bad_metric", metric_index)
    ("item", data_key, index, obj)
    ("warning", item_type, index, path, code, details)     a format's own notice (an unknown CSV label)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from healthsink.errors import UnsupportedMediaType
from healthsink.ingest import envelope, hae_csv
from healthsink.ingest.stream import Walker

ACCEPTED = hae_csv.ACCEPTED
_FORM = "multipart/form-data"
# Formats someone may plausibly send that healthsink does not read. Anything else is tried as JSON: the app
# sends application/json, but curl's -d defaults to application/x-www-form-urlencoded and some proxies drop
# the header, and a body that is not JSON still gets a clear 400 invalid_json. A CSV file on its own (text/csv)
# is refused: the app never sends one bare, and a lone file cannot say whether it holds metrics or workouts
# any better than a form part can, but a form is what the app sends.
_REFUSED = (
    "text/csv",
    "application/csv",
    "application/xml",
    "text/xml",
    "application/zip",
    "application/x-www-form-urlencoded+xml",
)


def _media(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def check(content_type: str) -> None:
    """Refuse, before the body is read, what no parser here can read (415 names the accepted formats)."""
    ct = _media(content_type)
    if (ct.startswith("multipart/") and ct != _FORM) or ct in _REFUSED:
        raise UnsupportedMediaType(f"healthsink does not read {ct} bodies; it takes {ACCEPTED}", accepted=[ACCEPTED])


def needs_zone(content_type: str | None) -> bool:
    """Whether the format's times carry no offset, so the caller must name the user's zone (CSV)."""
    return _media(content_type) == _FORM


def events(content_type: str, body: bytes, tz: str | None = None) -> Iterator[tuple]:
    """The events of a body held whole. `tz` (an IANA zone) is the zone for formats whose times carry no
    offset; without one they are read as UTC. `content_type` is the header as sent (a form's boundary is in it)."""
    if needs_zone(content_type):
        return hae_csv.events(content_type, body, tz or "UTC")
    return envelope.events(envelope.loads(body))


def stream_events(content_type: str, pieces: Iterable[bytes], tz: str | None = None) -> Iterator[tuple]:
    """The events of a body too big to hold whole, from its decompressed pieces, in bounded memory. A CSV form
    is read whole all the same: the app sends CSV only for the `days` interval, a few hundred kB at most."""
    if needs_zone(content_type):
        return events(content_type, b"".join(pieces), tz)
    return Walker().events(pieces)
