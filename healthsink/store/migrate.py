"""Schema migrations: yoyo applies `migrations/NNNN_<verb>_<object>.sql` (+ `.rollback.sql`).

yoyo is synchronous; it runs on psycopg 3 against the same URL the service uses.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from yoyo import get_backend, read_migrations

from healthsink import MIGRATIONS_DIR

# On a Citus coordinator a migration's DDL on distributed tables and views must run over one connection per
# node (a rollback that drops an index and then a view is refused in parallel mode). Elsewhere it is an unused
# placeholder setting of the migration's own connection.
_SEQUENTIAL = "options=-c%20citus.multi_shard_modify_mode%3Dsequential"


def yoyo_url(url: str) -> str:
    parts = urlsplit(url)
    extra = "" if "options=" in parts.query else _SEQUENTIAL  # a URL's own options are left as they are
    query = "&".join(q for q in (parts.query, extra) if q)
    return urlunsplit(parts._replace(scheme="postgresql+psycopg", query=query))


def _backend_and_migrations(url: str):
    return get_backend(yoyo_url(url)), read_migrations(str(MIGRATIONS_DIR))


def pending(url: str) -> list[str]:
    backend, migrations = _backend_and_migrations(url)
    with backend:
        return [m.id for m in backend.to_apply(migrations)]


def apply(url: str) -> list[str]:
    backend, migrations = _backend_and_migrations(url)
    with backend:
        with backend.lock():
            todo = backend.to_apply(migrations)
            backend.apply_migrations(todo)
            return [m.id for m in todo]


def rollback(url: str, count: int | None = None) -> list[str]:
    """Roll back the newest `count` migrations (all when None)."""
    backend, migrations = _backend_and_migrations(url)
    with backend:
        with backend.lock():
            todo = backend.to_rollback(migrations)
            if count is not None:
                todo = todo[:count]
            backend.rollback_migrations(todo)
            return [m.id for m in todo]
