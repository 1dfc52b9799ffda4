"""An export's date-only range is made of the caller's local days, like every other read."""

import orjson

from tests.helpers import auth, body, metric


async def test_a_date_only_export_range_is_the_users_local_days(client, new_key):
    _, key = await new_key()
    r = await client.patch("/api/v1/me", json={"tz": "Europe/Berlin"}, headers=auth(key))
    assert r.status == 200, await r.text()
    payload = body(
        metrics=[
            metric(
                "step_count",
                "count",
                {"date": "2026-03-01 22:30:00 +0000", "qty": 1, "source": "iPhone"},  # 23:30 on 1 March
                {"date": "2026-03-01 23:30:00 +0000", "qty": 2, "source": "iPhone"},
            )
        ]
    )  # 00:30 on 2 March
    assert (await client.post("/api/v1/ingest", data=payload, headers=auth(key))).status == 200
    r = await client.get("/api/v1/export?type=quantity&start=2026-03-02&end=2026-03-03", headers=auth(key))
    assert r.status == 200
    rows = [orjson.loads(line) for line in (await r.read()).splitlines()]
    assert [row["qty"] for row in rows] == [2]
