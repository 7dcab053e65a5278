"""The user's saved record: typed, versioned, tolerant of older shapes.

Only ints, strings, bools, lists and dicts are stored, so the same record
fits DynamoDB (which refuses floats and returns Decimals) and SQLite (JSON).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

SCHEMA = 1
MAX_PAIN_CHECKINS = 60
MAX_PAST_SESSIONS = 50


class StateError(ValueError):
    """A stored record that cannot be read as a UserState."""


@dataclass
class RoutineProgress:
    routine_id: str
    step: int  # zero-based index of the step the user is on
    started_at: str  # ISO 8601, UTC
    updated_at: str
    paused: bool = False


@dataclass
class Streak:
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


@dataclass
class UserState:
    schema: int = SCHEMA
    version: int = 0  # bumped on every write; the store's concurrency token
    disclaimer_heard: bool = False
    screened: bool = False  # answered the first-routine safety check with "no"
    tip_day: str = ""  # ISO date of the last tip of the day given at launch
    pain_asked_day: str = ""  # ISO date the pre-routine check-in was last offered
    progress: RoutineProgress | None = None
    progress_at: str = ""  # ISO time of the last change to `progress` (merge: newer wins)
    completions: dict[str, int] = field(default_factory=dict)
    streak: Streak = field(default_factory=Streak)
    tips_heard: list[str] = field(default_factory=list)
    massage_asked: list[str] = field(default_factory=list)
    pain_checkins: list[dict[str, Any]] = field(default_factory=list)
    # {"at": ISO 8601 with offset, "zone": IANA name, "reminder": alert id or ""}
    next_session: dict[str, Any] | None = None
    past_sessions: list[str] = field(default_factory=list)  # ISO 8601 with offset
    reminders: list[dict[str, str]] = field(default_factory=list)  # {"id", "kind", "at"}
    tz_notice: bool = False  # told that the device time zone was unavailable

    @property
    def total_completions(self) -> int:
        return sum(self.completions.values())

    def to_dict(self) -> dict[str, Any]:
        # Written out rather than dataclasses.asdict, which deep-copies
        # recursively and was the largest cost of a warm turn.
        progress = self.progress
        return {
            "schema": self.schema,
            "version": self.version,
            "disclaimer_heard": self.disclaimer_heard,
            "screened": self.screened,
            "tip_day": self.tip_day,
            "pain_asked_day": self.pain_asked_day,
            "progress": {
                "routine_id": progress.routine_id,
                "step": progress.step,
                "started_at": progress.started_at,
                "updated_at": progress.updated_at,
                "paused": progress.paused,
            }
            if progress
            else None,
            "progress_at": self.progress_at,
            "completions": dict(self.completions),
            "streak": {
                "current": self.streak.current,
                "best": self.streak.best,
                "last_day": self.streak.last_day,
            },
            "tips_heard": list(self.tips_heard),
            "massage_asked": list(self.massage_asked),
            "pain_checkins": [dict(c) for c in self.pain_checkins],
            "next_session": dict(self.next_session) if self.next_session else None,
            "past_sessions": list(self.past_sessions),
            "reminders": [dict(r) for r in self.reminders],
            "tz_notice": self.tz_notice,
        }

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
            return _build(_migrate(data))
        except (TypeError, ValueError, KeyError, AttributeError) as err:
            raise StateError(f"unreadable record: {err}") from err


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
            data["progress"] = {
                "routine_id": routine,
                "step": step,
                "started_at": "",
                "updated_at": "",
            }
        data["schema"] = SCHEMA
    return data


def _reminder(raw: Any) -> dict[str, str]:
    # Early records kept bare alert ids.
    if isinstance(raw, str):
        return {"id": raw, "kind": "session", "at": ""}
    return {
        "id": str(raw["id"]),
        "kind": str(raw.get("kind", "session")),
        "at": str(raw.get("at", "")),
    }


def _build(data: dict[str, Any]) -> UserState:
    progress = data.get("progress")
    streak = data.get("streak") or {}
    state = UserState(
        schema=SCHEMA,
        version=int(data.get("version", 0)),
        disclaimer_heard=bool(data.get("disclaimer_heard", False)),
        screened=bool(data.get("screened", False)),
        tip_day=str(data.get("tip_day", "")),
        pain_asked_day=str(data.get("pain_asked_day", "")),
        progress_at=str(data.get("progress_at", "")),
        progress=RoutineProgress(
            routine_id=str(progress["routine_id"]),
            step=int(progress["step"]),
            started_at=str(progress.get("started_at", "")),
            updated_at=str(progress.get("updated_at", "")),
            paused=bool(progress.get("paused", False)),
        )
        if progress
        else None,
        completions={str(k): int(v) for k, v in dict(data.get("completions") or {}).items()},
        streak=Streak(
            current=int(streak.get("current", 0)),
            best=int(streak.get("best", 0)),
            last_day=str(streak.get("last_day", "")),
        ),
        tips_heard=[str(t) for t in data.get("tips_heard") or []],
        massage_asked=[str(t) for t in data.get("massage_asked") or []],
        pain_checkins=[dict(c) for c in data.get("pain_checkins") or []][-MAX_PAIN_CHECKINS:],
        next_session=dict(data["next_session"]) if data.get("next_session") else None,
        past_sessions=[str(p) for p in data.get("past_sessions") or []][-MAX_PAST_SESSIONS:],
        reminders=[_reminder(r) for r in data.get("reminders") or []],
        tz_notice=bool(data.get("tz_notice", False)),
    )
    if state.streak.last_day:
        date.fromisoformat(state.streak.last_day)
    return state


def merge_records(stored: Any, ours: dict[str, Any], base: dict[str, Any] | None) -> dict[str, Any]:
    """Combine two devices' versions of one record after a write conflict.

    `stored` is what the other device saved, `ours` what this turn wants to
    save, and `base` the completion counts this turn started from, so that
    both devices' completions count. Sets union; flags OR; the routine
    position changed last wins; the newer day wins for day stamps; for the
    session and reminders, this turn's view wins (it just changed them).
    """
    theirs = UserState.from_dict(_plain(stored) if stored else {})
    mine = UserState.from_dict(ours)
    start = {str(k): int(v) for k, v in ((base or {}).get("completions") or {}).items()}
    merged = UserState.from_dict(mine.to_dict())
    routines = set(theirs.completions) | set(mine.completions)
    merged.completions = {
        r: theirs.completions.get(r, 0) + max(0, mine.completions.get(r, 0) - start.get(r, 0))
        for r in sorted(routines)
    }
    merged.disclaimer_heard = theirs.disclaimer_heard or mine.disclaimer_heard
    merged.screened = theirs.screened or mine.screened
    merged.tz_notice = theirs.tz_notice or mine.tz_notice
    merged.tip_day = max(theirs.tip_day, mine.tip_day)
    merged.pain_asked_day = max(theirs.pain_asked_day, mine.pain_asked_day)
    if theirs.progress_at > mine.progress_at:
        merged.progress, merged.progress_at = theirs.progress, theirs.progress_at
    later, earlier = (
        (theirs.streak, mine.streak)
        if theirs.streak.last_day >= mine.streak.last_day
        else (mine.streak, theirs.streak)
    )
    merged.streak = Streak(
        current=max(later.current, earlier.current if later.last_day == earlier.last_day else 0),
        best=max(later.best, earlier.best),
        last_day=later.last_day,
    )
    merged.tips_heard = _union(theirs.tips_heard, mine.tips_heard)
    merged.massage_asked = _union(theirs.massage_asked, mine.massage_asked)[-30:]
    seen = {(c.get("day"), c.get("score")) for c in theirs.pain_checkins}
    merged.pain_checkins = [
        *theirs.pain_checkins,
        *(c for c in mine.pain_checkins if (c.get("day"), c.get("score")) not in seen),
    ][-MAX_PAIN_CHECKINS:]
    merged.past_sessions = _union(theirs.past_sessions, mine.past_sessions)[-MAX_PAST_SESSIONS:]
    merged.version = max(theirs.version, mine.version)
    return merged.to_dict()


def _union(first: list[str], second: list[str]) -> list[str]:
    out = list(first)
    out += [item for item in second if item not in set(first)]
    return out


def merge(theirs: UserState, mine: UserState, base_completions: dict[str, int]) -> UserState:
    """Typed form of `merge_records`: `theirs` is what another device stored,
    `mine` what this turn wants to store, `base_completions` the counts this
    turn started from. The result carries the larger version of the two."""
    return UserState.from_dict(
        merge_records(theirs.to_dict(), mine.to_dict(), {"completions": base_completions})
    )
