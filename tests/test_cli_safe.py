"""Commands that cannot hurt by accident: confirmations, refusals, and errors that exit non-zero."""

import asyncio

from healthsink.store import migrate
from tests.helpers import auth, body, metric
from tests.test_cli import run


def test_key_create_refuses_a_disabled_user_until_enabled(cfg):
    assert run(cfg, "user", "add", "ida@example.org").returncode == 0
    assert run(cfg, "user", "remove", "ida@example.org").returncode == 0
    refused = run(cfg, "key", "create", "ida@example.org")
    assert refused.returncode == 2 and "is disabled" in refused.stderr and "user enable" in refused.stderr
    enabled = run(cfg, "user", "enable", "ida@example.org")
    assert enabled.returncode == 0 and "old keys stay revoked" in enabled.stdout
    created = run(cfg, "key", "create", "ida@example.org")
    assert created.returncode == 0 and created.stdout.strip().splitlines()[-1].startswith("hsk_")
    assert "user_enabled" in run(cfg, "audit", "--user", "ida@example.org").stdout


def test_key_import_refuses_weak_values_and_never_prints_the_key(cfg):
    assert run(cfg, "user", "add", "jon@example.org").returncode == 0
    for weak in ("password1234", "a" * 64, "abababababababababababababababababab", "1234-5678-9012"):
        out = run(cfg, "key", "import", "jon@example.org", weak)
        assert out.returncode == 2 and "too easy to guess" in out.stderr and weak not in out.stderr, weak
    strong = "k9Qz-Xw2LmP4vR7tY1nB8cD3fG6hJ0sA"
    out = run(cfg, "key", "import", "jon@example.org", strong)
    assert out.returncode == 0 and strong not in out.stdout and strong[:8] in out.stdout


def test_expiry_must_be_at_least_a_day(cfg):
    assert run(cfg, "user", "add", "kim@example.org").returncode == 0
    for days in ("0", "-3", "soon"):
        out = run(cfg, "key", "create", "kim@example.org", "--expires-days", days)
        assert out.returncode == 2 and "at least 1" in out.stderr and "hsk_" not in out.stdout


def test_rollback_zero_does_nothing_and_rollback_asks(cfg):
    url = cfg.database.url
    before = migrate.pending(url)
    zero = run(cfg, "migrate", "--rollback", "0")
    assert zero.returncode == 0 and "nothing to roll back" in zero.stdout
    asked = run(cfg, "migrate", "--rollback", "1")  # stdin is empty: not confirmed
    assert asked.returncode == 1 and "nothing rolled back" in asked.stdout and "Roll back?" in asked.stdout
    assert migrate.pending(url) == before
    newest = asked.stdout.splitlines()[1].strip()
    done = run(cfg, "migrate", "--rollback", "1", "--yes")
    assert done.returncode == 0 and f"rolled back 1 migration(s): {newest}" in done.stdout
    assert migrate.pending(url) == [*before, newest]


def test_rollback_lists_what_it_drops(cfg):
    out = run(cfg, "migrate", "--rollback", "99")
    assert "DROP TABLE raw_ingestions" in out.stdout or "DROP TABLE api_keys" in out.stdout
    assert out.returncode == 1


def test_reprocess_missing_id_is_an_error(cfg):
    out = run(cfg, "reprocess", "--id", "987654")
    assert out.returncode == 2 and "no archived body 987654" in out.stderr


async def test_reprocess_shows_progress_and_keeps_the_first_outcome(cfg, make_client, new_key):
    client = await make_client(cfg, run_workers=False)
    _, key = await new_key()
    payload = body(
        metrics=[metric("step_count", "count", {"date": "2026-03-01 00:00:00 +0000", "qty": 5, "source": "iPhone"})]
    )
    resp = await client.post("/api/v1/ingest", data=payload, headers=auth(key))
    ingestion_id = (await resp.json())["ingestion_id"]
    out = await asyncio.to_thread(run, cfg, "reprocess", "--id", str(ingestion_id))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "queued 1 body for processing" and "1/1 done" in out.stdout
    report = next(line for line in lines if line.startswith(f"{ingestion_id}\t"))
    # first time: one new row; now: the same row again, a duplicate
    assert "first: processed 1, inserted 1, updated 0, duplicates 0" in report
    assert "now: processed 1, inserted 0, updated 0, duplicates 1" in report
    again = await asyncio.to_thread(run, cfg, "reprocess", "--id", str(ingestion_id))
    assert "first: processed 1, inserted 1" in again.stdout  # the first outcome stays the first
