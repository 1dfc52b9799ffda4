"""The HAE envelope, parsed whole (bodies up to ingest.parse_whole_max_bytes), and the event stream both
parsers produce:

    ("points", metric_index, name, units, first_point_index, [point, ...])
    ("bad_metric", metric_index[, details])        a metrics[] element that is not an object, or whose
                                                   `data` is not an array (an item error, never silence)
    ("item", data_key, index, obj)                 workouts, ecg, symptoms, stateOfMind, ...
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from healthsink.errors import InvalidJSON, InvalidPayload
from healthsink.ingest.tables import ENVELOPE_KEYS

DATA_KEYS = ENVELOPE_KEYS


_NUL = b"\\u0000"
BAD_DATA = "a metric's 'data' must be an array of points"


def parse_json(b: bytes):
    """orjson.loads, with U+0000 made U+FFFD in every string and key. PostgreSQL's text and jsonb cannot hold
    U+0000: one such character would fail the whole body, over and over. The archive keeps the original."""
    doc = orjson.loads(b)
    return _without_nul(doc) if _NUL in b else doc


def _without_nul(v):
    if isinstance(v, str):
        return v.replace("\x00", "\ufffd")
    if isinstance(v, list):
        return [_without_nul(x) for x in v]
    if isinstance(v, dict):
        return {_without_nul(k): _without_nul(x) for k, x in v.items()}
    return v


def loads(body: bytes):
    try:
        return parse_json(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidJSON(f"the body is not valid JSON: {exc}") from None


def data_of(doc) -> dict:
    """`{"data": {...}}`, also inside a one-element array (as a capture tool wrapped one)."""
    if isinstance(doc, list):
        if len(doc) != 1:
            raise InvalidPayload("an array body must hold exactly one envelope")
        doc = doc[0]
    if not isinstance(doc, dict) or "data" not in doc:
        raise InvalidPayload('the body must be a JSON object {"data": {...}}')
    data = doc["data"]
    if not isinstance(data, dict):
        raise InvalidPayload("'data' must be an object")
    for key in DATA_KEYS:
        if data.get(key) is not None and not isinstance(data[key], list):
            raise InvalidPayload(f"'data.{key}' must be an array")
    return data


def events(doc) -> Iterator[tuple]:
    data = data_of(doc)
    for key in DATA_KEYS:
        items = data.get(key) or []
        if key == "metrics":
            for mi, m in enumerate(items):
                if not isinstance(m, dict):
                    yield ("bad_metric", mi)
                elif isinstance(m.get("data"), list):
                    yield ("points", mi, m.get("name"), m.get("units"), 0, m["data"])
                elif m.get("data") is not None:
                    yield ("bad_metric", mi, BAD_DATA)
        else:
            for i, obj in enumerate(items):
                yield ("item", key, i, obj)
