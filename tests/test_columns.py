"""Columns written once: a table's columns appear in its migration, its staging DDL, the COPY column list
(ingest/tables.py), its merge and its export. These tests fail as soon as the lists disagree, so a column added
in one place and forgotten in another stops the build, not a sync at 3 a.m."""

import re

import asyncpg
import pytest

from healthsink.ingest.tables import ALL, BY_KEY, EXPORTS, PAGES, REGISTRY, WITH_ORIGIN
from healthsink.store.sql import names, sql
from tests.helpers import tsql

# Columns the database fills itself, never staged: when a row came and last changed, and `origin`, which the
# merges look up per ingestion_id (migration 0040).
FILLED_BY_THE_DATABASE = {"created_at", "updated_at", "origin", "geog"}
_IDENT = re.compile(r"[a-z_][a-z0-9_]*")


def _insert_columns(key: str) -> tuple[str, list[str]]:
    m = re.search(r"INSERT INTO (\w+) AS t \(([^)]*)\)", sql(f"merge/{key}"))
    assert m, f"merge/{key}: no INSERT INTO <table> AS t (...)"
    return m.group(1), [c.strip() for c in m.group(2).split(",")]


async def _table_columns(conn) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in await conn.fetch(tsql("schema_columns")):
        out.setdefault(r["table_name"], set()).add(r["column_name"])
    return out


async def test_staging_holds_arrival_order_then_the_copy_columns_typed_like_the_target(conn):
    """conn has been through init_connection, which made the staging tables (sql/staging/create.sql)."""
    for table in ALL:
        staged = await conn.fetch(tsql("column_types"), table.staging)
        assert [r["name"] for r in staged] == ["seq", *table.columns], table.key
        stored = {r["name"]: r["type"] for r in await conn.fetch(tsql("column_types"), table.target)}
        assert all(stored[r["name"]] == r["type"] for r in staged[1:]), table.key


async def test_a_staging_column_its_target_lacks_is_an_error(conn):
    with pytest.raises(asyncpg.RaiseError, match="has no column"):
        await conn.execute(sql("staging/create"), "staging_typo", "symptoms", ["user_id", "severty"])


@pytest.mark.parametrize("table", ALL, ids=lambda t: t.key)
async def test_the_merge_writes_every_column_of_its_target(table, conn):
    target, inserted = _insert_columns(table.key)
    assert target == table.target
    stored = (await _table_columns(conn))[target]
    assert set(inserted) <= stored, f"merge/{table.key} writes columns {set(inserted) - stored} its table lacks"
    forgotten = stored - set(inserted) - FILLED_BY_THE_DATABASE
    assert not forgotten, f"{target} has columns merge/{table.key} never writes: {forgotten}"
    staged_only = set(table.columns) - stored
    assert not staged_only, f"{table.key} stages columns {staged_only} that {target} does not keep"


def test_no_statement_selects_star():
    """Responses and exports list their fields on purpose: a column added for internal use never leaks."""
    star = re.compile(r"(SELECT\s+(DISTINCT\s+ON\s*\([^)]*\)\s*)?\*|RETURNING\s+\*)", re.I)
    offenders = [name for name in names() if star.search(re.sub(r"--[^\n]*", "", sql(name)))]
    assert offenders == []


def test_each_table_belongs_to_the_family_it_counts_for():
    owners = {}
    for family in REGISTRY:
        for t in family.tables:
            assert t.key not in owners, f"{t.key} is in two families"
            owners[t.key] = family.name
    for t in ALL:
        if t.family is not None:
            assert owners.get(t.key) == t.family, f"{t.key} counts for {t.family} but belongs to {owners.get(t.key)}"


# What no response or export carries: which user and body a row came from, and the row's own bookkeeping.
INTERNAL = {"user_id", "ingestion_id", "created_at", "updated_at", "geog"}


async def _fields(conn, name: str) -> list[str]:
    return [a.name for a in (await conn.prepare(sql(name))).get_attributes()]


@pytest.mark.parametrize("kind", EXPORTS)
async def test_an_export_carries_every_stored_column_but_the_internal_ones(kind, conn):
    fields = set(await _fields(conn, f"export/{kind}"))
    stored = (await _table_columns(conn))[BY_KEY[kind].target]
    assert not fields & INTERNAL, f"export/{kind} leaks {fields & INTERNAL}"
    assert not stored - INTERNAL - fields, f"export/{kind} drops stored columns {stored - INTERNAL - fields}"


@pytest.mark.parametrize("page", PAGES.values(), ids=lambda p: p.name)
async def test_a_page_lists_its_sort_keys_and_id_and_nothing_internal(page, conn):
    fields = set(await _fields(conn, page.statement))
    assert not fields & INTERNAL, f"{page.statement} leaks {fields & INTERNAL}"
    assert set(page.sort) | set(page.item_id) <= fields, f"{page.statement} lacks its sort keys or id"


async def test_the_tables_that_keep_an_origin_are_those_whose_merges_look_it_up(conn):
    """tables.WITH_ORIGIN names the tables both the app and an Apple export fill (migration 0040)."""
    stored = await _table_columns(conn)
    for t in ALL:
        keeps = "origin" in stored[t.target]
        looks_up = "ingestion_origins" in sql(f"merge/{t.key}")
        assert keeps == looks_up == (t.key in WITH_ORIGIN), t.key
