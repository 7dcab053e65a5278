"""Read the user's record once per session, write it only when it changed.

The request interceptor builds the Turn: the record comes from the session
attributes when the session carries it, else from this process's copy of
the record as last stored, else from the store (a session's first turn, or
a turn that reached another process). The response interceptor writes the
record through the store interface when it differs from the one last
stored, then carries the bookkeeping and the conversation context in the
session, and the record only while it holds a change not yet stored.

A record that is stored does not travel in the session: every response and
every request after it would carry it (about 300 bytes each way for a
returning user, and the user's progress through Alexa's logs), when a
digest of it is enough to find the same record again. A turn that reaches
another process reads the store once, as a session's first turn does.

A write names the record it changes (the base) and an id of its own, so
the store merges only what this session changed and never applies one
write twice. A store that is down never breaks a turn: the change stays in
the session and is written on a later turn; at the end of a session it is
retried within the time Alexa waits, and if it still fails the user hears
what was not saved.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from typing import Any

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
from .compact import schema_of, shorten
from .context import Context
from .envelope import RequestView
from .health import SESSION_HEALTH, Health, without_health
from .logs import user_ref
from .settings import DEFAULT_LOCALE
from .speech import esc
from .spoken import spoken_list
from .state import StateError, UserState, merge
from .store.base import Base, Store, StoreError, UserDeletedError, generation_time
from .turn import TURN_KEY, Turn

log = logging.getLogger(__name__)

SESSION_STATE = "state"  # the record, while it holds a change not yet stored
SESSION_SYNC = "sync"  # Sync
SESSION_CTX = "ctx"  # the conversation context
# The seed only ever picks among a prompt's variants (at most 36, usually 2
# to 4): the minute modulo a number every count up to 10 divides keeps each
# session's first variants as they were, in four digits instead of eight.
SEED_CYCLE = 5040
RECENT_RECORDS = 2048  # records of recent users kept in this process (about 1 KB each)
MAX_ATTEMPTS_KEPT = 4  # lost writes remembered (a turn's and its retries)
MAX_SYNC_TEXT = 64  # a digest, a generation, a date: nothing longer is ours
NAME_FREE = "CanFulfillIntentRequest"
HEALTH_INTENTS = frozenset(
    {"RedFlagIntent", "WarningSignsIntent", "SafetyConcernIntent", "UrgentQuestionIntent"}
    | {"PainScoreIntent", "PainTrendIntent", "DiscomfortIntent"}
)
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


class Sync(
    msgspec.Struct,
    kw_only=True,
    omit_defaults=True,
    rename={
        "saved": "h",
        "base": "b",
        "synced": "y",
        "known": "k",
        "force": "f",
        "attempts": "a",
        "attempted": "t",
        "failed": "x",
        "gone": "g",
        "began": "s",
        "generation": "e",
        "hold": "c",
        "writes": "n",
    },
):
    """How the record in the session stands against the store; carried in
    the session (short keys: it travels in every request and response)."""

    saved: str = ""  # digest of `base`, the record as last read or written
    base: str = ""  # `base` packed, when it differs from the session's record
    synced: bool = True  # False: the record could not be read; never write it
    known: bool = True  # the record came from the store (not a blank stand-in)
    force: bool = False  # the stored record was set aside: replace it
    # Ids of writes whose replies were lost (each may have landed), oldest
    # first, and the records they carried, packed: a later save recognises
    # whichever landed. A second loss never hides the first.
    attempts: list[str] = []
    attempted: list[str] = []
    failed: bool = False  # a store call failed this turn: make no second one
    gone: bool = False  # the user was deleted during this session: never read or write again
    # When the session's first request was made (epoch seconds), to tell a
    # deletion since; carried only until the record is known.
    began: int = 0
    generation: str = ""  # the known record's generation (changes when the user is deleted)
    # The record's red-flag hold (`clearance_since`): if a later turn must
    # read the store and cannot, routines stay closed on the stand-in record.
    hold: str = ""
    writes: int = 0  # writes made this turn (each gets its own id)

    def carried(self, hold: str) -> dict[str, Any]:
        """What the next turn needs: this turn's counters are left behind,
        the record's red-flag hold is added."""
        # A known record's generation says what `began` would: a deletion
        # since the session began made a later one.
        began = 0 if self.known else self.began
        kept = msgspec.structs.replace(self, failed=False, writes=0, began=began, hold=hold)
        out: dict[str, Any] = msgspec.to_builtins(kept)
        return out


