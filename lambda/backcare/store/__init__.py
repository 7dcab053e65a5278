"""The skill's stores, behind its own interface (`base.Store`).

`open_store(url)` reads BACKCARE_STORE:
  sqlite:///path/state.db   the embedded default
  dynamodb://TABLE?region=us-east-1[&endpoint=http://127.0.0.1:8000]
  memory://                 in-process only (benchmarks, throwaway runs)
Backends are imported lazily so a turn loads only the one it uses.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from ..settings import SettingsError
from .base import Base, Loaded, Store, StoreError

__all__ = ["Base", "Loaded", "Store", "StoreError", "open_store"]


def open_store(url: str) -> Store:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        from .sqlite import SqliteStore

        path = parsed.path if parsed.netloc == "" else f"/{parsed.netloc}{parsed.path}"
        if not path or path == "/":
            raise SettingsError(f"BACKCARE_STORE={url!r}: no database path")
        return SqliteStore(path)
    if parsed.scheme == "memory":
        from .memory import MemoryStore

        return MemoryStore()
    if parsed.scheme == "dynamodb":
        from .dynamodb import DynamoDbStore

        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        table = parsed.netloc or parsed.path.lstrip("/")
        if not table:
            raise SettingsError(f"BACKCARE_STORE={url!r}: no table name")
        unknown = set(query) - {"region", "endpoint"}
        if unknown:
            raise SettingsError(f"BACKCARE_STORE: unknown option(s) {', '.join(sorted(unknown))}")
        return DynamoDbStore(table, region=query.get("region"), endpoint=query.get("endpoint"))
    raise SettingsError(
        f"BACKCARE_STORE={url!r}: unknown scheme {parsed.scheme!r}"
        " (sqlite:///path, dynamodb://TABLE or memory://)"
    )
