"""A CSV part as header and rows: decoded, the app's trailing comma and blank lines dropped."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


def read(data: bytes) -> Table:
    # utf-8-sig: a BOM, where a spreadsheet saved the file, must not stick to the first label
    text = data.decode("utf-8-sig", errors="replace")
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    if not rows:
        return Table([], [])
    header = [c.strip() for c in rows[0]]
    while header and not header[-1]:  # v1 workouts: "…,Location," (a trailing comma on every line)
        header.pop()
    return Table(header, rows[1:])


def cell(row: list[str], i: int) -> str:
    return row[i].strip() if i < len(row) else ""


def number(text: str):
    """A float, or the text as written (the family module then reports invalid_value with it)."""
    try:
        return float(text)
    except ValueError:
        try:
            return float(text.replace(",", "."))  # a decimal comma, quoted in a comma-separated file
        except ValueError:
            return text
