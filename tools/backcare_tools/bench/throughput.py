"""Self-hosted throughput: each skill served under waitress in its own
process (ours: `backcare serve --no-verify`; the baseline: `baseline_server`,
flask-ask-sdk's SkillAdapter), both with logging at INFO as in production,
loaded in turn by a separate client process (`backcare loadtest`) for a few
seconds per round, the order alternating by round."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from ..devtools.local_dynamodb import free_port, wait_for_port

BASELINE_SERVER = "backcare_tools.bench.baseline_server"


@contextmanager
def server(name: str, threads: int) -> Iterator[str]:
    port = free_port()
    env = dict(
        os.environ,
        BACKCARE_STORE="memory://",
        BACKCARE_LOG_LEVEL="INFO",
        BACKCARE_LOG_KEY="bench",
        BASELINE_BUILD_ON_IMPORT="0",
    )
    if name == "ours":
        command = [sys.executable, "-m", "backcare_tools.cli", "serve", "--no-verify"]
        command += ["--port", str(port), "--threads", str(threads)]
    else:
        command = [sys.executable, "-m", BASELINE_SERVER, str(port), str(threads)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def load(url: str, seconds: float, clients: int, envelopes: str) -> float:
    """Requests per second from a `backcare loadtest` process."""
    command = [sys.executable, "-m", "backcare_tools.cli", "loadtest", "--url", url]
    command += ["--seconds", str(seconds), "--clients", str(clients), "--envelopes", envelopes]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    summary = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}
    if done.returncode != 0 or summary.get("errors"):
        raise RuntimeError(f"load on {url} failed: {done.stdout}{done.stderr}")
    return float(summary["requests_per_second"])


def throughput(
    threads: int, rounds: int, seconds: float, clients: int, envelopes: str
) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"ours": [], "baseline": []}
    with ExitStack() as stack:
        urls = {name: stack.enter_context(server(name, threads)) for name in out}
        load(urls["ours"], min(1.0, seconds), clients, envelopes)  # warm-up, uncounted
        load(urls["baseline"], min(1.0, seconds), clients, envelopes)
        for number in range(rounds):
            order = ["ours", "baseline"] if number % 2 == 0 else ["baseline", "ours"]
            for name in order:
                out[name].append(load(urls[name], seconds, clients, envelopes))
    return out
