"""Read the user's record once per session, write it only when it changed.

The record travels in session attributes after the first turn, so later
turns of the same session never read the store. A write happens in the
response interceptor when the record's fingerprint differs from the last
one saved. A store that is down never breaks a turn: the change stays in
the session and is written on a later turn.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from . import content as content_files
from .business.profile import Business
from .logs import user_ref
from .settings import DEFAULT_LOCALE
from .state import StateError, UserState, merge_records
from .store.sdk_bridge import BASE_KEY
from .turn import TURN_KEY, Turn

log = logging.getLogger(__name__)

SESSION_STATE = "state"
SESSION_SAVED = "saved"
SESSION_SYNCED = "synced"
SESSION_CTX = "ctx"
SESSION_BASE = "base"


def _user_id(handler_input: HandlerInput) -> str | None:
    system = getattr(handler_input.request_envelope.context, "system", None)
    user = getattr(system, "user", None)
    uid = getattr(user, "user_id", None)
    return str(uid) if uid else None


def _session(handler_input: HandlerInput) -> dict[str, Any] | None:
    if handler_input.request_envelope.session is None:
        return None
    attrs = handler_input.attributes_manager.session_attributes
    return attrs if isinstance(attrs, dict) else None


def _ctx(raw: Any) -> dict[str, Any]:
    value = _unpack(raw)
    return dict(value) if isinstance(value, dict) else {}


def _pack(value: Any) -> str:
    """Session values travel as compact JSON strings: the SDK deserializes,
    copies and serializes session attributes on every turn, and a string
    costs it far less than a nested record."""
    return json.dumps(value, separators=(",", ":"))


def _unpack(raw: Any) -> Any:
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return None
    return raw


def _now(handler_input: HandlerInput) -> datetime:
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, datetime):
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _locale(handler_input: HandlerInput) -> str:
    locale = getattr(handler_input.request_envelope.request, "locale", None) or DEFAULT_LOCALE
    try:
        content_files.load(locale)
    except content_files.ContentError:
        return DEFAULT_LOCALE
    return str(locale)


class LoadState(AbstractRequestInterceptor):
    """Build the Turn: from the session if it carries the record, else the store."""

    def __init__(self, business: Business, store: Any = None) -> None:
        self.business = business
        self.store = store

    def process(self, handler_input: HandlerInput) -> None:
        session = _session(handler_input) or {}
        user_id = _user_id(handler_input)
        turn = Turn(
            handler_input=handler_input,
            state=UserState(),
            content=content_files.load(_locale(handler_input)),
            business=self.business,
            now=_now(handler_input),
            ctx=_ctx(session.get(SESSION_CTX)),
            user_id=user_id,
        )
        request_type = str(getattr(handler_input.request_envelope.request, "object_type", ""))
        if request_type.startswith("AlexaSkillEvent."):
            turn.synced = False  # events manage the record themselves; never save for them
        elif SESSION_STATE in session:
            self._from_session(handler_input, turn, session)
        else:
            self._read_store(handler_input, turn)
        handler_input.attributes_manager.request_attributes[TURN_KEY] = turn
        if not log.isEnabledFor(logging.INFO):
            return  # the hashed user id is not worth computing for nothing
        intent = getattr(
            getattr(handler_input.request_envelope.request, "intent", None), "name", None
        )
        log.info(
            "turn",
            extra={
                "user": user_ref(user_id),
                "request": request_type,
                "intent": intent or "-",
                "store": "ok" if turn.synced else "unsynced",
            },
        )

    def _from_session(
        self, handler_input: HandlerInput, turn: Turn, session: dict[str, Any]
    ) -> None:
        try:
            turn.state = UserState.from_dict(_unpack(session[SESSION_STATE]), plain=True)
        except StateError:
            log.warning("session carried an unreadable record; reading the store again")
            self._read_store(handler_input, turn)
            return
        turn.saved_fingerprint = str(session.get(SESSION_SAVED, ""))
        turn.synced = bool(session.get(SESSION_SYNCED, True))
        turn.base = _counts(_unpack(session.get(SESSION_BASE)))
        if not turn.synced and turn.user_id is not None:
            # The store was down when the session began: try again, and merge
            # what happened since with what is stored.
            in_session = turn.state
            self._read_store(handler_input, turn)
            if turn.synced:
                merged = merge_records(turn.state.to_dict(), in_session.to_dict(), {})
                turn.state = UserState.from_dict(merged)
            else:
                turn.state = in_session

    def _read_store(self, handler_input: HandlerInput, turn: Turn) -> None:
        if turn.user_id is None:
            turn.synced = False  # nobody to save for: keep everything in the session
            return
        try:
            raw = handler_input.attributes_manager.persistent_attributes
        except Exception as err:  # the store is down or refused: answer anyway
            log.warning("could not read the user's record: %s", type(err).__name__)
            turn.synced = False
            turn.store_failed = True
            return
        try:
            turn.state = UserState.from_dict(raw)
        except StateError as err:
            self._set_aside(handler_input, turn, raw, err)
            return
        turn.synced = True
        turn.base = dict(turn.state.completions)
        turn.saved_fingerprint = digest(_pack(turn.state.to_dict()))

    def _set_aside(self, handler_input: HandlerInput, turn: Turn, raw: Any, err: Exception) -> None:
        """Keep an unreadable record under another key, then start afresh;
        if it cannot be kept, leave it alone and save nothing."""
        log.error("stored record unreadable (%s)", err)
        set_aside = getattr(self.store, "set_aside", None)
        turn.state = UserState()
        if set_aside is None:
            turn.synced = False
            return
        try:
            set_aside(handler_input.request_envelope, raw, turn.now.strftime("%Y%m%dT%H%M%SZ"))
        except Exception as aside_err:
            log.warning("could not set the record aside: %s", type(aside_err).__name__)
            turn.synced = False
            turn.store_failed = True
            return
        turn.synced = True
        turn.overwrite = True


def _counts(raw: Any) -> dict[str, int]:
    if not isinstance(raw, dict):
        return {}
    out = {}
    for key, value in raw.items():
        try:
            out[str(key)] = int(value)
        except (TypeError, ValueError):
            continue
    return out


def digest(packed: str) -> str:
    """A short digest of a packed record, to spot a turn that changed it."""
    return hashlib.sha256(packed.encode()).hexdigest()[:16]


def flush(turn: Turn) -> bool:
    """Write the record now if it changed. True when it is safely stored."""
    return _save(turn, turn.state.to_dict())[0]


def _save(turn: Turn, record: dict[str, Any]) -> tuple[bool, str]:
    """Write `record` (this turn's state) if it changed since it was last
    stored; return whether it is stored and the packed record to carry."""
    packed = _pack(record)
    if digest(packed) == turn.saved_fingerprint:
        return True, packed
    if not turn.synced or turn.store_failed:
        return False, packed
    manager = turn.handler_input.attributes_manager
    sent = dict(record)
    sent["version"] = turn.state.version + 1
    attributes = dict(sent)
    attributes[BASE_KEY] = {"completions": dict(turn.base), "force": turn.overwrite}
    try:
        manager.persistent_attributes = attributes
        manager.save_persistent_attributes()
    except Exception as err:  # keep the change in the session; retry next turn
        log.warning("could not save the user's record: %s", type(err).__name__)
        turn.store_failed = True
        return False, packed
    attributes.pop(BASE_KEY, None)  # adapters without versioning leave it in place
    if attributes == sent:
        turn.state.version = int(sent["version"])
    else:  # the store merged another device's changes into the record
        turn.state = UserState.from_dict(attributes)
    turn.base = dict(turn.state.completions)
    turn.overwrite = False
    packed = _pack(attributes)
    turn.saved_fingerprint = digest(packed)
    return True, packed


class SaveState(AbstractResponseInterceptor):
    """Write what changed, then carry the record in the session."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        turn = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        if not isinstance(turn, Turn):
            return
        _, packed = _save(turn, turn.state.to_dict())
        session = _session(handler_input)
        if session is None:
            return
        session[SESSION_STATE] = packed
        session[SESSION_SAVED] = turn.saved_fingerprint
        session[SESSION_SYNCED] = turn.synced
        session[SESSION_BASE] = _pack(turn.base)
        session[SESSION_CTX] = _pack(turn.ctx)
