"""`healthsink alerts test` (a message to every alerts.urls entry) and `healthsink alerts check` (the
data-quality check now, its open findings printed)."""

from __future__ import annotations

from healthsink.errors import HealthsinkError
from healthsink.monitor import Monitor, alerts
from healthsink.monitor.checks import describe
from healthsink.store import db, monitor


def add_arguments(sub) -> None:
    al = sub.add_parser("alerts", help="data-quality alerts: send a test message, run the check now")
    actions = al.add_subparsers(dest="action", required=True)
    actions.add_parser("test", help="send a test message to every alerts.urls entry (Apprise)")
    actions.add_parser("check", help="run the data-quality check now (new findings are sent) and print the open ones")


async def run(cfg, args) -> int:
    if args.action == "test":
        if not cfg.alerts.urls:
            raise HealthsinkError(
                "no alerts.urls configured: add Apprise URLs to [alerts] in healthsink.toml "
                "(or HEALTHSINK_ALERTS_URLS, comma-separated)"
            )
        ok = await alerts.send(
            cfg.alerts.urls, "healthsink: test alert", "This is a test: data-quality findings will arrive here."
        )
        print(f"sent to {len(cfg.alerts.urls)} URL(s)" if ok else "not delivered to every URL (see the log above)")
        return 0 if ok else 1
    pool = await db.create_pool(db.database_url(cfg), 1, 2)
    try:
        report = await Monitor(pool, cfg).run_once()
        if report is None:
            print("another process is checking right now")
            return 0
        async with pool.acquire() as conn:
            rows = await monitor.open_findings(conn)
        print(f"{report.found} finding(s), {report.new} new, {report.sent} sent")
        for r in rows:
            print(f"{r['kind']}\t{describe(r['kind'], r['subject'], r['detail'])}")
    finally:
        await pool.close()
    return 0
