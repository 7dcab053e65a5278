"""The conversation context: what this session is in the middle of.

One typed, versioned record carried in session attributes (never stored):
the question waiting for an answer, the routine waiting on its gates, the
booking being settled, the massage topic, list paging, the device's time
zone, and the last reply for "repeat". Rooms read and write these fields;
nothing else travels in the session by name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum

import msgspec

from .compact import schema_of, shorten
from .content.models import BASE36

CONTEXT_VERSION = 3  # 3: short keys, carried as an object; 2: misses, elicit, seed, said
# Versions 1 and 2 (JSON text with field names) are read through `shorten`,
# so a session open across a deployment keeps its pending question, booking
# and zone; only which variants it said is forgotten.
LEGACY_VERSIONS = frozenset({1, 2})
MAX_SAID = 64  # prompts whose last variant is remembered (the oldest are forgotten)


class Question(StrEnum):
    """Every question the skill asks. Each has exactly one registered answer
    to a yes or a no (answers.py), checked when the skill is built; one that
    wants a day, a time, a name or a number counts a yes or no as a miss.
    A number said alone (NumberIntent) means what the question registered
    in numbers.py says, and is a miss at any other."""

    NEXT_STEP = "next_step"
    READY = "ready"  # a routine is set up: "say ready when you're in position"
    RESUME = "resume"
    WHICH_ROUTINE = "which_routine"
    SCREEN = "screen"
    CLEARANCE = "clearance"
    CAUTION = "caution"
    SUGGEST = "suggest"
    PAIN_BEFORE = "pain_before"
    PAIN_AFTER = "pain_after"
    TIP_OFFER = "tip_offer"
    ANOTHER_TIP = "another_tip"
    MASSAGE_MORE = "massage_more"
    MASSAGE_ABOUT = "massage_about"
    MASSAGE_LIST = "massage_list"
    BOOKING = "booking"
    AMPM = "ampm"
    CANCEL_SESSION = "cancel_session"
    SESSION_REMINDER = "session_reminder"
    SESSION_DAY = "session_day"  # which day is the massage (an elicited date)
    SESSION_TIME = "session_time"  # and at what time (an elicited time)
    REMINDER_TIME = "reminder_time"  # when a daily stretch reminder rings
    MASSAGE_NAME = "massage_name"  # which massage (an elicited type)
    PAIN_SCORE = "pain_score"  # a score from zero to ten, asked outside a routine
    DISCOMFORT = "discomfort"  # discomfort mid-step: skip this step, or stop for today?
    WARNING_SIGNS = "warning_signs"  # unclear health words: any of the red flags?


class Reminded(StrEnum):
    """The reminder the last reply set (`Context.reminded`): "make it four
    instead", said next, moves it (the understanding reads it)."""

    SESSION = "session"
    DAILY = "stretch"  # a daily stretch reminder: moved, it keeps ringing daily
    ONCE = "once"  # a one-off stretch reminder: moved, the new one replaces it


class Gate(StrEnum):
    """Checks a routine must pass before it starts, in this order."""

    CLEARANCE = "clearance"  # after a red flag: checked by a doctor since?
    REST = "rest"  # pain too high today
    # A routine a concern rules out is swapped before anything is asked of it.
    CONCERN = "concern"  # a concern said this session that the routine does not suit
    SCREEN = "screen"  # before the session's first routine (or the first ever, if kept)
    CAUTION = "caution"  # the routine's own question
    PAIN = "pain"  # the day's check-in


class BookingKind(StrEnum):
    BOOK = "book"
    MOVE = "move"
    STRETCH = "stretch"  # a daily stretch reminder's time
    SESSION_REMINDER = "session_reminder"  # a session reminder at a time the user chose


class PendingTime(msgspec.Struct, kw_only=True):
    """A time whose AM or PM is being asked ("is that 3 PM?")."""

    kind: BookingKind
    hour: int
    minute: int
    day: str = ""  # ISO date; "" for a daily stretch reminder
    days: str = ""  # a stretch reminder's REPEAT_DAYS id ("weekdays"); "" every day


