"""Finding the database (configured or embedded) and opening the asyncpg pool."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import warnings
from collections.abc import Callable
from pathlib import Path

import asyncpg
import orjson

from healthsink.config import Config
from healthsink.errors import ConfigError
from healthsink.store import staging
from healthsink.store.sql import names, sql

log = logging.getLogger("healthsink.db")

# One embedded server handle per process; pgserver shares the cluster between processes
# (the CLI and a running `serve`) and stops it when the last one exits.
_embedded: dict[Path, object] = {}


def database_url(cfg: Config) -> str:
    """The configured URL, or that of the embedded PostgreSQL under `data_dir` (started if needed)."""
    if cfg.database.url:
        return cfg.database.url
    return embedded_url(cfg.data_path / "postgres")


def embedded_url(pgdata: Path, cleanup_mode: str | None = "stop") -> str:
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (no login session, as under systemd)
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError:
        raise ConfigError(
            "no database.url is set and the embedded PostgreSQL is not installed: "
            "pip install 'healthsink[embedded]' or set HEALTHSINK_DATABASE_URL"
        ) from None
    pgdata = pgdata.expanduser().resolve()
    if pgdata not in _embedded:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        _embedded[pgdata] = pgserver.get_server(pgdata, cleanup_mode=cleanup_mode)
    return _embedded[pgdata].get_uri()  # type: ignore[attr-defined]


def postmaster_alive(pgdata: Path) -> bool:
    """Whether the embedded cluster's postmaster (its pid is the first line of postmaster.pid) still runs."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return state not in ("Z", "X")  # a zombie nobody reaped is dead too


async def watch_embedded(pgdata: Path, on_death: Callable[[], None], every_s: float = 2.0) -> None:
    """Call on_death once the embedded postmaster is gone. Without it, every request got a 500 forever and
    the process stayed up, so systemd never restarted it (and with it the embedded database)."""
    pgdata = pgdata.expanduser().resolve()
    while True:
        await asyncio.sleep(every_s)
        if not await asyncio.to_thread(postmaster_alive, pgdata):
            log.critical("the embedded PostgreSQL under %s is gone; exiting so the supervisor restarts both", pgdata)
            on_death()
            return


async def init_connection(conn: asyncpg.Connection) -> None:
    """Per-connection setup: JSON codecs and the staging tables."""
    await set_codecs(conn)
    await staging.create_all(conn)


async def set_codecs(conn: asyncpg.Connection) -> None:
    """JSON codecs alone: what a read replica's connections need (a standby can create no staging table)."""
    # Binary codecs: COPY (copy_records_to_table) speaks only the binary format.
    # jsonb's binary form is a version byte (1) and the JSON text.
    await conn.set_type_codec(
        "jsonb",
        schema="pg_catalog",
        format="binary",
        encoder=lambda v: b"\x01" + orjson.dumps(v),
        decoder=lambda b: orjson.loads(b[1:]),
    )
    await conn.set_type_codec("json", schema="pg_catalog", format="binary", encoder=orjson.dumps, decoder=orjson.loads)
    await conn.prepare(sql("health/array_types"))  # one type lookup for all arrays (slow on Citus)


async def _keep_session(conn: asyncpg.Connection) -> None:
    """The pool's reset on release. asyncpg's default sends `pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
    RESET ALL` every time: a round trip per release, two of the ~14 a phone's sync took. healthsink takes no
    session-level locks, listens to nothing, keeps no cursor past its transaction and sets nothing for the
    session on a pooled connection; a transaction left open is still rolled back by the pool first."""


# Sent with every connection's startup packet (no round trip). No parallel workers: a prepared read's generic
# plan does not know its range is one day and planned two workers whose start took ~40 ms of a 58 ms read
# (docs/scaling.md); on two cores they also take the CPU the ingest needs.
SESSION_SETTINGS = {"max_parallel_workers_per_gather": "0"}


async def create_pool(
    url: str, min_size: int = 2, max_size: int = 10, command_timeout: float | None = None
) -> asyncpg.Pool:
    """`command_timeout` bounds every statement (database.command_timeout_s): a hung server or a cut
    connection frees the pool connection instead of holding it forever."""
    return await asyncpg.create_pool(
        url,
        min_size=min_size,
        max_size=max_size,
        init=init_connection,
        reset=_keep_session,
        # statements are prepared per connection; asyncpg's cache keeps them
        statement_cache_size=256,
        command_timeout=command_timeout or None,
        # names this process as the owner of the leases it takes (migration 0010)
        server_settings={"application_name": lease_owner(), **SESSION_SETTINGS},
    )


def host_prefix() -> str:
    # application_name holds 63 bytes: the host is cut so the pid always fits
    return f"healthsink:{socket.gethostname()[:40]}:"


def lease_owner(pid: int | None = None) -> str:
    return f"{host_prefix()}{pid or os.getpid()}"


def owner_gone(owner: str) -> bool:
    """Whether the process a lease owner names (on this host) no longer runs."""
    try:
        pid = int(owner.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a zombie its parent never reaped holds no lease either
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return False


# Errors that mean "the database is not there right now", not "this request is wrong": answered 503
# database_unavailable with Retry-After by the error middleware. Connection-level SQLSTATEs (class 08),
# the server shutting down or starting (57P0x), no connection slot free (53300), and refused sockets.
_UNAVAILABLE = (
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    ConnectionRefusedError,
    socket.gaierror,
)


def unavailable(exc: BaseException | None) -> bool:
    """Whether `exc`, or what it was raised from or during, means the database is away. A statement cut
    mid-way can surface as an asyncpg InterfaceError from the cleanup that followed ("the underlying
    connection is closed", "another operation is in progress"), raised while handling the real cause."""
    for _ in range(5):
        if exc is None:
            return False
        if isinstance(exc, _UNAVAILABLE):
            return True
        if isinstance(exc, asyncpg.InterfaceError) and "connection is closed" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


async def prepare_all(conn) -> None:
    """Parse and plan-check every statement (fails on a typo or a missing column). `conn` has been through
    init_connection, so the staging tables the merges read exist."""
    for name in names():
        if name.startswith("citus/"):
            continue  # Citus's functions exist only where the extension is
        try:
            await conn.prepare(sql(name))
        except Exception as exc:
            raise RuntimeError(f"sql/{name}.sql does not prepare: {exc}") from exc
