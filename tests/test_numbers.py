"""A number said alone (NumberIntent) means what the open question asks:
a pain score at a pain question, the Nth routine at "which routine?", an
hour or a day when one is asked for (tests/test_sessions.py), and nothing
anywhere else: never a pain score."""

from __future__ import annotations

from typing import Any

import pytest

from backcare.content import load
from backcare.routines import engine
from backcare_tools.console.device import Device, SlotFill
from tests.conftest import Rig
from tests.helpers import (
    check_response,
    logged,
    pending_question,
    says,
    session_state,
    start_routine,
    text,
)

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
OFFERED = engine.offered(load("en-US"))


def number(device: Device, value: str) -> dict[str, Any]:
    reply: dict[str, Any] = device.intent(
        "NumberIntent", {"Number": SlotFill(value, "AMAZON.NUMBER")}
    )
    check_response(reply)
    return reply


def scores(device: Device) -> list[int]:
    return [c["score"] for c in session_state(device)["pain_checkins"]]


def test_at_the_pain_question_a_number_is_the_score(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    device.intent("AMAZON.NoIntent")  # the screen
    assert pending_question(device) == "pain_before"
    started = number(device, "4")
    assert logged(4) in text(started) and says(started, "routine_intro")
    assert scores(device) == [4]


def test_out_of_range_at_a_pain_question_asks_for_the_score(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("PainScoreIntent")  # "rate my pain"
    reply = number(device, "12")
    assert "I need a number from zero to ten" in text(reply)
    (directive,) = reply["response"]["directives"]
    assert directive["slotToElicit"] == "Score"
    assert directive["updatedIntent"]["name"] == "PainScoreIntent"
    assert logged(7) in text(number(device, "7"))


@pytest.mark.parametrize("ready", [True, False])
def test_mid_routine_a_number_is_not_understood_and_not_logged(rig: Rig, ready: bool) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK}, ready=ready)
    question = pending_question(device)
    reply = number(device, "5")
    assert says(reply, "reask") and pending_question(device) == question
    assert scores(device) == []
    assert "Step" not in text(reply)


def test_at_the_menu_a_number_is_not_a_pain_score(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = number(device, "3")
    assert says(reply, "fallback_general") and scores(device) == []


def test_at_which_routine_the_nth_offered(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("ListRoutinesIntent")
    assert pending_question(device) == "which_routine"
    out_of_range = number(device, str(len(OFFERED) + 1))
    assert says(out_of_range, "reask") and pending_question(device) == "which_routine"
    chosen = number(device, "2")
    assert pending_question(device) == "screen", text(chosen)
    device.intent("AMAZON.NoIntent")
    device.intent("SkipStepIntent")  # the pain check-in
    assert session_state(device)["progress"]["routine_id"] == OFFERED[1].id


def test_a_pain_score_named_as_one_is_logged_mid_routine(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK}, ready=False)
    reply = device.intent("PainScoreIntent", {"Score": SlotFill("5", "AMAZON.NUMBER")})
    assert logged(5) in text(reply) and pending_question(device) == "ready"
    assert scores(device) == [5]
