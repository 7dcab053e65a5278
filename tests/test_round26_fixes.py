"""Lines of the round 26 blind sets missed when scored (2026-12-08), and
what free round 23 found, fixed after: a step asked to be skipped was said
again (unsafe: it had pinched), a step's name or a breathing question taken
for discomfort, new back pain past fifty, breathlessness and a recent
infection with back pain, checks already done, a concern said at the
safety screen, goodbyes, and what a routine holds. Heard through the Echo
path: Alexa's samples first, then the skill's understanding."""

from __future__ import annotations

import pytest

from backcare.content import load
from backcare_tools.console.device import SlotFill
from tests.conftest import Rig
from tests.helpers import (
    heard_on_echo,
    pending_question,
    said_on_echo,
    says,
    session_state,
    start_routine,
    text,
)

CONTENT = load("en-US")
DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
MORNING = SlotFill("morning mobility", "ROUTINE_NAME", "morning_mobility", "morning mobility")
BALL = SlotFill("ball self massage", "ROUTINE_NAME", "ball_self_massage", "ball self massage")


@pytest.mark.parametrize("question", ["next_step", "ready", None])
def test_a_skip_said_with_keep_going_skips(question: str | None) -> None:
    said = "okay i'm back let's keep going but skip the leaning back one"
    assert heard_on_echo(said, question)[0] == "SkipStepIntent"


def test_dont_skip_is_no_skip() -> None:
    assert heard_on_echo("let's carry on don't skip anything", "next_step")[0] != "SkipStepIntent"


def test_the_step_that_pinched_is_never_said_again_after_a_skip(rig: Rig) -> None:
    """Free round 23 (unsafe): the back extension pinched; after a pause,
    "keep going but skip the leaning back one" guided it again."""
    routine = CONTENT.routine("desk_break")
    assert routine is not None
    at = next(i for i, s in enumerate(routine.steps) if s.name == "standing back extension")
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    for _ in range(at):
        device.intent("AMAZON.NextIntent")
    said_on_echo(device, "that pinched a bit on the right side")
    said_on_echo(device, "hang on give me a minute")
    reply = said_on_echo(device, "okay i'm back let's keep going but skip the leaning back one")
    assert routine.steps[at].cue not in reply
    assert session_state(device)["progress"]["step"] == at + 1


@pytest.mark.parametrize(
    "said",
    [
        "is there a knee to chest stretch in this routine",
        "how do i breathe during this",
        "wait should i be breathing in or out when i press down",
    ],
)
def test_a_steps_name_or_how_to_breathe_is_no_discomfort(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] not in ("DiscomfortIntent", "AMAZON.StopIntent")
    assert heard_on_echo(said, "discomfort")[0] != "AMAZON.StopIntent"


@pytest.mark.parametrize(
    "said", ["my chest feels tight", "me knees are stuffed can i do it on the bed"]
)
def test_unease_with_no_request_mid_step_stops_it(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] in ("DiscomfortIntent", "SafetyConcernIntent")


@pytest.mark.parametrize(
    ("said", "flag"),
    [
        ("i'm seventy two and this back pain is brand new out of nowhere", "new_pain_older"),
        (
            "i'm seventy and this is the first time i've ever had back pain and it's bad",
            "new_pain_older",
        ),
        ("i'm 64 and never had back pain before this week", "new_pain_older"),
        ("i've got back pain and i'm short of breath", "other_organs"),
        ("the pain is unbearable at night even lying perfectly still", "night_pain"),
        ("at night the pain becomes unbearable even painkillers don't work", "night_pain"),
        ("i had a kidney infection recently and now my back's really bad", "fever"),
    ],
)
def test_signs_in_new_words_are_caught(said: str, flag: str) -> None:
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": flag})


@pytest.mark.parametrize(
    "said",
    [
        "i'm feverish with excitement for the ipl final",
        "i'm sixty and new to stretching",
        "i'm fifty five and my back pain is the same as ever",
        "i'm nineteen with new back pain after deadlifts",
        "the heat is unbearable at night",
        "i'm short of breath after the stairs",
        "my kid has an ear infection",
        "i'm seventy and my back pain is not new",
    ],
)
def test_no_alarm_for_words_near_the_new_ones(said: str) -> None:
    assert heard_on_echo(said)[0] != "RedFlagIntent"


def test_someone_elses_new_pain_past_fifty_is_advice_for_them() -> None:
    intent, slots = heard_on_echo("my dad is seventy five and his back pain is brand new")
    assert (intent, slots.get("Symptom")) == ("OutOfScopeIntent", "new_pain_older")


@pytest.mark.parametrize(
    ("said", "question", "meant"),
    [
        ("just the leg thing but that's been checked", "screen", "AMAZON.NoIntent"),
        ("yes but it's been checked", "screen", "AMAZON.NoIntent"),
        ("yes the gp hasn't checked it yet", "screen", "AMAZON.YesIntent"),
        ("the doctor hasn't seen it yet", "clearance", "AMAZON.NoIntent"),
        ("i went to the gp and she said it's fine", "clearance", "AMAZON.YesIntent"),
    ],
)
def test_a_check_already_done_answers_the_question(said: str, question: str, meant: str) -> None:
    assert heard_on_echo(said, question, "en-GB")[0] == meant