class Recent:
    """Records as this process last stored or read them, by user and digest:
    a later turn of a session finds its record here instead of in the
    session or the store. Keyed by digest, so one device's write never
    hides the record another device's session is on. Bounded (least
    recently used go first); safe across threads."""

    def __init__(self, size: int = RECENT_RECORDS) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, user_id: str, saved: str, packed: bytes) -> None:
        # A version another session replaced stays until it is the oldest:
        # a session still on it finds it, and merges at its next write.
        with self._lock:
            self._items[(user_id, saved)] = packed
            self._items.move_to_end((user_id, saved))
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, user_id: str, saved: str) -> bytes | None:
        with self._lock:
            return self._items.get((user_id, saved))

    def drop(self, user_id: str) -> None:
        with self._lock:
            for key in [key for key in self._items if key[0] == user_id]:
                del self._items[key]


def digest(packed: str | bytes) -> str:
    """A short digest of a packed record, to spot a turn that changed it and
    to find the record again (64 bits in 11 characters)."""
    data = packed.encode() if isinstance(packed, str) else packed
    return base64.urlsafe_b64encode(hashlib.blake2b(data, digest_size=8).digest())[:11].decode()


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
    return int(request.timestamp.timestamp()) // 60 % SEED_CYCLE


class LoadState(AbstractRequestInterceptor):
    """Build the Turn: from the session if it carries the record, else the store."""

    def __init__(self, business: Business, store: Store) -> None:
        self.business = business
        self.store = store
        self.recent = Recent()
        self.keeps_health = business.keeps_health

    def stored_view(self, state: UserState) -> UserState:
        """The record as the store gets it: without its health facts unless
        the business keeps them (health.py)."""
        return state if self.keeps_health else without_health(state)

    def process(self, handler_input: HandlerInput) -> None:
        started = time.monotonic()
        session = _session(handler_input) or {}
        request = RequestView.of(handler_input)
        content = content_files.load(_locale(request))
        turn = Turn(
            handler_input=handler_input,
            request=request,
            state=UserState(),
            ctx=Context.unpack(session.get(SESSION_CTX), content.prompts.full),
            content=content,
            business=self.business,
        )
        if request.request_type.startswith("AlexaSkillEvent.") or request.request_type == NAME_FREE:
            # Events manage the record themselves, and a name-free query
            # (canfulfill.py) has no user to serve yet: never read or save.
            sync = Sync(synced=False)
        elif SESSION_SYNC in session:
            sync = self._from_session(turn, session)
        else:
            sync = Sync(began=int(request.timestamp.timestamp()))
            self._read_store(turn, sync)
        if not self.keeps_health:  # the session's own health facts, never the store's
            health = Health.from_session(session.get(SESSION_HEALTH))
            if SESSION_HEALTH not in session:
                # a session begun where the store kept its hold (another
                # deployment, or a profile that kept health data)
                health.clearance_since = sync.hold
            health.apply(turn.state)
        if SESSION_CTX not in session:
            turn.ctx.seed = session_seed(request)
        turn.known = sync.known
        turn.commit = lambda: self.write(turn, sync)
        attributes = handler_input.attributes_manager.request_attributes
        attributes[TURN_KEY] = turn
        attributes[SYNC_KEY] = sync
        attributes[STARTED_KEY] = started
        # One line a session (and on every turn the store is out of step): a
        # line per turn was a tenth of a warm turn's time, and Lambda's own
        # START/REPORT lines already mark every request.
        level = logging.INFO if SESSION_SYNC not in session or not sync.synced else logging.DEBUG
        if log.isEnabledFor(level):  # the hashed user id is not worth computing for nothing
            log.log(
                level,
                "turn",
                extra={
                    "user": user_ref(request.user_id),
                    "request": request.request_type,
                    # which health request was made is itself a health fact
                    "intent": "-" if request.intent in HEALTH_INTENTS else request.intent or "-",
                    "store": "ok" if sync.synced else "unsynced",
                },
            )

    def _from_session(self, turn: Turn, session: dict[str, object]) -> Sync:
        try:
            raw_sync, carried = session[SESSION_SYNC], session.get(SESSION_STATE)
            if isinstance(raw_sync, str):  # opened before the short keys
                sync, carried = _legacy_session(raw_sync, carried)
            else:
                sync = msgspec.convert(raw_sync, Sync)
            if max(len(sync.saved), len(sync.generation), len(sync.hold)) > MAX_SYNC_TEXT:
                raise StateError("the session's bookkeeping is not ours")
            if len(sync.attempts) > MAX_ATTEMPTS_KEPT or len(sync.attempts) != len(sync.attempted):
                raise StateError("the session's lost writes are not ours")
            if carried is not None:  # a change not yet stored travels in the session
                turn.state = msgspec.convert(carried, UserState).capped()
            else:
                packed = self._recall(turn, sync)
                if packed is None:  # this turn reached another process: read afresh
                    return self._reread(turn, sync)
                turn.state = UserState.unpack(packed)
                sync.base = packed.decode()  # as stored: its own base
        except (msgspec.ValidationError, msgspec.DecodeError, StateError):
            log.warning("session carried an unreadable record; reading the store again")
            sync = Sync()
            self._read_store(turn, sync)
            return sync
        sync.failed, sync.writes = False, 0  # a new turn: the store gets another chance
        if not sync.base:
            sync.base = turn.state.packed().decode()  # the record is its own base
        self._resync(turn, sync)
        return sync

    def _reread(self, turn: Turn, carried: Sync) -> Sync:
        """A later turn whose stored record this process does not have: read
        it, unless the user was deleted since the session began."""
        began = carried.began or int(generation_time(carried.generation))
        sync = Sync(began=began, gone=carried.gone, synced=not carried.gone, hold=carried.hold)
        if sync.gone:
            return sync
        self._read_store(turn, sync)
        if sync.synced and sync.generation != carried.generation:
            turn.state, sync.synced, sync.gone = UserState(), False, True
        elif not sync.synced:
            # A stand-in: keep the red-flag hold the session knew (a merge
            # keeps what is stored, since `clearance_at` is left alone).
            turn.state.clearance_since = carried.hold
        return sync

    def _recall(self, turn: Turn, sync: Sync) -> bytes | None:
        """The stored record this session last saw, from this process's copy."""
        user_id = turn.user_id
        return self.recent.get(user_id, sync.saved) if user_id and sync.saved else None

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
        self._rebase(turn, sync, turn.state)
        if not self.keeps_health:
            # A record from before health stayed in the session: its facts
            # are not this session's (and the next write leaves them out).
            Health().apply(turn.state)

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
        self._rebase(turn, sync, turn.state)

    def write(self, turn: Turn, sync: Sync) -> bool:
        """Write the record if it changed. True when it is safely stored."""
        view = self.stored_view(turn.state)
        packed = view.packed()
        if digest(packed) == sync.saved:
            return True
        if not sync.synced or sync.failed or turn.user_id is None:
            return False
        sync.writes += 1
        write_id = _short_id(turn.request.request_id or "turn")
        if sync.writes > 1:  # a turn's second write (a retry) has an id of its own
            write_id = f"{write_id}:{sync.writes}"
        attempts = tuple(
            (id_, UserState.unpack(packed_))
            for id_, packed_ in zip(sync.attempts, sync.attempted, strict=True)
        )
        base = Base(record=_base_of(sync), force=sync.force, attempts=attempts)
        try:
            stored = self.store.save(turn.user_id, view, base, write_id)
        except UserDeletedError:
            log.info("the user was deleted during this session; nothing kept")
            turn.state, sync.synced, sync.gone = UserState(), False, True
            return False
        except StoreError as err:  # keep the change in the session; retry later
            log.warning("could not save the user's record: %s", err)
            # The write may have landed with its reply lost: remember it, so a
            # later save recognises it instead of applying it twice.
            sync.attempts = [*sync.attempts, write_id][-MAX_ATTEMPTS_KEPT:]
            sync.attempted = [*sync.attempted, packed.decode()][-MAX_ATTEMPTS_KEPT:]
            sync.failed = True
            return False
        sync.force, sync.attempts, sync.attempted = False, [], []
        self._rebase(turn, sync, stored)
        if not self.keeps_health:  # the session keeps them
            Health.of(turn.state).apply(stored)
        turn.state = stored
        return True

    def _rebase(self, turn: Turn, sync: Sync, stored: UserState) -> None:
        """The record as stored is now the base for later writes (packed: the
        handler goes on to change the live record in place), and this
        process's copy for the session's later turns."""
        packed = stored.packed()
        sync.saved, sync.base = digest(packed), packed.decode()
        sync.generation = stored.generation
        if turn.user_id is not None:
            self.recent.put(turn.user_id, sync.saved, packed)

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
        self.recent.drop(turn.user_id)
        try:
            self.store.delete(turn.user_id, now=turn.now.timestamp())
        except StoreError as err:
            log.warning("could not delete the user's record: %s", err)
            raise RetryLaterError("the store is down; the event must come again") from err


