"""Lines of the round 22 blind sets missed when scored (2026-12-07), fixed
after: warning signs in new words (long-term steroids, a weak immune system,
chest or tearing pain with back pain, night pain, leaks, cancer in
remission), no alarm for a film's chills, a heifer's fever or "a car crash
of a game", and a routine named where a step was expected. Heard through
the Echo path: Alexa's samples first, then the skill's understanding."""

from __future__ import annotations

import json
from datetime import date

import pytest

from backcare.understanding import Asked
from backcare_tools.console.nlu import Nlu
from backcare_tools.interaction_model import model_path
from tests.conftest import ROOT, Rig
from tests.helpers import check_response, says, text

TODAY = date(2027, 5, 10)


@pytest.fixture(scope="module")
def nlu() -> Nlu:
    return Nlu(json.loads(model_path(ROOT, "en-US").read_text()))


def _heard(nlu: Nlu, said: str, question: str | None = None) -> tuple[str, dict[str, str]]:
    got = nlu.parse(said, TODAY, Asked(question))
    return got.intent, {k: f.resolved_id or f.value for k, f in got.slots.items()}


@pytest.mark.parametrize(
    "said,flag",
    [
        ("i'm losing strength in my left leg", "leg_weakness"),
        ("both my legs have gone all tingly and heavy", "leg_weakness"),
        ("my back hurts and i have pain in my chest too", "other_organs"),
        ("i've got a pulsing feeling in my tummy and back pain", "other_organs"),
        ("there's a tearing pain in my back that goes right through to my tummy", "other_organs"),
        ("i've been on steroids for years and now my back's suddenly really bad", "fracture_risk"),
        (
            "i'm on immunosuppressants after my transplant and my back's suddenly sore",
            "fracture_risk",
        ),
        (
            "i've got osteoporosis and i felt something crack in my back when i sneezed",
            "fracture_risk",
        ),
        ("my back pain is so bad at night i can't sleep at all", "night_pain"),
        ("at night it is the worst i am literally crying with pain", "night_pain"),
        (
            "i leaked in my coveralls out in the barn today and my lower back is awful",
            "bladder_bowel",
        ),
        ("stool leaked without me knowing sir", "bladder_bowel"),
        ("my cancer's in remission but i've got a new ache in my spine", "cancer_history"),
    ],
)
def test_warning_signs_in_new_words_are_caught(nlu: Nlu, said: str, flag: str) -> None:
    assert _heard(nlu, said) == ("RedFlagIntent", {"Symptom": flag})


def test_a_fall_said_mid_step_is_a_red_flag(nlu: Nlu) -> None:
    assert _heard(nlu, "i just fell off the bed", "next_step")[0] == "RedFlagIntent"


@pytest.mark.parametrize(
    "said",
    [
        "that horror film last night gave me proper chills",
        "that song gives me shivers every time",
        "one of my heifers is running a fever",
        "the footy was a car crash of a game",
        "my back kind of hurts from gaming all night",  # free round 15
    ],
)
def test_no_alarm_for_words_that_only_look_like_a_sign(nlu: Nlu, said: str) -> None:
    assert _heard(nlu, said)[0] not in ("RedFlagIntent", "WarningSignsIntent")


def test_a_routine_named_where_a_step_could_be_is_the_routine(nlu: Nlu) -> None:
    """Alexa hears "let's do the {StepName} one instead" with "morning": a
    slot's words are never a greeting."""
    got = _heard(nlu, "let's do the morning one instead", "resume")
    assert got == ("StartRoutineIntent", {"RoutineName": "morning_mobility"})


# Free conversations, round 15 (on commit 06e7c24), fixed after:


def test_a_fall_a_doctor_has_checked_is_a_no_at_the_screen(nlu: Nlu) -> None:
    """The screen asks for signs not yet checked."""
    said = (
        "i had a fall in the garden about three weeks ago but the gp checked it and said it's fine"
    )
    assert _heard(nlu, said, "screen")[0] == "AMAZON.NoIntent"
    # never when it was not checked, is recent, or comes with another sign
    for still in (
        "i had a fall and the gp never checked it",
        "i fell yesterday but the doctor checked it",
        "i had a fall last month the gp checked it but now my legs are numb",
    ):
        assert _heard(nlu, still, "screen")[0] == "RedFlagIntent", still


@pytest.mark.parametrize(
    "said", ["ugh i'm falling asleep here can you put on some relaxing music", "play some music"]
)
def test_music_mid_step_is_out_of_scope_not_a_routine(nlu: Nlu, said: str) -> None:
    assert _heard(nlu, said, "next_step")[0] == "OutOfScopeIntent"


@pytest.mark.parametrize(
    "said,intent,slots",
    [
        ("is there a discount for pensioners", "StudioQuestionIntent", {}),
        ("do you do a concession rate for over sixty fives", "StudioQuestionIntent", {}),
        ("how do i make you stop talking when i am done", "AMAZON.HelpIntent", {}),
        (
            "do you guys offer prenatal massage and how much is it",
            "PriceIntent",
            {"MassageType": "prenatal"},
        ),
    ],
)
def test_free_round_fifteen_requests(
    nlu: Nlu, said: str, intent: str, slots: dict[str, str]
) -> None:
    assert _heard(nlu, said) == (intent, slots)


def test_a_day_after_a_days_hours_asks_that_days_hours(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    heard = Nlu(json.loads(model_path(ROOT, "en-US").read_text()))

    def said(words: str) -> str:
        sent = heard.alexa(words)
        reply = device.intent(sent.intent, sent.slots)
        check_response(reply)
        return text(reply)

    said("are you open saturday")
    assert says(said("and sunday"), "hours_day", day="On Sunday")
    assert says(said("what about monday then"), "hours_day", day="On Monday")
    # elsewhere a day is no hours question
    assert not says(said("and the hot stone"), "hours_day")
