"""`healthsink status` and `healthsink user list`: who synced when, the queue, the database."""

import asyncio

from tests.helpers import auth, body, metric
from tests.test_cli import run


async def test_status_and_user_list(cfg, client, new_key):
    _, key = await new_key("lea@example.org")
    await new_key("lea@example.org")
    await new_key("max@example.org")
    payload = body(metrics=[metric("step_count", "count", {"date": "2026-03-01 00:00:00 +0000", "qty": 5})])
    resp = await client.post(
        "/api/v1/ingest", data=payload, headers={**auth(key), "automation-name": "Steps hourly", "automation-id": "A1"}
    )
    assert resp.status == 200
    listed = await asyncio.to_thread(run, cfg, "user", "list")
    assert listed.returncode == 0, listed.stderr
    lea = next(line for line in listed.stdout.splitlines() if "lea@example.org" in line)
    assert "keys 2 live of 2" in lea and " s ago (" in lea
    maxl = next(line for line in listed.stdout.splitlines() if "max@example.org" in line)
    assert "keys 1 live of 1" in maxl and "last sync never" in maxl

    out = await asyncio.to_thread(run, cfg, "status")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("queue: 0 bodies waiting; archive: processed 1")
    assert "lea@example.org\tSteps hourly\t1 bodies\tlast sync" in text
    assert "data-quality findings open: 0" in text
    assert "database: " in text and "MiB" in text
    assert "quantity_samples\t1 (quantity_samples_p202603 .. quantity_samples_p202603)" in text