def _legacy_session(raw_sync: str, carried: object) -> tuple[Sync, object]:
    """A session opened before the short keys (across a deployment): its
    bookkeeping and record were JSON text with field names, the record in
    schema 1. Read so that a change it holds is neither lost nor, with a
    wrong base, counted twice. Raises DecodeError, ValidationError or
    StateError."""
    old = msgspec.json.decode(raw_sync)
    if not isinstance(old, dict):
        raise StateError("the session's bookkeeping is not a mapping")
    if old.get("attempt"):  # one lost write then
        old["attempts"], old["attempted"] = [old.pop("attempt")], [old.get("attempted")]
    sync = msgspec.convert(shorten(old, schema_of(Sync)), Sync, strict=False)
    sync.saved = ""  # digested otherwise then: the record is written again
    if sync.base:
        sync.base = UserState.from_dict(msgspec.json.decode(sync.base)).packed().decode()
    sync.attempted = [
        UserState.from_dict(msgspec.json.decode(record)).packed().decode()
        for record in sync.attempted
    ]
    if isinstance(carried, str):
        carried = UserState.from_dict(msgspec.json.decode(carried)).to_dict()
    return sync, carried


def _base_of(sync: Sync) -> UserState:
    return UserState.unpack(sync.base) if sync.base else UserState()


