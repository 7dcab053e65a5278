"""`backcare bench`: cost and speed per turn, side by side with the baseline.

The baseline (bench/baseline_skill.py) is the canonical ask-sdk-core
pattern: the SDK's DynamoDB adapter, persistent attributes read and saved
on every turn, everything imported at module level. Both skills play the
same scripted conversation (launch, start a routine, a screen answer, a
skip, three nexts, a pause, a tip, a massage question, stop) as a pool of
returning users, and every figure is reported with its ratio to the
baseline from the same run:

1. cold start: a new process imports the Lambda module and answers its
   first request (median of N runs, each process new);
2. warm turns: p50 and p99 handler time per turn, store in memory, then
   against a local DynamoDB server (dynalite);
3. store traffic: DynamoDB calls and bytes per turn and per session,
   counted with botocore's event hooks;
4. response size: bytes per response, max and mean;
5. self-hosted throughput: requests per second on loopback with 1 and 2
   waitress worker threads.
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from .console.device import Device
from .devtools.load import conversation
from .devtools.load import run as load_run
from .devtools.local_dynamodb import Dynalite, free_port, wait_for_port

if TYPE_CHECKING:
    from .store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]
BASELINE = REPO_ROOT / "bench" / "baseline_skill.py"
USERS = 20  # a pool of returning users, as a real skill sees
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


class PlainMemoryAdapter(AbstractPersistenceAdapter):
    """The baseline's in-memory store: a dict, copied like a real store."""

    def __init__(self) -> None:
        self.items: dict[str, Any] = {}

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        key = request_envelope.context.system.user.user_id
        return dict(json.loads(json.dumps(self.items.get(key, {}))))

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        # The same JSON round trip as Back Care Coach's memory store.
        copied = json.loads(json.dumps(attributes))
        self.items[request_envelope.context.system.user.user_id] = copied

    def delete_attributes(self, request_envelope: Any) -> None:
        self.items.pop(request_envelope.context.system.user.user_id, None)


def load_baseline() -> ModuleType:
    os.environ["BASELINE_BUILD_ON_IMPORT"] = "0"
    spec = importlib.util.spec_from_file_location("baseline_skill", BASELINE)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {BASELINE}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ours_handler(store: Store) -> Handler:
    from .skill import build_skill, lambda_handler_for

    return lambda_handler_for(build_skill(store=store))


def baseline_handler(store: AbstractPersistenceAdapter) -> Handler:
    handler: Handler = load_baseline().handler_for(store)
    return handler


@dataclass
class Turns:
    times: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    sessions: int = 0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def play(handler: Handler, turns: int) -> Turns:
    """Run whole conversations for a pool of users until `turns` are timed."""
    out = Turns()

    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        reply = handler(event, None)
        out.times.append(time.perf_counter() - started)
        out.sizes.append(len(json.dumps(reply).encode()))
        return reply

    index = 0
    while len(out.times) < turns:
        device = Device(invoke=invoke, user_id=f"amzn1.ask.account.bench-{index % USERS}")
        conversation(device)
        out.sessions += 1
        index += 1
    return out


@dataclass
class Traffic:
    calls: int = 0
    bytes: int = 0

    def hook(self, client: Any) -> None:
        events = client.meta.events
        events.register("before-send.dynamodb.*", self._sent)
        events.register("after-call.dynamodb.*", self._answered)

    def _sent(self, request: Any, **_: Any) -> None:
        self.calls += 1
        self.bytes += len(request.body or b"")

    def _answered(self, http_response: Any, **_: Any) -> None:
        self.bytes += len(http_response.content or b"")


def on_dynamodb(dynalite: Dynalite, turns: int) -> dict[str, tuple[Turns, Traffic]]:
    from .store.dynamodb import DynamoDbStore

    out: dict[str, tuple[Turns, Traffic]] = {}
    ours_store = DynamoDbStore(f"bench-ours-{uuid.uuid4().hex[:6]}", "us-east-1", dynalite.endpoint)
    baseline = load_baseline()
    resource = dynamodb_resource(dynalite)
    base_table = f"bench-base-{uuid.uuid4().hex[:6]}"
    make_table(dynalite, base_table)
    base_store = baseline.DynamoDbAdapter(
        table_name=base_table, create_table=False, dynamodb_resource=resource
    )
    for name, client, handler in (
        ("ours", ours_store.client, ours_handler(ours_store)),
        ("baseline", resource.meta.client, baseline.handler_for(base_store)),
    ):
        play(handler, 40)  # tables made and users seen once, outside the count
        traffic = Traffic()
        traffic.hook(client)
        out[name] = (play(handler, turns), traffic)
    return out


