"""Issue 12.3 (per-item validation) and 12.4 (partitions one body may create): a poison item is one entry in
`errors`, never the loss of the whole body."""

from healthsink.ingest import dates, rows
from tests.helpers import auth, body, count, metric


def _point(date: str, qty: float = 1, source: str = "iPhone") -> dict:
    return {"date": date, "qty": qty, "source": source}


async def test_dates_outside_the_window_and_huge_names_are_item_errors(client, new_key, conn):
    user_id, key = await new_key()
    payload = body(
        metrics=[
            metric(
                "step_count",
                "count",
                _point("2026-03-30 00:00:00 -0600", 10),
                _point("0001-01-01 00:00:00 +0000"),  # PostgreSQL: empty range bound specified for partition
                _point("0001-01-01 00:00:00 +0100"),  # before year 1 in UTC
                _point("2999-01-01 00:00:00 +0000"),
                _point("1969-12-31 23:00:00 +0000"),
                _point("2026-03-30 01:00:00 -0600", 2, source="x" * 9000),  # an index row over 8 kB
                _point("2026-03-30 02:00:00 -0600", 3),
            ),
            metric("m" * 600, "count", _point("2026-03-30 00:00:00 -0600")),
        ]
    )
    resp = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    out = await resp.json()
    assert resp.status == 200 and out["status"] == "processed", out
    assert [(e["path"], e["error"]) for e in out["errors"]] == [
        ("data.metrics[0].data[1]", "out_of_range"),
        ("data.metrics[0].data[2]", "invalid_date"),
        ("data.metrics[0].data[3]", "out_of_range"),
        ("data.metrics[0].data[4]", "out_of_range"),
        ("data.metrics[0].data[5]", "invalid_value"),
        ("data.metrics[1].data[0]", "invalid_value"),
    ]
    assert "ingest.max_key_chars" in out["errors"][4]["details"]
    assert out["inserted"]["metrics"] == 2
    assert await count(conn, "quantity_samples", user_id) == 2


async def test_the_window_is_configurable(make_client, cfg, new_key, monkeypatch):
    monkeypatch.setattr(rows, "_limits", rows._limits)  # create_app sets them for the process: put them back
    client = await make_client(cfg.replace(ingest={"min_date": "2020-01-01", "max_key_chars": 10}))
    _, key = await new_key()
    payload = body(
        metrics=[
            metric(
                "step_count",
                "count",
                _point("2019-12-31 12:00:00 +0000"),
                _point("2020-01-01 12:00:00 +0000", source="elevenchars"),
                _point("2020-01-01 12:00:00 +0000"),
            )
        ]
    )
    out = await (await client.post("/api/v1/ingest", data=payload, headers=auth(key))).json()
    assert [e["error"] for e in out["errors"]] == ["out_of_range", "invalid_value"]
    assert out["inserted"]["metrics"] == 1


async def test_one_body_creates_at_most_max_new_partitions_months(make_client, cfg, new_key, conn, monkeypatch):
    monkeypatch.setattr(rows, "_limits", rows._limits)
    client = await make_client(cfg.replace(ingest={"max_new_partitions": 3}))
    user_id, key = await new_key()
    points = [_point(f"20{y:02d}-{m:02d}-15 12:00:00 +0000") for y in (24, 25) for m in (1, 4, 7)]
    out = await (
        await client.post(
            "/api/v1/ingest", data=body(metrics=[metric("step_count", "count", *points)]), headers=auth(key)
        )
    ).json()
    assert out["inserted"]["metrics"] == 3
    assert [e["error"] for e in out["errors"]] == ["out_of_range"] * 3
    assert "ingest.max_new_partitions" in out["errors"][0]["details"]
    assert await count(conn, "quantity_samples", user_id) == 3
    # a later body may touch other months: the bound is per body
    later = body(metrics=[metric("step_count", "count", _point("2025-10-15 12:00:00 +0000"))])
    resp = await client.post("/api/v1/ingest", data=later, headers=auth(key))
    assert (await resp.json())["inserted"]["metrics"] == 1


def test_offsets_past_the_calendar_edge_are_invalid_dates():
    for value in ("0001-01-01 00:00:00 +0100", "9999-12-31 23:59:59 -0100"):
        try:
            dates.parse(value)
        except dates.InvalidDate:
            continue
        raise AssertionError(value)
