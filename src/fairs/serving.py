"""`fairs serve --workers N`: N uvicorn processes, each on its own listening socket with SO_REUSEPORT.

uvicorn's own `--workers` shares one listening socket: whichever process is awake accepts the connections,
and a client that keeps its connections alive (a reverse proxy, a load generator) stays on the process
that accepted them, so a second process added nothing (docs/performance.md). With one socket per process
bound with SO_REUSEPORT, the kernel spreads new connections over the processes by their address hash.
Where the platform has no SO_REUSEPORT, uvicorn's own workers are used.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
from types import FrameType

import uvicorn

APP = "fairs.app:create_app"


def reuse_port_supported() -> bool:
    """True where sockets can share a port with SO_REUSEPORT (Linux, the BSDs, macOS)."""
    return hasattr(socket, "SO_REUSEPORT") and sys.platform != "win32"


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port with SO_REUSEPORT, ready for uvicorn."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _worker(host: str, port: int, log_level: str) -> None:
    sock = listening_socket(host, port)
    config = uvicorn.Config(APP, factory=True, log_level=log_level)
    uvicorn.Server(config).run(sockets=[sock])


def serve_processes(*, host: str, port: int, workers: int, log_level: str) -> None:
    """Run `workers` uvicorn processes on host:port until SIGINT/SIGTERM, then stop them all."""
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_worker, args=(host, port, log_level), name=f"fairs-worker-{n}")
        for n in range(workers)
    ]
    for process in processes:
        process.start()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        for process in processes:
            if process.is_alive():
                process.terminate()  # uvicorn finishes the requests in flight on SIGTERM

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for process in processes:
        process.join()
    failed = [p for p in processes if p.exitcode not in (0, -signal.SIGTERM)]
    if failed:
        raise SystemExit(1)