def test_a_concern_already_checked_is_not_sent_to_be_checked_again(rig: Rig) -> None:
    said = "went to a and e they said it's a trapped nerve and i'm fine to do gentle stretches now"
    assert heard_on_echo(said, locale="en-GB") == (
        "SafetyConcernIntent",
        {"Concern": "sciatica", "Checked": "checked"},
    )
    device = rig.device()
    device.launch()
    assert says(said_on_echo(device, said), "concern_checked")
    reply = said_on_echo(device, "i've got sciatica")
    assert not says(reply, "concern_checked") and "should be checked" in reply, "its advice"


def test_a_concern_said_at_the_screen_passes_it_and_is_heeded(rig: Rig) -> None:
    """Free round 23: "no none of those just the osteoporosis i mentioned"
    at the screen repeated the advice and dropped the routine."""
    device = rig.device()
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": BALL})
    assert pending_question(device) == "screen"
    reply = said_on_echo(device, "no but i have osteoporosis")
    concern = CONTENT.safety.concern("osteoporosis")
    assert concern is not None
    assert session_state(device)["screened"]
    assert pending_question(device) == "suggest", reply  # the desk break instead
    assert "desk break" in reply


@pytest.mark.parametrize(
    "said", ["no ta that's everything cheers", "peace out", "nah mate i'm good cheers"]
)
def test_goodbyes_in_other_words(said: str) -> None:
    assert heard_on_echo(said, None, "en-GB")[0] == "AMAZON.StopIntent"


@pytest.mark.parametrize(
    ("said", "routine"),
    [
        ("what stretches are in the morning mobility", "morning_mobility"),
        ("okay what does the morning mobility routine involve", "morning_mobility"),
        ("what's in the desk break", "desk_break"),
    ],
)
def test_what_a_routine_holds_is_asked_not_started(said: str, routine: str) -> None:
    assert heard_on_echo(said) == ("RoutineStepsIntent", {"RoutineName": routine})


def test_a_routines_steps_are_named_then_offered(rig: Rig) -> None:
    routine = CONTENT.routine("morning_mobility")
    assert routine is not None
    device = rig.device()
    device.launch()
    reply = text(device.intent("RoutineStepsIntent", {"RoutineName": MORNING}))
    assert all(step.name in reply.lower() for step in routine.steps)
    assert pending_question(device) == "suggest"
    assert session_state(device).get("progress") is None, "nothing started"
    # with osteoporosis said, the steps it leaves out are said as left out
    device.intent(
        "SafetyConcernIntent",
        {"Concern": SlotFill("osteoporosis", "SAFETY_CONCERN", "osteoporosis", "osteoporosis")},
    )
    reply = text(device.intent("RoutineStepsIntent", {"RoutineName": MORNING}))
    assert says(reply, "step_left_out", concern="osteoporosis", name="single knee to chest")


def test_the_evening_routine_please_is_the_evening_wind_down() -> None:
    got = heard_on_echo("the evening routine please")
    assert got == ("StartRoutineIntent", {"RoutineName": "evening_wind_down"})


def test_no_to_the_warning_signs_mid_routine_keeps_the_routine(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("WarningSignsIntent")
    reply = device.intent("AMAZON.NoIntent")
    assert says(reply, "paused_prompt"), text(reply)
    assert session_state(device)["progress"] is not None


@pytest.mark.parametrize(
    ("said", "routine"), [("morning", "morning_mobility"), ("evening", "evening_wind_down")]
)
def test_a_part_of_the_day_at_which_routine_names_the_routine(said: str, routine: str) -> None:
    assert heard_on_echo(said, "which_routine") == ("StartRoutineIntent", {"RoutineName": routine})


def test_stiffness_alone_at_the_screen_is_no_sign() -> None:
    assert heard_on_echo("my back's a bit stiff", "screen")[0] == "AMAZON.NoIntent"
    assert heard_on_echo("my back's a bit numb", "screen")[0] == "AMAZON.YesIntent"


def test_the_difference_between_that_and_another_compares_with_the_last() -> None:
    said = "yeah nah what's the difference between that and trigger point"
    intent, slots = heard_on_echo(said, None, "en-AU")
    assert intent == "CompareMassageIntent" and "trigger_point" in slots.values()


def test_a_yes_with_a_reminder_the_skill_does_not_set_is_the_yes() -> None:
    said = "yes please and also remind me to bring my maternity notes"
    assert heard_on_echo(said, "session_reminder", "en-GB")[0] == "AMAZON.YesIntent"
    assert heard_on_echo("remind me to pick up milk at five")[0] == "OutOfScopeIntent"


@pytest.mark.parametrize(
    "said", ["no don't skip it", "i'll try it with the pillow can you do that one again", "repeat"]
)
def test_the_step_that_hurt_is_not_guided_again_and_the_choice_says_why(
    rig: Rig, said: str
) -> None:
    """Free round 23: "no don't skip it" at the skip-or-stop choice went on
    to the next step with no word of why."""
    routine = CONTENT.routine("desk_break")
    assert routine is not None
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    said_on_echo(device, "ouch that hurts")
    assert pending_question(device) == "discomfort"
    reply = said_on_echo(device, said)
    assert says(reply, "discomfort_not_again"), reply
    assert routine.steps[0].cue not in reply and routine.steps[1].cue not in reply
    assert pending_question(device) == "discomfort"
    assert session_state(device)["progress"]["step"] == 0
