"""The saved record: round trips, DynamoDB numbers, old schemas, streaks."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from backcare.persistence import digest
from backcare.state import RoutineProgress, StateError, Streak, UserState


def digest_of(state: UserState) -> str:
    return digest(json.dumps(state.to_dict(), separators=(",", ":")))


def test_round_trip_and_change_digest() -> None:
    state = UserState(
        disclaimer_heard=True,
        completions={"desk_break": 2},
        progress=RoutineProgress("desk_break", 3, "a", "b"),
    )
    again = UserState.from_dict(state.to_dict())
    assert again == state
    assert digest_of(again) == digest_of(state)
    again.tips_heard.append("x")
    assert digest_of(again) != digest_of(state)
    assert state.tips_heard == [] and "th" not in state.to_dict(), "to_dict must not share lists"


def test_decimals_from_dynamodb_become_ints() -> None:
    raw = {
        "schema": Decimal(1),
        "version": Decimal(4),
        "completions": {"d": Decimal(3)},
        "progress": {"routine_id": "d", "step": Decimal(2), "started_at": "", "updated_at": ""},
    }
    state = UserState.from_dict(raw)
    assert state.version == 4 and state.completions == {"d": 3}
    assert state.progress is not None and state.progress.step == 2
    assert isinstance(state.progress.step, int)


def test_schema_zero_record_is_migrated() -> None:
    state = UserState.from_dict({"routine": "desk_break", "step": 2, "disclaimer_heard": True})
    assert state.progress is not None
    assert (state.progress.routine_id, state.progress.step) == ("desk_break", 2)
    assert state.disclaimer_heard


@pytest.mark.parametrize(
    "raw",
    [
        [1, 2],
        {"schema": 99},
        {"__corrupt__": "{x"},
        {"progress": {"step": 1}},
        {"streak": {"last_day": "not a date"}},
    ],
)
def test_unreadable_records_raise(raw: object) -> None:
    with pytest.raises(StateError):
        UserState.from_dict(raw)


def test_streak_counts_consecutive_days() -> None:
    streak = Streak()
    streak.record(date(2026, 11, 1))
    streak.record(date(2026, 11, 1))
    assert streak.current == 1
    streak.record(date(2026, 11, 2))
    streak.record(date(2026, 11, 3))
    assert (streak.current, streak.best) == (3, 3)
    assert streak.alive_on(date(2026, 11, 4)) == 3
    assert streak.alive_on(date(2026, 11, 5)) == 0
    streak.record(date(2026, 11, 6))
    assert (streak.current, streak.best) == (1, 3)
