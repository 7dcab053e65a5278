"""Lines of the round 23 blind sets missed when scored (2026-12-07), and
what free rounds 15-16 left, fixed after: how long to hold a step and
whether both sides (StepHoldIntent), where a stretch should be felt asked
as a check, who the skill is, warning signs in new words, and no alarm for
asking whether to rest, a hot day or a phone's accident. Heard through the
Echo path: Alexa's samples first, then the skill's understanding."""

from __future__ import annotations

import pytest

from backcare.content import load
from backcare_tools.console.device import SlotFill
from tests.conftest import Rig
from tests.helpers import heard_on_echo, pending_question, said_on_echo, says, start_routine, text

CONTENT = load("en-US")
MORNING = SlotFill("morning mobility", "ROUTINE_NAME", "morning_mobility", "morning mobility")


@pytest.mark.parametrize(
    "said",
    [
        "how long do i hold this",
        "how many reps",
        "how many times should i do it",
        "do i do both sides",
        "how many times do i repeat this",
    ],
)
def test_how_long_or_how_many_mid_step_is_asked_of_the_step(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] == "StepHoldIntent"


def test_the_hold_is_told_from_the_step_in_progress_with_both_sides(rig: Rig) -> None:
    routine = CONTENT.routine("morning_mobility")
    assert routine is not None
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": MORNING})
    first = routine.steps[0]
    reply = said_on_echo(device, "um how long do i hold this")
    assert says(reply, f"step_hold_{first.kind}", seconds=first.hold)
    assert not says(reply, "step_hold_sides"), "one side only"
    assert pending_question(device) == "next_step", "back to the step, place kept"
    (at, sided) = next((i, s) for i, s in enumerate(routine.steps) if s.sides == 2)
    device.intent("GoToStepIntent", {"StepNumber": SlotFill(str(at + 1), "AMAZON.NUMBER")})
    reply = said_on_echo(device, "do i do both sides")
    assert says(reply, f"step_hold_{sided.kind}", seconds=sided.hold)
    assert says(reply, "step_hold_sides")


