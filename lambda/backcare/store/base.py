"""The skill's own store interface: typed records in and out.

The persistence interceptors are the only callers. A backend (SQLite,
DynamoDB, memory) provides four raw primitives on plain JSON-shaped dicts
keyed by the Alexa user id; this base class turns them into the typed
contract below, with the same version-conditioned writes and merge on
conflict for every backend, so one conformance suite covers all three.
"""

from __future__ import annotations

import logging
import random
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from ..state import StateError, UserState, merge

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Jittered pauses between tries, so devices writing at once fall out of step;
# at most ~0.4 s in all, well inside Alexa's time for a reply.
BACKOFF_SECONDS = (0.005, 0.05)
ASIDE = "#unreadable#"  # side records: "<user id>#unreadable#<stamp>"

# A stored record as a backend hands it over: a plain dict (ints, never
# Decimals), or the raw text of a row that is not a JSON object.
Raw = dict[str, Any] | str


class StoreError(Exception):
    """The store could not be reached, refused the call, or kept conflicting."""


@dataclass(frozen=True)
class Loaded:
    """What `load` found: a readable record, nothing, or an unreadable one."""

    state: UserState | None  # None: no record, or an unreadable one
    unreadable: str = ""  # why the stored record could not be read ("" if it could)


@dataclass(frozen=True)
class Base:
    """What a save starts from: the version the session read and the
    completion counts then, so a merge adds only this session's own."""

    version: int = 0
    completions: dict[str, int] = field(default_factory=dict)
    force: bool = False  # replace whatever is stored (after a set-aside)


class Store(ABC):
    """load / save / delete / set_aside for one user's record."""

    def __init__(self) -> None:
        self.reads = 0
        self.writes = 0
        self.conflicts = 0

    # --- the typed contract -------------------------------------------------

    def load(self, user_id: str) -> Loaded:
        self.reads += 1
        raw = self._read(user_id)
        if raw is None:
            return Loaded(state=None)
        try:
            return Loaded(state=UserState.from_dict(raw))
        except StateError as err:
            return Loaded(state=None, unreadable=str(err) or "unreadable")

    def save(self, user_id: str, state: UserState, base: Base) -> UserState:
        """Store `state` as version base.version + 1 if the stored version is
        still base.version; on a conflict re-read, merge, and try again.
        Returns what is now stored. Raises StoreError."""
        record = state
        expected: int | None = None if base.force else base.version
        completions = dict(base.completions)
        for _ in range(MAX_ATTEMPTS):
            record.version = (base.version if expected is None else expected) + 1
            if self._write(user_id, record.to_dict(), expected):
                self.writes += 1
                return record
            self.conflicts += 1
            time.sleep(random.uniform(*BACKOFF_SECONDS))
            raw = self._read(user_id)
            try:
                theirs = UserState.from_dict(raw) if raw is not None else UserState()
            except StateError as err:
                raise StoreError(f"stored record became unreadable: {err}") from err
            record = merge(theirs, record, completions)
            expected = theirs.version if raw is not None else 0
            completions = dict(theirs.completions)
        log.warning("gave up after %d conflicting writes", MAX_ATTEMPTS)
        raise StoreError("the record kept changing; gave up after retries")

    def delete(self, user_id: str) -> None:
        self._delete(user_id)
        self.writes += 1

    def set_aside(self, user_id: str, stamp: str) -> None:
        """Copy the stored record, as it is, to `<id>#unreadable#<stamp>`."""
        self._copy(user_id, f"{user_id}{ASIDE}{stamp}")

    # --- what a backend provides --------------------------------------------

    @abstractmethod
    def _read(self, key: str) -> Raw | None:
        """The stored record, or None. Raises StoreError when unreachable."""

    @abstractmethod
    def _write(self, key: str, record: dict[str, Any], expected: int | None) -> bool:
        """Write when the stored version is `expected` (0: no record or one
        without a version; None: unconditionally). False on a conflict."""

    @abstractmethod
    def _delete(self, key: str) -> None:
        """Remove the record (absent is fine)."""

    @abstractmethod
    def _copy(self, key: str, to_key: str) -> None:
        """Copy the stored record, readable or not, under another key."""
