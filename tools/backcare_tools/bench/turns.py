"""Warm turns: both skills play the scripted conversation in this process,
in memory or against a local DynamoDB server, timed per turn, with their
DynamoDB calls and bytes counted."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from ..console.device import Device
from ..devtools.load import conversation
from ..devtools.local_dynamodb import Dynalite
from .baseline import Handler, load_baseline, ours_handler

USERS = 20  # a pool of returning users, as a real skill sees


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
    from backcare.store.dynamodb import DynamoDbStore

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
