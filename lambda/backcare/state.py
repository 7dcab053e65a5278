"""The user's saved record: one typed schema, versioned, tolerant of older shapes.

The record and its sub-records are msgspec Structs: the class definitions
are the schema, and encoding, decoding and validation all follow from them
(no hand-kept copies of the field list). Only ints, strings, bools, lists
and maps are stored, so the same record fits DynamoDB (which refuses floats)
and SQLite (JSON).

The stored form is compact (schema 2): every field has a short key (the
`rename` maps below are the schema's key to names), fields at their default
are left out, and the schema number always travels as "s". A typical record
is a fifth of the size of schema 1's, which spelt every name and every empty
default out; a write and a read pay for every byte. Schema 0 and 1 records
(long keys) still load, and are written back compact.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import msgspec

from .compact import schema_of, shorten

T = TypeVar("T")

SCHEMA = 2
SCHEMA_KEY = "s"  # always present in a compact record (msgspec's tag field)
VERSION_KEY = "v"  # the concurrency token's key, for the stores' conditional writes
LEGACY_VERSION_KEY = "version"  # schema 0 and 1
# Every list is capped when read, merged and written, so a damaged or
# hostile record costs one slice, never a long turn.
MAX_PAIN_CHECKINS = 60
MAX_PAST_SESSIONS = 50
MAX_MASSAGE_ASKED = 30
MAX_TIPS_HEARD = 200
MAX_REMINDERS = 20
MAX_COMPLETION_KEYS = 50
# Ids of the last writes, to recognise one that already landed: at least
# WRITES_KEPT are kept. The list grows to MAX_WRITES before it is cut back,
# so most writes append one id (DynamoDB's list_append) instead of
# rewriting the whole list.
WRITES_KEPT = 16
MAX_WRITES = 32


def iso(moment: datetime) -> str:
    """How times in the record are written (`progress_at` and its kin): one
    form, so the merge's string comparison orders them."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def stored_version(raw: object) -> int:
    """The version of a stored record or marker, in any schema; 0 for none."""
    if not isinstance(raw, dict):
        return 0
    version = raw.get(VERSION_KEY, raw.get(LEGACY_VERSION_KEY))
    return version if type(version) is int else 0


class StateError(ValueError):
    """A stored record that cannot be read as a UserState."""


class RoutineProgress(
    msgspec.Struct,
    omit_defaults=True,
    rename={"routine_id": "r", "step": "s", "started_at": "t", "updated_at": "u", "paused": "z"},
):
    routine_id: str
    step: int  # zero-based index of the step the user is on
    started_at: str = ""  # ISO 8601, UTC
    updated_at: str = ""
    paused: bool = False


class Streak(
    msgspec.Struct,
    kw_only=True,
    omit_defaults=True,
    rename={"current": "c", "best": "b", "last_day": "d"},
):
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


class PainCheckin(
    msgspec.Struct, kw_only=True, omit_defaults=True, rename={"day": "d", "score": "s", "id": "i"}
):
    day: str  # ISO date
    score: int  # 0 to 10
    id: str = ""  # the request that logged it: two devices' equal scores stay two


class Booking(
    msgspec.Struct,
    kw_only=True,
    omit_defaults=True,
    rename={"at": "a", "zone": "z", "reminder": "r"},
):
    """The client's next massage session."""

    at: str  # ISO 8601 with offset, minutes
    zone: str  # IANA zone the session was booked in
    reminder: str = ""  # alert token of its day-before reminder, "" for none


class Reminder(
    msgspec.Struct,
    kw_only=True,
    omit_defaults=True,
    rename={"id": "i", "kind": "k", "at": "a", "days": "dy"},
):
    """An Alexa reminder this skill created."""

    id: str  # the Reminders API's alert token
    kind: str = "session"  # "session", "stretch" (daily) or "stretch_once" (one day)
    at: str = ""  # ISO 8601 with offset of the (first) time it rings
    days: str = ""  # a stretch reminder's days ("weekdays", "weekends"); "" every day


_USER_KEYS = {
    "version": VERSION_KEY,
    "disclaimer_heard": "d",
    "screened": "sc",
    "clearance_since": "cs",
    "clearance_at": "ca",
    "rest_day": "rd",
    "tip_day": "td",
    "pain_asked_day": "pd",
    "progress": "p",
    "progress_at": "pa",
    "completions": "c",
    "streak": "k",
    "tips_heard": "th",
    "massage_asked": "ma",
    "pain_checkins": "pc",
    "next_session": "n",
    "session_at": "sa",
    "past_sessions": "ps",
    "reminders": "r",
    "tz_notice": "tz",
    "writes": "w",
    "generation": "g",
}


