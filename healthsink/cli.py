"""The `healthsink` command: serve | migrate | user | key | config | reprocess | audit."""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

import orjson

from healthsink import __version__, logs
from healthsink import config as configmod
from healthsink.commands import alerts, delete, startline, usage
from healthsink.errors import HealthsinkError, PendingMigrations
from healthsink.importers import command as import_command
from healthsink.store import db, migrate


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="healthsink", description=__doc__)
    p.add_argument("--config", help="config file (default: $HEALTHSINK_CONFIG or ./healthsink.toml)")
    p.add_argument("--version", action="version", version=f"healthsink {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the HTTP server")
    s.add_argument("--host", help="address to listen on (server.host); 0.0.0.0 lets phones on the LAN connect")
    s.add_argument("--port", type=startline.port, help="port to listen on (server.port); 0 picks a free one")
    s.add_argument("--workers", type=int, help="processes sharing the port (default: the number of cores)")
    s.add_argument("--worker-of", type=int, help=argparse.SUPPRESS)  # set by the parent for its workers

    m = sub.add_parser("migrate", help="apply pending schema migrations", description=usage.MIGRATE, **usage.raw())
    m.add_argument("--rollback", type=int, metavar="N", help="roll back the newest N migrations instead (asks first)")
    m.add_argument("--yes", action="store_true", help="do not ask before rolling back")
    m.add_argument("--status", action="store_true", help="list pending migrations and exit")

    u = sub.add_parser("user", help="manage users").add_subparsers(dest="action", required=True)
    u.add_parser("add", help="add a user (then give them a key with `key create`)").add_argument("email")
    u.add_parser("list", help="users with their live keys and last sync")
    u.add_parser("remove", help="disable a user and revoke their keys (data is kept)").add_argument("email")
    u.add_parser("enable", help="enable a disabled user again (their old keys stay revoked)").add_argument("email")
    up = u.add_parser("purge", help="delete a user and everything of theirs, archive included (asks first)")
    up.add_argument("email")
    up.add_argument("--yes", action="store_true", help="do not ask")
    us = u.add_parser("set", help="change a user's settings (time zone, unit system)")
    us.add_argument("email")
    us.add_argument("--tz", help="IANA time zone, e.g. Europe/Berlin (days and buckets are this zone's)")
    us.add_argument("--units", help="metric | us (what reads show when they name no units)")

    k = sub.add_parser("key", help="manage API keys").add_subparsers(dest="action", required=True)
    kc = k.add_parser("create", help="create a key; printed once, on the last line")
    kc.add_argument("email")
    kc.add_argument("--name", default="", help="a label for the key, e.g. the phone's name")
    kc.add_argument("--expires-days", type=usage.days, help="the key stops working after D days (at least 1)")
    kc.add_argument(
        "--scope",
        choices=("ingest", "read", "all"),
        default="all",
        help="ingest: a phone (sends, reads nothing); read: a browser or script; all: both",
    )
    kl = k.add_parser("list", help="a user's keys: id, first characters, name, state, dates")
    kl.add_argument("email")
    k.add_parser("revoke", help="revoke a key by id (from `key list`) or by its value; stops within 5 s").add_argument(
        "key_or_id"
    )
    ki = k.add_parser("import", help="store a key the user already typed into the app (at least 128 bits)")
    ki.add_argument("email")
    ki.add_argument("value")
    ki.add_argument("--name", default="imported")
    ki.add_argument("--expires-days", type=usage.days, help="the key stops working after D days (at least 1)")
    ki.add_argument("--scope", choices=("ingest", "read", "all"), default="all")

    c = sub.add_parser("config", help="show the effective configuration")
    c.add_argument("--dump", action="store_true", required=True, help="print it as JSON, passwords masked")

    r = sub.add_parser(
        "reprocess", help="process archived bodies again (idempotent)", description=usage.REPROCESS, **usage.raw()
    )
    r.add_argument("--id", type=int, help="only this body (an ingestion id, as in /api/v1/ingestions)")
    r.add_argument("--failed", action="store_true", help="only bodies that failed")
    r.add_argument("--since", type=datetime.fromisoformat, help="received on or after (ISO date)")

    im = sub.add_parser("import", help="import an Apple Health export (or Health Auto Export files); idempotent")
    import_command.add_arguments(im)

    sub.add_parser("status", help="queue depth, last sync per user and automation, database size, partitions")
    alerts.add_arguments(sub)

    d = sub.add_parser(
        "delete", help="delete a user's stored data by metric, family and time", description=usage.DELETE, **usage.raw()
    )
    delete.add_arguments(d)

    a = sub.add_parser("audit", help="print the audit trail, newest first", description=usage.AUDIT, **usage.raw())
    a.add_argument("--user", help="only this user's events (email)")
    a.add_argument("--since", type=datetime.fromisoformat, help="on or after (ISO date)")
    a.add_argument("--action", help="only this action (listed above)")
    a.add_argument("--limit", type=int, default=100, help="at most this many events (default 100)")

    ci = sub.add_parser("citus", help="Citus cluster: place the schema (run on the coordinator after migrate)")
    ci.add_subparsers(dest="action", required=True).add_parser(
        "distribute", help="data tables by user_id, users and keys as reference tables; idempotent"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    from healthsink.commands import failures

    args = _parser().parse_args(argv)
    cfg = None
    try:
        cfg = configmod.load(args.config)
        logs.setup(cfg.log.level, cfg.log.format)
        if not cfg.database.url and args.command != "config":
            configmod.check_data_dir(cfg)
        return _COMMANDS[args.command](cfg, args) or 0
    except HealthsinkError as exc:
        print(f"healthsink: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        line = failures.explain(exc, cfg, args)
        if line is None:
            raise
        print(f"healthsink: {line}", file=sys.stderr)
        return 2


def _serve(cfg, args) -> int:
    from aiohttp import web

    from healthsink import server
    from healthsink.app import create_app

    cfg = cfg.replace(server={k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None})
    workers = server.default_workers() if args.workers is None else args.workers
    if workers < 1:
        raise HealthsinkError("--workers must be at least 1")
    if args.worker_of:
        server.die_with_parent(args.worker_of)  # the parent checked the migrations
    else:
        url = db.database_url(cfg)
        todo = migrate.pending(url)
        if todo:
            raise PendingMigrations(
                f"{len(todo)} pending migration(s) ({', '.join(todo)}): "
                "run 'healthsink migrate' (or 'make migrate') first"
            )
        if workers > 1:
            startline.say(cfg)
            return server.supervise(cfg, url, workers, args.config)
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    app = create_app(cfg)
    app.on_startup.append(_freeze_startup_objects)  # after the pool and services are up
    web.run_app(
        app,
        host=cfg.server.host,
        port=cfg.server.port,
        print=None if args.worker_of else startline.printer(cfg),
        shutdown_timeout=cfg.server.shutdown_timeout_s,
        access_log=None,
        reuse_port=bool(args.worker_of),
    )
    return 0


async def _freeze_startup_objects(app) -> None:
    """Leave what start-up made (modules, the app, the pool) out of every later garbage collection. A full
    collection walked all of it: ~50 ms with every request stalled, twice in a 15 s load test, the
    largest part of p99; frozen, it takes ~6 ms."""
    gc.freeze()


def _migrate(cfg, args) -> int:
    url = db.database_url(cfg)
    if args.status:
        todo = migrate.pending(url)
        print("\n".join(todo) if todo else "up to date")
        return 1 if todo else 0
    if args.rollback is not None:
        from healthsink.commands import rollback

        return rollback.run(url, args.rollback, args.yes)
    done = migrate.apply(url)
    print(f"applied {len(done)} migration(s)" + (": " + ", ".join(done) if done else ""))
    if done:
        from healthsink.commands import citus

        asyncio.run(citus.after_migrate(url))  # a distributed schema: place the tables just added
    return 0


@asynccontextmanager
async def _connection(cfg):
    from healthsink.audit import AuditLog
    from healthsink.store.partitions import Partitions

    pool = await db.create_pool(db.database_url(cfg), 1, 2)
    audit = AuditLog(pool, Partitions())
    try:
        async with pool.acquire() as conn:
            yield conn, audit
        await audit.flush()
    finally:
        await pool.close()


def _run(coro_fn):
    def command(cfg, args):
        return asyncio.run(coro_fn(cfg, args))

    return command


def _fmt(v) -> str:
    if isinstance(v, datetime):
        return v.isoformat(timespec="seconds")
    return "-" if v is None else str(v)


@_run
async def _user(cfg, args) -> int:
    from healthsink.store import accounts

    async with _connection(cfg) as (conn, audit):
        if args.action == "add":
            uid = await accounts.add_user(conn, args.email)
            audit.record("user_added", user_id=uid, email=args.email)
            print(f"added user {args.email} (id {uid})")
        elif args.action == "remove":
            uid = await accounts.disable_user(conn, args.email)
            audit.record("user_removed", user_id=uid, email=args.email)
            print(f"disabled user {args.email} and revoked their keys; their data is kept")
        elif args.action in ("enable", "purge"):
            from healthsink.commands import users

            return await users.run(conn, audit, args)
        elif args.action == "set":
            from healthsink.read import settings as rules
            from healthsink.store import settings

            change = rules.change({k: v for k, v in (("tz", args.tz), ("units", args.units)) if v is not None})
            uid = (await accounts.get_user(conn, args.email))["id"]
            now = await settings.update_settings(conn, uid, **change)
            audit.record("user_changed", user_id=uid, **change)
            print(f"{now.email}: tz {now.tz}, units {now.units}")
        else:
            from healthsink.commands import status

            await status.list_users(conn)
    return 0


@_run
async def _key(cfg, args) -> int:
    from healthsink import secrets
    from healthsink.commands import keycheck
    from healthsink.store import accounts

    async with _connection(cfg) as (conn, audit):
        if args.action in ("create", "import"):
            user = await accounts.get_user(conn, args.email)
            expires = datetime.now(timezone.utc) + timedelta(days=args.expires_days) if args.expires_days else None
            value = secrets.new_key() if args.action == "create" else args.value.strip()
            keycheck.check(user, value, args.action)
            kid = await accounts.store_key(conn, user["id"], value, args.name, expires, args.scope)
            audit.record(
                "key_created" if args.action == "create" else "key_imported",
                user_id=user["id"],
                key_id=kid,
                prefix=secrets.shown_prefix(value),
                scope=args.scope,
            )
            if args.action == "create":
                print(
                    f"key {kid} for {args.email}"
                    + (f", expires {_fmt(expires)}" if expires else "")
                    + ". It is shown once; put it in the app's header (Authorization: Bearer <key>):"
                )
                print(value)
            else:
                print(f"imported key {kid} ({secrets.shown_prefix(value)}…) for {args.email}")
        elif args.action == "list":
            user = await accounts.get_user(conn, args.email)
            for r in await accounts.list_keys(conn, user["id"]):
                state = (
                    "revoked"
                    if r["revoked_at"]
                    else "expired"
                    if r["expires_at"] and r["expires_at"] <= datetime.now(timezone.utc)
                    else "live"
                )
                print(
                    f"{r['id']}\t{r['prefix']}…\t{r['name'] or '-'}\t{r['scope']}\t{state}"
                    f"\tcreated {_fmt(r['created_at'])}\texpires {_fmt(r['expires_at'])}"
                    f"\tlast used {_fmt(r['last_used_at'])}"
                )
        else:
            row = await accounts.revoke_key(conn, args.key_or_id)
            audit.record("key_revoked", user_id=row["user_id"], key_id=row["id"])
            print(f"revoked key {row['id']}")
    return 0


def _config(cfg, args) -> int:
    print(orjson.dumps(configmod.dump(cfg), option=orjson.OPT_INDENT_2).decode())
    return 0


@_run
async def _reprocess(cfg, args) -> int:
    from healthsink.commands import reprocess

    return await reprocess.run(cfg, args)


@_run
async def _audit(cfg, args) -> int:
    from healthsink import audit
    from healthsink.store import accounts

    since = args.since.replace(tzinfo=args.since.tzinfo or timezone.utc) if args.since else None
    async with _connection(cfg) as (conn, _):
        uid = (await accounts.get_user(conn, args.user))["id"] if args.user else None
        for r in await audit.list_events(conn, uid, since, args.action, args.limit):
            print(
                f"{_fmt(r['at'])}\t{r['action']}\t{r['email'] or '-'}\tkey={_fmt(r['key_id'])}"
                f"\taddr={_fmt(r['client_addr'])}\t{orjson.dumps(r['details']).decode()}"
            )
    return 0


@_run
async def _status(cfg, args) -> int:
    from healthsink.commands import status

    async with _connection(cfg) as (conn, _):
        await status.show(conn)
    return 0


@_run
async def _alerts(cfg, args) -> int:
    return await alerts.run(cfg, args)


@_run
async def _delete(cfg, args) -> int:
    async with _connection(cfg) as (conn, audit):
        return await delete.run(conn, audit, args)


@_run
async def _import(cfg, args) -> int:
    return await import_command.run(cfg, args)


@_run
async def _citus(cfg, args) -> int:
    from healthsink.commands import citus

    return await citus.distribute(db.database_url(cfg))


_COMMANDS = {
    "serve": _serve,
    "migrate": _migrate,
    "user": _user,
    "key": _key,
    "config": _config,
    "reprocess": _reprocess,
    "audit": _audit,
    "delete": _delete,
    "status": _status,
    "alerts": _alerts,
    "import": _import,
    "citus": _citus,
}
