"""Read the user's record once per session, write it only when it changed.

The request interceptor builds the Turn: the record comes from the session
attributes when the session carries it, else from the store (a session's
first turn). The response interceptor writes the record through the store
interface when it differs from the one last stored, then carries it, the
bookkeeping and the conversation context in the session.

A write names the record it changes (the base) and an id of its own, so
the store merges only what this session changed and never applies one
write twice. A store that is down never breaks a turn: the change stays in
the session and is written on a later turn; at the end of a session it is
retried within the time Alexa waits, and if it still fails the user hears
what was not saved.
"""

from __future__ import annotations

import hashlib
import logging
import time

import msgspec
from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response
from ask_sdk_model.ui.ssml_output_speech import SsmlOutputSpeech

from . import content as content_files
from .business.profile import Business
from .context import Context
from .envelope import RequestView
from .logs import user_ref
from .settings import DEFAULT_LOCALE
from .speech import esc
from .spoken import spoken_list
from .state import StateError, UserState, merge
from .store.base import Base, Store, StoreError, UserDeletedError, generation_time
from .turn import TURN_KEY, Turn

log = logging.getLogger(__name__)

SESSION_STATE = "state"  # the record, packed
SESSION_SYNC = "sync"  # Sync, packed
SESSION_CTX = "ctx"  # the conversation context, packed
SYNC_KEY = "backcare.sync"
STARTED_KEY = "backcare.started"
# A session's last write may start a new try until this long after the
# request began; a try takes at most 4 s (store/dynamodb.py BOTO_CONFIG), so
# the reply is out by 6 s: Lambda stops at 7 s (template.yaml), Alexa waits 8.
LAST_WRITE_BUDGET_SECONDS = 2.0
RETRY_PAUSE_SECONDS = 0.25


class RetryLaterError(Exception):
    """An event that must fail so Alexa delivers it again (SkillDisabled
    while the store is down). Never answered with a friendly sentence."""


class Sync(msgspec.Struct, kw_only=True, omit_defaults=True):
    """How the record in the session stands against the store; carried in
    the session."""

    saved: str = ""  # digest of `base`, the record as last read or written
    base: str = ""  # `base` packed, when it differs from the session's record
    synced: bool = True  # False: the record could not be read; never write it
    known: bool = True  # the record came from the store (not a blank stand-in)
    force: bool = False  # the stored record was set aside: replace it
    attempt: str = ""  # id of a write whose reply was lost (it may have landed)
    attempted: str = ""  # the record that write carried, packed
    failed: bool = False  # a store call failed this turn: make no second one
    gone: bool = False  # the user was deleted during this session: never read or write again
    began: float = 0.0  # when the session's first request was made (epoch seconds)
    writes: int = 0  # writes made this turn (each gets its own id)

    def packed(self) -> str:
        return _SYNC_ENCODER.encode(self).decode()


_SYNC_ENCODER = msgspec.json.Encoder()
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


def session_seed(request: RequestView) -> int:
    """Where a new session starts in each prompt's variants: the minute it
    began, so sessions differ and a test's fixed clock gives the same words."""
    return int(request.timestamp.timestamp()) // 60


