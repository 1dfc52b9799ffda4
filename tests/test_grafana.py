"""The Grafana kit, tested without Grafana: the committed dashboards are what generate.py writes, their
structure holds together, and every panel's SQL returns rows on seeded data as healthsink_readonly."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from tests.browser import seed
from tests.browser.harness import EMAIL, make_key
from tests.helpers import tsql

KIT = Path(__file__).resolve().parents[1] / "deploy" / "grafana"
MACRO = re.compile(r"\$__timeFilter\(([^()]*)\)")
VARIABLE = re.compile(r"\$\{(\w+)\}")


def generator():
    spec = importlib.util.spec_from_file_location("grafana_generate", KIT / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the file runs
    spec.loader.exec_module(module)
    return module


def committed() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted((KIT / "dashboards").glob("*.json"))}


def test_committed_dashboards_are_what_the_generator_writes():
    gen = generator()
    assert sorted(gen.DASHBOARDS) == sorted(committed()), "run make grafana"
    for slug in gen.DASHBOARDS:
        assert (KIT / "dashboards" / f"{slug}.json").read_text() == gen.render(slug), f"{slug}: run make grafana"


def test_dashboards_hold_together():
    provisioned = (KIT / "provisioning" / "datasources" / "healthsink.yaml").read_text()
    source = {"uid": re.search(r"^\s+uid: (\S+)$", provisioned, re.MULTILINE).group(1)}
    assert source["uid"] == "healthsink" and "type: grafana-postgresql-datasource" in provisioned
    dashboards = committed()
    assert len({d["uid"] for d in dashboards.values()}) == len(dashboards)
    for slug, d in dashboards.items():
        variables = {v["name"]: v for v in d["templating"]["list"]}
        assert variables["datasource"]["current"]["value"] == source["uid"]
        ids = [p["id"] for p in d["panels"]]
        assert len(ids) == len(set(ids)), slug
        for panel in d["panels"]:
            for target in panel["targets"]:
                assert target["datasource"]["uid"] == "${datasource}", (slug, panel["title"])
                used = set(VARIABLE.findall(target["rawSql"] + panel["title"]))
                assert used <= set(variables), (slug, panel["title"], used - set(variables))


def _expand(sql: str, values: dict[str, str], start: datetime, end: datetime) -> str:
    """Grafana's macros and variables, as Grafana would expand them; anything else with a $ fails the test."""
    sql = MACRO.sub(lambda m: f"({m.group(1)} BETWEEN '{start.isoformat()}' AND '{end.isoformat()}')", sql)
    sql = VARIABLE.sub(lambda m: values[m.group(1)].replace("'", "''"), sql)
    assert "$" not in sql, sql
    return sql


@pytest.fixture
async def seeded(client, db_url):
    phone = await make_key(db_url, "ingest")
    r = await client.post(
        "/api/v1/ingest",
        data=orjson.dumps(seed.body()),
        headers={"Authorization": f"Bearer {phone}", "Content-Type": "application/json"},
    )
    assert r.status == 200, await r.text()


async def test_every_panel_returns_rows_as_the_readonly_role(seeded, conn):
    end = datetime.now(UTC) + timedelta(days=1)
    start = end - timedelta(days=31)
    gen = generator()
    checked = 0
    async with conn.transaction():
        await conn.execute(tsql("as_readonly"))
        values = {"user": EMAIL}
        sources = await conn.fetch(_expand(gen.query_text("variable_sleep_sources"), values, start, end))
        values["sleep_source"] = sources[0]["source"]
        for slug, (_, panels) in gen.DASHBOARDS.items():
            for p in panels:
                rows = await conn.fetch(_expand(gen.query_text(p.query), values, start, end))
                assert rows, f"{slug}: '{p.title}' ({p.query}.sql) returns no rows on seeded data"
                checked += 1
    assert checked == sum(len(panels) for _, panels in gen.DASHBOARDS.values())


async def test_the_readonly_role_cannot_read_keys_or_sessions(conn):
    import asyncpg

    for statement in ("keys/list_keys", "sessions/find"):
        from healthsink.store.sql import sql

        async with conn.transaction():
            await conn.execute(tsql("as_readonly"))
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                args = (1,) if statement == "keys/list_keys" else (b"x", timedelta(days=1))
                await conn.fetch(sql(statement), *args)