COLD = """
import json, sys, time
started = time.perf_counter()
sys.path.insert(0, {folder!r})
import {module} as entry
reply = entry.lambda_handler(json.loads({event!r}), None)
print(json.dumps({{"seconds": time.perf_counter() - started,
                  "ok": bool(reply.get("response"))}}))
"""


def launch_event() -> str:
    captured: dict[str, Any] = {}

    def keep(event: dict[str, Any]) -> dict[str, Any]:
        captured["event"] = event
        return {"response": {"shouldEndSession": True}}

    Device(invoke=keep, user_id=f"amzn1.ask.account.cold-{uuid.uuid4().hex}").launch()
    return json.dumps(captured["event"])


def dynamodb_resource(dynalite: Dynalite) -> Any:
    """A boto3 resource on the local server, for the baseline's SDK adapter."""
    import boto3

    from .store.dynamodb import boto_args

    return boto3.resource("dynamodb", **boto_args("us-east-1", dynalite.endpoint))


def make_table(dynalite: Dynalite, name: str) -> None:
    resource = dynamodb_resource(dynalite)
    resource.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    resource.meta.client.get_waiter("table_exists").wait(
        TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 20}
    )


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
            code = COLD.format(folder=folder, module=module, event=launch_event())
            done = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            if not result["ok"]:
                raise RuntimeError(f"{name} cold start gave no response")
            if run:
                out[name].append(float(result["seconds"]))
    return out


BASELINE_SERVER = """
import sys
sys.path.insert(0, {folder!r})
import backcare.web  # installs the oscrypto fix flask-ask-sdk needs on this OpenSSL
from flask import Flask
from flask_ask_sdk.skill_adapter import SkillAdapter
from waitress import serve
from backcare.bench import PlainMemoryAdapter
import baseline_skill
app = Flask("baseline")
app.config["ASK_SDK_VERIFY_SIGNATURE"] = False
app.config["ASK_SDK_VERIFY_TIMESTAMP"] = False
adapter = SkillAdapter(skill=baseline_skill.build(PlainMemoryAdapter()).create(),
                       skill_id="baseline", app=app)
adapter.register(app=app, route="/")
serve(app, host="127.0.0.1", port={port}, threads={threads})
"""


def throughput(name: str, threads: int, seconds: float, clients: int) -> float:
    port = free_port()
    env = dict(os.environ, BACKCARE_STORE="memory://", BASELINE_BUILD_ON_IMPORT="0")
    if name == "ours":
        command = [
            sys.executable,
            "-m",
            "backcare.cli",
            "serve",
            "--no-verify",
            "--port",
            str(port),
            "--threads",
            str(threads),
        ]
    else:
        code = BASELINE_SERVER.format(folder=str(BASELINE.parent), port=port, threads=threads)
        command = [sys.executable, "-c", code]
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


def ratio(ours: float, baseline: float) -> float:
    return round(ours / baseline, 3) if baseline else 0.0


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


LAMBDA_LIKE_ENV = {
    # What Lambda provides and the baseline (like any sample) expects; the
    # key is only ever shown to the local DynamoDB server.
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
}


