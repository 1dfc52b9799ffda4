"""A Citus cluster for tests and benchmarks: a coordinator and two workers on local ports, started from the
system's PostgreSQL 15 binaries (as the `postgres` user when run as root, like tests/test_replica.py), with
Citus built from ../shared/vendor by ../shared/scripts/citus-build.sh when it is not installed yet.

    python -m tests.citus_cluster run [--shards N] -- COMMAND ...
                                                        start, migrate, `healthsink citus distribute`, run
                                                        COMMAND with HEALTHSINK_TEST_CITUS_URL (the coordinator's
                                                        database) in its environment, stop
    python -m tests.citus_cluster check                 print why the cluster cannot be had here, or nothing

Where the cluster cannot be had (no ../shared, PostgreSQL not 15, no build tools, no unprivileged user),
`run` prints why and exits 0 without running COMMAND: `make test-citus` then skips, saying so.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from tests.helpers import tsql

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BUILD_SCRIPT = SHARED / "scripts" / "citus-build.sh"
TARBALL = SHARED / "vendor" / "citus-13.2.2.tar.gz"
PG_MAJOR = "15"
BIN = Path(f"/usr/lib/postgresql/{PG_MAJOR}/bin")
PG_CONFIG = BIN / "pg_config"  # postgresql-client-15's, whatever other versions are installed
NODES = ("coordinator", "worker1", "worker2")
# more postgresql.conf lines for every node ("a = 1; b = 2"), to try a setting in make test-citus / bench-citus
SETTINGS = os.environ.get("HEALTHSINK_TEST_CITUS_SETTINGS", "").replace(";", "\n")
DATABASE = "healthsink"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_config(flag: str) -> str:
    return subprocess.run([str(PG_CONFIG), flag], check=True, capture_output=True, text=True).stdout.strip()


def citus_installed() -> bool:
    if not PG_CONFIG.exists():
        return False
    return (Path(_pg_config("--pkglibdir")) / "citus.so").exists() and (
        Path(_pg_config("--sharedir")) / "extension" / "citus.control"
    ).exists()


def why_not() -> str | None:
    """None when a cluster can be started here (building Citus first if need be), else the reason."""
    if not all((BIN / t).exists() for t in ("initdb", "pg_ctl", "postgres")):
        return f"no PostgreSQL {PG_MAJOR} server binaries in {BIN}"
    if not PG_CONFIG.exists() or not _pg_config("--version").startswith(f"PostgreSQL {PG_MAJOR}."):
        return f"the system PostgreSQL (pg_config) is not {PG_MAJOR}: the vendored Citus build is for {PG_MAJOR}"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser to start PostgreSQL as 'postgres'"
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a 'postgres' user to start PostgreSQL as"
    if citus_installed():
        return None
    if not BUILD_SCRIPT.exists() or not TARBALL.exists():
        return f"Citus is not installed and {BUILD_SCRIPT} or {TARBALL} is absent"
    if os.geteuid() != 0:
        return "Citus is not installed, and building it (apt-get, make install) needs root"
    missing = [t for t in ("gcc", "make", "patch", "tar") if shutil.which(t) is None]
    if missing and shutil.which("apt-get") is None:
        return f"Citus is not installed and the build tools are missing: {', '.join(missing)}"
    return None


def build() -> None:
    """Build and install Citus (about 2 minutes on 2 cores; seconds once built)."""
    if citus_installed():
        return
    print(f"== building Citus with {BUILD_SCRIPT}", flush=True)
    log = Path(tempfile.gettempdir()) / "healthsink-citus-build.log"
    with open(log, "w") as out:
        env = {**os.environ, "PG_CONFIG": str(PG_CONFIG)}
        r = subprocess.run(["bash", str(BUILD_SCRIPT), str(TARBALL)], stdout=out, stderr=subprocess.STDOUT, env=env)
    if r.returncode != 0 or not citus_installed():
        sys.stdout.write(log.read_text()[-4000:])
        raise SystemExit(f"citus-build.sh failed (exit {r.returncode}); log in {log}")


class Cluster:
    """Three PostgreSQL servers with Citus in a temporary directory; the coordinator knows both workers."""

    def __init__(self, shards: int = 32) -> None:
        self.shards = shards
        self.root = Path(tempfile.mkdtemp(prefix="hs-citus-"))
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self.ports = {node: _free_port() for node in NODES}

    def url(self, node: str = "coordinator", db: str = DATABASE) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.ports[node]}/{db}"

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(BIN / tool), *args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        for node in NODES:
            pgdata = self.root / node
            self._run("initdb", "-D", str(pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8", "-N")
            with open(pgdata / "postgresql.auto.conf", "a") as f:
                f.write(
                    f"port = {self.ports[node]}\nlisten_addresses = '127.0.0.1'\n"
                    f"unix_socket_directories = '{self.root}'\nshared_preload_libraries = 'citus'\n"
                    "fsync = off\nsynchronous_commit = off\nmax_connections = 200\n"
                    f"citus.shard_count = {self.shards}\nmax_parallel_workers_per_gather = 0\n"
                    # a coordinator backend keeps its connections to the workers (default 1): the merges' shard
                    # tasks otherwise open and close worker connections every flush (docs/scaling.md)
                    "citus.max_cached_conns_per_worker = 8\n"
                    f"{SETTINGS}\n"
                )
        for node in NODES:
            self._run("pg_ctl", "-D", str(self.root / node), "-l", str(self.root / f"{node}.log"), "-w", "start")
        for node in NODES:
            with psycopg.connect(self.url(node, "postgres"), autocommit=True) as conn:
                conn.execute(tsql("citus_create_database"))
            with psycopg.connect(self.url(node), autocommit=True) as conn:
                conn.execute(tsql("citus_create_extension"))
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(tsql("citus_set_coordinator"), ("127.0.0.1", self.ports["coordinator"]))
            for node in NODES[1:]:
                conn.execute(tsql("citus_add_node"), ("127.0.0.1", self.ports[node]))

    def stop(self) -> None:
        for node in reversed(NODES):
            if (self.root / node / "postmaster.pid").exists():
                try:
                    self._run("pg_ctl", "-D", str(self.root / node), "-m", "fast", "-w", "stop")
                except subprocess.CalledProcessError:
                    self._run("pg_ctl", "-D", str(self.root / node), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def _healthsink(*args: str, url: str) -> None:
    env = {**os.environ, "HEALTHSINK_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "healthsink", *args], check=True, env=env, cwd=ROOT)


def run(command: list[str], shards: int = 32) -> int:
    reason = why_not()
    if reason:
        print(f"SKIP Citus: {reason}", flush=True)
        return 0
    build()
    cluster = Cluster(shards)
    t0 = time.monotonic()
    try:
        cluster.start()
        url = cluster.url()
        _healthsink("migrate", url=url)
        _healthsink("citus", "distribute", url=url)
        print(
            f"== Citus cluster up in {time.monotonic() - t0:.0f} s: coordinator {url}, workers on ports "
            f"{cluster.ports['worker1']} and {cluster.ports['worker2']}",
            flush=True,
        )
        if not command:
            return 0
        env = {**os.environ, "HEALTHSINK_TEST_CITUS_URL": url}
        return subprocess.run(command, env=env, cwd=ROOT).returncode
    finally:
        cluster.stop()


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        reason = why_not()
        if reason:
            print(reason)
        return 0
    if argv[:1] == ["run"]:
        rest = argv[1:]
        shards = 32
        if rest[:1] == ["--shards"]:
            shards, rest = int(rest[1]), rest[2:]
        if rest[:1] == ["--"]:
            rest = rest[1:]
        return run(rest, shards)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
