"""The monitor's Prometheus series, refreshed on each scrape from the database (any worker answers a scrape,
and the database is where every worker's view agrees). Labelled by user id, never by email: /metrics needs
no key."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import Gauge

from healthsink.metrics import REGISTRY
from healthsink.store import monitor, status

KINDS = ("stale_user", "stale_automation", "out_of_range", "gap")

LAST_SYNC_AGE = Gauge(
    "healthsink_last_sync_age_seconds",
    "Seconds since each user's newest body arrived",
    ["user_id"],
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
)
FINDINGS = Gauge(
    "healthsink_monitor_findings",
    "Open data-quality findings, by kind",
    ["kind"],
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
)


async def refresh(conn) -> None:
    now = datetime.now(UTC)
    for r in await status.users(conn):
        if r["last_sync"] is not None:
            LAST_SYNC_AGE.labels(str(r["id"])).set((now - r["last_sync"]).total_seconds())
    counts = await monitor.findings_by_kind(conn)
    for kind in KINDS:
        FINDINGS.labels(kind).set(counts.get(kind, 0))
