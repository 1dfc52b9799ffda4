"""What `healthsink serve` prints once it listens: where, which database, which limits store, and the URL
to type into Health Auto Export. A server bound to 127.0.0.1 cannot be reached from a phone; say so."""

from __future__ import annotations

import re
import socket
from pathlib import Path

from healthsink import __version__
from healthsink.config import Config, mask_url

_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_ANY = ("0.0.0.0", "::", "")


def lan_address() -> str | None:
    """This machine's address on the LAN: the source address of a route outward (a UDP connect sends
    nothing), or None without a network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            addr = s.getsockname()[0]
        except OSError:
            return None
    return None if addr.startswith("127.") else addr


def database_label(cfg: Config) -> str:
    if cfg.database.url:
        return mask_url(cfg.database.url)
    return f"embedded PostgreSQL in {Path(cfg.data_path) / 'postgres'}"


def limits_label(cfg: Config) -> str:
    return f"Redis {mask_url(cfg.redis.url)}" if cfg.redis.url else "in process (no redis.url)"


def start_lines(cfg: Config, lan: str | None = None) -> list[str]:
    host, port = cfg.server.host, cfg.server.port
    shown = f"[{host}]" if ":" in host else host
    first = (
        f"healthsink {__version__} listening on http://{shown}:{port} · database "
        f"{database_label(cfg)} (pool {cfg.database.pool_min}-{cfg.database.pool_max}) · rate limits "
        f"{limits_label(cfg)}"
    )
    if host in _LOOPBACK:
        lan = lan or "<this machine's LAN address>"
        return [
            first + " · only this machine can connect: a phone on your LAN cannot reach it",
            (
                f'To sync from a phone, serve with: healthsink serve --host 0.0.0.0 (or server.host = "0.0.0.0" '
                f"in healthsink.toml), then type into the app: http://{lan}:{port}/api/v1/ingest"
            ),
        ]
    app_host = (lan or "<this machine's LAN address>") if host in _ANY else shown
    return [first, f"URL to type into Health Auto Export: http://{app_host}:{port}/api/v1/ingest"]


def say(cfg: Config) -> None:
    print("\n".join(start_lines(cfg, lan_address())), flush=True)


def printer(cfg: Config):
    """For web.run_app(print=...): called once the socket is bound, so the line is true when it appears."""

    def show(banner: str) -> None:
        bound = re.search(r":(\d+)\b", banner)  # port 0 became a real one
        say(cfg.replace(server={"port": int(bound.group(1))}) if bound else cfg)

    return show


def port(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port (0-65535): {text!r}")
    return value
