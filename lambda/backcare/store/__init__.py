"""Persistence adapters behind ask-sdk's AbstractPersistenceAdapter.

`open_store(url)` reads BACKCARE_STORE:
  sqlite:///path/state.db   the embedded default
  dynamodb://TABLE?region=us-east-1[&endpoint=http://127.0.0.1:8000]
  memory://                 in-process only (benchmarks, throwaway runs)
Adapters are imported lazily so a turn loads only the one it uses.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from ..settings import SettingsError


def open_store(url: str) -> AbstractPersistenceAdapter:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        from .sqlite import SqliteAdapter

        path = parsed.path if parsed.netloc == "" else f"/{parsed.netloc}{parsed.path}"
        if not path or path == "/":
            raise SettingsError(f"BACKCARE_STORE={url!r}: no database path")
        return SqliteAdapter(path)
    if parsed.scheme == "memory":
        from .memory import MemoryAdapter

        return MemoryAdapter()
    if parsed.scheme == "dynamodb":
        from .dynamodb import open_dynamodb

        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        table = parsed.netloc or parsed.path.lstrip("/")
        if not table:
            raise SettingsError(f"BACKCARE_STORE={url!r}: no table name")
        unknown = set(query) - {"region", "endpoint"}
        if unknown:
            raise SettingsError(f"BACKCARE_STORE: unknown option(s) {', '.join(sorted(unknown))}")
        return open_dynamodb(table, region=query.get("region"), endpoint=query.get("endpoint"))
    raise SettingsError(f"BACKCARE_STORE={url!r}: unknown scheme {parsed.scheme!r}")


def user_key(request_envelope: Any) -> str:
    """The partition key: the Alexa user id (same rule as the SDK's keygen)."""
    try:
        user_id = request_envelope.context.system.user.user_id
    except AttributeError:
        user_id = None
    if not user_id:
        from ask_sdk_core.exceptions import PersistenceException

        raise PersistenceException("request has no user id")
    return str(user_id)
