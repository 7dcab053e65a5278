"""An in-process store: for benchmarks and throwaway console runs."""

from __future__ import annotations

import json
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from . import user_key
from .versioned import VersionedSaves


class MemoryAdapter(VersionedSaves, AbstractPersistenceAdapter):
    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.reads = 0
        self.writes = 0

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        self.reads += 1
        return _copy(self.items.get(user_key(request_envelope), {}))

    def _read_raw(self, request_envelope: Any) -> dict[str, Any]:
        return _copy(self.items.get(user_key(request_envelope), {}))

    def _write_if(
        self, request_envelope: Any, record: dict[str, Any], expected: int, force: bool
    ) -> bool:
        key = user_key(request_envelope)
        current = self.items.get(key, {}).get("version", 0)
        if not force and current != expected:
            return False
        self.writes += 1
        self.items[key] = _copy(record)
        return True

    def set_aside(self, request_envelope: Any, raw: Any, stamp: str) -> None:
        key = user_key(request_envelope)
        self.items[f"{key}#unreadable#{stamp}"] = _copy(self.items.get(key, {}))

    def delete_attributes(self, request_envelope: Any) -> None:
        self.writes += 1
        self.items.pop(user_key(request_envelope), None)


def _copy(value: dict[str, Any]) -> dict[str, Any]:
    # A JSON round trip, as a real store serializes: faster than deepcopy.
    copied: dict[str, Any] = json.loads(json.dumps(value))
    return copied
