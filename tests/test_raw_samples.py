"""Raw samples keep their end (issue 13 item 6): one source's samples with the same start and another end are
both stored; a bucket with no end still grows in place."""

from tests.helpers import auth, body, metric, rows

START = "2026-03-02 08:00:00 +0000"


async def post(client, key, payload):
    resp = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    assert resp.status == 200
    return await resp.json()


def raw(qty, end, source="Watch", start=START):
    return {"date": start, "start": start, "end": end, "qty": qty, "source": source}


async def test_same_start_another_end_is_another_sample(client, new_key, conn):
    user_id, key = await new_key()
    # a minute record and a catch-up record from one watch, both starting at 08:00
    out = await post(
        client,
        key,
        body(
            metrics=[
                metric(
                    "step_count", "count", raw(31, "2026-03-02 08:01:00 +0000"), raw(412, "2026-03-02 08:20:00 +0000")
                )
            ]
        ),
    )
    assert out["inserted"]["metrics"] == 2 and out["processed"]["metrics"] == 2
    stored = sorted((r["end_ts"].isoformat(), r["qty"]) for r in await rows(conn, "quantity_samples", user_id))
    assert stored == [("2026-03-02T08:01:00+00:00", 31.0), ("2026-03-02T08:20:00+00:00", 412.0)]
    # the same two again: duplicates; one of them with another value: an update of that one only
    out = await post(
        client,
        key,
        body(
            metrics=[
                metric(
                    "step_count", "count", raw(31, "2026-03-02 08:01:00 +0000"), raw(415, "2026-03-02 08:20:00 +0000")
                )
            ]
        ),
    )
    assert (out["duplicates"]["metrics"], out["updated"]["metrics"], out["inserted"]["metrics"]) == (1, 1, 0)


async def test_a_bucket_with_no_end_grows_in_place(client, new_key, conn):
    user_id, key = await new_key()
    for qty, counted in ((4000, "inserted"), (6500, "updated"), (6500, "duplicates")):
        out = await post(
            client,
            key,
            body(
                metrics=[
                    metric("step_count", "count", {"date": "2026-03-02 00:00:00 +0100", "qty": qty, "source": "iPhone"})
                ]
            ),
        )
        assert out[counted]["metrics"] == 1
    [row] = await rows(conn, "quantity_samples", user_id)
    assert row["qty"] == 6500 and row["end_ts"] == row["ts"]  # no end: keyed with end = start


async def test_heart_rate_samples_keep_their_end_too(client, new_key, conn):
    user_id, key = await new_key()
    points = [
        {"date": START, "start": START, "end": end, "Min": v, "Avg": v, "Max": v, "source": "Watch"}
        for v, end in ((71, "2026-03-02 08:00:05 +0000"), (74, "2026-03-02 08:00:30 +0000"))
    ]
    out = await post(client, key, body(metrics=[metric("heart_rate", "count/min", *points)]))
    assert out["inserted"]["metrics"] == 2
    assert sorted(r["hr_avg"] for r in await rows(conn, "heart_rate_samples", user_id)) == [71.0, 74.0]
