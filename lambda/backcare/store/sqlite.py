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


class SqliteAdapter(VersionedSaves, AbstractPersistenceAdapter):
    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self.reads = 0
        self.writes = 0

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=2.0)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            self._conn = conn
        return self._conn

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        key = user_key(request_envelope)
        try:
            with self._lock:
                self.reads += 1
                row = (
                    self._db()
                    .execute("SELECT data FROM attributes WHERE id = ?", (key,))
                    .fetchone()
                )
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
        key = user_key(request_envelope)
        try:
            with self._lock, self._db() as conn:
                row = conn.execute("SELECT data FROM attributes WHERE id = ?", (key,)).fetchone()
                current = _version(row[0]) if row else 0
                if not force and current != expected:
                    return False
                self.writes += 1
                conn.execute(
                    "INSERT INTO attributes (id, data) VALUES (?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET data = excluded.data",
                    (key, json.dumps(record, separators=(",", ":"))),
                )
                return True
        except sqlite3.Error as err:
            raise PersistenceException(f"sqlite write failed: {err}") from err

    def set_aside(self, request_envelope: Any, raw: Any, stamp: str) -> None:
        """Keep an unreadable record under another key, for inspection."""
        key = f"{user_key(request_envelope)}#unreadable#{stamp}"
        try:
            with self._lock, self._db() as conn:
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
            with self._lock, self._db() as conn:
                self.writes += 1
                conn.execute("DELETE FROM attributes WHERE id = ?", (key,))
        except sqlite3.Error as err:
            raise PersistenceException(f"sqlite delete failed: {err}") from err


def _version(data: str) -> int:
    try:
        value = json.loads(data).get("version", 0)
        return int(value) if isinstance(value, int) else 0
    except (ValueError, AttributeError):
        return 0