def test_the_hold_asked_outside_a_routine_says_none_is_running(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    assert says(device.intent("StepHoldIntent"), "not_in_routine")


@pytest.mark.parametrize(
    "said", ["is it normal to feel it in my hamstring", "should i feel it in my hips"]
)
def test_where_a_stretch_is_felt_asked_as_a_check_is_the_steps_purpose(said: str) -> None:
    """It had stopped the step as discomfort: the step's answer says what to
    feel and when to stop, which is what was asked."""
    assert heard_on_echo(said, "next_step")[0] == "StepPurposeIntent"


@pytest.mark.parametrize(
    "said",
    [
        "is it normal to feel pain in my hamstring",
        "should i feel it in my leg it kind of hurts",
        "i feel it in my hip is that okay it's sharp",
    ],
)
def test_a_check_that_names_pain_still_stops_the_step(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] == "DiscomfortIntent"


def test_tingling_asked_about_mid_step_is_still_the_leg_concern() -> None:
    got = heard_on_echo("is it normal to feel tingling in my leg", "next_step")
    assert (got[0], got[1].get("Concern")) == ("SafetyConcernIntent", "leg_pain")


@pytest.mark.parametrize(
    "said", ["hello is this the back lady", "who am i talking to", "are you the back care coach"]
)
def test_who_the_skill_is_is_answered(rig: Rig, said: str) -> None:
    device = rig.device()
    device.launch()
    reply = said_on_echo(device, said)
    assert says(reply, "identity", skill=CONTENT.prompts.variants("skill_name")[0])


@pytest.mark.parametrize(
    "said,flag",
    [
        ("i can't tell when i need to poop", "bladder_bowel"),
        ("honestly i don't know when i need to poo any more", "bladder_bowel"),
        ("i slipped on the ice and landed hard on my tailbone", "fall_injury"),
        ("a cyclist knocked me over and now my back is agony", "fall_injury"),
        ("it's numb down there like a dental injection", "saddle_numbness"),
        ("i've got chest pains with my back as well", "other_organs"),
    ],
)
def test_warning_signs_in_new_words_are_caught(said: str, flag: str) -> None:
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": flag})


@pytest.mark.parametrize(
    "said",
    [
        "should i rest when my back hurts",
        "is it better to rest when my back hurts or keep moving",
        "i'm burning up in this heat",
        "i had an accident with my laptop and lost all my files",
    ],
)
def test_no_alarm_for_words_that_only_look_like_a_sign(said: str) -> None:
    assert heard_on_echo(said)[0] not in ("RedFlagIntent", "WarningSignsIntent"), said


# A fresh-eyes review of the change (against 145a55d) found these; fixed after.


@pytest.mark.parametrize(
    "question,said",
    [
        ("ready", "i feel a bit sick, ready"),
        ("ready", "it's uncomfortable but ready"),
        ("ready", "my arm is tingling but ready"),
        ("ready", "i feel it in my hip is that normal it's stabbing"),
        ("ready", "how long do i hold this, it's really uncomfortable"),
        ("next_step", "it feels like something is ripping in my back so next"),
        ("next_step", "i felt a bit sick so next"),
        ("next_step", "is it normal to feel sick doing this"),
        ("next_step", "how long do i hold it, i feel sick"),
        ("next_step", "um how many reps should i do because i'm feeling a bit sick and shaky"),
    ],
)
def test_unease_said_with_ready_next_or_a_step_question_stops_the_step(
    question: str, said: str
) -> None:
    assert heard_on_echo(said, question)[0] in ("DiscomfortIntent", "SafetyConcernIntent"), said


@pytest.mark.parametrize(
    "said",
    [
        "i'm pregnant, ready",
        "i've got sciatica, ready",
        "i can't get in position",
        "give me a minute to get ready",
        "i don't think i'm ready",
        "no, it feels wrong, what's the next step",
    ],
)
def test_a_concern_a_wait_or_a_refusal_at_ready_never_starts_the_step(said: str) -> None:
    assert heard_on_echo(said, "ready")[0] != "AMAZON.NextIntent", said


@pytest.mark.parametrize(
    "question,said",
    [
        ("ready", "ok i moved to the kitchen chair ready"),
        ("next_step", "i haven't got a roller so next"),
    ],
)
def test_the_set_up_told_then_ready_or_next_goes_on(question: str, said: str) -> None:
    assert heard_on_echo(said, question)[0] == "AMAZON.NextIntent"


@pytest.mark.parametrize(
    "said,flag",
    [
        ("my back hurts even when i rest it", "night_pain"),
        ("i had an accident with my phone while falling down the stairs", "fall_injury"),
        ("i'm getting chest pain and back pain", "other_organs"),
        ("i have chest pain and back pain", "other_organs"),
        ("chest pain and my back hurts", "other_organs"),
        ("i'm having contractions", "pregnancy_signs"),
        ("no none of those just the tightening every ten minutes or so", "pregnancy_signs"),
    ],
)
def test_signs_the_new_rules_must_not_swallow(said: str, flag: str) -> None:
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": flag}), said


def test_a_pregnant_users_tightening_at_the_warning_signs_question_is_a_sign() -> None:
    """Free round 18, unsafe: "no none of those, just the tightening every
    ten minutes" at the question naming the signs was a no."""
    said = "no none of those just the tightening every ten minutes or so"
    assert heard_on_echo(said, "warning_signs")[0] == "RedFlagIntent"


def test_carrying_a_baby_is_pregnancy_and_carrying_my_baby_is_lifting() -> None:
    assert heard_on_echo("i'm carrying a baby, can i do the morning routine") == (
        "SafetyConcernIntent",
        {"Concern": "pregnancy"},
    )
    assert heard_on_echo("any tips for carrying my baby all day") == (
        "TipIntent",
        {"Topic": "lifting"},
    )


@pytest.mark.parametrize(
    "question,said",
    [("next_step", "is this the right one"), ("which_routine", "is this the back one")],
)
def test_the_identity_question_names_the_skill_not_a_routine(question: str, said: str) -> None:
    assert heard_on_echo(said, question)[0] != "IdentityIntent"


def test_a_no_at_the_screen_answers_it_before_any_request() -> None:
    assert heard_on_echo("no nothing like that, tell me a tip for sleeping", "screen") == (
        "AMAZON.NoIntent",
        {},
    )


@pytest.mark.parametrize(
    "question,said,intent,slots",
    [
        ("massage_more", "not yet can we do a little stretch", "StartRoutineIntent", {}),
        (
            "massage_more",
            "no which one's better for someone who sits all day",
            "RecommendMassageIntent",
            {"Goal": "stiffness"},
        ),
        ("massage_more", "nope i'll do the stretches later", None, {}),
        (
            "session_reminder",
            "sorry not thursday i meant friday same time",
            "MoveSessionIntent",
            {"Date": "2027-05-14"},
        ),
        (None, "so you don't do thai massage then", "PriceIntent", {"MassageType": "thai"}),
        (None, "how much is the prenatal one", "PriceIntent", {"MassageType": "prenatal"}),
    ],
)
def test_a_no_or_a_correction_then_what_is_wanted(
    question: str | None, said: str, intent: str | None, slots: dict[str, str]
) -> None:
    got = heard_on_echo(said, question)
    if intent is None:  # the no's reason, not a request
        assert got[0] != "StartRoutineIntent", said
    else:
        assert got == (intent, slots), said


def test_a_new_users_first_one_shot_starts_with_the_disclaimer_once(rig: Rig) -> None:
    """Free round 18: a new user who began with a request, not "open back
    care coach", never heard the disclaimer."""
    device = rig.device()
    disclaimer = CONTENT.prompts.variants("disclaimer")[0]
    first = said_on_echo(device, "give me a tip")
    assert first.startswith(disclaimer)
    assert disclaimer not in said_on_echo(device, "another one")
    assert disclaimer not in text(device.launch()), "heard once, a returning welcome"


def test_urgent_advice_goes_first_and_the_disclaimer_waits(rig: Rig) -> None:
    device = rig.device()
    disclaimer = CONTENT.prompts.variants("disclaimer")[0]
    urgent = said_on_echo(device, "i can't feel anything down there when i wipe")
    assert urgent.startswith(CONTENT.safety.red_flag["advice"]) and disclaimer not in urgent
    assert disclaimer in text(device.launch()), "said at the next reply"


def test_the_hold_of_a_step_named_is_that_steps(rig: Rig) -> None:
    """Review: "how long do i hold the figure four" had the step in progress."""
    evening = CONTENT.routine("evening_wind_down")
    assert evening is not None
    (figure,) = [s for s in evening.steps if s.name == "figure four"]
    device = rig.device()
    device.launch()
    reply = said_on_echo(device, "how long do i hold the figure four")
    assert says(reply, f"step_hold_{figure.kind}", seconds=figure.hold)
    assert says(reply, "step_hold_sides") == (figure.sides == 2)


# Free conversations, round 19 (on 38f3776), fixed after:


def test_a_concern_said_mid_step_is_the_concern_never_a_yes_to_go_on() -> None:
    """Unsafe in round 19: just after "skip this move if you have
    osteoporosis", an 80-year-old's "i do have a bit of osteoporosis" was
    heard as a yes and the routine went on."""
    said = "i do have a bit of osteoporosis actually my doctor said so last year"
    assert heard_on_echo(said, "next_step") == ("SafetyConcernIntent", {"Concern": "osteoporosis"})
    assert heard_on_echo("i'm not pregnant, next", "next_step")[0] == "AMAZON.NextIntent"


def test_a_pregnant_bump_is_no_knock() -> None:
    """Round 19: "my bump" had been a fall's red flag ("bump" as a knock);
    a fall onto "my bum" stays one (a "my bump" concern synonym took it)."""
    got = heard_on_echo("wait is leaning back like that okay with my bump", "next_step")[0]
    assert got not in ("RedFlagIntent", "AMAZON.NextIntent")
    said = "i tripped and landed on my bum and now my back hurts"
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": "fall_injury"})


def test_a_pregnant_bump_tightening_is_still_the_sign() -> None:
    assert heard_on_echo("my bump keeps tightening") == (
        "RedFlagIntent",
        {"Symptom": "pregnancy_signs"},
    )
