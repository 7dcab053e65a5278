"""Pain check-ins: logged 0 to 10 with the date, re-asked when out of range
or missing, offered around routines, and summarised as a trend."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from backcare.store.memory import MemoryStore
from backcare_tools.console.device import Device, SlotFill
from tests.conftest import Clock, Rig, make_rig
from tests.helpers import (
    check_response,
    finish_routine,
    logged,
    pending_question,
    says,
    session_state,
    start_routine,
    stored_health,
    stored_record,
    text,
)

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")


def score(value: str) -> dict[str, SlotFill]:
    return {"Score": SlotFill(value, "AMAZON.NUMBER")}


def log(device: Device, value: str) -> dict[str, Any]:
    reply: dict[str, Any] = device.intent("PainScoreIntent", score(value))
    check_response(reply)
    return reply


def test_score_is_stored_with_the_date(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = log(device, "6")
    assert logged(6) in text(reply)
    checkins = session_state(device)["pain_checkins"]
    assert [(c["day"], c["score"]) for c in checkins] == [("2026-11-24", 6)]


@pytest.mark.parametrize("value", ["11", "-1", "42"])
def test_out_of_range_is_reasked(rig: Rig, value: str) -> None:
    device = rig.device()
    device.launch()
    reply = log(device, value)
    assert "I need a number from zero to ten" in text(reply)
    (directive,) = reply["response"]["directives"]
    assert directive["type"] == "Dialog.ElicitSlot" and directive["slotToElicit"] == "Score"
    assert session_state(device)["pain_checkins"] == []


def test_missing_score_is_asked_for(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("PainScoreIntent")
    check_response(reply)
    assert "On a scale of zero to ten" in text(reply)
    assert logged(3) in text(log(device, "3"))


def test_high_scores_advise_a_professional_and_eight_or_more_closes_routines_today(
    rig: Rig,
) -> None:
    device = rig.device()
    device.launch()
    high = text(log(device, "7"))
    assert "doctor or physical therapist" in high and "choose an easy routine" not in high
    stop = text(log(device, "8"))
    assert "skip the routines today" in stop and "doctor or physical therapist" in stop
    assert "desk break" not in stop and "evening wind down" not in stop, "a routine was offered"
    severe = text(log(device, "10"))
    assert "get medical help now" in severe
    start = text(device.intent("StartRoutineIntent", {"RoutineName": DESK}))
    assert "leave them until tomorrow" in start and "Step 1" not in start


def test_trend_down_over_two_weeks(kept_rig: Rig, clock: Clock) -> None:
    device = kept_rig.device()
    device.launch()
    assert "haven't logged" in text(device.intent("PainTrendIntent"))
    assert "I keep your scores" in text(log(device, "6")), "what is kept, and why"
    assert "one check-in, 6 out of ten today" in text(device.intent("PainTrendIntent"))
    for value in ("5", "5", "4"):
        clock.advance(days=14 / 3)
        device.launch()
        assert "I keep your scores" not in text(log(device, value)), "said once"
    trend = device.intent("PainTrendIntent")
    check_response(trend)
    assert "down from 6 to 4 over the last two weeks" in text(trend)


def test_rising_trend_suggests_gentler_routine(kept_rig: Rig, clock: Clock) -> None:
    device = kept_rig.device()
    device.launch()
    log(device, "3")
    clock.advance(days=3)
    device.launch()
    log(device, "6")
    spoken = text(device.intent("PainTrendIntent"))
    assert "up from 3 to 6 over the last 3 days" in spoken
    assert "gentler routine" in spoken


def test_offered_before_and_after_a_routine(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    device.intent("AMAZON.NoIntent")  # the first-routine screen
    assert pending_question(device) == "pain_before"
    started = log(device, "5")
    assert logged(5) in text(started) and says(started, "routine_intro")
    assert "Step 1 of 5" in text(device.intent("AMAZON.NextIntent"))  # "ready"
    finish_routine(device, 5)
    after = log(device, "3")
    assert logged(3) in text(after) and says(after, "routine_done_question")
    days = [c["score"] for c in session_state(device)["pain_checkins"]]
    assert days == [5, 3]
    # Already checked in today: the next routine starts straight away.
    device.launch()
    assert "Step 1 of 5" in text(start_routine(device, {"RoutineName": DESK}))


def test_a_score_named_mid_routine_is_logged_and_the_step_waits(rig: Rig) -> None:
    """ "My pain is a six" on step 5 is a score; "five" alone is NumberIntent,
    not a score there (tests/test_numbers.py)."""
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    for _ in range(4):
        device.intent("AMAZON.NextIntent")
    kept = log(device, "6")
    assert logged(6) in text(kept) and says(kept, "back_to_step")
    assert pending_question(device) == "next_step"
    assert [c["score"] for c in session_state(device)["pain_checkins"]] == [6]


def test_back_pain_mid_routine_eases_off_then_asks(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    hurts = device.intent("PainScoreIntent")  # "my back hurts"
    assert says(hurts, "pain_in_routine") and pending_question(device) == "pain_score"
    scored = log(device, "4")  # at a pain question a number is a score
    assert logged(4) in text(scored) and says(scored, "back_to_step")


def _step_said(reply: dict[str, Any]) -> int | None:
    """The number of the step a reply says, if it says one."""
    found = re.search(r"Step (\d+) of", text(reply))
    return int(found.group(1)) if found else None


def test_a_pain_score_at_the_get_ready_moment_comes_back_to_ready(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK}, ready=False)
    assert pending_question(device) == "ready"
    kept = log(device, "5")
    assert logged(5) in text(kept) and pending_question(device) == "ready"
    assert _step_said(device.intent("AMAZON.NextIntent")) == 1  # step 1 not skipped


@pytest.mark.parametrize("keeps_health", [False, True])
def test_pain_of_eight_mid_routine_ends_it_for_the_day(keeps_health: bool) -> None:
    rig = make_rig(MemoryStore(), Clock(), keeps_health=keeps_health)
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    ended = log(device, "9")
    assert says(ended, "menu_no_routine") and session_state(device)["progress"] is None
    after = device.intent("AMAZON.NextIntent")
    assert _step_said(after) is None and pending_question(device) != "next_step"
    device.intent("AMAZON.StopIntent")
    again = device.launch()  # the same day: no resume offer, no routine
    assert not says(again, "offer_resume") and pending_question(device) != "resume"
    blocked = device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert _step_said(blocked) is None
    # Kept: closed until tomorrow; else the next session asks again (the
    # screen, then the pain check-in) before any step.
    assert pending_question(device) == (None if keeps_health else "screen")


def test_without_kept_health_data_a_score_steers_this_session_only(rig: Rig, clock: Clock) -> None:
    device = rig.device()
    device.launch()
    logged = text(log(device, "8"))
    assert "I keep" not in logged
    assert "Today you told me 8 out of ten" in text(device.intent("PainTrendIntent"))
    closed = text(device.intent("StartRoutineIntent", {"RoutineName": DESK}))
    assert "leave them until tomorrow" in closed, "the rest gate holds for the session"
    device.intent("AMAZON.StopIntent")
    assert stored_health(rig.store, device.user_id) == {}
    device.launch()  # a later session: no score, no trend, nothing closed
    assert "I don't keep pain scores" in text(device.intent("PainTrendIntent"))
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert pending_question(device) == "screen"


def _mid_routine(device: Device, value: str) -> None:
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.NextIntent")
    log(device, value)
    device.intent("AMAZON.StopIntent")
    device.launch()
    device.intent("AMAZON.NoIntent")
    log(device, value)
    device.intent("AMAZON.StopIntent")


def _at_the_menu(device: Device, value: str) -> None:
    log(device, value)
    device.intent("PainTrendIntent")
    device.intent("AMAZON.StopIntent")


@pytest.mark.parametrize("keeps_health", [False, True])
@pytest.mark.parametrize(
    ("scenario", "scores"), [(_mid_routine, ("2", "6")), (_at_the_menu, ("1", "9"))]
)
def test_two_users_differing_only_in_their_pain_scores_leave_the_same_record(
    keeps_health: bool, scenario: Callable[[Device, str], None], scores: tuple[str, str]
) -> None:
    """Alexa's health policy: by default nothing stored tells a user's pain
    (write ids aside); a deployment that keeps health data differs."""
    records = []
    for value in scores:
        rig = make_rig(MemoryStore(), Clock(), keeps_health=keeps_health)
        device = rig.device()
        device.launch()
        scenario(device, value)
        record = stored_record(rig.store, device.user_id)
        records.append({k: v for k, v in record.items() if k != "writes"})
    assert (records[0] == records[1]) is not keeps_health
