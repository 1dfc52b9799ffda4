"""Failures a user can fix, told in one line instead of a traceback: a database that does not answer or
refuses us, a port already taken."""

from __future__ import annotations

import errno
import socket

from healthsink.config import Config, mask_url


def _where(cfg: Config) -> str:
    return mask_url(cfg.database.url) if cfg.database.url else "the embedded PostgreSQL"


def explain(exc: BaseException, cfg: Config | None, args) -> str | None:
    """One line for `exc`, or None when it is a bug (and the traceback is what a report needs)."""
    import asyncpg

    if cfg is None:
        return None
    command = args.command
    host = getattr(args, "host", None) or cfg.server.host
    port = getattr(args, "port", None) or cfg.server.port
    if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (another healthsink?): "
            "stop it, or choose another with --port or server.port"
        )
    if isinstance(exc, OSError) and exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}: not an address of this machine (server.host / --host)"
    if command == "serve" and isinstance(exc, PermissionError):
        return f"not allowed to listen on port {port}: ports below 1024 need root; use 8080"
    reason = None
    if isinstance(exc, (ConnectionError, socket.gaierror, TimeoutError)) or (
        isinstance(exc, OSError) and exc.errno in (errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH)
    ):
        reason = exc.strerror or str(exc) or type(exc).__name__
    elif isinstance(
        exc,
        (asyncpg.InvalidPasswordError, asyncpg.InvalidAuthorizationSpecificationError, asyncpg.InvalidCatalogNameError),
    ):
        reason = str(exc)
    else:
        try:
            import psycopg
        except ImportError:
            psycopg = None
        if psycopg is not None and isinstance(exc, psycopg.OperationalError):
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "connection failed"
    if reason is None:
        return None
    return (
        f"cannot reach the database at {_where(cfg)}: {mask_url(reason)} (check database.url / HEALTHSINK_DATABASE_URL)"
    )
