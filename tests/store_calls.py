"""Count store reads and writes: botocore event hooks for DynamoDB, the
store's own counters for SQLite and memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

READS = {"GetItem", "Query", "Scan", "BatchGetItem"}
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"}


@dataclass
class Calls:
    store: Any
    ops: list[str] = field(default_factory=list)

    base_reads: int = 0
    base_writes: int = 0

    def __post_init__(self) -> None:
        self.base_reads = int(getattr(self.store, "reads", 0))
        self.base_writes = int(getattr(self.store, "writes", 0))
        client = getattr(self.store, "client", None)  # DynamoDbStore's boto3 client
        if client is not None:
            client.meta.events.register("before-call.dynamodb.*", self._on_call)

    def _on_call(self, model: Any, **_: Any) -> None:
        self.ops.append(model.name)

    @property
    def reads(self) -> int:
        if hasattr(self.store, "client"):
            return sum(1 for op in self.ops if op in READS)
        return int(self.store.reads) - self.base_reads

    @property
    def writes(self) -> int:
        if hasattr(self.store, "client"):
            return sum(1 for op in self.ops if op in WRITES)
        return int(self.store.writes) - self.base_writes
