"""TEMPORARY bridge: ask-sdk's persistence-adapter interface over a `Store`.

Only until persistence.py calls `Store.load/save/delete/set_aside` itself
(being rewritten on another branch); then delete this module and the two
lines in skill.py that wrap the store in it. It speaks today's protocol of
persistence.py: a save carries `_base` ({"completions": {...}, "force":
bool}) beside the record, and the attributes dict passed in is updated in
place to what was finally stored (merged, if another device wrote first).
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_user_id

from ..state import StateError, UserState
from .base import Base, Store, StoreError

BASE_KEY = "_base"  # travels with a save, never stored


class SdkBridge(AbstractPersistenceAdapter):
    def __init__(self, store: Store) -> None:
        self.store = store

    def get_attributes(self, request_envelope: Any) -> Any:
        try:
            loaded = self.store.load(_user_id(request_envelope))
        except StoreError as err:
            raise PersistenceException(str(err)) from err
        if loaded.unreadable:
            # Not a mapping, so UserState.from_dict refuses it and the caller
            # sets the stored record aside.
            return f"unreadable: {loaded.unreadable}"
        return loaded.state.to_dict() if loaded.state else {}

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        sent = attributes.pop(BASE_KEY, None) or {}
        try:
            state = UserState.from_dict(attributes, plain=True)
            base = Base(
                version=max(state.version - 1, 0),  # the caller sends its version + 1
                completions={str(k): int(v) for k, v in (sent.get("completions") or {}).items()},
                force=bool(sent.get("force")),
            )
            stored = self.store.save(_user_id(request_envelope), state, base)
        except (StateError, StoreError) as err:
            raise PersistenceException(str(err)) from err
        attributes.clear()
        attributes.update(stored.to_dict())

    def delete_attributes(self, request_envelope: Any) -> None:
        try:
            self.store.delete(_user_id(request_envelope))
        except StoreError as err:
            raise PersistenceException(str(err)) from err

    def set_aside(self, request_envelope: Any, raw: Any, stamp: str) -> None:
        """Keep the unreadable stored record under another key (`raw`, what
        get_attributes returned, is not needed: the store copies its own)."""
        try:
            self.store.set_aside(_user_id(request_envelope), stamp)
        except StoreError as err:
            raise PersistenceException(str(err)) from err


def _user_id(request_envelope: Any) -> str:
    try:
        user_id = get_user_id(HandlerInput(request_envelope=request_envelope))
    except AttributeError:
        user_id = None
    if not user_id:
        raise PersistenceException("request has no user id")
    return str(user_id)