def _unsaved_words(turn: Turn, sync: Sync, loader: LoadState) -> str:
    """What the failed write held, in a few words."""
    say = turn.say
    base = _base_of(sync)
    state = loader.stored_view(turn.state)
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
        try:
            if turn.erase:
                self.loader.erase(turn)
            else:
                self._save(handler_input, turn, sync, response)
        finally:
            # The turn refers to the handler input, which refers back to it
            # (and `commit` to both): freed by reference counting once this
            # is cut, instead of piling up for the cyclic collector, whose
            # passes were the slowest moments of warm turns.
            attributes.pop(TURN_KEY, None)
            turn.commit = _done

    def _save(
        self, handler_input: HandlerInput, turn: Turn, sync: Sync, response: Response | None
    ) -> None:
        if turn.request.request_type == NAME_FREE:
            return  # a name-free query: nothing to keep, no session to carry
        attributes = handler_input.attributes_manager.request_attributes
        session = _session(handler_input)
        ending = session is None or bool(response and response.should_end_session)
        ending = ending or turn.request.request_type == "SessionEndedRequest"
        # True exactly when the record, as it is now, is what is stored.
        stored = self.loader.write(turn, sync)
        started = attributes.get(STARTED_KEY)
        started = started if isinstance(started, float) else time.monotonic()
        if not stored and ending:
            stored = self.loader.retry_last_write(turn, sync, started)
            words = "" if stored else _unsaved_words(turn, sync, self.loader)
            if words:
                _tell_unsaved(response, turn.say("unsaved", what=words))
        if session is None:
            return
        session.pop(SESSION_STATE, None)
        if stored:
            sync.base = ""  # the record is its own base: never carried twice
        else:  # a change not yet stored travels in the session
            view = self.loader.stored_view(turn.state)
            if sync.base == view.packed().decode():
                sync.base = ""
            session[SESSION_STATE] = view.to_dict()
        # The red-flag hold survives a store that cannot be read: in the
        # session's health facts, or (when the store keeps them) on its own.
        hold = turn.state.clearance_since if self.loader.keeps_health else ""
        session[SESSION_SYNC] = sync.carried(hold)
        health = None if self.loader.keeps_health else Health.of(turn.state).carried()
        if health is None:
            session.pop(SESSION_HEALTH, None)
        else:
            session[SESSION_HEALTH] = health
        session[SESSION_CTX] = turn.ctx.carried(turn.content.prompts.short)


def _done() -> bool:
    return False  # the turn is over: nothing more is written


def _short_id(request_id: str) -> str:
    """A request id as an 8-character digest (48 bits; a clash among the few
    dozen ids a record keeps is out of reach): Alexa's 60-character ids
    were half of a typical record, and of every write's bytes."""
    hashed = hashlib.blake2b(request_id.encode(), digest_size=6).digest()
    return base64.urlsafe_b64encode(hashed).decode()
