"""An import that stops half-way runs again to completion with nothing doubled; HAE's CSV export zip goes in as
the app's CSV REST body (archived, origin csv)."""

import zipfile

import pytest

from healthsink.importers import job
from healthsink.store import db
from healthsink.store.partitions import Partitions
from tests.helpers import count
from tests.test_import_apple import export_xml, rec


class Stop(Exception):
    pass


async def test_an_interrupted_import_finishes_on_the_second_run(db_url, new_key, conn, tmp_path):
    user_id, _ = await new_key()
    # the XML is parsed in 1 MiB pieces and rows leave at most once a piece: ~4 MiB make several batches
    n = 12_000
    body = "".join(
        rec(
            "StepCount",
            f"2026-03-{1 + i // 1440:02d} {i // 60 % 24:02d}:{i % 60:02d}:00 +0200",
            f"2026-03-{1 + i // 1440:02d} {i // 60 % 24:02d}:{i % 60:02d}:30 +0200",
            100 + i,
            "count",
            source="iPhone",
            device=False,
        )
        for i in range(n)
    )
    path = tmp_path / "export.xml"
    path.write_bytes(export_xml(body))
    pool = await db.create_pool(db_url, 1, 3)
    batches = []

    async def kill_after_two(progress):
        batches.append(progress.records)
        if len(batches) == 2:
            raise Stop  # as a crash would: mid-file, after two batches were merged

    try:
        first = await job.start(pool, user_id, path)
        with pytest.raises(Stop):
            await job.run(pool, Partitions(), user_id, first, path, batch_rows=1000, on_progress=kill_after_two)
        stored = await count(conn, "quantity_samples", user_id)
        assert 0 < stored < n
        row = await conn.fetchrow("SELECT status, error FROM imports WHERE user_id = $1 AND id = $2", user_id, first)
        assert row["status"] == "failed" and "Stop" in row["error"]
        again = await job.run(pool, Partitions(), user_id, await job.start(pool, user_id, path), path, batch_rows=1000)
    finally:
        await pool.close()
    assert again["inserted"]["metrics"] == n - stored and again["duplicates"]["metrics"] == stored
    assert await count(conn, "quantity_samples", user_id) == n


METRICS = (
    b"Date/Time,Step Count (count),Heart Rate [Min] (count/min),Heart Rate [Max] (count/min),"
    b"Heart Rate [Avg] (count/min)\n"
    b"2026-01-11 00:00:00,8123,50,150,80.5\n"
    b"2026-01-12 00:00:00,9000,,,\n"
)


async def test_hae_csv_export_zip_goes_in_as_a_csv_body(db_url, new_key, conn, tmp_path, cfg):
    from healthsink.pipeline import Ingestor

    user_id, _ = await new_key()
    z = tmp_path / "HealthAutoExport_20260113.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.writestr("HealthAutoExport_20260113/HealthMetrics-2026-01-11-2026-01-12.csv", METRICS)
    pool = await db.create_pool(db_url, 1, 3)
    try:
        partitions = Partitions()
        ingestor = Ingestor(pool, cfg, partitions)
        run = lambda: job.run(pool, partitions, user_id, import_id, z, batch_rows=100, ingestor=ingestor)
        import_id = await job.start(pool, user_id, z)
        out = await run()
        assert out["inserted"]["metrics"] == 3 and out["errors"] == [], out
        import_id = await job.start(pool, user_id, z)
        again = await run()
    finally:
        await pool.close()
    assert again["duplicates"]["metrics"] == 3 and sum(again["inserted"].values()) == 0
    kinds = {r["kind"] for r in await conn.fetch("SELECT kind FROM imports WHERE user_id = $1", user_id)}
    assert kinds == {"hae_files"}
    origins = {r["origin"] for r in await conn.fetch("SELECT origin FROM quantity_samples WHERE user_id = $1", user_id)}
    assert origins == {"csv"} and await count(conn, "heart_rate_samples", user_id) == 1
