"""The two skills under test: ours, and the baseline (bench/baseline_skill.py)
loaded from its file, each on a store the bench gives it."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from backcare.store.base import Store

from ..paths import REPO_ROOT

BASELINE = REPO_ROOT / "bench" / "baseline_skill.py"
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
    from backcare.skill import build_skill, lambda_handler_for

    return lambda_handler_for(build_skill(store=store))


def baseline_handler(store: AbstractPersistenceAdapter) -> Handler:
    handler: Handler = load_baseline().handler_for(store)
    return handler


def memory_store() -> Store:
    from backcare.store.memory import MemoryStore

    return MemoryStore()
