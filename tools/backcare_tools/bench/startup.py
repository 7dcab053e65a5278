"""Cold starts of both Lambda artifacts (`artifacts.py`), interleaved.

Each run is a new process of the runtime's Python version that sees only
the artifact and the standard library (-I -S), never writes bytecode (-B:
Lambda's code folder is read-only) and logs as on Lambda (JSON at INFO):
it imports the Lambda module and answers a LaunchRequest for a new user
against local DynamoDB (`cold_start.py`). One untimed run of each warms the
disk cache; then each round runs both, the order alternating by round.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path
from typing import Any

from ..console.device import Device
from ..devtools.local_dynamodb import Dynalite
from . import cold_start as cold_start_script
from .artifacts import Artifacts
from .turns import make_table

LAMBDA_LIKE_ENV = {
    # What Lambda provides and the baseline (like any sample) expects; the
    # key is only ever shown to the local DynamoDB server.
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_LAMBDA_FUNCTION_NAME": "bench",
    "BACKCARE_LOG_LEVEL": "INFO",
    "BACKCARE_LOG_KEY": "bench",
}


def launch_event() -> str:
    captured: dict[str, Any] = {}

    def keep(event: dict[str, Any]) -> dict[str, Any]:
        captured["event"] = event
        return {"response": {"shouldEndSession": True}}

    Device(invoke=keep, user_id=f"amzn1.ask.account.cold-{uuid.uuid4().hex}").launch()
    return json.dumps(captured["event"])


def cold_start(dynalite: Dynalite, artifacts: Artifacts, runs: int) -> dict[str, list[float]]:
    table = f"bench-cold-{uuid.uuid4().hex[:6]}"
    # Both tables exist before the first process, as they do in production.
    make_table(dynalite, table)
    make_table(dynalite, table + "-base")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "BACKCARE_STORE": dynalite.url(table),
        "BASELINE_TABLE": table + "-base",
        "BASELINE_DYNAMODB_ENDPOINT": dynalite.endpoint,
        "BASELINE_BUILD_ON_IMPORT": "1",
        **LAMBDA_LIKE_ENV,
    }
    targets = {
        "ours": (artifacts.ours, "lambda_function"),
        "baseline": (artifacts.baseline, "baseline_skill"),
    }
    out: dict[str, list[float]] = {"ours": [], "baseline": []}
    for run in range(runs + 1):  # run 0 of each warms the disk cache, untimed
        order = ["ours", "baseline"] if run % 2 else ["baseline", "ours"]
        for name in order:
            folder, module = targets[name]
            seconds = _one(artifacts.python, folder, module, env)
            if run:
                out[name].append(seconds)
    return out


def _one(python: str, folder: Path, module: str, env: dict[str, str]) -> float:
    script = cold_start_script.__file__
    command = [python, "-I", "-S", "-B", script, str(folder), module, launch_event()]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{module} cold start failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if not result["ok"]:
        raise RuntimeError(f"{module} cold start gave no response")
    return float(result["seconds"])
