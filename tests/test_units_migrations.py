"""Migrations 0015-0019 on rows stored before them: units converted (orig_units kept), bucket ends filled in,
sources normalised with colliding rows merged (the newer value stays), spellings kept; and back down."""

import math
from datetime import UTC, datetime, timedelta

import asyncpg
from yoyo import get_backend, read_migrations

from healthsink import MIGRATIONS_DIR, units
from healthsink.ingest import names
from healthsink.store import db, migrate
from healthsink.store.sql import sql
from tests.helpers import tsql

OURS = ("0015", "0016", "0017", "0018", "0019")
T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)
OLD, NEW = datetime(2026, 3, 3, tzinfo=UTC), datetime(2026, 3, 4, tzinfo=UTC)
WATCH = "Anna\u2019s Apple\u00a0Watch"


def _yoyo(url, choose, rollback=False):
    backend, migrations = get_backend(migrate.yoyo_url(url)), read_migrations(str(MIGRATIONS_DIR))
    with backend, backend.lock():
        if rollback:
            backend.rollback_migrations(backend.to_rollback(migrations.filter(choose)))
        else:
            backend.apply_migrations(backend.to_apply(migrations.filter(choose)))


async def _legacy_rows(url) -> int:
    c = await asyncpg.connect(url)
    try:
        user_id = await c.fetchval(sql("users/add_user"), "old@example.org")
        for parent in ("quantity_samples", "heart_rate_samples"):
            await c.execute(sql("ingest/ensure_partitions"), parent, [T0])
        q = tsql("insert_legacy_quantity")
        await c.execute(q, user_id, "active_energy", "Watch", T0, "kJ", 418.4, OLD)
        await c.execute(q, user_id, "active_energy", "Watch", T0 + timedelta(hours=1), "kcal", 50.0, OLD)
        await c.execute(q, user_id, "body_temperature", "Thermo", T0, "degF", 98.6, OLD)
        await c.execute(q, user_id, "walking_speed", "iPhone", T0, "km", 4.8, OLD)  # unknown: left alone
        # one watch written two ways on one day bucket: the row written last keeps its value
        await c.execute(q, user_id, "flights_climbed", WATCH, T0, "count", 4.0, OLD)
        await c.execute(q, user_id, "flights_climbed", "Anna's Apple Watch", T0, "count", 6.0, NEW)
        await c.execute(q, user_id, "step_count", "iPhone|" + WATCH, T0, "count", 900.0, NEW)
        await c.execute(q, user_id, "step_count", "Anna's Apple Watch|iPhone", T0, "count", 800.0, OLD)
        await c.execute(tsql("insert_legacy_heart_rate"), user_id, WATCH, T0, "bpm", 64.0)
        return user_id
    finally:
        await c.close()


async def _stored(url, user_id):
    c = await asyncpg.connect(url)
    await db.set_codecs(c)  # jsonb as Python values (the schema may be half migrated: no staging)
    try:
        q = [dict(r) for r in await c.fetch(tsql("quantity_by_metric"), user_id)]
        hr = [dict(r) for r in await c.fetch(tsql("all_rows").replace("{table}", "heart_rate_samples"), user_id)]
        return q, hr
    finally:
        await c.close()


async def test_rows_stored_before_are_converted_merged_and_restored(empty_db_url):
    _yoyo(empty_db_url, lambda m: m.id[:4] < OURS[0])
    user_id = await _legacy_rows(empty_db_url)
    migrate.apply(empty_db_url)

    q, hr = await _stored(empty_db_url, user_id)
    first = q
    got = {(r["metric"], r["source"], r["ts"]): r for r in q}
    assert len(q) == 6
    kj = got[("active_energy", "Watch", T0)]
    assert (kj["units"], kj["orig_units"], kj["qty"]) == ("kcal", "kJ", 100.0)
    # the migration's SQL rounds as ingest does
    assert kj["qty"] == units.to_canonical("active_energy", "kJ", 418.4)[0]
    assert got[("active_energy", "Watch", T0 + timedelta(hours=1))]["orig_units"] is None
    temp = got[("body_temperature", "Thermo", T0)]
    assert (temp["units"], temp["orig_units"]) == ("degC", "degF") and math.isclose(temp["qty"], 37.0)
    speed = got[("walking_speed", "iPhone", T0)]
    assert (speed["units"], speed["orig_units"], speed["qty"]) == ("km", None, 4.8)
    assert all(r["end_ts"] == r["ts"] for r in q)
    assert got[("flights_climbed", "Anna's Apple Watch", T0)]["qty"] == 6.0
    steps = got[("step_count", "Anna's Apple Watch|iPhone", T0)]
    assert steps["qty"] == 900.0 and steps["extra"] == {"source_raw": "iPhone|" + WATCH}
    [h] = hr
    assert (h["source"], h["units"], h["orig_units"], h["hr_avg"]) == ("Anna's Apple Watch", "count/min", "bpm", 64.0)
    c = await asyncpg.connect(empty_db_url)
    try:
        aliases = [tuple(r) for r in await c.fetch(tsql("source_aliases"), user_id)]
    finally:
        await c.close()
    assert aliases == [(WATCH, names.source_key(WATCH)), ("iPhone|" + WATCH, "Anna's Apple Watch|iPhone")]

    # down again: units as sent, no ends; the normalised sources stay
    _yoyo(empty_db_url, lambda m: m.id[:4] in OURS[1:], rollback=True)
    q, hr = await _stored(empty_db_url, user_id)
    back = {(r["metric"], r["source"], r["ts"]): r for r in q}
    assert (back[("active_energy", "Watch", T0)]["units"], back[("active_energy", "Watch", T0)]["qty"]) == ("kJ", 418.4)
    assert math.isclose(back[("body_temperature", "Thermo", T0)]["qty"], 98.6)
    assert all(r["end_ts"] is None for r in q) and hr[0]["units"] == "bpm"
    # and up once more: the same rows as the first time
    migrate.apply(empty_db_url)
    again, _ = await _stored(empty_db_url, user_id)
    assert [_shape(r) for r in again] == [_shape(r) for r in first]


def _shape(r):
    return r["metric"], r["source"], r["ts"], r["end_ts"], r["units"], r["orig_units"], r["qty"]
