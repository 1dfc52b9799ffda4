"""The SQL loader: every statement lives in `sql/<area>/<name>.sql`, looked up by name.

All files are read once; asking for an unknown name raises at once, and
`db.prepare_all` makes PostgreSQL parse every statement at start, so a typo stops the process before it serves.
"""

from __future__ import annotations

from functools import cache

from healthsink import SQL_DIR


@cache
def _statements() -> dict[str, str]:
    out = {}
    for path in sorted(SQL_DIR.rglob("*.sql")):
        name = path.relative_to(SQL_DIR).with_suffix("").as_posix()
        out[name] = path.read_text(encoding="utf-8")
    return out


def sql(name: str) -> str:
    try:
        return _statements()[name]
    except KeyError:
        raise KeyError(f"no SQL file sql/{name}.sql") from None


def names() -> list[str]:
    return list(_statements())
