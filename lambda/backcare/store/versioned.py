"""Optimistic concurrency for the user's record, shared by every store.

Each write names the version it replaces. When another device wrote first,
the store re-reads, merges (counters add, sets union, the newer routine
position wins) and tries again, a bounded number of times, so two devices
of one user never lose each other's progress.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

from ask_sdk_core.exceptions import PersistenceException

from ..state import merge_records

log = logging.getLogger(__name__)

BASE_KEY = "_base"  # travels with a save, never stored
MAX_ATTEMPTS = 8
# Jittered pauses between tries, so devices writing at once fall out of step;
# at most ~0.4 s in all, well inside Alexa's time for a reply.
BACKOFF_SECONDS = (0.005, 0.05)


class VersionedSaves:
    """Mixin for AbstractPersistenceAdapter: `save_attributes` with a version
    condition. Subclasses provide `_read_raw` and `_write_if`."""

    conflicts = 0  # counted for tests and the benchmark

    def _read_raw(self, request_envelope: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _write_if(
        self, request_envelope: Any, record: dict[str, Any], expected: int, force: bool
    ) -> bool:
        """Write when the stored version is `expected` (0: absent or
        unversioned); False on a conflict."""
        raise NotImplementedError

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        # `attributes` is updated in place to what was finally stored, so the
        # caller sees the merged record.
        base = attributes.pop(BASE_KEY, None) or {}
        force = bool(base.get("force"))
        for _ in range(MAX_ATTEMPTS):
            expected = max(int(attributes.get("version", 1)) - 1, 0)
            if self._write_if(request_envelope, dict(attributes), expected, force):
                return
            self.conflicts += 1
            time.sleep(random.uniform(*BACKOFF_SECONDS))
            stored = self._read_raw(request_envelope)
            merged = merge_records(stored, attributes, base)
            merged["version"] = int(stored.get("version", 0) or 0) + 1
            base = {"completions": dict(stored.get("completions") or {})}
            attributes.clear()
            attributes.update(merged)
            force = False
        log.warning("gave up after %d conflicting writes", MAX_ATTEMPTS)
        raise PersistenceException("the record kept changing; gave up after retries")
