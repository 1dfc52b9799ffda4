"""What both benchmarks need: a database, a running `healthsink serve`, a user and key, its peak RSS."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import psycopg
from psycopg import sql as psql

from healthsink.store import db, migrate

ROOT = Path(__file__).resolve().parents[1]
ADMIN_SQL = ROOT / "bench" / "sql"


def calibration() -> str:
    """This machine's speed right now: seconds for a fixed pure-Python loop (10M additions) and the cores.
    Figures are comparable only between runs with a similar calibration: on the 2-core VM this project
    is developed on, the same loop took 0.5 s to 2.8 s within one day."""
    t = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    took = time.perf_counter() - t
    return f"calibration: {took:.2f} s for 10M Python additions (lower is faster), {os.cpu_count()} cores"


def cpu_seconds(pids) -> float:
    """User + system CPU time of these processes so far (those that are gone or not on this machine: 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def backend_pids(db_url: str) -> list[int]:
    """PostgreSQL's processes serving `db_url`'s database right now."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        return [r[0] for r in conn.execute((ADMIN_SQL / "backend_pids.sql").read_text()).fetchall()]


def server_url() -> str:
    """HEALTHSINK_BENCH_DATABASE_URL or HEALTHSINK_DATABASE_URL, else an embedded PostgreSQL."""
    url = os.environ.get("HEALTHSINK_BENCH_DATABASE_URL") or os.environ.get("HEALTHSINK_DATABASE_URL")
    if url:
        return url
    return db.embedded_url(Path(tempfile.gettempdir()) / "healthsink-bench-pg", cleanup_mode="stop")


def fresh_database(url: str, name: str) -> str:
    """Drop and create `name` on the server at `url`, migrate it, return its URL."""
    with psycopg.connect(url, autocommit=True) as conn:
        for stmt in ("drop_database", "create_database"):
            text = (ADMIN_SQL / f"{stmt}.sql").read_text()
            conn.execute(psql.SQL(text).format(name=psql.Identifier(name)))
    out = urlunsplit(urlsplit(url)._replace(path="/" + name))
    migrate.apply(out)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(db_url: str, *args: str) -> str:
    env = {**os.environ, "HEALTHSINK_DATABASE_URL": db_url, "HEALTHSINK_LOG_LEVEL": "warning"}
    return subprocess.run(
        [sys.executable, "-m", "healthsink", *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def new_key(db_url: str, email: str) -> str:
    cli(db_url, "user", "add", email)
    return cli(db_url, "key", "create", email).strip().splitlines()[-1]


class Server:
    """`healthsink serve --workers N` on a free port; one process unless told (the figures of single-process
    runs stay comparable)."""

    def __init__(self, db_url: str, workers: int = 1, **env: str) -> None:
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "HEALTHSINK_DATABASE_URL": db_url,
            "HEALTHSINK_SERVER_PORT": str(self.port),
            "HEALTHSINK_LOG_LEVEL": "warning",
            **env,
        }
        self.env.pop("HEALTHSINK_REDIS_URL", None)
        self.proc: subprocess.Popen | None = None

    async def __aenter__(self) -> Server:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "healthsink", "serve", "--workers", str(self.workers)], env=self.env
        )
        deadline = time.monotonic() + 30
        async with aiohttp.ClientSession() as s:
            while True:
                try:
                    async with s.get(self.url + "/health") as r:
                        if r.status == 200 and self.listeners() == self.workers:
                            return self
                except aiohttp.ClientError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not start")
                await asyncio.sleep(0.1)

    async def __aexit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(30)

    def listeners(self) -> int:
        """Listening sockets on the port: each worker listens once its start-up is done."""
        local = f"0100007F:{self.port:04X}"
        return sum(line.split()[1:4:2] == [local, "0A"] for line in Path("/proc/net/tcp").read_text().splitlines())

    def pids(self) -> list[int]:
        """The server's processes: the parent and, with several workers, its children."""
        pid = self.proc.pid
        try:
            kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except FileNotFoundError:
            return []
        return [pid, *map(int, kids)]

    def _status_mb(self, field: str) -> float:
        total = 0.0
        for pid in self.pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1]) / 1024
        return total or float("nan")

    def peak_rss_mb(self) -> float:
        """VmHWM: each process's peak resident set, kept by the kernel, summed over the server's processes."""
        return self._status_mb("VmHWM:")

    def rss_mb(self) -> float:
        return self._status_mb("VmRSS:")
