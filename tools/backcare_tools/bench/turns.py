"""Warm turns: both skills play the scripted conversation in this process,
in interleaved rounds after a warm-up, in memory or against a local
DynamoDB server, timed per turn, with their DynamoDB calls and bytes
counted. Envelopes are a speaker's or an Echo Show's."""

from __future__ import annotations

import gc
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..console.device import Device
from ..devtools.echo_show import device_kwargs
from ..devtools.load import conversation
from ..devtools.local_dynamodb import Dynalite
from .baseline import Handler, PlainMemoryAdapter, load_baseline, memory_store, ours_handler
from .stats import quantile

USERS = 20  # a pool of returning users, as a real skill sees
WARM_UP_TURNS = 100


@dataclass
class Turns:
    times: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    sessions: int = 0

    def percentile(self, q: float) -> float:
        return quantile(self.times, q)


def play(
    handler: Handler, turns: int, profile: str = "minimal", into: Turns | None = None
) -> Turns:
    """Run whole conversations for a pool of users until `turns` are timed."""
    out = into or Turns()
    goal = len(out.times) + turns
    extras = device_kwargs(profile)

    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        reply = handler(event, None)
        out.times.append(time.perf_counter() - started)
        out.sizes.append(len(json.dumps(reply).encode()))
        return reply

    index = 0
    while len(out.times) < goal:
        device = Device(invoke=invoke, user_id=f"amzn1.ask.account.bench-{index % USERS}", **extras)
        conversation(device)
        out.sessions += 1
        index += 1
    return out


@dataclass
class Rounds:
    """Per skill: every round's turns, and all turns together."""

    rounds: dict[str, list[Turns]] = field(default_factory=lambda: {"ours": [], "baseline": []})

    def per_round(self, name: str, q: float) -> list[float]:
        return [r.percentile(q) for r in self.rounds[name]]

    def all(self, name: str) -> Turns:
        merged = Turns()
        for part in self.rounds[name]:
            merged.times += part.times
            merged.sizes += part.sizes
            merged.sessions += part.sessions
        return merged


def interleaved(
    handlers: dict[str, Handler],
    rounds: int,
    turns: int,
    profile: str = "minimal",
    after_warm_up: Callable[[], None] | None = None,
) -> Rounds:
    """Warm both up, then `rounds` rounds of `turns` turns each, the order
    alternating by round, so a slow moment of the machine hits both."""
    for handler in handlers.values():
        play(handler, WARM_UP_TURNS, profile)
    if after_warm_up is not None:
        after_warm_up()
    out = Rounds()
    for number in range(rounds):
        order = ["ours", "baseline"] if number % 2 == 0 else ["baseline", "ours"]
        for name in order:
            # The collector's work left by the other skill is done first, so
            # it never lands in this skill's round.
            gc.collect()
            out.rounds[name].append(play(handlers[name], turns, profile))
    return out


def in_memory(rounds: int, turns: int, profile: str) -> Rounds:
    handlers = {
        "ours": ours_handler(memory_store()),
        "baseline": load_baseline().handler_for(PlainMemoryAdapter()),
    }
    return interleaved(handlers, rounds, turns, profile)


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


def on_dynamodb(dynalite: Dynalite, rounds: int, turns: int) -> tuple[Rounds, dict[str, Traffic]]:
    from backcare.store.dynamodb import DynamoDbStore

    ours_store = DynamoDbStore(f"bench-ours-{uuid.uuid4().hex[:6]}", "us-east-1", dynalite.endpoint)
    baseline = load_baseline()
    resource = dynamodb_resource(dynalite)
    base_table = f"bench-base-{uuid.uuid4().hex[:6]}"
    make_table(dynalite, base_table)
    base_store = baseline.DynamoDbAdapter(
        table_name=base_table, create_table=False, dynamodb_resource=resource
    )
    handlers: dict[str, Handler] = {
        "ours": ours_handler(ours_store),
        "baseline": baseline.handler_for(base_store),
    }
    traffic = {name: Traffic() for name in handlers}

    def count() -> None:  # tables made and users seen in the warm-up, uncounted
        traffic["ours"].hook(ours_store.client)
        traffic["baseline"].hook(resource.meta.client)

    return interleaved(handlers, rounds, turns, after_warm_up=count), traffic


def dynamodb_resource(dynalite: Dynalite) -> Any:
    """A boto3 resource on the local server, for the baseline's SDK adapter."""
    import boto3

    from backcare.store.dynamodb import boto_args

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
