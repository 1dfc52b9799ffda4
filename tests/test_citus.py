"""`healthsink citus distribute`: on plain PostgreSQL it refuses, saying why; on the Citus cluster of
`make test-citus` (tests/citus_cluster.py) the schema is placed as store/citus.py says, a second run places
nothing, and migrations applied after it keep working (rolled back and applied again on the distributed
schema, their new tables placed by `healthsink migrate`)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from healthsink.store import citus, migrate
from tests.conftest import CITUS_URL
from tests.helpers import auth, body, metric, tsql

ROOT = Path(__file__).resolve().parents[1]
on_citus = pytest.mark.skipif(not CITUS_URL, reason="needs the Citus cluster of `make test-citus`")


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HEALTHSINK_DATABASE_URL": url, "HEALTHSINK_LOG_LEVEL": "warning"}
    return subprocess.run(
        [sys.executable, "-m", "healthsink", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_distribute_refuses_plain_postgresql(db_url):
    if CITUS_URL:
        pytest.skip("plain PostgreSQL only")
    out = _cli(db_url, "citus", "distribute")
    assert out.returncode == 2 and "Citus extension is not installed" in out.stderr


async def _placement(url: str) -> dict[str, str]:
    conn = await asyncpg.connect(url)
    try:
        return {r["name"]: r["kind"] for r in await conn.fetch(tsql("citus_placement"))}
    finally:
        await conn.close()


def test_the_local_tables_lose_their_foreign_keys():
    """distribute drops the foreign keys of exactly the tables it keeps local: the SQL names the same list."""
    text = (ROOT / "sql" / "citus" / "drop_local_foreign_keys.sql").read_text()
    named = re.search(r"unnest\(ARRAY\[([^\]]*)\]\)", text).group(1)
    assert tuple(re.findall(r"'([a-z_]+)'", named)) == citus.LOCAL


@on_citus
def test_schema_is_placed_and_a_second_run_places_nothing(db_url):
    placed = asyncio.run(_placement(db_url))
    for name in ("users", "api_keys", "web_sessions", "metric_units", "unit_conversions"):
        assert placed[name] == "reference", name
    for name in ("quantity_samples", "heart_rate_samples", "sleep_segments", "workouts", "workout_route_points"):
        assert placed[name] == "distributed user_id", name
    for name in citus.LOCAL:
        assert name not in placed  # plain tables on the coordinator
    again = _cli(db_url, "citus", "distribute")
    assert again.returncode == 0, again.stderr
    assert "already placed" in again.stdout and "distributed by user_id" not in again.stdout
    assert asyncio.run(_placement(db_url)) == placed


@on_citus
def test_a_reference_table_now_kept_local_is_made_local_again(db_url):
    """A cluster distributed by an older release has ingestion_origins as a reference table: distribute makes it
    a plain table on the coordinator again, its rows kept (what `healthsink migrate` does after an upgrade)."""

    async def setup() -> None:
        conn = await asyncpg.connect(db_url)
        try:
            await conn.execute(tsql("insert_origin"), 910_001, 910_002, "apple_export")
            await conn.execute(tsql("citus_make_reference"), "ingestion_origins")
        finally:
            await conn.close()

    async def origin() -> str | None:
        conn = await asyncpg.connect(db_url)
        try:
            return await conn.fetchval(tsql("origin_of"), 910_001, 910_002)
        finally:
            await conn.close()

    asyncio.run(setup())
    assert asyncio.run(_placement(db_url))["ingestion_origins"] == "reference"
    out = _cli(db_url, "citus", "distribute")
    assert out.returncode == 0, out.stderr
    assert "made local on the coordinator again: ingestion_origins" in out.stdout
    assert "ingestion_origins" not in asyncio.run(_placement(db_url))
    assert asyncio.run(origin()) == "apple_export"


@on_citus
def test_later_migrations_keep_working(db_url):
    """The newest migrations rolled back and applied again on the distributed schema; the tables they create
    are placed by `healthsink migrate` as `distribute` would."""
    before = asyncio.run(_placement(db_url))
    undone = migrate.rollback(db_url, 3)
    dropped = set(before) - set(asyncio.run(_placement(db_url)))
    assert undone and dropped  # tables the newest migrations made went with them
    out = _cli(db_url, "migrate")
    assert out.returncode == 0, out.stderr
    assert all(m in out.stdout for m in undone)
    assert asyncio.run(_placement(db_url)) == before


@on_citus
async def test_each_users_rows_sit_on_one_shard(client, new_key, db_url):
    """Two users' syncs through the API: each user's samples are on the one shard their user_id hashes to, and
    each reads back only their own."""
    users = [await new_key(f"u{i}@example.org") for i in range(2)]
    keys = [key for _, key in users]
    for i, key in enumerate(keys):
        points = [{"date": f"2026-03-0{d} 10:00:00 +0000", "qty": i + d, "source": "iPhone"} for d in (1, 2)]
        resp = await client.post(
            "/api/v1/ingest", data=body(metrics=[metric("step_count", "count", *points)]), headers=auth(key)
        )
        assert resp.status == 200 and (await resp.json())["errors"] == []
    for i, key in enumerate(keys):
        resp = await client.get("/api/v1/metrics/step_count?bucket=day", headers=auth(key))
        assert resp.status == 200
        assert [p["qty"] for p in (await resp.json())["points"]] == [i + 1, i + 2]
    conn = await asyncpg.connect(db_url)
    try:
        shards = await conn.fetch(tsql("citus_user_shards"))
    finally:
        await conn.close()
    assert all(r["success"] for r in shards)
    held = [int(u) for r in shards for u in r["result"].split(",") if u]
    assert sorted(held) == sorted(user_id for user_id, _ in users)  # each user on exactly one shard
