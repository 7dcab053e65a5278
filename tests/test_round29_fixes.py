"""Lines of the round 29 blind sets missed when scored (2026-12-08), fixed
after: two red flags in new words (night pain that stops lying down, the
saddle area said as a bike seat), a joint "killing me" mid-step, a pet's
weight loss and idioms that only sound like signs, leg pain said with a
question about going on, a heat pack asked about as a massage, when to call
an emergency number. Heard through the Echo path."""

from __future__ import annotations

from typing import Any

import pytest

from backcare.content import load
from tests.conftest import Rig
from tests.helpers import (
    device_for,
    heard_on_echo,
    pending_question,
    said_on_echo,
    session_state,
    when_slots,
)


@pytest.mark.parametrize(
    ("said", "flag"),
    [
        ("at night it hurts so bad i can't even lie down", "night_pain"),
        ("the pain's so bad at night i can't lie down at all", "night_pain"),
        ("the part of me that would sit on a bike seat is totally numb", "saddle_numbness"),
    ],
)
def test_round_29_red_flags_missed_are_caught(said: str, flag: str) -> None:
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": flag})


def test_a_joint_killing_me_mid_step_stops_the_step() -> None:
    assert heard_on_echo("my wrist is killing me on all fours", "next_step")[0] == (
        "DiscomfortIntent"
    )


@pytest.mark.parametrize(
    "said",
    [
        "my dog lost weight since we changed his food",
        "the whole pub was at fever pitch for the grand final",
        "i've got a bad case of spring fever",
        "i go weak in the knees every time i see my crush",
    ],
)
def test_a_pets_sign_and_idioms_are_no_alarm(said: str) -> None:
    assert heard_on_echo(said)[0] not in ("RedFlagIntent", "WarningSignsIntent")


@pytest.mark.parametrize(
    "said",
    [
        "i get leg pain when i bend over is stretching okay",
        "my leg hurts is it okay to do the routine",
        "there's pain in my leg can i still stretch",
        "my leg has been paining is it ok to do the routine",
    ],
)
def test_leg_pain_asked_about_is_the_leg_concern(said: str) -> None:
    assert heard_on_echo(said) == ("SafetyConcernIntent", {"Concern": "leg_pain"})


@pytest.mark.parametrize(
    "said", ["is a hot water bottle good for my back", "is a wheat bag good for my back"]
)
def test_a_heat_pack_asked_about_like_a_massage_is_a_heat_tip(said: str) -> None:
    assert heard_on_echo(said) == ("TipIntent", {"Topic": "heat"})


def test_a_reminder_of_water_is_still_not_ours() -> None:
    assert heard_on_echo("remind me to drink water every hour")[0] == "OutOfScopeIntent"


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("what symptoms mean i should call nine one one", "UrgentQuestionIntent"),
        ("do i have any alarms set from you", "ListRemindersIntent"),
    ],
)
def test_more_requests_in_their_words(said: str, meant: str) -> None:
    assert heard_on_echo(said)[0] == meant


# --- free round 26 ------------------------------------------------------------


def test_moving_a_reminder_never_cancels_it() -> None:
    """Free round 26 (data): "can you move the reminder to thursday evening
    about seven" cancelled it."""
    said = "actually can you move the reminder to thursday evening about seven"
    assert heard_on_echo(said)[0] == "SessionReminderIntent"
    assert heard_on_echo("move my stretch reminder to seven")[0] == "StretchReminderIntent"
    assert heard_on_echo("cancel my reminder")[0] == "CancelRemindersIntent"


def test_a_reminder_cancelled_by_mistake_is_set_again_when_moved(rig: Rig, alexa_api: Any) -> None:
    """ "no i didn't want it cancelled, i wanted it moved to thursday at
    seven pm" had moved the massage."""
    device = device_for(rig, alexa_api)
    device.intent("BookSessionIntent", when_slots("2026-11-27", "14:30"))
    device.intent("AMAZON.YesIntent")
    said_on_echo(device, "actually can you cancel the reminder")
    said_on_echo(device, "no i didn't want it cancelled i wanted it moved to thursday at seven pm")
    state = session_state(device)
    assert state["next_session"]["at"].startswith("2026-11-27T14:30")
    (kept,) = [r for r in state["reminders"] if r["kind"] == "session"]
    assert kept["at"].startswith("2026-11-26T19:00")


