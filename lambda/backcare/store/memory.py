"""An in-process store: for benchmarks and throwaway console runs."""

from __future__ import annotations

import json
import threading
from typing import Any

from ..state import stored_version
from .base import Raw, Store


class MemoryStore(Store):
    """Records in a dict, each a JSON round-tripped copy, as a real store
    serializes (so no caller ever shares a dict with the store)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, Any] = {}
        self._lock = threading.Lock()  # makes the version check and the write one step

    def _read(self, key: str) -> Raw | None:
        stored = self.items.get(key)
        return None if stored is None else _copy(stored)

    def _write(self, key: str, record: dict[str, Any], expected: int | None) -> bool:
        copied = _copy(record)
        with self._lock:
            if expected is not None and stored_version(self.items.get(key)) != expected:
                return False
            self.items[key] = copied
        return True

    def _delete(self, key: str) -> None:
        self.items.pop(key, None)

    def _side_keys(self, user_id: str) -> list[str]:
        return [key for key in list(self.items) if key.startswith(f"{user_id}#")]

    def _copy(self, key: str, to_key: str) -> None:
        stored = self.items.get(key)
        if stored is not None:
            self.items[to_key] = _copy(stored)


def _copy(value: Any) -> Any:
    # A JSON round trip: faster than deepcopy, and what a real store does.
    return json.loads(json.dumps(value))
