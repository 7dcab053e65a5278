"""The conversation context: what this session is in the middle of.

One typed, versioned record carried in session attributes (never stored):
the question waiting for an answer, the routine waiting on its gates, the
booking being settled, the massage topic, list paging, the device's time
zone, and the last reply for "repeat". Rooms read and write these fields;
nothing else travels in the session by name.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec

CONTEXT_VERSION = 1


class Question(StrEnum):
    """Every yes/no (or number) question the skill asks. Each has exactly one
    registered answer (answers.py), checked when the skill is built."""

    NEXT_STEP = "next_step"
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


class Gate(StrEnum):
    """Checks a routine must pass before it starts, in this order."""

    CLEARANCE = "clearance"  # after a red flag: checked by a doctor since?
    REST = "rest"  # pain too high today
    SCREEN = "screen"  # before the first routine
    CAUTION = "caution"  # the routine's own question
    PAIN = "pain"  # the day's check-in


class BookingKind(StrEnum):
    BOOK = "book"
    MOVE = "move"
    STRETCH = "stretch"  # a daily stretch reminder's time


class PendingTime(msgspec.Struct, kw_only=True):
    """A time whose AM or PM is being asked ("is that 3 PM?")."""

    kind: BookingKind
    hour: int
    minute: int
    day: str = ""  # ISO date; "" for a daily stretch reminder


class Context(msgspec.Struct, kw_only=True, omit_defaults=True):
    v: int = CONTEXT_VERSION
    question: Question | None = None
    reprompt: str = ""  # the last reprompt, re-asked after a miss
    last: str = ""  # SSML of the last reply, for "repeat" outside a routine
    routine: str = ""  # routine id waiting on gates, or offered instead
    cleared: list[Gate] = []  # gates already passed for `routine`
    pending_time: PendingTime | None = None
    massage: str = ""  # massage type id last discussed
    list_offset: int = 0  # where the next page of massage types starts
    zone: str = ""  # the device's IANA time zone, once asked this session
    zone_is_default: bool = False  # `zone` is the business's: the API failed

    def packed(self) -> str:
        return _ENCODER.encode(self).decode()

    @classmethod
    def unpack(cls, raw: object) -> Context:
        """The context from a session attribute; a fresh one for anything
        missing, older or malformed (a session is short: start it over)."""
        if not isinstance(raw, str):
            return cls()
        try:
            ctx = _DECODER.decode(raw)
        except (msgspec.ValidationError, msgspec.DecodeError):
            return cls()
        return ctx if ctx.v == CONTEXT_VERSION else cls()

    def end_gates(self) -> str:
        """Forget the pending routine; return its id."""
        routine, self.routine, self.cleared = self.routine, "", []
        return routine


_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(Context)