class UserState(
    msgspec.Struct,
    kw_only=True,
    omit_defaults=True,
    tag_field=SCHEMA_KEY,
    tag=SCHEMA,
    rename=_USER_KEYS,
):
    version: int = 0  # bumped on every write; the store's concurrency token
    disclaimer_heard: bool = False
    screened: bool = False  # answered the first-routine safety check with "no"
    # ISO date a red flag (or a yes at the screen) closed routines until a
    # doctor's check; "" when open. Never which symptom it was.
    clearance_since: str = ""
    clearance_at: str = ""  # ISO time clearance_since last changed (merge: newer wins)
    rest_day: str = ""  # ISO date pain was too high for a routine that day
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
    session_at: str = ""  # ISO time the user last booked, moved or cancelled (merge: newer wins)
    past_sessions: list[str] = []  # ISO 8601 with offset
    reminders: list[Reminder] = []
    tz_notice: bool = False  # told that the device time zone was unavailable
    writes: list[str] = []  # ids of the last writes that made this record
    # Changes when the user is deleted: a session that began before cannot
    # write into the record of one that began after.
    generation: str = ""

    @property
    def schema(self) -> int:
        return SCHEMA

    @property
    def total_completions(self) -> int:
        return sum(self.completions.values())

    def pause(self, now: datetime) -> None:
        """The routine in progress waits at its step ("resume" does it again)."""
        if self.progress is not None:
            self.progress.paused = True
            self.progress.updated_at = self.progress_at = iso(now)

    def to_dict(self) -> dict[str, Any]:
        """The compact stored form."""
        out: dict[str, Any] = msgspec.to_builtins(self)
        return out

    def packed(self) -> bytes:
        """Compact JSON, for the session and for spotting a change."""
        return _ENCODER.encode(self)

    @classmethod
    def unpack(cls, packed: str | bytes) -> UserState:
        """The inverse of `packed`. Raises StateError."""
        try:
            return _DECODER.decode(packed).capped()
        except (msgspec.ValidationError, msgspec.DecodeError) as err:
            raise StateError(f"unreadable record: {err}") from err

    @staticmethod
    def is_current(raw: dict[str, Any]) -> bool:
        """The stored dict is in this schema's form (not an older one, not a marker)."""
        return raw.get(SCHEMA_KEY) == SCHEMA

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
        schema = data.get(SCHEMA_KEY) if SCHEMA_KEY in data else data.get("schema", 0)
        if not isinstance(schema, int) or schema > SCHEMA:
            raise StateError(f"unknown schema {schema!r}")
        try:
            if schema < SCHEMA:
                data = shorten(_migrate(data), schema_of(UserState))
            state = msgspec.convert(data, cls)
            if state.streak.last_day:
                date.fromisoformat(state.streak.last_day)
        except (msgspec.ValidationError, ValueError, TypeError) as err:
            raise StateError(f"unreadable record: {err}") from err
        return state.capped()

    def capped(self) -> UserState:
        """Cut every list to its bound (in place); returns self."""
        self.tips_heard = self.tips_heard[-MAX_TIPS_HEARD:]
        self.massage_asked = self.massage_asked[-MAX_MASSAGE_ASKED:]
        self.pain_checkins = self.pain_checkins[-MAX_PAIN_CHECKINS:]
        self.past_sessions = self.past_sessions[-MAX_PAST_SESSIONS:]
        self.reminders = self.reminders[-MAX_REMINDERS:]
        if len(self.writes) > MAX_WRITES:
            self.writes = self.writes[-WRITES_KEPT:]
        if len(self.completions) > MAX_COMPLETION_KEYS:
            self.completions = dict(list(self.completions.items())[:MAX_COMPLETION_KEYS])
        return self


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
    """A schema 0 or 1 record (long keys) made a schema 1 one."""
    # Schema 0 (unversioned prototype): kept a flat routine id/step pair.
    if data.pop("schema", 0) == 0:
        routine = data.pop("routine", None)
        step = data.pop("step", 0)
        if routine and "progress" not in data:
            data["progress"] = {"routine_id": routine, "step": step}
    for optional in ("progress", "next_session"):
        if not data.get(optional):
            data[optional] = None  # older records kept {} for "none"
    # Early records kept bare alert ids as reminders.
    reminders = data.get("reminders")
    if isinstance(reminders, list):
        data["reminders"] = [{"id": r} if isinstance(r, str) else r for r in reminders]
    return data


