"""`healthsink delete --user EMAIL [--metric NAME | --family F] [--from D] [--to D] [--dry-run]`."""

from __future__ import annotations

from datetime import UTC, datetime

from healthsink.store import accounts, deletes


def instant(text: str) -> datetime:
    """An ISO date or date-time; without a zone, UTC."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def add_arguments(p) -> None:
    p.add_argument("--user", required=True, metavar="EMAIL", help="whose data (email)")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--metric", metavar="NAME", help="only this metric, e.g. step_count (blood_pressure, sleep_analysis too)"
    )
    which.add_argument(
        "--family", choices=deletes.families(), metavar="F", help="only this family: " + ", ".join(deletes.families())
    )
    p.add_argument(
        "--from",
        dest="start",
        type=instant,
        metavar="DATE",
        help="from this date or time, inclusive (ISO; UTC if no zone)",
    )
    p.add_argument(
        "--to",
        dest="end",
        type=instant,
        metavar="DATE",
        help="up to this date or time, exclusive (ISO; UTC if no zone)",
    )
    p.add_argument("--dry-run", action="store_true", help="only count what would be deleted")


async def run(conn, audit, args) -> int:
    user = await accounts.get_user(conn, args.user)
    f = deletes.Filters(metric=args.metric, family=args.family, start=args.start, end=args.end)
    counts = await deletes.delete_rows(conn, user["id"], f, args.dry_run)
    total = sum(counts.values())
    for table, n in sorted(counts.items()):
        print(f"{table}\t{n}")
    if args.dry_run:
        print(f"would delete {total} rows of {user['email']} (dry run: nothing deleted)")
        return 0
    audit.record("data_deleted", user_id=user["id"], via="cli", filters=f.as_dict(), rows=counts)
    print(
        f"deleted {total} rows of {user['email']}; the raw archive keeps the bodies (`healthsink reprocess` "
        "would bring them back)"
    )
    return 0
