"""Small helpers the tests share: request headers, bodies in the app's shape, test-only SQL."""

from __future__ import annotations

import asyncio
import gzip
from functools import cache
from pathlib import Path

import orjson

from healthsink.ingest import tables

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parents[1] / "shared" / "fixtures" / "hae"
_TABLES = {t.target for t in tables.ALL}


@cache
def tsql(name: str) -> str:
    return (HERE / "sql" / f"{name}.sql").read_text()


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.json")) if FIXTURES.is_dir() else []


def body(**data) -> bytes:
    """An HAE body, pretty-printed the way the app does ("key" : value)."""
    return orjson.dumps({"data": data}, option=orjson.OPT_INDENT_2).replace(b'": ', b'" : ')


def gz(b: bytes) -> bytes:
    return gzip.compress(b)


def metric(name: str, units: str, *points: dict) -> dict:
    return {"name": name, "units": units, "data": list(points)}


def sleep_night(**fields) -> dict:
    """An aggregated sleep night as the app sends it (hours; a Watch's night of 2026-03-30), `fields` changed."""
    return {
        "date": "2026-03-30 00:00:00 -0600",
        "totalSleep": 7.1,
        "asleep": 0,
        "core": 4,
        "deep": 1.1,
        "rem": 2,
        "awake": 0.3,
        "inBed": 0,
        "sleepStart": "2026-03-29 23:01:00 -0600",
        "sleepEnd": "2026-03-30 06:40:00 -0600",
        "source": "Watch",
    } | fields


async def count(conn, table: str, user_id: int) -> int:
    assert table in _TABLES, table
    return await conn.fetchval(tsql("count_rows").replace("{table}", table), user_id)


async def rows(conn, table: str, user_id: int) -> list:
    assert table in _TABLES, table
    return await conn.fetch(tsql("all_rows").replace("{table}", table), user_id)


async def wait_for(predicate, timeout: float = 10.0, every: float = 0.05):
    """Poll an async predicate until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(every)
