"""Data-quality monitoring: stale users and automations, out-of-range values, gaps; findings in /api/v1/status
and /metrics, each sent once through Apprise to a local JSON endpoint."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web

from healthsink import config as configmod
from healthsink.errors import ConfigError
from healthsink.monitor import Monitor
from tests.helpers import auth, body, count, metric, wait_for

STALE_S = 1.5


@pytest.fixture
async def inbox(aiohttp_server):
    """A local HTTP endpoint collecting what Apprise's json:// posts."""
    received = []

    async def hook(request):
        received.append(await request.json())
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/", hook)
    server = await aiohttp_server(app)
    return server, received


async def test_stale_user_and_automation_are_alerted_once_and_shown(cfg, make_client, new_key, inbox):
    server, received = inbox
    cfg = cfg.replace(
        monitor={"interval_s": 0.3, "stale_after_hours": STALE_S / 3600},
        alerts={"urls": [f"json://127.0.0.1:{server.port}/"]},
    )
    client = await make_client(cfg)
    user_id, key = await new_key("nia@example.org")
    payload = body(metrics=[metric("step_count", "count", {"date": "2026-03-01 00:00:00 +0000", "qty": 5})])
    resp = await client.post("/api/v1/ingest", data=payload, headers={**auth(key), "automation-name": "Daily steps"})
    assert resp.status == 200

    async def alerted():
        return received if received else None

    await wait_for(alerted, timeout=15, every=0.1)
    await asyncio.sleep(1.5)  # several more intervals: still one message
    assert len(received) == 1
    text = received[0]["title"] + "\n" + received[0]["message"]
    assert "2 new data-quality findings" in text
    assert "nia@example.org: no sync since" in text and "automation 'Daily steps' has not synced" in text

    got = await (await client.get("/api/v1/status", headers=auth(key))).json()
    assert {(f["kind"], f["subject"]) for f in got["findings"]} == {
        ("stale_user", ""),
        ("stale_automation", "Daily steps"),
    }
    assert all(f["alerted_at"] for f in got["findings"])
    assert got["last_sync_age_s"] >= STALE_S and got["automations"][0]["name"] == "Daily steps"
    assert got["monitor"]["last_check"] is not None

    scrape = await (await client.get("/metrics")).text()
    assert f'healthsink_last_sync_age_seconds{{user_id="{user_id}"}}' in scrape
    assert 'healthsink_monitor_findings{kind="stale_user"} 1.0' in scrape
    assert 'healthsink_monitor_findings{kind="gap"} 0.0' in scrape

    # a sync resolves the user's finding; silence again later is a new finding, sent again
    resp = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    assert resp.status == 200

    async def resolved():
        got = await (await client.get("/api/v1/status", headers=auth(key))).json()
        return "stale_user" not in {f["kind"] for f in got["findings"]}

    await wait_for(resolved, timeout=10, every=0.1)
    await wait_for(lambda: _at_least(received, 2), timeout=15, every=0.1)
    assert "no sync since" in received[1]["message"] and "Daily steps" not in received[1]["message"]


async def _at_least(items, n):
    return len(items) >= n


def _days(metric_name, units, days, value, hour=12):
    now = datetime.now(UTC)
    return metric(
        metric_name,
        units,
        *[
            {"date": (now - timedelta(days=d)).strftime(f"%Y-%m-%d {hour:02}:00:00 +0000"), "qty": value, "source": "X"}
            for d in days
        ],
    )


async def test_out_of_range_values_are_flagged_not_dropped_and_gaps_found(cfg, client, new_key, conn):
    user_id, key = await new_key("oli@example.org")
    payload = body(
        metrics=[
            _days("weight_body_mass", "kg", [5], 900),  # a scale's misreading
            _days("weight_body_mass", "kg", [6], 71.5),
            _days("step_count", "count", range(4, 12), 8000),  # daily for 8 days, silent for the last 4
            _days("heart_rate_variability", "ms", [0], 40),  # but the phone still syncs
        ]
    )
    resp = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    assert resp.status == 200 and (await resp.json())["success"] is True
    assert await count(conn, "quantity_samples", user_id) == 11  # the 900 kg is stored

    report = await Monitor(client.server.app[_pool_key()], cfg).run_once()
    assert report.found == 2 and report.new == 2 and report.sent == 0  # no alerts.urls: shown only
    got = await (await client.get("/api/v1/status", headers=auth(key))).json()
    by_kind = {f["kind"]: f for f in got["findings"]}
    assert set(by_kind) == {"out_of_range", "gap"}
    assert by_kind["out_of_range"]["subject"] == "weight_body_mass"
    assert by_kind["out_of_range"]["detail"]["highest"] == 900 and by_kind["out_of_range"]["detail"]["values"] == 1
    assert by_kind["gap"]["subject"] == "step_count" and by_kind["gap"]["detail"]["days"] == 8

    resp = await client.delete("/api/v1/data?metric=weight_body_mass", headers=auth(key))
    assert resp.status == 200
    await Monitor(client.server.app[_pool_key()], cfg).run_once()
    got = await (await client.get("/api/v1/status", headers=auth(key))).json()
    assert {f["kind"] for f in got["findings"]} == {"gap"}


def _pool_key():
    from healthsink.web.appkeys import POOL

    return POOL


def test_alert_urls_are_checked_at_start_and_masked_in_the_dump(tmp_path):
    toml = tmp_path / "c.toml"
    toml.write_text('[alerts]\nurls = ["ntfy://ntfy.sh/secret-topic", "mailto://me:pa55@example.org"]\n')
    cfg = configmod.load(toml, env={})
    dumped = str(configmod.dump(cfg))
    assert "secret-topic" not in dumped and "pa55" not in dumped and "ntfy://***" in dumped
    toml.write_text('[alerts]\nurls = ["nosuchscheme://x"]\n')
    with pytest.raises(ConfigError, match="alerts.urls"):
        configmod.load(toml, env={})
    with pytest.raises(ConfigError, match="monitor.interval_s"):
        configmod.load(toml, env={"HEALTHSINK_MONITOR_INTERVAL_S": "0", "HEALTHSINK_ALERTS_URLS": ""})


async def test_alerts_test_command_sends_to_every_url(cfg, inbox):
    from tests.test_cli import run

    server, received = inbox
    url = f"json://127.0.0.1:{server.port}/"
    out = await asyncio.to_thread(run, cfg, "alerts", "test", env={"HEALTHSINK_ALERTS_URLS": url})
    assert out.returncode == 0 and "sent to 1 URL(s)" in out.stdout, out.stderr
    assert len(received) == 1 and received[0]["title"] == "healthsink: test alert"
    none = await asyncio.to_thread(run, cfg, "alerts", "test")
    assert none.returncode == 2 and "no alerts.urls configured" in none.stderr
    down = await asyncio.to_thread(run, cfg, "alerts", "test", env={"HEALTHSINK_ALERTS_URLS": "json://127.0.0.1:9/"})
    assert down.returncode == 1 and "not delivered" in down.stdout
