"""Row origin: rows carry the feed that wrote them, and an Apple export never overwrites the live feed."""

from healthsink.ingest import metrics
from healthsink.ingest.result import Result
from healthsink.ingest.rows import RowBuilder
from healthsink.store import flush, imports
from healthsink.store.partitions import Partitions
from tests.helpers import auth, body, metric, tsql


async def _export_points(conn, user_id: int, name: str, units: str, points: list[dict]) -> int:
    """Rows written the way the Apple importer writes them: its own ingestion id, noted 'apple_export'."""
    import_id = await imports.start(conn, user_id, "apple_export", "export.zip", "running", None)
    b = RowBuilder(user_id, import_id, Result())
    metrics.add_points(b, 0, name, units, points)
    await flush.flush(conn, Partitions(), b.take())
    return import_id


async def test_rows_carry_their_origin_and_export_never_overwrites_live(client, new_key, conn):
    user_id, key = await new_key()
    live = body(
        metrics=[
            metric(
                "step_count",
                "count",
                {"date": "2026-03-30 00:00:00 -0600", "qty": 8123, "source": "Watch|iPhone"},
                {"date": "2026-03-30 09:00:00 -0600", "qty": 10, "source": "iPhone"},
            )
        ]
    )
    resp = await client.post("/api/v1/ingest", data=live, headers=auth(key))
    assert resp.status == 200, await resp.text()

    await _export_points(
        conn,
        user_id,
        "step_count",
        "count",
        [
            {"date": "2026-03-30 09:00:00 -0600", "qty": 12, "source": "iPhone"},  # same key as a live raw point
            {"date": "2026-03-30 10:00:00 -0600", "qty": 500, "source": "iPhone"},
        ],
    )
    got = [(r["source"], r["qty"], r["origin"]) for r in await conn.fetch(tsql("origin_rows"), user_id, "step_count")]
    assert got == [("Watch|iPhone", 8123, "hae"), ("iPhone", 10, "hae"), ("iPhone", 500, "apple_export")]

    # a later export may correct its own rows; the live feed may overwrite an export's row
    await _export_points(
        conn, user_id, "step_count", "count", [{"date": "2026-03-30 10:00:00 -0600", "qty": 501, "source": "iPhone"}]
    )
    live2 = body(
        metrics=[metric("step_count", "count", {"date": "2026-03-30 10:00:00 -0600", "qty": 499, "source": "iPhone"})]
    )
    assert (await client.post("/api/v1/ingest", data=live2, headers=auth(key))).status == 200
    got = [(r["qty"], r["origin"]) for r in await conn.fetch(tsql("origin_rows"), user_id, "step_count")]
    assert got == [(8123, "hae"), (10, "hae"), (499, "hae")]


async def test_a_day_through_both_feeds_is_counted_once(client, new_key, db_url, tmp_path):
    from healthsink.importers import job
    from healthsink.store import db
    from tests.test_import_apple import export_xml, rec

    user_id, key = await new_key()
    live = body(
        metrics=[
            metric("step_count", "count", {"date": "2026-03-30 00:00:00 +0200", "qty": 8123, "source": "Watch|iPhone"})
        ]
    )
    assert (await client.post("/api/v1/ingest", data=live, headers=auth(key))).status == 200
    samples = "".join(
        rec(
            "StepCount",
            f"2026-03-30 {h:02d}:00:00 +0200",
            f"2026-03-30 {h:02d}:30:00 +0200",
            1000,
            "count",
            source="iPhone",
            device=False,
        )
        for h in range(8, 17)
    )
    samples += rec(
        "StepCount",
        "2026-03-31 09:00:00 +0200",
        "2026-03-31 09:30:00 +0200",
        500,
        "count",
        source="iPhone",
        device=False,
    )
    path = tmp_path / "export.xml"
    path.write_bytes(export_xml(samples))
    pool = await db.create_pool(db_url, 1, 2)
    try:
        out = await job.run(pool, Partitions(), user_id, await job.start(pool, user_id, path), path, batch_rows=1000)
    finally:
        await pool.close()
    assert out["inserted"]["metrics"] == 10
    resp = await client.get(
        "/api/v1/metrics/step_count?bucket=day&merge=true&tz=Europe/Paris"
        "&start=2026-03-30T00:00:00%2B02:00&end=2026-04-01T00:00:00%2B02:00",
        headers=auth(key),
    )
    assert resp.status == 200, await resp.text()
    data = (await resp.json())["points"]
    days = {p["date"][:10]: p["qty"] for p in data}
    # the live feed's bucket where it exists (not 8123 + 9000), the export's samples on the other day
    assert days == {"2026-03-30": 8123, "2026-03-31": 500}
