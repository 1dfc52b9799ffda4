"""`healthsink status` and `healthsink user list`: the queue, who synced when (per user and automation), open
data-quality findings, the database's size and partitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from healthsink.monitor.checks import describe
from healthsink.store import ingestions, monitor, status

AUTOMATIONS_SINCE = timedelta(days=30)


def ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    s = int((now - when).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if s >= size:
            return f"{s // size} {unit} ago ({when.isoformat(timespec='seconds')})"
    return f"{s} s ago ({when.isoformat(timespec='seconds')})"


def size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


async def list_users(conn) -> None:
    now = datetime.now(UTC)
    for r in await status.users(conn):
        state = "disabled" if r["disabled_at"] else "active"
        print(
            f"{r['id']}\t{r['email']}\t{state}\tkeys {r['live_keys']} live of {r['keys']}"
            f"\tlast sync {ago(r['last_sync'], now)}"
        )


async def show(conn) -> None:
    now = datetime.now(UTC)
    queue = await ingestions.queue_stats(conn)
    states = await status.ingestion_states(conn)
    print(
        f"queue: {queue['depth']} bod{'y' if queue['depth'] == 1 else 'ies'} waiting"
        + (f", oldest {int(queue['oldest_s'])} s" if queue["depth"] else "")
        + "; archive: "
        + (", ".join(f"{k} {v}" for k, v in states.items()) or "empty")
    )
    print("\nlast sync per user:")
    await list_users(conn)
    print(f"\nlast sync per automation (bodies in the last {AUTOMATIONS_SINCE.days} days):")
    rows = await status.automations(conn, now - AUTOMATIONS_SINCE)
    for r in rows:
        name = r["automation"] or "(no automation header)"
        print(f"{r['email']}\t{name}\t{r['bodies']} bodies\tlast sync {ago(r['last_sync'], now)}")
    if not rows:
        print("(none)")
    findings = await monitor.open_findings(conn)
    print(
        f"\ndata-quality findings open: {len(findings)}"
        + (" (healthsink alerts check runs the check now)" if not findings else "")
    )
    for r in findings:
        print(f"{r['kind']}\t{describe(r['kind'], r['subject'], r['detail'])}")
    db = await status.database(conn)
    print(f"\ndatabase: {size(db['bytes'])} (PostgreSQL {db['version']})")
    print("partitions:")
    for r in await status.partitions(conn):
        print(f"{r['parent']}\t{r['partitions']} ({r['first']} .. {r['last']})\t{size(r['bytes'])}")
