"""One identity per source (issue 13 item 2): the rule in Python and in SQL, through HTTP ingest, and the spellings
kept in source_aliases."""

import random

import pytest

from healthsink.ingest import names
from tests.helpers import auth, body, metric, rows, tsql

WATCH = "Anna\u2019s Apple\u00a0Watch"  # as iOS names a watch: U+2019 and a no-break space


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (WATCH, "Anna's Apple Watch"),
        ("Anna\u2018s  Apple Watch ", "Anna's Apple Watch"),
        ("\u201cGym\u201d\u202fScale\u200b", '"Gym" Scale'),
        ("iPhone|Anna\u2019s Apple Watch", "Anna's Apple Watch|iPhone"),
        (" Anna's Apple Watch | iPhone|iPhone ", "Anna's Apple Watch|iPhone"),
        ("Watch|\U0001f496\u2728\U0001f4ab", "Watch|\U0001f496\u2728\U0001f4ab"),
        ("Cafe\u0301", "Caf\u00e9"),  # NFC
        ("||", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_the_rule(raw, key):
    assert names.source_key(raw) == key


def test_spellings_the_key_changes_are_reported_once():
    assert sorted(names.aliases([WATCH, WATCH, "iPhone", None, 7, "iPhone|Watch"])) == [
        (WATCH, "Anna's Apple Watch"),
        ("iPhone|Watch", "Watch|iPhone"),
    ]


def _tricky(rng: random.Random) -> str:
    alphabet = [
        "a",
        "B",
        "é",
        "e\u0301",
        " ",
        "  ",
        "|",
        "\u2019",
        "\u2018",
        "\u201c",
        "\u201d",
        "'",
        '"',
        "\u00a0",
        "\u202f",
        "\u2009",
        "\t",
        "\u200b",
        "\ufeff",
        "\U0001f496",
        "\u2728",
        "Watch",
        "iPhone",
        "Z",
        "z",
        "_",
    ]
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))


async def test_sql_and_python_agree(conn):
    """migration 0018's healthsink_source_key_v1 normalises stored rows as names.source_key does new ones."""
    rng = random.Random(13)
    samples = [
        WATCH,
        "iPhone|Anna\u2019s Apple Watch",
        " a | b |a",
        "Cafe\u0301|caf\u00e9",
        *(_tricky(rng) for _ in range(400)),
    ]
    for raw in samples:
        assert await conn.fetchval(tsql("source_key"), raw) == names.source_key(raw), repr(raw)


async def post(client, key, payload):
    resp = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    assert resp.status == 200
    return await resp.json()


async def test_changing_spellings_of_one_source_collapse(client, new_key, conn):
    user_id, key = await new_key()
    day = "2026-03-02 00:00:00 +0100"
    first = await post(
        client, key, body(metrics=[metric("flights_climbed", "count", {"date": day, "qty": 4, "source": WATCH})])
    )
    assert first["inserted"]["metrics"] == 1
    # the same day bucket later, grown, from another automation that writes the name another way
    out = await post(
        client,
        key,
        body(metrics=[metric("flights_climbed", "count", {"date": day, "qty": 6, "source": "Anna's Apple Watch "})]),
    )
    assert out["updated"]["metrics"] == 1 and out["inserted"]["metrics"] == 0
    out = await post(
        client,
        key,
        body(
            metrics=[
                metric(
                    "flights_climbed",
                    "count",
                    {"date": day, "qty": 9, "source": "iPhone|" + WATCH},
                    {"date": day, "qty": 9, "source": "Anna's Apple Watch | iPhone"},
                )
            ]
        ),
    )
    assert out["inserted"]["metrics"] == 1
    stored = sorted((r["source"], r["qty"]) for r in await rows(conn, "quantity_samples", user_id))
    assert stored == [("Anna's Apple Watch", 6.0), ("Anna's Apple Watch|iPhone", 9.0)]
    # each spelling as sent is kept once, with the source it became
    assert [tuple(r) for r in await conn.fetch(tsql("source_aliases"), user_id)] == [
        ("Anna's Apple Watch ", "Anna's Apple Watch"),
        ("Anna's Apple Watch | iPhone", "Anna's Apple Watch|iPhone"),
        (WATCH, "Anna's Apple Watch"),
        ("iPhone|" + WATCH, "Anna's Apple Watch|iPhone"),
    ]


async def test_heart_rate_and_blood_pressure_sources_too(client, new_key, conn):
    user_id, key = await new_key()
    out = await post(
        client,
        key,
        body(
            metrics=[
                metric(
                    "heart_rate",
                    "count/min",
                    {"date": "2026-03-02 08:00:00 +0000", "Min": 60, "Avg": 70, "Max": 80, "source": WATCH},
                ),
                metric(
                    "blood_pressure",
                    "mmHg",
                    {
                        "date": "2026-03-02 08:00:00 +0000",
                        "systolic": 120,
                        "diastolic": 80,
                        "source": "Omron\u00a0Connect",
                    },
                ),
            ]
        ),
    )
    assert out["inserted"]["metrics"] == 2
    assert (await rows(conn, "heart_rate_samples", user_id))[0]["source"] == "Anna's Apple Watch"
    assert (await rows(conn, "blood_pressure_samples", user_id))[0]["source"] == "Omron Connect"
