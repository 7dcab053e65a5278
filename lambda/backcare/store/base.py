"""The skill's own store interface: typed records in and out.

The persistence interceptors are the only callers. A backend (SQLite,
DynamoDB, memory) provides a few raw primitives on plain JSON-shaped dicts
keyed by the Alexa user id; this base class turns them into the typed
contract below, with the same version-conditioned, idempotent writes,
three-way merge on conflict and complete deletion for every backend, so one
conformance suite covers all three.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

import msgspec

from ..state import StateError, UserState, merge, stored_version

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Jittered pauses between tries, so devices writing at once fall out of step;
# at most ~0.4 s in all, well inside Alexa's time for a reply.
BACKOFF_SECONDS = (0.005, 0.05)
ASIDE = "#unreadable#"  # side records: "<user id>#unreadable#<stamp>"
# A deleted user's record is replaced by a marker with no personal data, so
# a session still open on another device cannot write the user back; the
# marker expires (DynamoDB's time to live; the other stores ignore it then).
TOMBSTONE_SECONDS = 30 * 24 * 3600

# A stored record as a backend hands it over: a plain dict (ints, never
# Decimals), or the raw text of a row that is not a JSON object.
Raw = dict[str, Any] | str


class StoreError(Exception):
    """The store could not be reached, refused the call, or kept conflicting."""


class UserDeletedError(StoreError):
    """The user disabled the skill since this session read the record."""


@dataclass(frozen=True)
class Loaded:
    """What `load` found: a readable record, nothing, or an unreadable one."""

    state: UserState | None  # None: no record, a deleted one, or an unreadable one
    unreadable: str = ""  # why the stored record could not be read ("" if it could)
    version: int = 0  # the stored version when there is no readable record (a marker's)
    generation: str = ""  # a marker's generation: records made after it carry it


@dataclass(frozen=True)
class Base:
    """What a save starts from."""

    record: UserState = field(default_factory=UserState)  # as this session last read or wrote it
    force: bool = False  # replace whatever is stored (after a set-aside)
    # Earlier writes of this session whose outcomes are unknown (their
    # replies were lost), oldest first: each id and the record it carried.
    attempts: tuple[tuple[str, UserState], ...] = ()


def generation_time(generation: str) -> float:
    """When the deletion that began a generation happened (0: the first)."""
    head, _, _ = generation.partition("-")
    # Epoch seconds: ten digits for centuries; anything longer is not ours.
    return float(head) if head.isdigit() and len(head) <= 12 else 0.0


def is_marker(raw: Raw | None) -> bool:
    return isinstance(raw, dict) and raw.get("deleted") is True


class Store(ABC):
    """load / save / delete / set_aside for one user's record."""

    # The backend overrides `_write_changes` to send only what changed
    # (DynamoDB): only then is the record it replaces worth making.
    sends_changes: ClassVar[bool] = False

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
        if is_marker(raw):
            assert isinstance(raw, dict)
            return Loaded(
                state=None, version=stored_version(raw), generation=str(raw.get("generation"))
            )
        try:
            return Loaded(state=UserState.from_dict(raw, plain=True))
        except StateError as err:
            return Loaded(state=None, unreadable=str(err) or "unreadable")

    def save(self, user_id: str, state: UserState, base: Base, write_id: str) -> UserState:
        """Store `state`, a change of `base.record`, under `write_id`.

        The write is conditioned on the version read; on a conflict the
        stored record is re-read and this turn's changes are merged into it
        field by field (state.merge) and written again. A write whose id is
        already in the stored record landed before (a lost reply, a retry)
        and is not applied twice. Returns what is now stored. Raises
        StoreError, or UserDeletedError when the user was deleted meanwhile.
        """
        ancestor, mine = base.record, state
        expected: int | None = None if base.force else ancestor.version
        # The stored form of what this write replaces, so a backend can send
        # only what changed: known for a record this store wrote or read in
        # the current form (a marker's stand-in has no write ids).
        current = self.sends_changes and not base.force and bool(ancestor.writes)
        for _ in range(MAX_ATTEMPTS):
            # Capped as written, so what is stored never passes a bound (a
            # partial write would otherwise append past it).
            record = _stamped(mine, ancestor, write_id)
            if current and expected:
                written = self._write_changes(
                    user_id, record.to_dict(), ancestor.to_dict(), expected
                )
            else:
                written = self._write(user_id, record.to_dict(), expected)
            if written:
                self.writes += 1
                return record
            self.conflicts += 1
            raw = self._read(user_id)
            current = self.sends_changes and isinstance(raw, dict) and UserState.is_current(raw)
            if is_marker(raw):
                raise UserDeletedError("the user was deleted")
            try:
                theirs = UserState.from_dict(raw, plain=True) if raw is not None else UserState()
            except StateError as err:
                raise StoreError(f"stored record became unreadable: {err}") from err
            if raw is not None and theirs.generation != base.record.generation:
                raise UserDeletedError("the user was deleted and started afresh")
            if write_id in theirs.writes:
                return theirs  # this very write landed; its reply was lost
            landed = [record for id_, record in base.attempts if id_ in theirs.writes]
            if landed:
                ancestor = landed[-1]  # an earlier write of ours landed: build on the latest
            mine = merge(ancestor, theirs, mine)
            ancestor, expected = theirs, theirs.version if raw is not None else 0
            time.sleep(random.uniform(*BACKOFF_SECONDS))
        log.warning("gave up after %d conflicting writes", MAX_ATTEMPTS)
        raise StoreError("the record kept changing; gave up after retries")

    def delete(self, user_id: str, now: float | None = None) -> None:
        """Remove every record of the user, side records included, leaving a
        marker without personal data. Raises StoreError (try again later)."""
        raw, side = self._read_with_side_keys(user_id)
        version = stored_version(raw)
        expires = int((time.time() if now is None else now) + TOMBSTONE_SECONDS)
        # The generation names when the deletion happened, so a session that
        # began before it (even one that never read the record) stays out.
        generation = f"{int(expires - TOMBSTONE_SECONDS)}-{uuid.uuid4().hex[:12]}"
        marker = {"deleted": True, "version": version + 1, "generation": generation}
        self._write_marker(user_id, marker, expires)
        for key in side:
            self._delete(key)
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

    def _write_changes(
        self, key: str, record: dict[str, Any], before: dict[str, Any], expected: int
    ) -> bool:
        """As `_write`, where `before` is what is stored if the version is
        `expected`: a backend with `sends_changes` sends only the difference."""
        return self._write(key, record, expected)

    @abstractmethod
    def _delete(self, key: str) -> None:
        """Remove the record (absent is fine)."""

    @abstractmethod
    def _copy(self, key: str, to_key: str) -> None:
        """Copy the stored record, readable or not, under another key, and
        remember that key as one of the user's side records."""

    @abstractmethod
    def _side_keys(self, user_id: str) -> list[str]:
        """Keys of the user's side records."""

    def _read_with_side_keys(self, user_id: str) -> tuple[Raw | None, list[str]]:
        return self._read(user_id), self._side_keys(user_id)

    def _write_marker(self, key: str, marker: dict[str, Any], expires: int) -> None:
        """Replace the user's record with the deletion marker."""
        self._write(key, {**marker, "expires": expires}, None)


def _stamped(state: UserState, ancestor: UserState, write_id: str) -> UserState:
    """The record to write: the version after the one it replaces, the ids
    of recent writes, every list within its bound (UserState.capped, which
    also cuts the write ids back once they are full)."""
    return msgspec.structs.replace(
        state, version=ancestor.version + 1, writes=[*ancestor.writes, write_id]
    ).capped()
