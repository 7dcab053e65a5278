"""The user's saved record: one typed schema, versioned, tolerant of older shapes.

The record and its sub-records are msgspec Structs: the class definitions
are the schema, and encoding, decoding and validation all follow from them
(no hand-kept copies of the field list). Only ints, strings, bools, lists
and maps are stored, so the same record fits DynamoDB (which refuses floats)
and SQLite (JSON).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import msgspec

SCHEMA = 1
MAX_PAIN_CHECKINS = 60
MAX_PAST_SESSIONS = 50
MAX_MASSAGE_ASKED = 30


class StateError(ValueError):
    """A stored record that cannot be read as a UserState."""


class RoutineProgress(msgspec.Struct):
    routine_id: str
    step: int  # zero-based index of the step the user is on
    started_at: str = ""  # ISO 8601, UTC
    updated_at: str = ""
    paused: bool = False


class Streak(msgspec.Struct, kw_only=True):
    current: int = 0
    best: int = 0
    last_day: str = ""  # ISO date of the last completed routine

    def record(self, today: date) -> None:
        """Count a completion on `today`: same day keeps, next day grows."""
        last = date.fromisoformat(self.last_day) if self.last_day else None
        if last == today:
            return
        self.current = self.current + 1 if last == today - timedelta(days=1) else 1
        self.best = max(self.best, self.current)
        self.last_day = today.isoformat()

    def alive_on(self, today: date) -> int:
        """The streak as it stands today (0 once a whole day was missed)."""
        if not self.last_day:
            return 0
        gap = (today - date.fromisoformat(self.last_day)).days
        return self.current if gap <= 1 else 0


class PainCheckin(msgspec.Struct, kw_only=True):
    day: str  # ISO date
    score: int  # 0 to 10


class Booking(msgspec.Struct, kw_only=True):
    """The client's next massage session."""

    at: str  # ISO 8601 with offset, minutes
    zone: str  # IANA zone the session was booked in
    reminder: str = ""  # alert token of its day-before reminder, "" for none


class Reminder(msgspec.Struct, kw_only=True):
    """An Alexa reminder this skill created."""

    id: str  # the Reminders API's alert token
    kind: str = "session"  # "session" or "stretch"
    at: str = ""  # ISO 8601 with offset of the (first) time it rings


class UserState(msgspec.Struct, kw_only=True):
    schema: int = SCHEMA
    version: int = 0  # bumped on every write; the store's concurrency token
    disclaimer_heard: bool = False
    screened: bool = False  # answered the first-routine safety check with "no"
    tip_day: str = ""  # ISO date of the last tip of the day given at launch
    pain_asked_day: str = ""  # ISO date the pre-routine check-in was last offered
    progress: RoutineProgress | None = None
    progress_at: str = ""  # ISO time of the last change to `progress` (merge: newer wins)
    completions: dict[str, int] = {}
    streak: Streak = msgspec.field(default_factory=Streak)
    tips_heard: list[str] = []
    massage_asked: list[str] = []
    pain_checkins: list[PainCheckin] = []
    next_session: Booking | None = None
    past_sessions: list[str] = []  # ISO 8601 with offset
    reminders: list[Reminder] = []
    tz_notice: bool = False  # told that the device time zone was unavailable

    @property
    def total_completions(self) -> int:
        return sum(self.completions.values())

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = msgspec.to_builtins(self)
        return out

    def packed(self) -> bytes:
        """Compact JSON, for the session and for spotting a change."""
        return _ENCODER.encode(self)

    @classmethod
    def unpack(cls, packed: str | bytes) -> UserState:
        """The inverse of `packed`. Raises StateError."""
        try:
            return _DECODER.decode(packed)
        except (msgspec.ValidationError, msgspec.DecodeError) as err:
            raise StateError(f"unreadable record: {err}") from err

    @classmethod
    def from_dict(cls, raw: Any, plain: bool = False) -> UserState:
        """Read a stored record, migrating older schemas. Raises StateError.
        `plain`: the record holds no Decimals (it came from the session)."""
        if raw is None or raw == {}:
            return cls()
        if not isinstance(raw, dict):
            raise StateError(f"record is a {type(raw).__name__}, not a mapping")
        if "__corrupt__" in raw:
            raise StateError("stored record is not valid JSON")
        data = dict(raw) if plain else _plain(raw)
        schema = data.get("schema", 0)
        if not isinstance(schema, int) or schema > SCHEMA:
            raise StateError(f"unknown schema {schema!r}")
        try:
            state = msgspec.convert(_migrate(data), cls)
            if state.streak.last_day:
                date.fromisoformat(state.streak.last_day)
        except (msgspec.ValidationError, ValueError, TypeError) as err:
            raise StateError(f"unreadable record: {err}") from err
        state.pain_checkins = state.pain_checkins[-MAX_PAIN_CHECKINS:]
        state.past_sessions = state.past_sessions[-MAX_PAST_SESSIONS:]
        return state


