"""healthsink: keeps what Health Auto Export sends, in PostgreSQL."""
from pathlib import Path

__version__ = "0.1.0"

# sql/ and migrations/ sit beside the package in the source tree (the project is installed editable).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