class LoadState(AbstractRequestInterceptor):
    """Build the Turn: from the session if it carries the record, else the store."""

    def __init__(self, business: Business, store: Store) -> None:
        self.business = business
        self.store = store

    def process(self, handler_input: HandlerInput) -> None:
        started = time.monotonic()
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
            sync = Sync(began=request.timestamp.timestamp())
            self._read_store(turn, sync)
        if SESSION_CTX not in session:
            turn.ctx.seed = session_seed(request)
        turn.known = sync.known
        turn.commit = lambda: self.write(turn, sync)
        attributes = handler_input.attributes_manager.request_attributes
        attributes[TURN_KEY] = turn
        attributes[SYNC_KEY] = sync
        attributes[STARTED_KEY] = started
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
        sync.failed, sync.writes = False, 0  # a new turn: the store gets another chance
        if not sync.base:
            sync.base = packed  # unchanged since last stored: the record is its own base
        self._resync(turn, sync)
        return sync

    def _resync(self, turn: Turn, sync: Sync) -> None:
        """The store could not be read when the session began: try again, and
        bring what happened since onto what is stored."""
        if sync.synced or sync.gone or turn.user_id is None:
            return
        in_session = turn.state
        self._read_store(turn, sync)
        if not sync.synced:
            turn.state = in_session
        elif generation_time(turn.state.generation) > sync.began:
            # The user was deleted after this session began: keep nothing.
            turn.state, sync.synced, sync.gone = UserState(), False, True
        else:
            turn.state = merge(UserState(), turn.state, in_session)

    def _read_store(self, turn: Turn, sync: Sync) -> None:
        user_id = turn.user_id
        if user_id is None:
            sync.synced = False  # nobody to save for: keep everything in the session
            return
        try:
            loaded = self.store.load(user_id)
        except StoreError as err:  # the store is down or refused: answer anyway
            log.warning("could not read the user's record: %s", err)
            sync.synced, sync.failed, sync.known = False, True, False
            return
        if loaded.unreadable:
            self._set_aside(turn, sync, user_id, loaded.unreadable)
            return
        turn.state = loaded.state or UserState(version=loaded.version, generation=loaded.generation)
        sync.synced, sync.known = True, True
        _rebase(sync, turn.state)

    def _set_aside(self, turn: Turn, sync: Sync, user_id: str, why: str) -> None:
        """Keep an unreadable record under another key, then start afresh;
        if it cannot be kept, leave it alone and save nothing."""
        log.error("stored record unreadable (%s)", why)
        turn.state = UserState()
        try:
            self.store.set_aside(user_id, turn.now.strftime("%Y%m%dT%H%M%SZ"))
        except StoreError as err:
            log.warning("could not set the record aside: %s", err)
            sync.synced, sync.failed, sync.known = False, True, False
            return
        sync.synced, sync.force, sync.known = True, True, True
        _rebase(sync, turn.state)

    def write(self, turn: Turn, sync: Sync) -> bool:
        """Write the record if it changed. True when it is safely stored."""
        packed = turn.state.packed()
        if digest(packed) == sync.saved:
            return True
        if not sync.synced or sync.failed or turn.user_id is None:
            return False
        sync.writes += 1
        write_id = f"{_short_id(turn.request.request_id or 'turn')}:{sync.writes}"
        attempt = (sync.attempt, UserState.unpack(sync.attempted)) if sync.attempt else None
        base = Base(record=_base_of(sync), force=sync.force, attempt=attempt)
        try:
            stored = self.store.save(turn.user_id, turn.state, base, write_id)
        except UserDeletedError:
            log.info("the user was deleted during this session; nothing kept")
            turn.state, sync.synced, sync.gone = UserState(), False, True
            return False
        except StoreError as err:  # keep the change in the session; retry later
            log.warning("could not save the user's record: %s", err)
            # The write may have landed with its reply lost: remember it, so a
            # later save recognises it instead of applying it twice.
            sync.attempt, sync.attempted = write_id, packed.decode()
            sync.failed = True
            return False
        turn.state = stored
        sync.force, sync.attempt, sync.attempted = False, "", ""
        _rebase(sync, stored)
        return True

    def retry_last_write(self, turn: Turn, sync: Sync, started: float) -> bool:
        """The session ends now: there is no later turn to retry on, so try
        again within the time Alexa waits for this reply."""
        if turn.user_id is None or sync.gone:
            return True  # nothing of this user's can be kept; nothing to tell
        deadline = started + LAST_WRITE_BUDGET_SECONDS
        while not self.write(turn, sync):
            if sync.gone or time.monotonic() + RETRY_PAUSE_SECONDS >= deadline:
                return False
            time.sleep(RETRY_PAUSE_SECONDS)
            sync.failed = False
            self._resync(turn, sync)
        return True

    def erase(self, turn: Turn) -> None:
        if turn.user_id is None:
            return
        try:
            self.store.delete(turn.user_id, now=turn.now.timestamp())
        except StoreError as err:
            log.warning("could not delete the user's record: %s", err)
            raise RetryLaterError("the store is down; the event must come again") from err


def _rebase(sync: Sync, stored: UserState) -> None:
    """The record as stored is now the base for later writes (packed: the
    handler goes on to change the live record in place)."""
    packed = stored.packed()
    sync.saved, sync.base = digest(packed), packed.decode()


def _base_of(sync: Sync) -> UserState:
    return UserState.unpack(sync.base) if sync.base else UserState()


def _unsaved_words(turn: Turn, sync: Sync) -> str:
    """What the failed write held, in a few words."""
    say = turn.say
    base = _base_of(sync)
    state = turn.state
    parts = []
    if state.completions != base.completions:
        parts.append(say("unsaved_routine"))
    elif state.progress != base.progress:
        parts.append(say("unsaved_place"))
    if state.pain_checkins != base.pain_checkins:
        parts.append(say("unsaved_pain"))
    if state.next_session != base.next_session:
        parts.append(say("unsaved_session"))
    if state.reminders != base.reminders:
        parts.append(say("unsaved_reminders"))
    return spoken_list(parts, "and")


def _tell_unsaved(response: Response | None, sentence: str) -> None:
    """Add a sentence to the reply's speech."""
    if response is None or not isinstance(response.output_speech, SsmlOutputSpeech):
        return
    ssml = str(response.output_speech.ssml or "<speak></speak>")
    head, _, _ = ssml.rpartition("</speak>")
    response.output_speech.ssml = f"{head} {esc(sentence)}</speak>"


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
        session = _session(handler_input)
        ending = session is None or bool(response and response.should_end_session)
        ending = ending or turn.request.request_type == "SessionEndedRequest"
        saved = self.loader.write(turn, sync)
        started = attributes.get(STARTED_KEY)
        started = started if isinstance(started, float) else time.monotonic()
        if not saved and ending and not self.loader.retry_last_write(turn, sync, started):
            words = _unsaved_words(turn, sync)
            if words:
                _tell_unsaved(response, turn.say("unsaved", what=words))
        if session is None:
            return
        packed = turn.state.packed()
        if digest(packed) == sync.saved:
            sync.base = ""  # the record is its own base: don't carry it twice
        session[SESSION_STATE] = packed.decode()
        session[SESSION_SYNC] = sync.packed()
        session[SESSION_CTX] = turn.ctx.packed()


def _short_id(request_id: str) -> str:
    """A request id as a 16-character digest: the record keeps the last 16
    write ids, and Alexa's 60-character ids were half of a typical record
    (and of every write's bytes)."""
    return hashlib.blake2b(request_id.encode(), digest_size=8).hexdigest()
