"""Self-hosted throughput: each skill served by flask-ask-sdk under waitress
in its own process (ours: `backcare serve --no-verify`; the baseline:
`baseline_server`), loaded by loopback clients for a fixed time."""

from __future__ import annotations

import os
import subprocess
import sys

from ..devtools.load import run as load_run
from ..devtools.local_dynamodb import free_port, wait_for_port

BASELINE_SERVER = "backcare_tools.bench.baseline_server"


def throughput(name: str, threads: int, seconds: float, clients: int) -> float:
    port = free_port()
    env = dict(os.environ, BACKCARE_STORE="memory://", BASELINE_BUILD_ON_IMPORT="0")
    if name == "ours":
        command = [
            sys.executable,
            "-m",
            "backcare_tools.cli",
            "serve",
            "--no-verify",
            "--port",
            str(port),
            "--threads",
            str(threads),
        ]
    else:
        command = [sys.executable, "-m", BASELINE_SERVER, str(port), str(threads)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port)
        result = load_run(f"http://127.0.0.1:{port}/", clients=clients, seconds=seconds)
        if result.errors:
            raise RuntimeError(f"{name} server answered {result.errors} errors")
        return result.per_second
    finally:
        server.terminate()
        server.wait(timeout=10)
