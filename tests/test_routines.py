"""Routine navigation end to end, through full request envelopes."""

from __future__ import annotations

from backcare.content import load
from backcare_tools.console.device import SlotFill, ends_session
from tests.conftest import Clock, Rig
from tests.helpers import check_response, finish_routine, start_routine, text

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")


def test_start_by_name_speaks_intro_safety_and_first_step(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = start_routine(device, {"RoutineName": DESK})
    check_response(reply)
    spoken = text(reply)
    assert "Let's do the desk break: 5 steps, about 4 minutes" in spoken
    assert "stop if anything hurts" in spoken
    assert "Step 1 of 5: walk around" in spoken
    assert "You should feel" in spoken and "Stop if" in spoken


def test_full_navigation(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    assert "Step 2 of 5" in text(device.intent("AMAZON.NextIntent"))
    assert "Step 3 of 5" in text(device.intent("AMAZON.NextIntent"))
    back = text(device.intent("AMAZON.PreviousIntent"))
    assert "Going back" in back and "Step 2 of 5" in back
    assert "Step 2 of 5" in text(device.intent("AMAZON.RepeatIntent"))
    skipped = text(device.intent("SkipStepIntent"))
    assert "Skipping the standing back extension" in skipped and "Step 3 of 5" in skipped
    left = text(device.intent("StepsLeftIntent"))
    assert "step 3 of 5" in left and "2 more after this one" in left
    paused = device.intent("AMAZON.PauseIntent")
    check_response(paused)
    assert "Paused on step 3 of 5" in text(paused)
    resumed = text(device.intent("AMAZON.ResumeIntent"))
    assert "Picking up the desk break at step 3 of 5" in resumed
    over = text(device.intent("AMAZON.StartOverIntent"))
    assert "from the top" in over and "Step 1 of 5" in over
    first = text(device.intent("AMAZON.PreviousIntent"))
    assert "This is the first step" in first


def test_finishing_counts_completion_and_streak(rig: Rig, clock: Clock) -> None:
    device = rig.device()

    def run_desk_break() -> str:
        device.launch()
        start_routine(device, {"RoutineName": DESK})
        reply = finish_routine(device, 5)
        check_response(reply)
        return text(reply)

    done = run_desk_break()
    assert "that's the desk break finished" in done
    assert "first routine" in done
    assert "How does your back feel now" in done
    offer = device.intent("SkipStepIntent")
    check_response(offer)
    assert "Would you like a back-care tip" in text(offer)
    bye = device.intent("AMAZON.NoIntent")
    assert ends_session(bye)
    clock.advance(days=1)
    done = run_desk_break()
    assert "2 routines completed" in done and "2 day streak" in done
    clock.advance(days=3)
    done = run_desk_break()
    assert "3 routines completed" in done and "streak" not in done


def test_yes_after_a_step_moves_on(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    assert "Step 2 of 5" in text(device.intent("AMAZON.YesIntent"))
    reply = device.intent("AMAZON.NoIntent")
    check_response(reply)
    assert "Say next when you're ready" in text(reply)


def test_start_by_length_picks_the_closest(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    five = text(start_routine(device, {"Minutes": SlotFill("5", "AMAZON.NUMBER")}))
    assert "Let's do the morning mobility" in five
    device.launch()
    three = text(device.intent("StartRoutineIntent", {"Minutes": SlotFill("3", "AMAZON.NUMBER")}))
    assert "The closest I have is the desk break, about 4 minutes" in three


def test_start_my_routine_asks_which_then_uses_favourite(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    ask = device.intent("StartRoutineIntent")
    check_response(ask)
    assert "Which routine would you like" in text(ask)
    for name in ("morning mobility", "desk break"):
        assert name in text(ask)
    start_routine(device, {"RoutineName": DESK})
    assert "finished" in text(finish_routine(device, 5))
    device.launch()
    assert "Let's do the desk break" in text(start_routine(device))


def test_unknown_routine_name_lists_the_real_ones(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("StartRoutineIntent", {"RoutineName": SlotFill("yoga", "ROUTINE_NAME")})
    check_response(reply)
    # Words the skill did not understand are never said back (issue 11).
    assert "I don't have a routine by that name" in text(reply)
    assert "yoga" not in text(reply)
    assert "evening wind down" in text(reply)


def test_list_routines(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("ListRoutinesIntent")
    check_response(reply)
    spoken = text(reply)
    assert f"I have {len(load('en-US').routines)} routines" in spoken
    assert "Which one would you like?" in spoken
    started = text(device.intent("AMAZON.YesIntent"))
    assert "Which routine would you like" in started


def test_ball_routine_asks_safety_question_and_yes_stops_it(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    ball = SlotFill("ball massage", "ROUTINE_NAME", "ball_self_massage", "ball self massage")
    ask = start_routine(device, {"RoutineName": ball})
    check_response(ask)
    assert "blood thinners" in text(ask)
    stop = device.intent("AMAZON.YesIntent")
    check_response(stop)
    assert "skip self massage" in text(stop) and "Step 1" not in text(stop)
    assert "evening wind down" in text(stop)
    pain = device.intent("AMAZON.YesIntent")
    assert "how's your back right now, from zero to ten" in text(pain)
    assert "Let's do the evening wind down" in text(device.intent("SkipStepIntent"))
    device.launch()
    start_routine(device, {"RoutineName": ball})
    assert "Step 1 of 4: foam roller" in text(device.intent("AMAZON.NoIntent"))


def test_navigation_outside_a_routine_says_so(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    for intent in (
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "SkipStepIntent",
        "AMAZON.PauseIntent",
        "AMAZON.StartOverIntent",
        "StepsLeftIntent",
    ):
        reply = device.intent(intent)
        check_response(reply)
        assert "not in a routine" in text(reply), intent
    reply = device.intent("AMAZON.ResumeIntent")
    assert "don't have a routine in progress" in text(reply)


def test_starting_another_routine_sets_the_first_aside(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    evening = SlotFill("evening routine", "ROUTINE_NAME", "evening_wind_down", "evening wind down")
    reply = text(start_routine(device, {"RoutineName": evening}))
    assert "set aside the desk break" in reply and "Step 1 of 7" in reply
