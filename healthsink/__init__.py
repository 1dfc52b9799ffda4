"""healthsink: keeps what Health Auto Export sends, in PostgreSQL."""

from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent
# In the source tree (an editable install) sql/ and migrations/ sit beside the package; an installed wheel
# carries them inside it as _sql/ and _migrations/ (setup.py).
PROJECT_ROOT = PACKAGE_DIR.parent


def _shipped(inside: str, beside: str) -> Path:
    path = PACKAGE_DIR / inside
    return path if path.is_dir() else PROJECT_ROOT / beside


SQL_DIR = _shipped("_sql", "sql")
MIGRATIONS_DIR = _shipped("_migrations", "migrations")
