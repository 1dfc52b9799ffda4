"""The real sample exports in ../shared/fixtures/apple-export (skipped, saying so, when the folder is absent)."""

from pathlib import Path

import pytest

from healthsink.importers import job
from healthsink.store import db
from healthsink.store.partitions import Partitions
from tests.helpers import count, rows

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "apple-export"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"no sample exports in {SAMPLES}")
K0 = "k0rventen__apple-health-grafana__test-export"


@pytest.fixture
async def run_import(db_url, new_key):
    pool = await db.create_pool(db_url, 1, 3)
    user_id, _ = await new_key()

    async def run(name):
        path = SAMPLES / name
        return await job.run(pool, Partitions(), user_id, await job.start(pool, user_id, path), path, batch_rows=5000)

    run.user_id = user_id
    yield run
    await pool.close()


async def test_k0rventen_export_and_its_chinese_twin(run_import, conn):
    out = await run_import(K0 + ".zip")
    assert out["records"] == 8038 and out["errors"] == [], out["errors"][:3]
    uid = run_import.user_id
    beats = await rows(conn, "heartbeat_series", uid)
    assert len(beats) == 400 and sum(len(r["beat_epochs"]) for r in beats) == 13081
    assert await count(conn, "sleep_segments", uid) == 400
    assert await count(conn, "heart_rate_samples", uid) == 400
    pct = await conn.fetchval(
        "SELECT max(qty) FROM quantity_samples WHERE user_id = $1 AND metric = 'walking_double_support_percentage'", uid
    )
    assert 1 < pct <= 100
    twin = await run_import(K0 + "-cn.zip")  # the same XML as 导出.xml: nothing new
    assert twin["records"] == 8038 and sum(twin["inserted"].values()) == 0


async def test_dogsheep_and_alxdrcirilo_exports(run_import, conn):
    out = await run_import("dogsheep__healthkit-to-sqlite__export.xml")
    assert out["errors"] == [] and out["workouts"] == 1 and out["route_points"] == 2
    assert out["activity_summaries"] == 2
    w = (await rows(conn, "workouts", run_import.user_id))[0]
    assert w["utc_offset"] == -480  # HKTimeZone America/Los_Angeles in November, not the export's -0700
    out = await run_import("alxdrcirilo__apple-health-parser__export.xml")
    assert out["errors"] == [] and out["records"] == 8


async def test_a_modern_workout_fragment(run_import, conn):
    out = await run_import("NicolasReyrolle__apple-health-analyzer__workout_running_multiple_parts.xml")
    assert out["errors"] == [] and out["workouts"] == 1
    # its 17 GPX files stay in their repository: each missing one is a warning, the workout is stored
    assert sum(w["warning"] == "route_unreadable" for w in out["warnings"]) == 17
    w = (await rows(conn, "workouts", run_import.user_id))[0]
    export = w["metadata"]["export"]
    assert len(export["activities"]) == 17
    assert len(export["events"]) + sum(len(a["events"]) for a in export["activities"]) == 52  # 10 + 42
    assert w["utc_offset"] == 120  # Europe/Paris in September, not the +0100 the export wrote
