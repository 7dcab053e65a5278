"""An in-process store: for benchmarks and throwaway console runs."""

from __future__ import annotations

import copy
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from . import user_key


class MemoryAdapter(AbstractPersistenceAdapter):
    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.reads = 0
        self.writes = 0

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        self.reads += 1
        return copy.deepcopy(self.items.get(user_key(request_envelope), {}))

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        self.writes += 1
        self.items[user_key(request_envelope)] = copy.deepcopy(attributes)

    def delete_attributes(self, request_envelope: Any) -> None:
        self.writes += 1
        self.items.pop(user_key(request_envelope), None)
