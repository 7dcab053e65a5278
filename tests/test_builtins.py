"""Built-in intents in and out of a routine, and input that is not right."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from backcare_tools.console.device import Device, SlotFill, ends_session
from tests.conftest import Clock, Rig
from tests.helpers import (
    as_said,
    check_response,
    named,
    pending_question,
    says,
    says_a_tip,
    session_context,
    session_state,
    start_routine,
    text,
)

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")


def test_first_launch_has_disclaimer_once(rig: Rig) -> None:
    device = rig.device()
    first = device.launch()
    check_response(first)
    assert "not medical advice" in text(first)
    again = device.launch()
    check_response(again)
    assert "not medical advice" not in text(again)
    assert says(again, "welcome_back")


def test_help_depends_on_context(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    general = device.intent("AMAZON.HelpIntent")
    check_response(general)
    assert says(general, "help_general")
    device.intent("TipIntent")
    asked = device.intent("AMAZON.HelpIntent")
    check_response(asked)
    assert says(asked, "help_question") and says(asked, "tip_reprompt")
    assert pending_question(device) == "another_tip"
    start_routine(device, {"RoutineName": DESK})
    inside = device.intent("AMAZON.HelpIntent")
    check_response(inside)
    assert says(inside, "help_routine", step=1, total=5)
    assert "Alexa, stop" in text(inside)


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_in_routine_saves_and_says_so(rig: Rig, intent: str) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.NextIntent")
    reply = device.intent(intent)
    assert ends_session(reply)
    assert says(reply, "stop_saved", step=2, routine="desk break")
    resumed = device.launch()
    assert says(resumed, "offer_resume", step=2, total=5, routine="desk break")
    device.intent("AMAZON.YesIntent")
    ready = device.intent("AMAZON.NoIntent")  # this session's safety screen first
    assert says(ready, "resuming", step=2, total=5, routine="desk break")
    assert pending_question(device) == "ready"  # a moment to get into position
    assert "Step 2 of 5" in text(device.intent("AMAZON.NextIntent"))


def test_stop_outside_routine_says_goodbye(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("AMAZON.StopIntent")
    assert ends_session(reply) and says(reply, "goodbye")


def test_declining_resume_keeps_the_place(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.StopIntent")
    device.launch()
    reply = device.intent("AMAZON.NoIntent")
    check_response(reply)
    assert says(reply, "resume_declined", routine="desk break")
    assert "Pick up there?" in text(device.launch())


def test_fallback_is_context_aware(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    menu = device.intent("AMAZON.FallbackIntent")
    check_response(menu)
    assert says(menu, "fallback_general") and says(menu, "menu_question")
    again = device.intent("AMAZON.FallbackIntent")
    assert says(again, "fallback_again") and text(again) != text(menu)
    device.intent("TipIntent")
    pending = device.intent("AMAZON.FallbackIntent")
    check_response(pending)
    assert says(pending, "reask") and says(pending, "tip_reprompt")
    assert pending_question(device) == "another_tip"
    start_routine(device, {"RoutineName": DESK})
    inside = device.intent("AMAZON.FallbackIntent")
    check_response(inside)
    assert says(inside, "reask") and says(inside, "step_reprompt")
    assert pending_question(device) == "next_step"


def test_a_question_is_asked_once_again_then_left(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("TipIntent")
    device.intent("AMAZON.FallbackIntent")
    moved = device.intent("AMAZON.FallbackIntent")
    check_response(moved)
    assert says(moved, "move_on") and pending_question(device) is None
    device.intent("TipIntent")
    served = device.intent("ProgressIntent")  # a clear request is served, not re-asked
    assert says(served, "progress_none") and pending_question(device) is None


def test_wait_at_a_question_keeps_it(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("TipIntent")
    device.intent("AMAZON.FallbackIntent")
    waited = device.intent("AMAZON.PauseIntent")
    assert says(waited, "paused") and says(waited, "tip_reprompt")
    assert pending_question(device) == "another_tip"
    moved = device.intent("AMAZON.FallbackIntent")  # the second miss still moves on
    assert says(moved, "move_on")


def test_navigate_home_leaves_routine_but_keeps_place(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    reply = device.intent("AMAZON.NavigateHomeIntent")
    check_response(reply)
    assert says(reply, "home")
    device.intent("AMAZON.StopIntent")
    assert "step 1 of 5 of the desk break" in text(device.launch())


def test_yes_and_no_without_a_question(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    yes = device.intent("AMAZON.YesIntent")
    check_response(yes)
    assert says(yes, "yes_at_menu") and not ends_session(yes)
    no = device.intent("AMAZON.NoIntent")  # to "what would you like?": nothing
    assert says(no, "goodbye") and ends_session(no)


def test_session_ended_gets_an_empty_response(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    reply = device.end_session("EXCEEDED_MAX_REPROMPTS")
    assert reply is not None
    assert "outputSpeech" not in reply["response"]
    assert "step 1 of 5" in text(device.launch())


def test_unknown_intent_gets_a_clear_sentence(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("SomethingNobodyDeclaredIntent")
    check_response(reply)
    assert says(reply, "fallback_general")


def _envelope(rig: Rig) -> dict[str, Any]:
    captured: dict[str, Any] = {}
    device = rig.device()
    device.invoke = lambda event: (
        captured.setdefault("event", copy.deepcopy(event))
        and {"response": {"shouldEndSession": False}}
    )
    device.intent("TipIntent")
    event: dict[str, Any] = captured["event"]
    return event


MALFORMED: list[Any] = [
    {},
    {"version": "1.0"},
    {"version": "1.0", "request": None},
    {"version": "1.0", "request": {"type": "IntentRequest"}},
    {"version": "1.0", "request": "not an object"},
    {"version": "1.0", "request": {"type": "IntentRequest", "intent": {"name": 42}}},
    {"version": "1.0", "request": {"type": "IntentRequest", "timestamp": "yesterday-ish"}},
    [],
    "hello",
]


@pytest.mark.parametrize("event", MALFORMED)
def test_malformed_envelopes_get_a_valid_answer(rig: Rig, event: Any) -> None:
    reply = rig.handler(event, None)
    assert reply["version"] == "1.0"
    assert text(reply)
    check_response(reply)


def test_request_without_user_or_session_still_answers(rig: Rig) -> None:
    event = _envelope(rig)
    del event["session"]
    del event["context"]["System"]["user"]
    reply = rig.handler(event, None)
    check_response(reply)
    assert says_a_tip(reply)


def test_slot_without_value_or_resolutions(rig: Rig) -> None:
    event = _envelope(rig)
    event["request"]["intent"] = {
        "name": "StartRoutineIntent",
        "confirmationStatus": "NONE",
        "slots": {
            "RoutineName": {"name": "RoutineName", "confirmationStatus": "NONE"},
            "Minutes": {"name": "Minutes", "value": "?"},
        },
    }
    reply = rig.handler(event, None)
    check_response(reply)
    assert says(reply, "which_routine")


def test_tampered_session_attributes_do_not_crash(rig: Rig) -> None:
    event = _envelope(rig)
    event["session"]["new"] = False
    event["session"]["attributes"] = {"state": {"schema": 99}, "ctx": "junk"}
    reply = rig.handler(event, None)
    check_response(reply)
    assert text(reply)


def test_returning_users_hear_a_different_tip_each_day(rig: Rig, clock: Clock) -> None:
    device = rig.device()
    assert "Today's tip" not in text(device.launch())  # first launch: the disclaimer
    tips = []
    for _ in range(3):
        clock.advance(days=1)
        reply = device.launch()
        check_response(reply)
        spoken = text(reply)
        assert "Today's tip:" in spoken
        tips.append(spoken.split("Today's tip:")[1])
        assert "Today's tip" not in text(device.launch()), "twice on one day"
    assert len(set(tips)) == 3


def _ctx(device: Device) -> dict[str, Any]:
    ctx: dict[str, Any] = named(session_context(device))
    return ctx


@pytest.mark.parametrize("where", ["yes/no", "pain question", "mid-routine"])
def test_out_of_scope_says_what_the_skill_does_and_asks_again(rig: Rig, where: str) -> None:
    device = rig.device()
    device.launch()
    if where == "yes/no":
        device.intent("TipIntent")
    elif where == "pain question":
        device.intent("StartRoutineIntent", {"RoutineName": DESK})
        device.intent("AMAZON.NoIntent")  # the screen
    else:
        start_routine(device, {"RoutineName": DESK})
    question = pending_question(device)
    assert question in ("another_tip", "pain_before", "next_step")
    before = session_state(device)
    reprompt = _ctx(device)["reprompt"]
    for _ in range(3):  # never a miss: it never moves on
        reply = device.intent("OutOfScopeIntent")
        check_response(reply)
        assert says(reply, "out_of_scope") and reprompt in text(reply)
        assert pending_question(device) == question and not ends_session(reply)
        assert "Step" not in text(reply)
    after = session_state(device)
    assert (
        after["pain_checkins"] == before["pain_checkins"]
        and after["progress"] == before["progress"]
    )
    assert after.get("tips_heard") == before.get("tips_heard")


def test_out_of_scope_keeps_the_count_of_misses(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("TipIntent")
    device.intent("AMAZON.FallbackIntent")  # the first miss
    assert _ctx(device)["misses"] == 1
    device.intent("OutOfScopeIntent")
    assert _ctx(device)["misses"] == 1 and pending_question(device) == "another_tip"
    moved = device.intent("AMAZON.FallbackIntent")  # the second: moves on
    assert says(moved, "move_on") and pending_question(device) is None


def test_out_of_scope_at_the_menu_says_the_menu_question(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("OutOfScopeIntent")
    check_response(reply)
    assert says(reply, "out_of_scope") and (
        says(reply, "menu_short") or says(reply, "menu_question")
    )
    assert pending_question(device) is None


def test_go_on_to_an_offer_is_a_yes_and_carry_on_after_a_step_is_next(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    first = text(device.intent("TipIntent"))
    assert pending_question(device) == "another_tip"
    another = device.intent("AMAZON.NextIntent")  # "go on then", "next"
    check_response(another)
    assert text(another) != first and pending_question(device) == "another_tip"
    # "go on then" to "would you like to hear about Swedish massage?"
    goal = SlotFill("back pain", "MASSAGE_GOAL", "lower_back_pain", "lower back pain")
    device.intent("RecommendMassageIntent", {"Goal": goal})
    assert pending_question(device) == "massage_about"
    about = device.intent("AMAZON.NextIntent")
    assert pending_question(device) != "massage_about" and "massage" in text(about).lower()
    start_routine(device, {"RoutineName": DESK})
    step = session_state(device)["progress"]["step"]
    device.intent("AMAZON.ResumeIntent")  # "carry on", "keep going": not paused
    assert session_state(device)["progress"]["step"] == step + 1


def test_the_tip_of_the_day_is_an_everyday_one_never_a_warning(rig: Rig, clock: Clock) -> None:
    from backcare.content import load
    from backcare.state import UserState

    tips = load("en-US").tips
    everyday = [t.id for t in tips if t.category != "doctor"]
    device = rig.device()
    # every everyday tip heard but one: that one, never a when-to-see-a-doctor tip
    heard = UserState(disclaimer_heard=True, tips_heard=everyday[1:])
    rig.store._write(device.user_id, heard.to_dict(), None)
    spoken = text(device.launch())
    first = next(t for t in tips if t.id == everyday[0])
    assert f"Today's tip: {as_said(first.text)}" in spoken, spoken
    for _ in range(3):  # all heard: the one heard longest ago, still everyday
        clock.advance(days=1)
        again = text(device.launch())
        assert not any(as_said(t.text) in again for t in tips if t.category == "doctor"), again


@pytest.mark.parametrize(
    "intent,key", [("GreetingIntent", "greeting"), ("AcknowledgedIntent", "acknowledged")]
)
def test_small_talk_is_answered_and_the_question_stays(rig: Rig, intent: str, key: str) -> None:
    """A greeting is greeted; a word of taking in ("ha ok") is answered."""
    device = rig.device()
    device.launch()
    reply = device.intent(intent)
    check_response(reply)
    assert says(reply, key) and not ends_session(reply)