_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(UserState)


def _plain(value: Any) -> Any:
    """DynamoDB hands numbers back as Decimal; turn them into ints."""
    if isinstance(value, Decimal):
        return int(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    # Schema 0 (unversioned prototype): kept a flat routine id/step pair.
    if data.get("schema", 0) == 0:
        routine = data.pop("routine", None)
        step = data.pop("step", 0)
        if routine and "progress" not in data:
            data["progress"] = {"routine_id": routine, "step": step}
        data["schema"] = SCHEMA
    for optional in ("progress", "next_session"):
        if not data.get(optional):
            data[optional] = None  # older records kept {} for "none"
    # Early records kept bare alert ids as reminders.
    reminders = data.get("reminders")
    if isinstance(reminders, list):
        data["reminders"] = [{"id": r} if isinstance(r, str) else r for r in reminders]
    return data


def merge(theirs: UserState, mine: UserState, base_completions: dict[str, int]) -> UserState:
    """Combine two devices' versions of one record after a write conflict.

    `theirs` is what the other device saved, `mine` what this turn wants to
    save, and `base_completions` the completion counts this turn started
    from, so that both devices' completions count. Sets union; flags OR; the
    routine position changed last wins; the newer day wins for day stamps;
    for the session and reminders, this turn's view wins (it just changed
    them). The result carries the larger version of the two.
    """
    routines = sorted(set(theirs.completions) | set(mine.completions))
    completions = {
        r: theirs.completions.get(r, 0)
        + max(0, mine.completions.get(r, 0) - base_completions.get(r, 0))
        for r in routines
    }
    progress, progress_at = mine.progress, mine.progress_at
    if theirs.progress_at > mine.progress_at:
        progress, progress_at = theirs.progress, theirs.progress_at
    later, earlier = (
        (theirs.streak, mine.streak)
        if theirs.streak.last_day >= mine.streak.last_day
        else (mine.streak, theirs.streak)
    )
    seen = {(c.day, c.score) for c in theirs.pain_checkins}
    checkins = [
        *theirs.pain_checkins,
        *(c for c in mine.pain_checkins if (c.day, c.score) not in seen),
    ]
    return msgspec.structs.replace(
        mine,
        version=max(theirs.version, mine.version),
        completions=completions,
        disclaimer_heard=theirs.disclaimer_heard or mine.disclaimer_heard,
        screened=theirs.screened or mine.screened,
        tz_notice=theirs.tz_notice or mine.tz_notice,
        tip_day=max(theirs.tip_day, mine.tip_day),
        pain_asked_day=max(theirs.pain_asked_day, mine.pain_asked_day),
        progress=progress,
        progress_at=progress_at,
        streak=Streak(
            current=max(
                later.current, earlier.current if later.last_day == earlier.last_day else 0
            ),
            best=max(later.best, earlier.best),
            last_day=later.last_day,
        ),
        tips_heard=_union(theirs.tips_heard, mine.tips_heard),
        massage_asked=_union(theirs.massage_asked, mine.massage_asked)[-MAX_MASSAGE_ASKED:],
        pain_checkins=checkins[-MAX_PAIN_CHECKINS:],
        past_sessions=_union(theirs.past_sessions, mine.past_sessions)[-MAX_PAST_SESSIONS:],
    )


def _union(first: list[str], second: list[str]) -> list[str]:
    known = set(first)
    return [*first, *(item for item in second if item not in known)]
