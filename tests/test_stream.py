"""The incremental parser yields exactly what parsing the whole body yields, at any chunk size."""

import random

import orjson
import pytest

from healthsink.errors import InvalidJSON, InvalidPayload
from healthsink.ingest import envelope, stream


def whole(body: bytes) -> list:
    return _norm(envelope.events(envelope.loads(body)))


def streamed(body: bytes, sizes) -> list:
    cuts, i = [], 0
    for size in sizes:
        if i >= len(body):
            break
        cuts.append(body[i : i + size])
        i += size
    cuts.append(body[i:])
    return _norm(stream.Walker().events(cuts))


def _norm(events) -> list:
    out = []
    for e in events:
        if e[0] == "points":
            out += [("p", e[1], e[2], e[3], e[4] + j, orjson.dumps(p)) for j, p in enumerate(e[5])]
        else:
            out.append(tuple(orjson.dumps(x) if isinstance(x, (dict, list)) else x for x in e))
    return sorted(out, key=repr)


TRICKY = orjson.dumps(
    {
        "stray": [{"a": "}{]["}],
        "data": {
            "metrics": [
                {
                    "data": [
                        {"date": "2026-01-01 00:00:00 +0000", "qty": i, "source": 'Watch \\"x\\" }{'}
                        for i in range(300)
                    ],
                    "units": "count",
                    "name": "step_count",
                },
                {
                    "name": "heart_rate_variability",
                    "units": "ms",
                    "data": [
                        {
                            "date": "2026-01-01 00:00:00 +0000",
                            "qty": 40,
                            "heartbeatSeries": [{"date": 1.5, "timeSinceStart": 0, "precededByGap": False}] * 20,
                        }
                    ],
                },
                {
                    # cuts that look like a point's end: `},` inside strings and nested objects, a bracket
                    "data": [
                        {"date": "2026-01-01 00:00:00 +0000", "qty": i, "source": 'a}, {"b": 1},', "m": {"n": {}}}
                        if i % 7
                        else {"date": "2026-01-01 00:00:00 +0000", "qty": i, "label": "x] [y"}
                        for i in range(200)
                    ],
                    "name": "active_energy",
                    "units": "kcal",
                },
                {"name": "empty", "units": "x", "data": []},
                "not a metric",
            ],
            "workouts": [
                {
                    "id": f"W{w}",
                    "start": "2026-01-01 07:00:00 +0000",
                    "metadata": {"k": "v"},
                    "route": [
                        {"latitude": 1.0, "longitude": 2.0, "timestamp": f"2026-01-01 07:00:{s:02d} +0000"}
                        for s in range(50)
                    ],
                }
                for w in range(3)
            ],
            "ecg": [
                {
                    "start": "2026-01-01 09:00:00 +0000",
                    "voltageMeasurements": [{"date": 1.0, "voltage": v} for v in range(100)],
                }
            ],
            "symptoms": None,
            "unknownFamily": [1, 2, {"x": [3]}],
        },
    },
    option=orjson.OPT_INDENT_2,
)


@pytest.mark.parametrize("seed", range(12))
def test_random_chunkings_match_the_whole_parse(seed):
    rng = random.Random(seed)
    sizes = [rng.choice([1, 2, 3, 7, 64, 500, 4096]) for _ in range(len(TRICKY))]
    assert streamed(TRICKY, sizes) == whole(TRICKY)


def test_one_element_array_body():
    wrapped = b"[" + TRICKY + b"]"
    assert streamed(wrapped, [100] * 10_000) == whole(wrapped)


@pytest.mark.parametrize(
    "bad, error",
    [
        (b'{"data": {"metrics": [{"name": "x", "data": [{"qty": 1},]}]}}', InvalidJSON),
        (b'{"data": {"metrics": [{"name": "x", "data": [{"qty": 1}', InvalidJSON),
        (b'{"data": {"metrics": [{"name": "x", "data": [{"qty": tru}]}]}}', InvalidJSON),
        (b'{"data": {"metrics": []}} trailing', InvalidJSON),
        (b'{"metrics": []}', InvalidPayload),
        (b'{"data": []}', InvalidPayload),
        (b'{"data": {"workouts": {}}}', InvalidPayload),
        (b'[{"data": {}}, {"data": {}}]', InvalidPayload),
        (b'"just a string"', InvalidPayload),
    ],
)
def test_malformed_bodies_are_refused(bad, error):
    with pytest.raises(error):
        streamed(bad, [5] * 1000)
    with pytest.raises(error):
        whole(bad)


def test_nul_characters_become_replacement_characters_in_both_parsers():
    body = orjson.dumps(
        {
            "data": {
                "metrics": [
                    {
                        "data": [
                            {"date": "2026-01-01 00:00:00 +0000", "qty": 1, "source": "W\u0000", "k\u0000": ["\u0000"]}
                        ],
                        "name": "step\u0000count",
                        "units": "count",
                    }
                ]
            }
        }
    )
    assert whole(body) == streamed(body, [7] * 40)
    assert b"\\u0000" not in b"".join(x for e in whole(body) for x in e if isinstance(x, bytes))
    assert "\ufffd" in repr(whole(body))
