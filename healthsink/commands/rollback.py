"""`healthsink migrate --rollback N`: says what it will drop and asks first, since dropping a table drops its
data; `--rollback 0` does nothing."""

from __future__ import annotations

import re
import sys

from yoyo import get_backend, read_migrations

from healthsink import MIGRATIONS_DIR
from healthsink.store import migrate

_DROPS = re.compile(r"^\s*(?:DROP\s|ALTER\s+TABLE\s+\S+\s+DROP\s).*$", re.IGNORECASE | re.MULTILINE)


def newest_applied(url: str, count: int) -> list[str]:
    backend = get_backend(migrate.yoyo_url(url))
    with backend:
        return [m.id for m in backend.to_rollback(read_migrations(str(MIGRATIONS_DIR)))][:count]


def what_it_drops(migration_id: str) -> list[str]:
    text = (MIGRATIONS_DIR / f"{migration_id}.rollback.sql").read_text(encoding="utf-8")
    return [line.strip().rstrip(";") for line in _DROPS.findall(text)]


def confirmed(question: str) -> bool:
    print(question, end=" ", flush=True)
    try:
        return sys.stdin.readline().strip().lower() in ("y", "yes")
    except (EOFError, OSError):
        return False


def run(url: str, count: int, yes: bool) -> int:
    if count < 1:
        print("nothing to roll back (--rollback 0)")
        return 0
    todo = newest_applied(url, count)
    if not todo:
        print("no migration is applied; nothing to roll back")
        return 0
    print(f"rolling back {len(todo)} migration(s), newest first:")
    for mid in todo:
        print(f"  {mid}")
        for drop in what_it_drops(mid):
            print(f"      {drop}")
    print("Every table dropped above loses its data (reprocess cannot bring back what the archive lost with it).")
    if not yes and not confirmed("Roll back? [y/N]"):
        print("nothing rolled back")
        return 1
    done = migrate.rollback(url, len(todo))
    print(f"rolled back {len(done)} migration(s): {', '.join(done)}")
    return 0
