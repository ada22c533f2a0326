"""A throwaway redis-server for fault tests: killed, hung and brought back on the same port."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

import pytest
import redis

# Ports of their own, so the shared Redis and other runs are never touched.
SPARE_PORTS = range(6391, 6399)

needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="needs the redis-server program"
)


def _free_port() -> int:
    # Parallel test workers start from different ports, so two never pick the same free one.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:]
    start = int(worker) * 4 % len(SPARE_PORTS) if worker.isdigit() else 0
    for port in [*SPARE_PORTS[start:], *SPARE_PORTS[:start]]:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no spare port for a redis-server of the test's own")


class RedisServer:
    def __init__(self, port: int, folder: str) -> None:
        self.port = port
        self.folder = folder
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None
        self.hung = False

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", self.folder],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)
        client.close()

    def kill(self) -> None:
        if self.process is not None:
            if self.hung:
                self.resume()
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def hang(self) -> None:
        self.process.send_signal(signal.SIGSTOP)
        self.hung = True

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)
        self.hung = False


@contextlib.contextmanager
def redis_server() -> Iterator[RedisServer]:
    with tempfile.TemporaryDirectory(prefix="redis-") as folder:
        server = RedisServer(_free_port(), folder)
        server.start()
        try:
            yield server
        finally:
            server.kill()
