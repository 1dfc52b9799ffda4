"""GET /api/v1/status: the caller's last sync (overall and per automation), the queue, the monitor's open
findings about them; and the monitor's lifetime in the app (cleanup_ctx)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiohttp import web

from healthsink.monitor import Monitor
from healthsink.store import ingestions, monitor, status
from healthsink.web.appkeys import CONFIG, MONITOR, POOL, PRINCIPAL
from healthsink.web.json import json_response

AUTOMATIONS_SINCE = timedelta(days=30)


def _age(when: datetime | None, now: datetime) -> float | None:
    return None if when is None else round((now - when).total_seconds(), 1)


async def get_status(request: web.Request) -> web.Response:
    user_id = request[PRINCIPAL].user_id
    cfg = request.app[CONFIG]
    now = datetime.now(UTC)
    async with request.app[POOL].acquire() as conn:
        me = next(u for u in await status.users(conn) if u["id"] == user_id)
        automations = [a for a in await status.automations(conn, now - AUTOMATIONS_SINCE) if a["user_id"] == user_id]
        queue = await ingestions.queue_stats(conn)
        findings = await monitor.open_findings(conn, user_id)
    last = request.app[MONITOR].last
    return json_response(
        {
            "email": me["email"],
            "last_sync": me["last_sync"],
            "last_sync_age_s": _age(me["last_sync"], now),
            "automations": [
                {
                    "name": a["automation"],
                    "id": a["automation_id"],
                    "last_sync": a["last_sync"],
                    "last_sync_age_s": _age(a["last_sync"], now),
                    "bodies_30d": a["bodies"],
                }
                for a in automations
            ],
            "queue": {"depth": queue["depth"], "oldest_s": round(queue["oldest_s"], 1)},
            "findings": [
                {
                    "kind": f["kind"],
                    "subject": f["subject"],
                    "detail": f["detail"],
                    "first_seen": f["first_seen"],
                    "last_seen": f["last_seen"],
                    "alerted_at": f["alerted_at"],
                }
                for f in findings
            ],
            "monitor": {
                "interval_s": cfg.monitor.interval_s,
                "stale_after_hours": cfg.monitor.stale_after_hours,
                "last_check": last.at if last else None,
            },
        }
    )


async def monitor_ctx(app: web.Application):
    app[MONITOR] = Monitor(app[POOL], app[CONFIG])
    app[MONITOR].start()
    yield
    await app[MONITOR].stop()
