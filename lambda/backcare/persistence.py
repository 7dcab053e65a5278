"""Read the user's record once per session, write it only when it changed.

The record travels in session attributes after the first turn, so later
turns of the same session never read the store. A write happens in the
response interceptor when the record's fingerprint differs from the last
one saved. A store that is down never breaks a turn: the change stays in
the session and is written on a later turn.
"""

from __future__ import annotations

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
from .settings import DEFAULT_LOCALE
from .state import StateError, UserState
from .turn import TURN_KEY, Turn

log = logging.getLogger(__name__)

SESSION_STATE = "state"
SESSION_SAVED = "saved"
SESSION_SYNCED = "synced"
SESSION_CTX = "ctx"


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
    return dict(raw) if isinstance(raw, dict) else {}


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

    def __init__(self, business: Business) -> None:
        self.business = business

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
            try:
                turn.state = UserState.from_dict(session[SESSION_STATE])
                turn.saved_fingerprint = str(session.get(SESSION_SAVED, ""))
                turn.synced = bool(session.get(SESSION_SYNCED, True))
            except StateError:
                log.warning("session carried an unreadable record; reading the store again")
                self._read_store(handler_input, turn)
        else:
            self._read_store(handler_input, turn)
        handler_input.attributes_manager.request_attributes[TURN_KEY] = turn

    @staticmethod
    def _read_store(handler_input: HandlerInput, turn: Turn) -> None:
        if turn.user_id is None:
            turn.synced = False  # nobody to save for: keep everything in the session
            return
        try:
            raw = handler_input.attributes_manager.persistent_attributes
        except Exception as err:  # the store is down or refused: answer anyway
            log.warning("could not read the user's record: %s", type(err).__name__)
            turn.synced = False
            return
        try:
            turn.state = UserState.from_dict(raw)
        except StateError as err:
            # Never overwrite what we cannot read: work from a blank record
            # this session and leave the stored one alone.
            log.error("stored record unreadable (%s); not writing this session", err)
            turn.synced = False
            return
        turn.saved_fingerprint = turn.state.fingerprint()


def flush(turn: Turn) -> bool:
    """Write the record now if it changed. True when it is safely stored."""
    fingerprint = turn.state.fingerprint()
    if fingerprint == turn.saved_fingerprint:
        return True
    if not turn.synced:
        return False
    manager = turn.handler_input.attributes_manager
    turn.state.version += 1
    try:
        manager.persistent_attributes = turn.state.to_dict()
        manager.save_persistent_attributes()
    except Exception as err:  # keep the change in the session; retry next turn
        turn.state.version -= 1
        log.warning("could not save the user's record: %s", type(err).__name__)
        return False
    turn.saved_fingerprint = fingerprint
    return True


class SaveState(AbstractResponseInterceptor):
    """Write what changed, then carry the record in the session."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        turn = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        if not isinstance(turn, Turn):
            return
        flush(turn)
        session = _session(handler_input)
        if session is None:
            return
        session[SESSION_STATE] = turn.state.to_dict()
        session[SESSION_SAVED] = turn.saved_fingerprint
        session[SESSION_SYNCED] = turn.synced
        session[SESSION_CTX] = turn.ctx