def test_a_no_to_the_warning_signs_is_the_sessions_screen(rig: Rig) -> None:
    """Free round 26: the screen was asked straight after "no none of that"
    to the warning-signs question, which names the same signs."""
    device = rig.device()
    device.launch()
    device.intent("WarningSignsIntent")
    assert pending_question(device) == "warning_signs"
    device.intent("AMAZON.NoIntent")
    reply = said_on_echo(device, "the sitting down exercises in the chair")
    assert load("en-US").safety.screen["question"] not in reply


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("skip the side of lower back one and go to the last step", "GoToStepIntent"),
        ("no i said the last step", "GoToStepIntent"),
        ("go back to the last one", "AMAZON.PreviousIntent"),
        ("how many times should i be rocking is it once a second or slower", "StepHowIntent"),
        ("what no i'm asking about the pelvic tilt how fast do i rock", "StepHowIntent"),
    ],
)
def test_mid_step_asks_about_the_step(said: str, meant: str) -> None:
    assert heard_on_echo(said, "next_step")[0] == meant


def test_nothing_hurting_at_the_skip_or_stop_choice_goes_on() -> None:
    said = "no it doesn't hurt i'm just asking does it help necks"
    assert heard_on_echo(said, "discomfort")[0] == "SkipStepIntent"


def test_a_routine_asked_for_in_other_words_is_offered() -> None:
    said = (
        "my neck and shoulders are paining from laptop work do you have any self massage for that"
    )
    assert heard_on_echo(said) == ("RoutineStepsIntent", {"RoutineName": "ball_self_massage"})


# --- the review of the round 28 change --------------------------------------


@pytest.mark.parametrize(
    "said",
    ["i have lost control of my bowels", "i've got a high temperature and back pain"],
)
def test_a_red_flag_at_which_routine_is_the_red_flag(said: str) -> None:
    assert heard_on_echo(said, "which_routine")[0] == "RedFlagIntent"


@pytest.mark.parametrize(
    "said",
    [
        "i fell on sunday and the doctor checked me but i can barely walk",
        "i fell last week and broke a bone in my back the hospital checked me",
        "i fell down the stairs two days ago and hit my head the doctor saw me",
        "i was in a car crash on friday the hospital checked me",
        "i'm eighty two and had a fall on tuesday the doctor looked at me",
    ],
)
def test_a_fall_seen_to_but_recent_or_still_harmful_stays_urgent(said: str) -> None:
    assert heard_on_echo(said)[0] == "RedFlagIntent"


@pytest.mark.parametrize(
    "said", ["which side do i do first my back is aching", "does it matter if my back aches"]
)
def test_pain_said_with_a_question_about_the_step_still_stops_it(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] == "DiscomfortIntent"


@pytest.mark.parametrize(
    ("said", "question"),
    [
        ("not great i didn't have a good night", "pain_before"),
        ("i had a good night", None),
        ("which routine is best when i want to go to sleep", None),
        ("it hurts when i'm going to sleep", "ready"),
    ],
)
def test_sleep_and_night_said_otherwise_are_no_goodbye(said: str, question: str | None) -> None:
    assert heard_on_echo(said, question)[0] != "AMAZON.StopIntent"


@pytest.mark.parametrize(
    "said",
    ["my back is in agony what can i do", "my back has been killing me for months any ideas"],
)
def test_severe_or_lasting_pain_gets_no_routine_offer(said: str) -> None:
    assert heard_on_echo(said)[0] != "RecommendRoutineIntent"


def test_a_tight_tummy_at_the_pelvic_tilt_goes_on() -> None:
    """The pelvic tilt's own cue says to tighten the tummy."""
    assert heard_on_echo("my tummy's tight next", "next_step")[0] != "DiscomfortIntent"


@pytest.mark.parametrize(
    "said", ["i've lost control of my urine", "i'm losing control of my urine"]
)
def test_urine_control_lost_in_other_words_is_the_red_flag(said: str) -> None:
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": "bladder_bowel"})


