"""Routine navigation end to end, through full request envelopes."""

from __future__ import annotations

import re

from backcare.content import load, step_id
from backcare.speech import break_seconds
from backcare_tools.console.device import SlotFill, ends_session, speech_of
from tests.conftest import Clock, Rig
from tests.helpers import (
    check_response,
    finish_routine,
    pending_question,
    says,
    start_routine,
    text,
)

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
CONTENT = load("en-US")


def words(spoken: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*", spoken))


def test_set_up_then_a_moment_to_get_ready(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    setup = start_routine(device, {"RoutineName": DESK}, ready=False)
    check_response(setup)
    assert says(setup, "routine_intro", routine="desk break", steps="5 steps")
    assert says(setup, "routine_safety") and "Alexa, stop" in text(setup)
    assert says(setup, "get_ready") and not break_seconds(speech_of(setup))
    assert pending_question(device) == "ready"
    first = device.intent("AMAZON.NextIntent")  # "ready"
    check_response(first)
    assert "Step 1 of 5: walk around" in text(first)
    step = CONTENT.routines[1].steps[0]
    assert f"You should feel {step.feel}" in text(first) or says(first, "step_feel")
    assert "Stop if" in text(first)


def test_one_step_per_turn_cue_within_forty_words(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = start_routine(device, {"RoutineName": DESK})
    for _ in range(5):
        spoken = text(reply)
        cue = spoken.split("…")[0]
        assert words(cue) <= 40, cue
        assert spoken.count("Step ") + spoken.count("Last ") <= 1, "two steps in one turn"
        reply = device.intent("AMAZON.NextIntent")


def test_full_navigation(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    first = device.intent("AMAZON.PreviousIntent")  # on step 1: nothing before it
    check_response(first)
    assert says(first, "first_step") and not break_seconds(speech_of(first))
    assert "Step 2 of 5" in text(device.intent("AMAZON.NextIntent"))
    assert "Step 3 of 5" in text(device.intent("AMAZON.NextIntent"))
    back = text(device.intent("AMAZON.PreviousIntent"))
    assert says(back, "going_back") and "Step 2 of 5" in back
    assert "Step 2 of 5" in text(device.intent("AMAZON.RepeatIntent"))
    skipped = text(device.intent("SkipStepIntent"))
    assert says(skipped, "skipping", name="standing back extension") and "Step 3 of 5" in skipped
    left = device.intent("StepsLeftIntent")
    assert says(left, "steps_left", step=3, total=5, left=2)
    paused = device.intent("AMAZON.PauseIntent")
    check_response(paused)
    assert says(paused, "paused") and words(text(paused)) <= 15
    assert pending_question(device) == "ready"
    resumed = text(device.intent("AMAZON.ResumeIntent"))
    assert says(resumed, "carrying_on") and "Step 3 of 5" in resumed
    over = text(device.intent("AMAZON.StartOverIntent"))
    assert says(over, "starting_over", routine="desk break") and "Step 1 of 5" in over


def test_finishing_counts_completion_and_streak(rig: Rig, clock: Clock) -> None:
    device = rig.device()

    def run_desk_break() -> dict[str, object]:
        device.launch()
        start_routine(device, {"RoutineName": DESK})
        reply = finish_routine(device, 5)
        check_response(reply)
        return reply

    done = run_desk_break()
    assert says(done, "routine_done", routine="desk break") and says(done, "routine_done_first")
    assert CONTENT.safety.pain["after"] in text(done)
    offer = device.intent("SkipStepIntent")
    check_response(offer)
    assert says(offer, "routine_done_question")
    bye = device.intent("AMAZON.NoIntent")
    assert ends_session(bye)
    clock.advance(days=1)
    done = run_desk_break()
    assert says(done, "routine_done_streak", days="2 days")  # one celebration, one fact
    assert not says(done, "routine_done_count")
    clock.advance(days=3)
    done = run_desk_break()
    assert says(done, "routine_done_count", routines="3 routines")
    assert not says(done, "routine_done_streak")


def test_yes_after_a_step_moves_on(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    assert "Step 2 of 5" in text(device.intent("AMAZON.YesIntent"))
    reply = device.intent("AMAZON.NoIntent")
    check_response(reply)
    assert says(reply, "no_rush")


def test_start_by_length_picks_the_closest(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    five = start_routine(device, {"Minutes": SlotFill("5", "AMAZON.NUMBER")}, ready=False)
    assert says(five, "routine_intro", routine="morning mobility")
    device.launch()
    three = device.intent("StartRoutineIntent", {"Minutes": SlotFill("3", "AMAZON.NUMBER")})
    assert says(three, "routine_for_minutes", routine="desk break")


def test_start_my_routine_asks_which_then_uses_favourite(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    ask = device.intent("StartRoutineIntent")
    check_response(ask)
    assert says(ask, "which_routine")
    for name in ("morning mobility", "desk break"):
        assert name in text(ask)
    start_routine(device, {"RoutineName": DESK})
    assert says(finish_routine(device, 5), "routine_done")
    device.launch()
    assert says(start_routine(device, ready=False), "routine_intro", routine="desk break")


def test_unknown_routine_name_lists_the_real_ones(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("StartRoutineIntent", {"RoutineName": SlotFill("yoga", "ROUTINE_NAME")})
    check_response(reply)
    # Words the skill did not understand are never said back (issue 11).
    assert says(reply, "routine_unknown")
    assert "yoga" not in text(reply)
    assert "evening wind down" in text(reply)


def test_list_routines(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("ListRoutinesIntent")
    check_response(reply)
    spoken = text(reply)
    assert says(spoken, "routine_list", count=f"{len(CONTENT.routines)} routines")
    assert all(r.name in spoken for r in CONTENT.routines)
    started = device.intent("AMAZON.YesIntent")
    assert says(started, "which_routine")


def test_ball_routine_asks_safety_question_and_yes_stops_it(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    ball = SlotFill("ball massage", "ROUTINE_NAME", "ball_self_massage", "ball self massage")
    ask = start_routine(device, {"RoutineName": ball})
    check_response(ask)
    assert "blood thinners" in text(ask)
    stop = device.intent("AMAZON.YesIntent")
    check_response(stop)
    routine = CONTENT.routine("ball_self_massage")
    assert routine is not None and routine.caution_stop in text(stop)
    assert "Step 1" not in text(stop) and "evening wind down" in text(stop)
    pain = device.intent("AMAZON.YesIntent")
    assert CONTENT.safety.pain["before"] in text(pain)
    evening = device.intent("SkipStepIntent")
    assert says(evening, "routine_intro", routine="evening wind down")
    device.launch()
    start_routine(device, {"RoutineName": ball})
    device.intent("AMAZON.NoIntent")  # its caution question
    assert pending_question(device) == "pain_before", "the check-in is the session's"
    setup = device.intent("SkipStepIntent")
    assert says(setup, "routine_intro", routine="ball self massage")
    assert text(setup).count("tennis ball") == 1, "the equipment said twice"
    assert "Step 1 of 4: foam roller" in text(device.intent("AMAZON.NextIntent"))


def test_what_a_step_is_for_is_its_own_feel_and_stop_advice(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    routine = CONTENT.routine("desk_break")
    assert routine is not None
    step = routine.steps[0]
    asked = device.intent("StepPurposeIntent")
    check_response(asked)
    assert says(asked, "step_purpose", feel=step.feel, stop_if=step.stop_if)
    assert pending_question(device) == "next_step"
    assert "Step 2 of 5" in text(device.intent("AMAZON.NextIntent")), "the place is kept"


def test_a_question_about_a_step_keeps_the_question_that_was_open(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("DiscomfortIntent")
    device.intent("StepPurposeIntent")
    assert pending_question(device) == "discomfort", "the choice after discomfort still waits"
    device.intent("StepsLeftIntent")
    assert pending_question(device) == "discomfort"


def test_a_step_asked_about_by_name_in_or_out_of_a_routine(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    figure = SlotFill("figure four", "STEP_NAME", "figure_four", "figure four")
    evening = CONTENT.routine("evening_wind_down")
    desk = CONTENT.routine("desk_break")
    assert evening is not None and desk is not None
    outside = device.intent("StepPurposeIntent", {"StepName": figure})
    (named,) = [s for s in evening.steps if s.name == "figure four"]
    assert says(outside, "step_purpose", feel=named.feel, stop_if=named.stop_if)
    assert pending_question(device) is None  # anything else? no routine started
    start_routine(device, {"RoutineName": DESK})
    inside = device.intent("StepPurposeIntent", {"StepName": figure})
    (seated,) = [s for s in desk.steps if s.name == "seated figure four"]
    assert says(inside, "step_purpose", feel=seated.feel, stop_if=seated.stop_if), "this routine's"
    assert pending_question(device) == "next_step", "back to the step"


def test_navigation_outside_a_routine_says_so(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    for intent in (
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "SkipStepIntent",
        "AMAZON.StartOverIntent",
        "StepsLeftIntent",
        "StepPurposeIntent",
    ):
        reply = device.intent(intent)
        check_response(reply)
        assert says(reply, "not_in_routine"), intent
    reply = device.intent("AMAZON.ResumeIntent")
    assert says(reply, "no_routine_to_resume")
    wait = device.intent("AMAZON.PauseIntent")  # "give me a second" at the menu
    assert says(wait, "paused")


def test_starting_another_routine_sets_the_first_aside(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    evening = SlotFill("evening routine", "ROUTINE_NAME", "evening_wind_down", "evening wind down")
    reply = start_routine(device, {"RoutineName": evening}, ready=False)
    assert says(reply, "routine_replaced", old="desk break", routine="evening wind down")
    assert "Step 1 of 7" in text(device.intent("AMAZON.NextIntent"))


def test_after_a_pause_next_moves_on_and_resume_does_the_step_again(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})  # step 1 said
    device.intent("AMAZON.PauseIntent")
    assert "Step 2 of" in text(device.intent("AMAZON.NextIntent"))
    device.intent("AMAZON.PauseIntent")
    device.intent("AMAZON.PauseIntent")  # "wait" again: still paused, not "say ready"
    assert "Step 2 of" in text(device.intent("AMAZON.ResumeIntent"))
    assert "Step 3 of" in text(device.intent("AMAZON.NextIntent"))


def test_stop_after_the_last_step_finishes_the_routine(rig: Rig) -> None:
    # "all done, cheers" once the last step was said through: counted, not saved at step 5
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    for _ in range(4):
        device.intent("AMAZON.NextIntent")
    bye = device.intent("AMAZON.StopIntent")
    assert says(bye, "routine_done", routine="desk break") and ends_session(bye)
    assert not says(bye, "stop_saved")
    device.launch()
    assert "1 routine" in text(device.intent("ProgressIntent"))


def test_stop_before_the_last_step_keeps_the_place(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.NextIntent")
    assert says(device.intent("AMAZON.StopIntent"), "stop_saved", step=2)


def test_a_step_by_its_number_or_its_name_at_once(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    five = device.intent("GoToStepIntent", {"StepNumber": SlotFill("5", "AMAZON.NUMBER")})
    assert "Last step: seated figure four" in text(five), text(five)
    assert pending_question(device) == "next_step"
    routine = CONTENT.routine("desk_break")
    assert routine is not None
    second = routine.steps[1]
    named = SlotFill(second.name, "STEP_NAME", step_id(second.name), second.name)
    back = device.intent("GoToStepIntent", {"StepName": named})
    assert "Step 2 of 5" in text(back)
    nine = device.intent("GoToStepIntent", {"StepNumber": SlotFill("9", "AMAZON.NUMBER")})
    assert "from 1 to 5" in text(nine) and "Step" not in text(nine).split(".")[0]
    assert "Step 2 of 5" in text(device.intent("AMAZON.RepeatIntent")), "a step 9 moved it"


def test_a_set_up_question_gets_the_routines_set_up_and_ready_again(rig: Rig) -> None:
    """ "Do I need a mat?" (the understanding's SetUpIntent) at "say ready":
    the routine's own set-up, then the same question; with no routine in
    hand, where each routine is done."""
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK}, ready=False)
    assert pending_question(device) == "ready"
    reply = device.intent("SetUpIntent")
    check_response(reply)
    assert "sturdy chair without wheels" in text(reply)
    assert pending_question(device) == "ready"
    other = rig.device(user="amzn1.ask.account.other")
    other.launch()
    assert "ball self massage needs a tennis ball" in text(other.intent("SetUpIntent"))
