"""Every real payload in ../shared/fixtures/hae is accepted, with exact counts, on both parse paths."""

import orjson
import pytest

from healthsink.ingest import tables
from tests.helpers import FIXTURES, auth, fixture_files, rows, wait_for

# Items per fixture (metrics in data points), counted by hand from the files.
EXPECTED = {
    "metrics_active_energy_kJ_and_empty_basal_body_temperature_2021_irvinlim.json": {"metrics": 2},
    "metrics_daily_aggregated_30_metrics_real_2026-04-05_ARRAY_WRAPPED_cornflower.json": {"metrics": 182},
    "metrics_daily_aggregated_30_metrics_real_2026-04-06_cornflower.json": {"metrics": 182},
    "metrics_mixed_real_2025-12_EXCERPT_a7d.json": {"metrics": 26},
    "metrics_step_count_no_source_2021-03_joshuacoles.json": {"metrics": 6},
    "sleep_analysis_aggregated_hae_6.6.2_2023_irvinlim.json": {"metrics": 1},
    "sleep_analysis_aggregated_pre_6.6.2_2021_irvinlim.json": {"metrics": 1},
    "sleep_analysis_unaggregated_2021_irvinlim.json": {"metrics": 1},
    "sleep_analysis_unaggregated_real_2025-04_starbackr.json": {"metrics": 741},
    "workouts_v1_walking_route_elevation_2021_irvinlim.json": {"workouts": 1},
    "workouts_v2_summaries_anonymised_2024_jimmy-little.json": {"workouts": 7},
}
ZERO = dict.fromkeys(tables.FAMILIES, 0)
IGNORED = {"ingestion_id", "created_at", "updated_at"}

pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"no real payloads at {FIXTURES}")


def test_every_fixture_has_expected_counts():
    assert sorted(p.name for p in fixture_files()) == sorted(EXPECTED)


async def _snapshot(conn, user_id):
    out = {}
    for t in tables.ALL:
        out[t.target] = sorted(
            tuple((k, v) for k, v in r.items() if k not in IGNORED) for r in await rows(conn, t.target, user_id)
        )
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_fixture_is_stored_exactly_and_resend_is_all_duplicates(client, new_key, conn, name):
    user_id, key = await new_key()
    payload = (FIXTURES / name).read_bytes()
    expected = {**ZERO, **EXPECTED[name]}

    resp = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    out = await resp.json()
    assert resp.status == 200, out
    assert out["status"] == "processed" and out["errors"] == []
    assert out["processed"] == expected
    assert out["inserted"] == expected

    # the same bytes again: every item a duplicate, nothing written
    again = await (await client.post("/api/v1/ingest", data=payload, headers=auth(key))).json()
    assert again["duplicates"] == expected and again["inserted"] == ZERO and again["updated"] == ZERO

    # the same items in other bytes (re-serialised) go the whole way through the merge: still duplicates
    reencoded = orjson.dumps(orjson.loads(payload))
    third = await (await client.post("/api/v1/ingest", data=reencoded, headers=auth(key))).json()
    assert third["duplicates"] == expected and third["inserted"] == ZERO and third["updated"] == ZERO


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_streamed_parse_stores_the_same_rows(make_client, cfg, new_key, conn, name):
    """Bodies above parse_whole_max_bytes go through the incremental parser, queued: same rows."""
    whole_client = await make_client(cfg)
    streamed_cfg = cfg.replace(ingest={"parse_whole_max_bytes": 0, "async_threshold_bytes": 0})
    stream_client = await make_client(streamed_cfg)
    payload = (FIXTURES / name).read_bytes()

    user_a, key_a = await new_key("whole@example.org")
    user_b, key_b = await new_key("streamed@example.org")
    assert (await whole_client.post("/api/v1/ingest", data=payload, headers=auth(key_a))).status == 200
    resp = await stream_client.post("/api/v1/ingest", data=payload, headers=auth(key_b))
    queued = await resp.json()
    assert resp.status == 202 and queued["status"] == "queued"

    async def done():
        r = await (await stream_client.get(f"/api/v1/ingestions/{queued['ingestion_id']}", headers=auth(key_b))).json()
        return r if r["status"] in ("processed", "failed") else None

    final = await wait_for(done)
    assert final["status"] == "processed", final
    assert final["processed"] == {**ZERO, **EXPECTED[name]}

    a, b = await _snapshot(conn, user_a), await _snapshot(conn, user_b)
    strip = lambda snap: {t: [tuple(kv for kv in r if kv[0] != "user_id") for r in rs] for t, rs in snap.items()}
    assert strip(a) == strip(b)