class Elicit(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A slot being asked for with Dialog.ElicitSlot, to ask again after a miss."""

    intent: str
    slot: str
    slots: dict[str, str] = {}  # the intent's other slot values, as heard


class Context(
    msgspec.Struct,
    kw_only=True,
    omit_defaults=True,
    # Short keys: the context travels in every request and response.
    rename={
        "question": "q",
        "reprompt": "rp",
        "misses": "m",
        "elicit": "e",
        "menu_heard": "mh",
        "booking_told": "bt",
        "noted_told": "nt",
        "last": "l",
        "routine": "r",
        "cleared": "c",
        "pending_time": "pt",
        "massage": "ms",
        "followed": "fo",
        "listed": "li",
        "concerns": "cn",
        "list_offset": "lo",
        "zone": "z",
        "zone_is_default": "zd",
        "seed": "sd",
        "said": "sv",
        "step_waiting": "sw",
        "unchecked": "u",
        "resuming": "rs",
        "reminded": "rd",
    },
):
    v: int = CONTEXT_VERSION
    question: Question | None = None
    reprompt: str = ""  # the question, short and with how to answer; re-asked after a miss
    misses: int = 0  # replies in a row that did not answer (asking.miss)
    elicit: Elicit | None = None  # the slot the question asks for, if elicited
    menu_heard: bool = False  # the menu with its examples was said this session
    booking_told: bool = False  # how to book was said this session
    noted_told: bool = False  # "i can only note it, not book it" was said this session
    last: str = ""  # SSML of the last reply, for "repeat" outside a routine
    routine: str = ""  # routine id waiting on gates, or offered instead
    cleared: list[Gate] = []  # gates already passed for `routine`
    pending_time: PendingTime | None = None
    massage: str = ""  # massage type id last discussed
    # The request last answered about `massage` ("how much is swedish"):
    # "and the hot stone?" asks it again of another type.
    followed: str = ""
    # The massage types the skill last named, in the order said: "the first
    # one", "both" refer to them (understanding/referred.py).
    listed: list[str] = []
    # Safety concerns said this session (content ids), for the routine gate.
    # Session only: a health fact is never stored.
    concerns: list[str] = []
    list_offset: int = 0  # where the next page of massage types starts
    zone: str = ""  # the device's IANA time zone, once asked this session
    zone_is_default: bool = False  # `zone` is the business's: the API failed
    seed: int = 0  # which variant of each prompt this session says first
    # The variant said last of each prompt (voice.Voice): cells of three
    # characters, the prompt's code (Prompts.codes) and the variant in base 36.
    said: str = ""
    # The routine's current step is not said yet (its get-ready moment): a
    # question asked meanwhile (a pain score) comes back to "say ready".
    step_waiting: bool = False
    # Routines were closed this session, or the user said they have not been
    # checked yet: not asked again until a later session (a yes two turns
    # after "no, not yet" is no check).
    unchecked: bool = False
    # The routine waiting on gates is the one in progress from an earlier
    # session, to be picked up where it stopped (not begun again).
    resuming: bool = False
    # The kind of reminder the last reply set ("session", "stretch"): "make
    # it four instead" said next is that reminder, not the massage. Every
    # reply clears it (Turn.ask, Turn.elicit_again, Turn.tell).
    reminded: str = ""

    def carried(self, short: Callable[[str], str] = str) -> dict[str, object]:
        """The context as the session carries it; `short` codes the reprompt
        when it is a whole prompt (Prompts.short)."""
        if self.reprompt:
            coded = msgspec.structs.replace(self, reprompt=short(self.reprompt))
            out: dict[str, object] = msgspec.to_builtins(coded)
        else:
            out = msgspec.to_builtins(self)
        return out

    @classmethod
    def unpack(cls, raw: object, full: Callable[[str], str] = str) -> Context:
        """The context from a session attribute; a fresh one for anything
        missing, malformed or of a version this code cannot read (a session
        is short: start it over). `full` is the inverse of `carried`'s
        `short`."""
        ctx = cls._read(raw)
        if ctx.reprompt:
            ctx.reprompt = full(ctx.reprompt)
            if not ctx.reprompt:  # coded by content since changed: the question is not ours
                ctx.question, ctx.elicit = None, None
        return ctx

    @classmethod
    def _read(cls, raw: object) -> Context:
        if isinstance(raw, str):
            raw = _legacy(raw)
        if not isinstance(raw, dict):
            return cls()
        try:
            ctx = msgspec.convert(raw, cls)
        except msgspec.ValidationError:
            return cls()
        return ctx if ctx.v == CONTEXT_VERSION else cls()

    def last_said(self, code: str) -> int | None:
        """The variant of the prompt with this code said last, if any."""
        at = self._cell(code)
        if at < 0:
            return None
        index = BASE36.find(self.said[at + 2])
        return index if index >= 0 else None

    def note_said(self, code: str, index: int) -> None:
        said, at = self.said, self._cell(code)
        if len(said) % 3:
            said, at = "", -1  # not cells of ours: start the memory afresh
        if at >= 0:
            said = said[:at] + said[at + 3 :]
        if len(said) >= 3 * MAX_SAID:
            said = said[len(said) - 3 * (MAX_SAID - 1) :]  # the oldest are forgotten
        self.said = f"{said}{code}{BASE36[index % 36]}"

    def _cell(self, code: str) -> int:
        """Where the whole cell of the prompt with this code starts; -1 for none."""
        said = self.said
        at = said.find(code)
        while at >= 0 and (at % 3 or at + 3 > len(said)):  # across two cells, or cut short
            at = said.find(code, at + 1)
        return at

    def end_gates(self) -> str:
        """Forget the pending routine; return its id."""
        routine, self.routine, self.cleared, self.resuming = self.routine, "", [], False
        return routine


def _legacy(raw: str) -> dict[str, object] | None:
    """A version 1 or 2 context (JSON text, field names) in today's form."""
    try:
        old = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(old, dict) or old.get("v") not in LEGACY_VERSIONS:
        return None
    old.pop("said", None)  # a dict of names then; cells of codes now
    new: dict[str, object] = shorten(old, schema_of(Context))
    new["v"] = CONTEXT_VERSION
    return new
