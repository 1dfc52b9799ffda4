"""Sending findings through Apprise (one library for ntfy, e-mail, Telegram, Matrix, Gotify, JSON webhooks …).
Apprise is synchronous (it does its own HTTP); it runs in a thread so the server's loop never waits on it."""

from __future__ import annotations

import asyncio
import logging
import warnings

from healthsink.monitor.checks import describe

log = logging.getLogger("healthsink.monitor")
MAX_LINES = 50  # a message lists at most this many findings (the rest are counted)


def message(rows) -> tuple[str, str]:
    title = f"healthsink: {len(rows)} new data-quality finding{'s' if len(rows) != 1 else ''}"
    lines = [describe(r["kind"], r["subject"], r["detail"]) for r in rows[:MAX_LINES]]
    if len(rows) > MAX_LINES:
        lines.append(f"… and {len(rows) - MAX_LINES} more (healthsink status, /api/v1/status)")
    return title, "\n".join(lines)


def _apprise():
    with warnings.catch_warnings():
        # Apprise's e-mail plugin imports the standard library's imghdr (deprecated since Python 3.11) on first
        # use; imported here, at once, with that warning silenced
        warnings.simplefilter("ignore", DeprecationWarning)
        import apprise
        import apprise.utils.pgp
    return apprise


def _notify(urls: list[str], title: str, body: str) -> bool:
    ap = _apprise().Apprise()
    for url in urls:
        ap.add(url)
    return bool(ap.notify(title=title, body=body))


async def send(urls: list[str], title: str, body: str) -> bool:
    """True when every URL took the message."""
    if not urls:
        return False
    ok = await asyncio.to_thread(_notify, urls, title, body)
    if not ok:
        log.warning("an alert could not be delivered to every alerts.urls entry; it is tried again next check")
    return ok


def valid_url(url: str) -> bool:
    return _apprise().Apprise().add(url)
