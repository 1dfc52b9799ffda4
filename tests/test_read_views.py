"""The reporting views and the API agree: the same data read through daily_merged and through
/api/v1/metrics/{name}?bucket=day&merge=true give the same days and numbers."""

from datetime import UTC, date, datetime, timedelta

from tests.helpers import auth, tsql
from tests.test_read_api import get
from tests.test_read_series import put


async def test_daily_merged_view_matches_the_api(client, new_key, conn):
    user_id, key = await new_key()
    assert (await client.patch("/api/v1/me", json={"tz": "Europe/Berlin"}, headers=auth(key))).status == 200
    t0 = datetime(2026, 3, 28, 20, tzinfo=UTC)  # Berlin springs forward on the 29th
    rows = [
        ("iPhone", 0, 120.0, "hae"),
        ("Apple Watch", 1, 200.0, "hae"),  # the 28th, 21:00 and 22:00
        ("iPhone", 3, 80.0, "hae"),  # the 29th, 00:00 (+01:00)
        ("Apple Watch|iPhone", 24, 300.0, "hae"),
        ("iPhone", 25, 100.0, "hae"),  # the 29th, 22:00 (+02:00)
        ("iPhone", 46, 999.0, "apple_export"),
        ("Watch", 47, 40.0, "hae"),  # the 30th: the live feed's
        ("iPhone", 70, 70.0, "apple_export"),
        ("iPhone", 71, 30.0, "apple_export"),
    ]  # the 31st: export only
    for source, hours, qty, origin in rows:
        await put(conn, user_id, "active_energy", source, t0 + timedelta(hours=hours), "kcal", qty, origin)
    await put(conn, user_id, "active_energy", "iPhone", t0 + timedelta(hours=2), "zorkmid", 5.0)
    view = [r for r in await conn.fetch(tsql("daily_merged_rows"), user_id, "active_energy") if r["units"] == "kcal"]
    api = {
        agg: (await get(client, key, f"/api/v1/metrics/active_energy?bucket=day&merge=true&units=metric&agg={agg}"))
        for agg in ("sum", "avg", "min", "max", "count")
    }
    assert api["sum"]["tz"] == "Europe/Berlin" and api["sum"]["units"] == "kcal"
    days = [datetime.fromisoformat(p["date"]).date() for p in api["sum"]["points"]]
    assert (
        [r["local_date"] for r in view]
        == days
        == [date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30), date(2026, 3, 31)]
    )
    for agg, column in (
        ("sum", "total"),
        ("avg", "average"),
        ("min", "minimum"),
        ("max", "maximum"),
        ("count", "count"),
    ):
        assert [p["qty"] for p in api[agg]["points"]] == [r[column] for r in view], agg
    assert [p["sources"] for p in api["sum"]["points"]] == [r["sources"] for r in view]
    assert [r["total"] for r in view] == [200.0, 300.0, 40.0, 100.0]
    apart = [r for r in await conn.fetch(tsql("daily_merged_rows"), user_id, "active_energy") if r["units"] != "kcal"]
    assert [(r["units"], r["total"]) for r in apart] == [("zorkmid", 5.0)]
    assert api["sum"]["apart"][0]["units"] == "zorkmid"