def merge(base: UserState, theirs: UserState, mine: UserState) -> UserState:
    """Three-way merge after a write conflict, with a rule per field.

    `base` is the record this session last read or wrote, `theirs` what is
    stored now (another device wrote since), `mine` what this turn wants to
    store. A field this turn did not change keeps theirs; a field only this
    turn changed keeps mine; when both changed: counters add both deltas,
    lists keep theirs with this turn's additions and removals applied, flags
    OR, day stamps take the later, the routine position changed last wins,
    and the booking is this turn's (the user just said it). Linear in the
    lists' lengths. The result carries theirs' version and write ids.
    """
    completions = dict(theirs.completions)
    for routine in set(mine.completions) | set(base.completions):
        delta = mine.completions.get(routine, 0) - base.completions.get(routine, 0)
        if delta:
            completions[routine] = max(0, completions.get(routine, 0) + delta)
    progress, progress_at = theirs.progress, theirs.progress_at
    if mine.progress_at != base.progress_at and mine.progress_at >= theirs.progress_at:
        progress, progress_at = mine.progress, mine.progress_at
    streak = theirs.streak
    if mine.streak != base.streak:
        later, earlier = (
            (theirs.streak, mine.streak)
            if theirs.streak.last_day >= mine.streak.last_day
            else (mine.streak, theirs.streak)
        )
        streak = Streak(
            current=max(
                later.current, earlier.current if later.last_day == earlier.last_day else 0
            ),
            best=max(later.best, earlier.best),
            last_day=later.last_day,
        )
    # The booking this turn set (or cancelled) wins unless it left it alone,
    # or another device changed it after this one did (what was said last).
    theirs_booking_wins = mine.session_at == base.session_at or (
        theirs.session_at != base.session_at and theirs.session_at > mine.session_at
    )
    # A red flag closes routines, a "yes, I've been checked" opens them: what
    # was said last wins.
    my_clearance = mine.clearance_at != base.clearance_at and (
        theirs.clearance_at == base.clearance_at or mine.clearance_at >= theirs.clearance_at
    )
    return UserState(
        version=theirs.version,
        writes=list(theirs.writes),
        generation=theirs.generation,
        disclaimer_heard=theirs.disclaimer_heard or mine.disclaimer_heard,
        screened=theirs.screened or mine.screened,
        tz_notice=theirs.tz_notice or mine.tz_notice,
        tip_day=max(theirs.tip_day, mine.tip_day),
        rest_day=max(theirs.rest_day, mine.rest_day),
        clearance_since=mine.clearance_since if my_clearance else theirs.clearance_since,
        clearance_at=mine.clearance_at if my_clearance else theirs.clearance_at,
        pain_asked_day=max(theirs.pain_asked_day, mine.pain_asked_day),
        progress=progress,
        progress_at=progress_at,
        completions=completions,
        streak=streak,
        # A tip both devices added stays twice: the tips room sees the clash
        # and gives this user another tip rather than the same one twice.
        tips_heard=_merge_list(base.tips_heard, theirs.tips_heard, mine.tips_heard, clashes=True),
        massage_asked=_merge_list(base.massage_asked, theirs.massage_asked, mine.massage_asked),
        pain_checkins=_merge_list(base.pain_checkins, theirs.pain_checkins, mine.pain_checkins),
        next_session=theirs.next_session if theirs_booking_wins else mine.next_session,
        session_at=theirs.session_at if theirs_booking_wins else mine.session_at,
        past_sessions=_merge_list(base.past_sessions, theirs.past_sessions, mine.past_sessions),
        reminders=_merge_list(base.reminders, theirs.reminders, mine.reminders),
    ).capped()


def _key(item: object) -> object:
    """What identifies a list entry across devices."""
    if isinstance(item, PainCheckin):
        return (item.day, item.score, item.id)
    if isinstance(item, Reminder):
        return item.id
    return item


def _merge_list(base: list[T], theirs: list[T], mine: list[T], clashes: bool = False) -> list[T]:
    """Theirs, with the entries this turn added appended and the ones it
    removed taken out. With `clashes`, entries are counted: an entry both
    added is kept twice, and stays twice through later merges."""
    base_keys = {_key(x) for x in base}
    mine_keys = {_key(x) for x in mine}
    removed = base_keys - mine_keys
    kept = [x for x in theirs if _key(x) not in removed]
    if clashes:
        extra = Counter(_key(x) for x in mine) - Counter(_key(x) for x in base)
        added = []
        for x in mine:
            if extra[_key(x)] > 0:
                extra[_key(x)] -= 1
                added.append(x)
        return kept + added
    present = {_key(x) for x in kept}
    added = [x for x in mine if _key(x) not in base_keys and _key(x) not in present]
    return kept + added
