"""POST /api/v1/imports and GET /api/v1/imports/{id}; Health Auto Export files through the same parser."""

import asyncio

from tests.helpers import auth, body, count, metric
from tests.test_import_apple import BODY, export_xml, make_zip


async def _wait(client, key, import_id: int) -> dict:
    for _ in range(400):
        resp = await client.get(f"/api/v1/imports/{import_id}", headers=auth(key))
        assert resp.status == 200
        got = await resp.json()
        if got["status"] in ("done", "failed"):
            return got
        await asyncio.sleep(0.05)
    raise AssertionError(f"import {import_id} still {got['status']}")


async def test_post_an_export_then_follow_it(client, new_key, conn, tmp_path):
    user_id, key = await new_key()
    data = make_zip(tmp_path / "export.zip", export_xml(BODY)).read_bytes()
    resp = await client.post("/api/v1/imports", data=data, headers={**auth(key), "Content-Type": "application/zip"})
    assert resp.status == 202, await resp.text()
    import_id = (await resp.json())["import_id"]
    got = await _wait(client, key, import_id)
    assert got["status"] == "done" and got["kind"] == "apple_export" and got["error"] is None
    assert got["records_done"] == got["records"] > 20 and got["bytes_done"] > 0 and got["digest"]
    assert got["export_date"].startswith("2026-03-31") and got["inserted"]["workouts"] == 2
    assert await count(conn, "workouts", user_id) == 2
    _, other_key = await new_key("bob@example.org")
    assert (await client.get(f"/api/v1/imports/{import_id}", headers=auth(other_key))).status == 404


async def test_a_bad_file_is_a_failed_import_with_its_line(client, new_key):
    _, key = await new_key()
    broken = export_xml(BODY).replace(b'sourceName="Breathe"', b'sourceName="Breathe & Co"')
    resp = await client.post("/api/v1/imports", data=broken, headers=auth(key))
    got = await _wait(client, key, (await resp.json())["import_id"])
    assert got["status"] == "failed" and "XML syntax error" in got["error"] and "line " in got["error"]
    assert got["records"] > 0  # what came before the error was imported


async def test_too_big_is_413(make_client, cfg, new_key):
    client = await make_client(cfg.replace(imports={"max_bytes": 100}))
    _, key = await new_key()
    resp = await client.post("/api/v1/imports", data=b"x" * 1000, headers=auth(key))
    assert resp.status == 413
    assert (await resp.json())["error"] == "payload_too_large"


async def test_hae_json_file_goes_through_the_rest_parser_and_archive(client, new_key, conn):
    user_id, key = await new_key()
    payload = body(
        metrics=[
            metric("step_count", "count", {"date": "2026-03-30 00:00:00 -0600", "qty": 8123, "source": "Watch|iPhone"})
        ]
    )
    resp = await client.post("/api/v1/imports?name=HealthAutoExport-2026-03-30.json", data=payload, headers=auth(key))
    got = await _wait(client, key, (await resp.json())["import_id"])
    assert got["status"] == "done" and got["kind"] == "hae_files", got
    assert got["inserted"]["metrics"] == 1 and len(got["files"]) == 1
    ingestion = got["files"][0]["ingestion_id"]
    resp = await client.get(f"/api/v1/ingestions/{ingestion}", headers=auth(key))
    assert (await resp.json())["status"] == "processed"  # archived like a REST body
    resp = await client.post("/api/v1/imports?name=again.json", data=payload, headers=auth(key))
    again = await _wait(client, key, (await resp.json())["import_id"])
    assert again["duplicates"]["metrics"] == 1 and again["inserted"]["metrics"] == 0
    row = await conn.fetchrow("SELECT origin FROM quantity_samples WHERE user_id = $1", user_id)
    assert row["origin"] == "hae"
