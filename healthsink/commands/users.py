"""`healthsink user enable | purge | list`: the user commands beyond add/remove/set."""

from __future__ import annotations

from healthsink.commands.rollback import confirmed
from healthsink.store import accounts, deletes, user_state


def _rows(counts: dict[str, int]) -> str:
    return ", ".join(f"{t} {n}" for t, n in sorted(counts.items())) or "nothing"


async def run(conn, audit, args) -> int:
    user = await accounts.get_user(conn, args.email)
    if args.action == "enable":
        await user_state.enable_user(conn, user["id"])
        audit.record("user_enabled", user_id=user["id"], email=user["email"])
        print(f"enabled user {user['email']}; their old keys stay revoked: `healthsink key create` gives a new one")
        return 0
    counts = await deletes.purge_user(conn, user["id"], dry_run=True)
    print(f"purging {user['email']} (id {user['id']}) deletes {sum(counts.values())} rows: {_rows(counts)}")
    print("This cannot be undone: the raw archive goes too, so nothing can be reprocessed.")
    if not args.yes and not confirmed(f"Purge {user['email']}? [y/N]"):
        print("nothing deleted")
        return 1
    counts = await deletes.purge_user(conn, user["id"], dry_run=False)
    # The event keeps the id and the counts only: the email was part of what was asked to go.
    audit.record("user_purged", user_id=user["id"], rows=counts)
    print(f"purged user {user['id']}: {sum(counts.values())} rows deleted ({_rows(counts)})")
    return 0
