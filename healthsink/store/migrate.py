"""Schema migrations: yoyo applies `migrations/NNNN_<verb>_<object>.sql` (+ `.rollback.sql`).

yoyo is synchronous; it runs on psycopg 3 against the same URL the service uses.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from yoyo import get_backend, read_migrations

from healthsink import MIGRATIONS_DIR


def yoyo_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql+psycopg"))


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
