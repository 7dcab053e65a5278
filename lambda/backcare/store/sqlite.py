"""The embedded store: one SQLite file, one JSON row per user."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from .base import Raw, Store, StoreError

_SCHEMA = "CREATE TABLE IF NOT EXISTS attributes (id TEXT PRIMARY KEY, data TEXT NOT NULL)"
_REPLACE = (
    "INSERT INTO attributes (id, data) VALUES (?, ?) "
    "ON CONFLICT(id) DO UPDATE SET data = excluded.data"
)
# A compare-and-swap in one statement: insert only when version 0 is expected
# or the row exists; an existing row is updated only if its version matches
# (under "v", or "version" in a schema 1 record or a deletion marker).
_SWAP = (
    "INSERT INTO attributes (id, data) SELECT ?1, ?2 "
    "WHERE ?3 = 0 OR EXISTS (SELECT 1 FROM attributes WHERE id = ?1) "
    "ON CONFLICT(id) DO UPDATE SET data = excluded.data "
    "WHERE CASE WHEN NOT json_valid(attributes.data) THEN 0 "
    "WHEN json_type(attributes.data, '$.v') = 'integer' THEN json_extract(attributes.data, '$.v') "
    "WHEN json_type(attributes.data, '$.version') = 'integer' "
    "THEN json_extract(attributes.data, '$.version') ELSE 0 END = ?3"
)


class SqliteStore(Store):
    """Rows of (user id, record as JSON text) in one table, `attributes`."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = Path(path)
        # One connection per thread and SQLite's own locking: a Python lock
        # held across SQLite calls convoys threads on the GIL under load.
        self._local = threading.local()

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

    def _run(self, sql: str, params: tuple[Any, ...]) -> sqlite3.Cursor:
        """One statement on this thread's connection; errors become StoreError."""
        try:
            return self._db().execute(sql, params)
        except (sqlite3.Error, OSError) as err:
            raise StoreError(f"sqlite: {err}") from err

    def _read(self, key: str) -> Raw | None:
        row = self._run("SELECT data FROM attributes WHERE id = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except ValueError:
            return str(row[0])
        return data if isinstance(data, dict) else str(row[0])

    def _write(self, key: str, record: dict[str, Any], expected: int | None) -> bool:
        # One statement, so SQLite's write lock is held only inside one C call
        # (a multi-statement transaction holds it across the GIL and convoys
        # threads under load). A row without an integer version (an older or
        # damaged one, even invalid JSON) counts as version 0.
        data = json.dumps(record, separators=(",", ":"))
        if expected is None:
            cursor = self._run(_REPLACE, (key, data))
        else:
            cursor = self._run(_SWAP, (key, data, expected))
        return cursor.rowcount == 1

    def _delete(self, key: str) -> None:
        self._run("DELETE FROM attributes WHERE id = ?", (key,))

    def _side_keys(self, user_id: str) -> list[str]:
        rows = self._run(
            "SELECT id FROM attributes WHERE substr(id, 1, length(?1) + 1) = ?1 || '#'",
            (user_id,),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def _copy(self, key: str, to_key: str) -> None:
        # The row's text as it is, readable or not, in one statement.
        self._run(
            "INSERT OR REPLACE INTO attributes (id, data) "
            "SELECT ?, data FROM attributes WHERE id = ?",
            (to_key, key),
        )
