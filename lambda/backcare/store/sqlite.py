"""The embedded store: one SQLite file, one JSON row per user."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from . import user_key
from .versioned import VersionedSaves

_SCHEMA = "CREATE TABLE IF NOT EXISTS attributes (id TEXT PRIMARY KEY, data TEXT NOT NULL)"
# The stored version, 0 when absent or not a number (an older or damaged row).
_VERSION_IS = (
    "WHERE CASE WHEN json_valid(attributes.data) "
    "AND json_type(attributes.data, '$.version') = 'integer' "
    "THEN json_extract(attributes.data, '$.version') ELSE 0 END = ?"
)


class SqliteAdapter(VersionedSaves, AbstractPersistenceAdapter):
    def __init__(self, path: str) -> None:
        self.path = Path(path)
        # One connection per thread and SQLite's own locking: a Python lock
        # held across SQLite calls convoys threads on the GIL under load.
        self._local = threading.local()
        self.reads = 0
        self.writes = 0

    def _db(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: no fsync per commit; the file stays consistent after
            # a crash, and only the last moments' writes can be lost to a power cut.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)
            self._local.conn = conn
        return conn

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        key = user_key(request_envelope)
        try:
            self.reads += 1
            row = self._db().execute("SELECT data FROM attributes WHERE id = ?", (key,)).fetchone()
        except sqlite3.Error as err:
            raise PersistenceException(f"sqlite read failed: {err}") from err
        if row is None:
            return {}
        try:
            data = json.loads(row[0])
        except ValueError:
            return {"__corrupt__": row[0][:200]}
        return data if isinstance(data, dict) else {"__corrupt__": str(data)[:200]}

    def _read_raw(self, request_envelope: Any) -> dict[str, Any]:
        return self.get_attributes(request_envelope)

    def _write_if(
        self, request_envelope: Any, record: dict[str, Any], expected: int, force: bool
    ) -> bool:
        # One statement, so SQLite's write lock is held only inside one C call
        # (a multi-statement transaction holds it across the GIL and convoys
        # threads under load). The WHERE makes it a compare-and-swap.
        key = user_key(request_envelope)
        data = json.dumps(record, separators=(",", ":"))
        condition = "" if force else _VERSION_IS
        try:
            cursor = self._db().execute(
                "INSERT INTO attributes (id, data) VALUES (?, ?) "
                f"ON CONFLICT(id) DO UPDATE SET data = excluded.data {condition}",
                (key, data) if force else (key, data, expected),
            )
        except sqlite3.Error as err:
            raise PersistenceException(f"sqlite write failed: {err}") from err
        if cursor.rowcount != 1:
            return False
        self.writes += 1
        return True

    def set_aside(self, request_envelope: Any, raw: Any, stamp: str) -> None:
        """Keep an unreadable record under another key, for inspection."""
        key = f"{user_key(request_envelope)}#unreadable#{stamp}"
        try:
            conn = self._db()
            row = conn.execute(
                "SELECT data FROM attributes WHERE id = ?", (user_key(request_envelope),)
            ).fetchone()
            conn.execute(
                "INSERT OR REPLACE INTO attributes (id, data) VALUES (?, ?)",
                (key, row[0] if row else json.dumps(raw, default=str)),
            )
        except sqlite3.Error as err:
            raise PersistenceException(f"sqlite write failed: {err}") from err

    def delete_attributes(self, request_envelope: Any) -> None:
        key = user_key(request_envelope)
        try:
            self.writes += 1
            self._db().execute("DELETE FROM attributes WHERE id = ?", (key,))
        except sqlite3.Error as err:
            raise PersistenceException(f"sqlite delete failed: {err}") from err
