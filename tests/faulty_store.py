"""A real store behind a switchboard of faults: calls that fail before they
reach the store (it is down), calls that reach it and then lose their reply,
and small delays. Only the reply path is simulated; every record still
lives in the real SQLite file or DynamoDB table underneath."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from backcare.store.base import Raw, Store, StoreError

T = TypeVar("T")

DOWN = "down"  # the call never reaches the store
LOST = "lost"  # the call is carried out, its reply is lost
SLOW = "slow"  # the call is carried out after a short pause


class FaultyStore(Store):
    def __init__(self, inner: Store) -> None:
        super().__init__()
        self.inner = inner
        self.sends_changes = inner.sends_changes  # type: ignore[misc]
        self.plan: list[str] = []  # faults for the next calls, in order
        self.down = False  # every call fails until this is cleared
        self.faults = 0  # how many faults were served

    def _next(self) -> str:
        if self.down:
            return DOWN
        return self.plan.pop(0) if self.plan else "ok"

    def _through(self, call: Callable[[], T]) -> T:
        fault = self._next()
        if fault == DOWN:
            self.faults += 1
            raise StoreError("store is down (injected)")
        if fault == SLOW:
            self.faults += 1
            time.sleep(0.01)
        result = call()
        if fault == LOST:
            self.faults += 1
            raise StoreError("reply lost (injected)")
        return result

    def _read(self, key: str) -> Raw | None:
        return self._through(lambda: self.inner._read(key))

    def _write(self, key: str, record: dict[str, Any], expected: int | None) -> bool:
        return self._through(lambda: self.inner._write(key, record, expected))

    def _write_changes(
        self, key: str, record: dict[str, Any], before: dict[str, Any], expected: int
    ) -> bool:
        return self._through(lambda: self.inner._write_changes(key, record, before, expected))

    def _delete(self, key: str) -> None:
        self._through(lambda: self.inner._delete(key))

    def _copy(self, key: str, to_key: str) -> None:
        self._through(lambda: self.inner._copy(key, to_key))

    def _side_keys(self, user_id: str) -> list[str]:
        return self._through(lambda: self.inner._side_keys(user_id))

    def _read_with_side_keys(self, user_id: str) -> tuple[Raw | None, list[str]]:
        return self._through(lambda: self.inner._read_with_side_keys(user_id))

    def _write_marker(self, key: str, marker: dict[str, Any], expires: int) -> None:
        self._through(lambda: self.inner._write_marker(key, marker, expires))