def test_a_massage_told_with_can_you_remind_me_is_the_massage() -> None:
    said = "i have a massage on friday at 3 pm can you remind me"
    assert heard_on_echo(said)[0] == "BookSessionIntent"


@pytest.mark.parametrize(
    ("said", "slots"),
    [
        ("yes on thursday at 6 pm", {"Date": "2027-05-13", "Time": "18:00"}),
        ("yes thursday at 6 pm", {"Date": "2027-05-13", "Time": "18:00"}),
    ],
)
def test_a_yes_with_a_day_and_a_time_is_the_reminder_then(said: str, slots: dict[str, str]) -> None:
    assert heard_on_echo(said, "session_reminder") == ("SessionReminderIntent", slots)


def test_a_one_off_moved_by_time_alone_stays_a_one_off(rig: Rig, alexa_api: Any) -> None:
    device = device_for(rig, alexa_api)
    device.intent("StretchReminderIntent", when_slots("2026-11-25", "16:00"))
    said_on_echo(device, "actually make it 5 pm instead")
    kinds = [(r["kind"], r["at"][:16]) for r in session_state(device)["reminders"]]
    assert kinds == [("stretch_once", "2026-11-25T17:00")]


@pytest.mark.parametrize(
    ("said", "at"), [("seven oh five p m", "19:05"), ("eight oh five", "08:05")]
)
def test_a_time_with_oh_for_its_zero(rig: Rig, alexa_api: Any, said: str, at: str) -> None:
    device = device_for(rig, alexa_api)
    device.intent("StretchReminderIntent")
    said_on_echo(device, said)
    (daily,) = session_state(device)["reminders"]
    assert daily["at"][11:16] == at


def test_the_zone_is_asked_once_a_session(rig: Rig, alexa_api: Any) -> None:
    device = device_for(rig, alexa_api)
    for said in ("um is it okay to stretch on sunday", "what about tomorrow then", "monday maybe"):
        said_on_echo(device, said)
    assert len([c for c in alexa_api.state.calls if "timeZone" in c.path]) == 1


def test_robot_is_never_answered_no() -> None:
    for variant in load("en-US").prompts.variants("not_a_professional"):
        assert variant.split()[0].lower().strip(",") != "no"


@pytest.mark.parametrize(
    ("said", "question", "meant"),
    [
        ("why in a sock", "ready", "SetUpIntent"),
        ("why are we doing this", "next_step", "StepPurposeIntent"),
        ("my chair's got wheels does that matter", "ready", "SetUpIntent"),
    ],
)
def test_a_question_at_the_ready_is_asked_not_ready(said: str, question: str, meant: str) -> None:
    """Free round 26: "why in a sock" at "say ready" started the routine."""
    assert heard_on_echo(said, question)[0] == meant


# --- free round 27 ------------------------------------------------------------


def test_a_pregnant_bump_is_no_injury() -> None:
    """Free round 27: "is leaning back alright with the bump" mid-step sent a
    pregnant user to urgent care, twice."""
    said = "is leaning back alright with the bump"
    assert heard_on_echo(said, "next_step")[0] not in ("RedFlagIntent", "WarningSignsIntent")
    said = "sorry i didn't fall or anything i just meant my baby bump is leaning back okay"
    assert heard_on_echo(said, "next_step")[0] != "RedFlagIntent"


@pytest.mark.parametrize(
    ("said", "question", "meant"),
    [
        ("why not skip this one", "next_step", "SkipStepIntent"),
        ("i already did five just go to the last one", "next_step", "GoToStepIntent"),
        ("nah that'll do cheers mate", None, "AMAZON.StopIntent"),
        (
            "no not a massage i just want a stretch for my lower back",
            None,
            "RecommendRoutineIntent",
        ),
    ],
)
def test_free_round_27_lines(said: str, question: str | None, meant: str) -> None:
    assert heard_on_echo(said, question)[0] == meant


def test_a_massage_moved_from_one_day_to_another_goes_to_the_second() -> None:
    said = "can you move my massage from tuesday to wednesday same time"
    assert heard_on_echo(said) == ("MoveSessionIntent", {"Date": "2027-05-12"})
