"""Read the user's record once per session, write it only when it changed.

The request interceptor builds the Turn: the record comes from the session
attributes when the session carries it, else from the store (a session's
first turn). The response interceptor writes the record through the store
interface when its digest differs from the one last stored, then carries
it, the bookkeeping and the conversation context in the session. A store
that is down never breaks a turn: the change stays in the session and is
written on a later turn.
"""

from __future__ import annotations

import hashlib
import logging

import msgspec
from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from . import content as content_files
from .business.profile import Business
from .context import Context
from .envelope import RequestView
from .logs import user_ref
from .settings import DEFAULT_LOCALE
from .state import StateError, UserState, merge
from .store.base import Base, Store, StoreError
from .turn import TURN_KEY, Turn

log = logging.getLogger(__name__)

SESSION_STATE = "state"  # the record, packed
SESSION_SYNC = "sync"  # Sync, packed
SESSION_CTX = "ctx"  # the conversation context, packed
SYNC_KEY = "backcare.sync"


class Sync(msgspec.Struct, kw_only=True):
    """How the record in the session stands against the store."""

    saved: str = ""  # digest of the record as last read or written
    synced: bool = True  # False: the record could not be read; never write it
    base: dict[str, int] = {}  # completions as last read or written
    force: bool = False  # the stored record was set aside: replace it
    failed: bool = False  # a store call failed this turn: make no second one

    def packed(self) -> str:
        return msgspec.json.encode(self).decode()


_SYNC_DECODER = msgspec.json.Decoder(Sync)


def digest(packed: str | bytes) -> str:
    """A short digest of a packed record, to spot a turn that changed it."""
    data = packed.encode() if isinstance(packed, str) else packed
    return hashlib.sha256(data).hexdigest()[:16]


def _session(handler_input: HandlerInput) -> dict[str, object] | None:
    if handler_input.request_envelope.session is None:
        return None
    attrs = handler_input.attributes_manager.session_attributes
    return attrs if isinstance(attrs, dict) else None


def _locale(request: RequestView) -> str:
    locale = request.locale or DEFAULT_LOCALE
    try:
        content_files.load(locale)
    except content_files.ContentError:
        return DEFAULT_LOCALE
    return locale


class LoadState(AbstractRequestInterceptor):
    """Build the Turn: from the session if it carries the record, else the store."""

    def __init__(self, business: Business, store: Store) -> None:
        self.business = business
        self.store = store

    def process(self, handler_input: HandlerInput) -> None:
        session = _session(handler_input) or {}
        request = RequestView.of(handler_input)
        turn = Turn(
            handler_input=handler_input,
            request=request,
            state=UserState(),
            ctx=Context.unpack(session.get(SESSION_CTX)),
            content=content_files.load(_locale(request)),
            business=self.business,
        )
        if request.request_type.startswith("AlexaSkillEvent."):
            sync = Sync(synced=False)  # events manage the record themselves; never save for them
        elif SESSION_STATE in session:
            sync = self._from_session(turn, session)
        else:
            sync = Sync()
            self._read_store(turn, sync)
        turn.commit = lambda: self.write(turn, sync)
        attributes = handler_input.attributes_manager.request_attributes
        attributes[TURN_KEY] = turn
        attributes[SYNC_KEY] = sync
        if log.isEnabledFor(logging.INFO):  # the hashed user id is not worth computing for nothing
            log.info(
                "turn",
                extra={
                    "user": user_ref(request.user_id),
                    "request": request.request_type,
                    "intent": request.intent or "-",
                    "store": "ok" if sync.synced else "unsynced",
                },
            )

    def _from_session(self, turn: Turn, session: dict[str, object]) -> Sync:
        packed, carried = session[SESSION_STATE], session.get(SESSION_SYNC)
        try:
            if not isinstance(packed, str):
                raise StateError("the session's record is not packed text")
            turn.state = UserState.unpack(packed)
            sync = _SYNC_DECODER.decode(carried) if isinstance(carried, str) else Sync()
        except (StateError, msgspec.ValidationError, msgspec.DecodeError):
            log.warning("session carried an unreadable record; reading the store again")
            sync = Sync()
            self._read_store(turn, sync)
            return sync
        sync.failed = False  # a new turn: the store gets another chance
        if not sync.synced and turn.user_id is not None:
            # The store was down when the session began: try again, and merge
            # what happened since with what is stored.
            in_session = turn.state
            self._read_store(turn, sync)
            turn.state = merge(turn.state, in_session, {}) if sync.synced else in_session
        return sync

    def _read_store(self, turn: Turn, sync: Sync) -> None:
        user_id = turn.user_id
        if user_id is None:
            sync.synced = False  # nobody to save for: keep everything in the session
            return
        try:
            loaded = self.store.load(user_id)
        except StoreError as err:  # the store is down or refused: answer anyway
            log.warning("could not read the user's record: %s", err)
            sync.synced, sync.failed = False, True
            return
        if loaded.unreadable:
            self._set_aside(turn, sync, user_id, loaded.unreadable)
            return
        turn.state = loaded.state or UserState()
        sync.synced = True
        sync.base = dict(turn.state.completions)
        sync.saved = digest(turn.state.packed())

    def _set_aside(self, turn: Turn, sync: Sync, user_id: str, why: str) -> None:
        """Keep an unreadable record under another key, then start afresh;
        if it cannot be kept, leave it alone and save nothing."""
        log.error("stored record unreadable (%s)", why)
        turn.state = UserState()
        try:
            self.store.set_aside(user_id, turn.now.strftime("%Y%m%dT%H%M%SZ"))
        except StoreError as err:
            log.warning("could not set the record aside: %s", err)
            sync.synced, sync.failed = False, True
            return
        sync.synced, sync.force = True, True

    def write(self, turn: Turn, sync: Sync) -> bool:
        """Write the record if it changed. True when it is safely stored."""
        packed = turn.state.packed()
        if digest(packed) == sync.saved:
            return True
        if not sync.synced or sync.failed or turn.user_id is None:
            return False
        base = Base(version=turn.state.version, completions=sync.base, force=sync.force)
        try:
            turn.state = self.store.save(turn.user_id, turn.state, base)
        except StoreError as err:  # keep the change in the session; retry next turn
            log.warning("could not save the user's record: %s", err)
            sync.failed = True
            return False
        sync.base = dict(turn.state.completions)
        sync.force = False
        sync.saved = digest(turn.state.packed())
        return True

    def erase(self, turn: Turn) -> None:
        if turn.user_id is None:
            return
        try:
            self.store.delete(turn.user_id)
        except StoreError as err:
            log.warning("could not delete the user's record: %s", err)


class SaveState(AbstractResponseInterceptor):
    """Write what changed, then carry the record in the session."""

    def __init__(self, loader: LoadState) -> None:
        self.loader = loader

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        attributes = handler_input.attributes_manager.request_attributes
        turn, sync = attributes.get(TURN_KEY), attributes.get(SYNC_KEY)
        if not isinstance(turn, Turn) or not isinstance(sync, Sync):
            return
        if turn.erase:
            self.loader.erase(turn)
            return
        self.loader.write(turn, sync)
        session = _session(handler_input)
        if session is None:
            return
        session[SESSION_STATE] = turn.state.packed().decode()
        session[SESSION_SYNC] = sync.packed()
        session[SESSION_CTX] = turn.ctx.packed()