def run(turns: int, cold_runs: int, seconds: float, clients: int) -> dict[str, Any]:
    for name, value in LAMBDA_LIKE_ENV.items():
        os.environ.setdefault(name, value)
    dynalite = Dynalite(port=free_port()).start()
    try:
        cold = cold_start(dynalite, cold_runs)
        memory = {
            "ours": play(ours_handler(_memory_store()), turns),
            "baseline": play(baseline_handler(PlainMemoryAdapter()), turns),
        }
        ddb = on_dynamodb(dynalite, turns)
    finally:
        dynalite.stop()
    rates = {
        (name, threads): throughput(name, threads, seconds, clients)
        for threads in (1, 2)
        for name in ("ours", "baseline")
    }
    figures: dict[str, Any] = {}
    for name in ("ours", "baseline"):
        warm, (dturns, traffic) = memory[name], ddb[name]
        sizes = warm.sizes + dturns.sizes
        figures[name] = {
            "cold_start_ms": ms(statistics.median(cold[name])),
            "warm_p50_ms": ms(warm.percentile(0.50)),
            "warm_p99_ms": ms(warm.percentile(0.99)),
            "warm_turns": len(warm.times),
            "ddb_p50_ms": ms(dturns.percentile(0.50)),
            "ddb_p99_ms": ms(dturns.percentile(0.99)),
            "ddb_turns": len(dturns.times),
            "ddb_calls_per_turn": round(traffic.calls / len(dturns.times), 3),
            "ddb_calls_per_session": round(traffic.calls / dturns.sessions, 2),
            "ddb_bytes_per_turn": round(traffic.bytes / len(dturns.times), 1),
            "ddb_bytes_per_session": round(traffic.bytes / dturns.sessions, 1),
            "response_bytes_max": max(sizes),
            "response_bytes_mean": round(statistics.fmean(sizes), 1),
            "rps_1_worker": round(rates[(name, 1)], 1),
            "rps_2_workers": round(rates[(name, 2)], 1),
        }
    ours, base = figures["ours"], figures["baseline"]
    figures["ratios"] = {
        "cold_start_ratio": ratio(ours["cold_start_ms"], base["cold_start_ms"]),
        "warm_p50_ratio": ratio(ours["warm_p50_ms"], base["warm_p50_ms"]),
        "warm_p99_ratio": ratio(ours["warm_p99_ms"], base["warm_p99_ms"]),
        "ddb_p50_ratio": ratio(ours["ddb_p50_ms"], base["ddb_p50_ms"]),
        "ddb_p99_ratio": ratio(ours["ddb_p99_ms"], base["ddb_p99_ms"]),
        "ddb_calls_per_turn_ratio": ratio(ours["ddb_calls_per_turn"], base["ddb_calls_per_turn"]),
        "ddb_bytes_per_turn_ratio": ratio(ours["ddb_bytes_per_turn"], base["ddb_bytes_per_turn"]),
        "response_bytes_mean_ratio": ratio(
            ours["response_bytes_mean"], base["response_bytes_mean"]
        ),
        "throughput_ratio": ratio(ours["rps_2_workers"], base["rps_2_workers"]),
        "throughput_1_worker_ratio": ratio(ours["rps_1_worker"], base["rps_1_worker"]),
    }
    figures["max_response_bytes"] = ours["response_bytes_max"]
    figures["settings"] = {
        "turns": turns,
        "cold_runs": cold_runs,
        "seconds": seconds,
        "clients": clients,
        "cpus": os.cpu_count(),
    }
    return figures


def _memory_store() -> Store:
    from .store.memory import MemoryStore

    return MemoryStore()


ROWS = [
    ("cold start, median (ms)", "cold_start_ms"),
    ("warm turn p50, memory (ms)", "warm_p50_ms"),
    ("warm turn p99, memory (ms)", "warm_p99_ms"),
    ("turn p50, DynamoDB (ms)", "ddb_p50_ms"),
    ("turn p99, DynamoDB (ms)", "ddb_p99_ms"),
    ("DynamoDB calls / turn", "ddb_calls_per_turn"),
    ("DynamoDB calls / session", "ddb_calls_per_session"),
    ("DynamoDB bytes / turn", "ddb_bytes_per_turn"),
    ("DynamoDB bytes / session", "ddb_bytes_per_session"),
    ("response bytes, max", "response_bytes_max"),
    ("response bytes, mean", "response_bytes_mean"),
    ("requests/s, 1 worker", "rps_1_worker"),
    ("requests/s, 2 workers", "rps_2_workers"),
]


def table(figures: dict[str, Any]) -> str:
    ours, base = figures["ours"], figures["baseline"]
    lines = [f"{'figure':<30}{'ours':>12}{'baseline':>12}{'ratio':>9}", "-" * 63]
    for label, key in ROWS:
        lines.append(f"{label:<30}{ours[key]:>12}{base[key]:>12}{ratio(ours[key], base[key]):>9}")
    return "\n".join(lines)


def main(turns: int, cold_runs: int, seconds: float, clients: int) -> int:
    figures = run(turns, cold_runs, seconds, clients)
    print(table(figures))
    print(
        json.dumps(
            {
                **figures["ratios"],
                "max_response_bytes": figures["max_response_bytes"],
                "ours": figures["ours"],
                "baseline": figures["baseline"],
                "settings": figures["settings"],
            }
        )
    )
    return 0
