"""`healthsink serve --workers N`: a parent process that runs N single-process servers on one port.

Each worker is a fresh `healthsink serve` interpreter (not a fork): nothing the parent started (the embedded
PostgreSQL's handle and its exit hook, threads, an event loop) is inherited, and prometheus_client picks its
multiprocess mode from the environment at import. Every worker binds the same address with SO_REUSEPORT,
so the kernel spreads new connections over them; the parent holds a bound, never-listening socket on the
port so that a port already taken fails before any worker starts, and so that port 0 names one port for all.

The parent alone starts the embedded PostgreSQL (workers get its URL) and owns the metrics directory
(PROMETHEUS_MULTIPROC_DIR), made empty at start and removed at the end. SIGTERM or SIGINT stops every worker
(each finishes its in-flight requests); a worker that dies on its own makes the parent stop the others and
exit non-zero, so that systemd restarts the whole set rather than serving on with fewer processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile

from healthsink.config import Config
from healthsink.errors import HealthsinkError

log = logging.getLogger("healthsink.server")
STOP_GRACE_S = 5.0  # past server.shutdown_timeout_s, before a worker that has not stopped is killed


def default_workers() -> int:
    """The cores this process may run on (a cpuset or taskset counts, not only the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def reserve_port(host: str, port: int) -> socket.socket:
    """Bind (not listen) with SO_REUSEPORT: only listening sockets get connections, so this one only holds
    the port and tells the workers which port 0 became.

    First a bind without SO_REUSEPORT, closed at once: the kernel lets every socket that sets it share a port,
    so another healthsink's workers on this port would not stop ours, and the two would split the phones'
    requests between them (each perhaps on its own database)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if port:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed run's TIME_WAIT is no owner
            probe.bind((host, port))  # EADDRINUSE while anything listens there
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def worker_command(cfg: Config, config_path: str | None, port: int) -> list[str]:
    head = [sys.executable, "-m", "healthsink"] + (["--config", config_path] if config_path else [])
    return head + [
        "serve",
        "--host",
        cfg.server.host,
        "--port",
        str(port),
        "--workers",
        "1",
        "--worker-of",
        str(os.getpid()),
    ]


def supervise(cfg: Config, url: str, workers: int, config_path: str | None) -> int:
    """Run `workers` worker processes until a signal (exit 0) or a worker's death (exit 1)."""
    try:
        sock = reserve_port(cfg.server.host, cfg.server.port)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
            raise  # told in one line by commands/failures.py, as for one worker
        raise HealthsinkError(f"cannot listen on {cfg.server.host}:{cfg.server.port}: {exc.strerror}") from None
    metrics_dir = tempfile.mkdtemp(prefix="healthsink-metrics-")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": metrics_dir}
    if not cfg.database.url:
        env["HEALTHSINK_DATABASE_URL"] = url  # the embedded server the parent started
    try:
        cmd = worker_command(cfg, config_path, sock.getsockname()[1])
        return asyncio.run(_run(cmd, env, workers, cfg.server.shutdown_timeout_s + STOP_GRACE_S))
    finally:
        sock.close()
        shutil.rmtree(metrics_dir, ignore_errors=True)


async def _run(cmd: list[str], env: dict[str, str], workers: int, stop_timeout_s: float) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # Own sessions: a terminal's Ctrl-C reaches the parent only, which then stops each worker once.
    procs = [await asyncio.create_subprocess_exec(*cmd, env=env, start_new_session=True) for _ in range(workers)]
    log.info("serving", extra={"fields": {"workers": [p.pid for p in procs], "port": cmd[cmd.index("--port") + 1]}})
    exits = {asyncio.ensure_future(p.wait()): p for p in procs}
    stopping = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait([stopping, *exits], return_when=asyncio.FIRST_COMPLETED)
    code = 0
    if stopping not in done:
        dead = next(exits[t] for t in done)
        log.error("worker died; stopping the others", extra={"fields": {"pid": dead.pid, "exit": dead.returncode}})
        code = 1
    stopping.cancel()
    await _stop_all(procs, stop_timeout_s)
    return code


async def _stop_all(procs: list[asyncio.subprocess.Process], timeout_s: float) -> None:
    for p in procs:
        if p.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                p.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(asyncio.gather(*(p.wait() for p in procs)), timeout_s)
    except TimeoutError:
        for p in procs:
            if p.returncode is None:
                log.error("worker did not stop; killed", extra={"fields": {"pid": p.pid}})
                with contextlib.suppress(ProcessLookupError):
                    p.kill()
        await asyncio.gather(*(p.wait() for p in procs))


def die_with_parent(parent_pid: int) -> None:
    """In a worker: get SIGTERM when the parent dies, even by SIGKILL (Linux), so no worker is left serving
    on its own. The parent may have died before this call: then stop at once."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != parent_pid:
        raise SystemExit(f"healthsink worker: parent {parent_pid} is gone")
