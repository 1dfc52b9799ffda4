import re

import asyncpg
import pytest

from healthsink import PROJECT_ROOT
from healthsink.store import db, migrate
from healthsink.store import sql as sqlmod
from tests.helpers import tsql

MIGRATION_NAME = re.compile(r"^\d{4}_[a-z]+(_[a-z0-9]+)+(\.rollback)?\.sql$")


async def _columns(url):
    c = await asyncpg.connect(url)
    try:
        return [tuple(r) for r in await c.fetch(tsql("schema_columns"))]
    finally:
        await c.close()


async def test_migrations_apply_roll_back_and_apply_again(empty_db_url):
    applied = migrate.apply(empty_db_url)
    assert applied and migrate.pending(empty_db_url) == []
    first = await _columns(empty_db_url)
    assert any(t == "quantity_samples" for t, *_ in first)
    rolled = migrate.rollback(empty_db_url)
    assert rolled == list(reversed(applied))
    assert [t for t, *_ in await _columns(empty_db_url) if not t.startswith("_yoyo") and t != "yoyo_lock"] == []
    assert migrate.apply(empty_db_url) == applied
    assert await _columns(empty_db_url) == first


def test_migration_files_are_named_strictly_and_paired():
    files = sorted(p.name for p in (PROJECT_ROOT / "migrations").iterdir())
    for name in files:
        assert MIGRATION_NAME.match(name), name
    forward = [f for f in files if not f.endswith(".rollback.sql")]
    for f in forward:
        assert f.replace(".sql", ".rollback.sql") in files, f"{f} has no rollback"


async def test_every_key_leads_with_user_id(conn):
    assert await conn.fetch(tsql("keys_not_led_by_user_id")) == []


def test_every_sql_file_is_used_and_every_name_exists():
    code = "\n".join(p.read_text() for p in (PROJECT_ROOT / "healthsink").rglob("*.py"))
    used = set(re.findall(r'sql\("([a-z_]+/[a-z_]+)"\)', code))
    # names built from a key: read/<table>_page, merge/<table>, read/<kind>_points and
    # _buckets, export/<type>
    from healthsink.ingest.tables import ALL, PAGES
    from healthsink.store import reads

    used |= {p.statement for p in PAGES.values()}
    used |= {f"merge/{t.key}" for t in ALL}
    used |= {
        f"read/{kind}_{what}" for kind in ("quantity", "heart_rate", "blood_pressure") for what in ("points", "buckets")
    }
    used |= {f"export/{kind}" for kind in reads.EXPORTS}
    names = set(sqlmod.names())
    assert used - names == set(), "code names SQL files that do not exist"
    assert names - used == set(), "SQL files nothing uses"


async def test_every_statement_prepares(conn):
    await db.prepare_all(conn)


async def test_a_statement_that_does_not_prepare_stops_the_start_naming_its_file(conn):
    statements = sqlmod._statements()
    statements["read/broken_for_test"] = "SELECT no_such_column FROM users"
    try:
        with pytest.raises(RuntimeError, match=r"sql/read/broken_for_test\.sql does not prepare"):
            await db.prepare_all(conn)
    finally:
        del statements["read/broken_for_test"]
