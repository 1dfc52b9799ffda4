"""Logging: one JSON object a line (or plain text), fields passed with `extra={"fields": {...}}`."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime

import orjson


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        out.update(getattr(record, "fields", {}))
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(out, default=str).decode()


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", None)
        if fields:
            line += " " + " ".join(f"{k}={v}" for k, v in fields.items())
        return line


def setup(level: str = "info", fmt: str = "json", stream=None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JSONFormatter() if fmt == "json" else TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.set_name("healthsink")
    root = logging.getLogger()
    # replace only our own handler: others (a test runner's capture) stay
    root.handlers[:] = [h for h in root.handlers if h.get_name() != "healthsink"] + [handler]
    root.setLevel(level.upper())
    # aiohttp's own access log would duplicate our request line
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    # pgserver narrates every pg_ctl call at info
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    # yoyo narrates every step; `healthsink migrate` prints what it applied
    logging.getLogger("yoyo").setLevel(logging.WARNING)
