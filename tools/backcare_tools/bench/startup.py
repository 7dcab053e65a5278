"""Cold starts: each skill's Lambda module imported and its first request
answered in a new process (`cold_start`), against local DynamoDB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from typing import Any

from ..console.device import Device
from ..devtools.local_dynamodb import Dynalite
from ..paths import REPO_ROOT
from .baseline import BASELINE
from .turns import make_table

COLD_START = "backcare_tools.bench.cold_start"
LAMBDA_LIKE_ENV = {
    # What Lambda provides and the baseline (like any sample) expects; the
    # key is only ever shown to the local DynamoDB server.
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
}


def launch_event() -> str:
    captured: dict[str, Any] = {}

    def keep(event: dict[str, Any]) -> dict[str, Any]:
        captured["event"] = event
        return {"response": {"shouldEndSession": True}}

    Device(invoke=keep, user_id=f"amzn1.ask.account.cold-{uuid.uuid4().hex}").launch()
    return json.dumps(captured["event"])


def cold_start(dynalite: Dynalite, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"ours": [], "baseline": []}
    table = f"bench-cold-{uuid.uuid4().hex[:6]}"
    # Both tables exist before the first process, as they do in production.
    make_table(dynalite, table)
    make_table(dynalite, table + "-base")
    env = dict(os.environ)
    env.update(
        {
            "BACKCARE_STORE": dynalite.url(table),
            "BASELINE_TABLE": table + "-base",
            "BASELINE_DYNAMODB_ENDPOINT": dynalite.endpoint,
            "BASELINE_BUILD_ON_IMPORT": "1",
            **LAMBDA_LIKE_ENV,
        }
    )
    targets = {
        "ours": (str(REPO_ROOT / "lambda"), "lambda_function"),
        "baseline": (str(BASELINE.parent), "baseline_skill"),
    }
    for run in range(runs + 1):  # the first run of each warms the disk cache
        for name, (folder, module) in targets.items():
            command = [sys.executable, "-m", COLD_START, folder, module, launch_event()]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            if not result["ok"]:
                raise RuntimeError(f"{name} cold start gave no response")
            if run:
                out[name].append(float(result["seconds"]))
    return out
