"""Start and stop a local DynamoDB-compatible server (dynalite, installed by
`npm ci --prefix tests`) on a loopback port, for tests and the benchmark."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..paths import REPO_ROOT

DYNALITE = REPO_ROOT / "tests" / "node_modules" / ".bin" / "dynalite"


class MissingServerError(RuntimeError):
    """dynalite is not installed."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on port {port}")


@dataclass
class Dynalite:
    """A dynalite process on a loopback port; can be stopped and restarted.
    With `path`, data is kept on disk across restarts."""

    port: int
    path: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, table: str) -> str:
        return f"dynamodb://{table}?region=us-east-1&endpoint={self.endpoint}"

    def start(self) -> Dynalite:
        if not DYNALITE.exists():
            raise MissingServerError("dynalite is not installed: run `npm ci --prefix tests`")
        node = shutil.which("node") or "node"
        command = [
            node,
            str(DYNALITE),
            "--port",
            str(self.port),
            "--createTableMs",
            "0",
            "--deleteTableMs",
            "0",
            "--updateTableMs",
            "0",
        ]
        if self.path is not None:
            command += ["--path", str(self.path)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
