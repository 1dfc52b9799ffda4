"""A trailing slash on an API path is redirected (308: method and body kept) to the path without it."""

from tests.helpers import auth, body, metric


async def test_trailing_slash_redirects_keeping_method_and_body(client, new_key):
    _, key = await new_key()
    resp = await client.get("/api/v1/ingestions/", headers=auth(key), allow_redirects=False)
    assert resp.status == 308 and resp.headers["Location"] == "/api/v1/ingestions"
    resp = await client.get("/api/v1/ingestions/?limit=1", headers=auth(key), allow_redirects=False)
    assert resp.headers["Location"] == "/api/v1/ingestions?limit=1"
    payload = body(metrics=[metric("step_count", "count", {"date": "2026-03-01 00:00:00 +0000", "qty": 3})])
    resp = await client.post("/api/v1/ingest/", data=payload, headers=auth(key))
    assert resp.status == 200 and (await resp.json())["processed"]["metrics"] == 1
    assert (await client.get("/health/")).status == 200


async def test_unknown_path_with_slash_is_still_404(client):
    resp = await client.get("/api/v1/nothing/")
    assert resp.status == 404 and (await resp.json())["error"] == "not_found"
