"""Deleting data: DELETE /api/v1/data, `healthsink delete`, `healthsink user purge`."""

import asyncio

from healthsink.store import deletes
from tests.helpers import auth, body, count, metric, tsql, wait_for
from tests.test_cli import run


def _steps(*days: str) -> list[dict]:
    return [{"date": f"{d} 00:00:00 +0000", "qty": 1000 + i, "source": "iPhone"} for i, d in enumerate(days)]


PAYLOAD = body(
    metrics=[
        metric("step_count", "count", *_steps("2026-03-01", "2026-03-02", "2026-03-03")),
        metric("body_mass", "kg", {"date": "2026-03-02 07:00:00 +0000", "qty": 70.1, "source": "Scale"}),
        metric(
            "heart_rate",
            "count/min",
            {"date": "2026-03-02 08:00:00 +0000", "Min": 60, "Avg": 70, "Max": 80, "source": "Watch"},
        ),
    ],
    symptoms=[
        {
            "name": "Headache",
            "start": "2026-03-02 09:00:00 +0000",
            "end": "2026-03-02 10:00:00 +0000",
            "severity": "Mild",
            "userEntered": True,
            "source": "Health",
        }
    ],
)


async def _ingest(client, key) -> None:
    resp = await client.post("/api/v1/ingest", data=PAYLOAD, headers=auth(key))
    assert resp.status == 200, await resp.text()


async def test_delete_endpoint_counts_deletes_only_what_matches_and_is_audited(client, new_key, conn):
    uid, key = await new_key("dora@example.org")
    other_uid, other_key = await new_key("eve@example.org")
    await _ingest(client, key)
    await _ingest(client, other_key)
    assert await count(conn, "quantity_samples", uid) == 4

    url = "/api/v1/data?metric=step_count&from=2026-03-02&to=2026-03-03&dry_run=true"
    resp = await client.delete(url, headers=auth(key))
    assert resp.status == 200
    got = await resp.json()
    assert got["dry_run"] is True and got["deleted"] == {"quantity_samples": 1} and got["total"] == 1
    assert await count(conn, "quantity_samples", uid) == 4  # a dry run deletes nothing

    resp = await client.delete(url.replace("&dry_run=true", ""), headers=auth(key))
    got = await resp.json()
    assert resp.status == 200 and got == {
        "dry_run": False,
        "deleted": {"quantity_samples": 1},
        "total": 1,
        "filters": {"metric": "step_count", "start": "2026-03-02T00:00:00+00:00", "end": "2026-03-03T00:00:00+00:00"},
    }
    assert await count(conn, "quantity_samples", uid) == 3
    assert await count(conn, "quantity_samples", other_uid) == 4  # another user's rows stay

    resp = await client.delete("/api/v1/data?family=symptoms", headers=auth(key))
    assert (await resp.json())["deleted"] == {"symptoms": 1}
    assert await count(conn, "symptoms", other_uid) == 1

    async def audited():
        return [r for r in await conn.fetch(tsql("audit_actions")) if r["action"] == "data_deleted"]

    events = await wait_for(lambda: _at_least(audited, 2))
    assert events[0]["user_id"] == uid and events[0]["details"]["rows"] == {"quantity_samples": 1}
    assert events[0]["details"]["via"] == "api" and events[0]["key_id"] is not None


async def _at_least(fetch, n):
    rows = await fetch()
    return rows if len(rows) >= n else None


async def test_delete_endpoint_refuses_bad_filters(client, new_key):
    _, key = await new_key()
    for query, parameter in (
        ("family=nope", "family"),
        ("metric=a&family=metrics", "metric"),
        ("from=yesterday", "from"),
        ("from=2026-03-02&to=2026-03-01", "from"),
        ("dry_run=maybe", "dry_run"),
    ):
        resp = await client.delete(f"/api/v1/data?{query}", headers=auth(key))
        got = await resp.json()
        assert resp.status == 400 and got["error"] == "invalid_parameter" and got["parameter"] == parameter, query


async def test_every_registry_table_is_planned_with_a_time_column():
    planned = deletes.plan(deletes.Filters())
    assert {t.key for t, _ in planned} == {t.key for t in deletes.tables.ALL if deletes.family_of(t)}
    assert all(deletes.time_column(t) for t, _ in planned)
    assert {t.target for t, _ in deletes.plan(deletes.Filters(family="workouts"))} >= {
        "workouts",
        "workout_series",
        "workout_route_points",
    }
    assert {t.target for t, _ in deletes.plan(deletes.Filters(metric="sleep_analysis"))} >= {
        "sleep_nights",
        "sleep_segments",
        "quantity_samples",
    }


async def test_cli_delete_and_dry_run(cfg, client, new_key, conn):
    uid, key = await new_key("fay@example.org")
    await _ingest(client, key)
    dry = await asyncio.to_thread(run, cfg, "delete", "--user", "fay@example.org", "--family", "metrics", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "quantity_samples\t4" in dry.stdout and "heart_rate_samples\t1" in dry.stdout
    assert "would delete 5 rows" in dry.stdout
    assert await count(conn, "quantity_samples", uid) == 4
    done = await asyncio.to_thread(run, cfg, "delete", "--user", "fay@example.org", "--metric", "body_mass")
    assert done.returncode == 0 and "deleted 1 rows" in done.stdout
    assert await count(conn, "quantity_samples", uid) == 3 and await count(conn, "symptoms", uid) == 1
    both = await asyncio.to_thread(
        run, cfg, "delete", "--user", "fay@example.org", "--metric", "x", "--family", "metrics"
    )
    assert both.returncode == 2 and "not allowed with" in both.stderr


async def test_user_purge_asks_then_removes_everything(cfg, client, new_key, conn):
    uid, key = await new_key("gus@example.org")
    other_uid, other_key = await new_key("hana@example.org")
    await _ingest(client, key)
    await _ingest(client, other_key)
    refused = await asyncio.to_thread(run, cfg, "user", "purge", "gus@example.org")  # stdin empty: "no"
    assert refused.returncode == 1 and "nothing deleted" in refused.stdout
    assert "raw_ingestions 1" in refused.stdout and "quantity_samples 4" in refused.stdout
    assert (await conn.fetchrow(tsql("user_leftovers"), uid))["users"] == 1

    done = await asyncio.to_thread(run, cfg, "user", "purge", "gus@example.org", "--yes")
    assert done.returncode == 0, done.stderr
    left = dict(await conn.fetchrow(tsql("user_leftovers"), uid))
    assert left == {"users": 0, "api_keys": 0, "raw_ingestions": 0, "raw_ingestion_chunks": 0, "audit_log": 0}
    for table in ("quantity_samples", "heart_rate_samples", "symptoms"):
        assert await count(conn, table, uid) == 0
    kept = dict(await conn.fetchrow(tsql("user_leftovers"), other_uid))
    assert kept["users"] == 1 and kept["raw_ingestions"] == 1 and await count(conn, "quantity_samples", other_uid) == 4
    purged = [r for r in await conn.fetch(tsql("audit_actions")) if r["action"] == "user_purged"]
    assert len(purged) == 1 and purged[0]["user_id"] == uid and "gus@" not in str(purged[0]["details"])

    async def refused():  # within the key cache's lifetime (auth.key_cache_s, at most 5 s)
        return (await client.get("/api/v1/ingestions", headers=auth(key))).status == 401

    await wait_for(refused, timeout=10, every=0.5)
