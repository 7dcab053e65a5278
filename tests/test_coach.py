"""How the skill talks: variants in turn, counts said right, re-asks that fit
the question and move on, menus that follow the user. The wording itself is
reviewed in the approved transcripts (tests/transcripts/)."""

from __future__ import annotations

import itertools

import pytest

from backcare.content import load
from backcare.content.regions import region
from backcare.context import Context
from backcare.spoken import count_of
from backcare.voice import Voice
from backcare_tools.console.device import SlotFill
from tests.conftest import Rig
from tests.helpers import check_response, pending_question, says, start_routine, text

PROMPTS = load("en-US").prompts
DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
VARIED = [key for key, variants in PROMPTS.texts.items() if len(variants) > 1]


def test_many_prompts_have_variants() -> None:
    assert len(VARIED) >= 30


@pytest.mark.parametrize("seed", [0, 1, 7, 29_000_000])
def test_a_prompt_is_never_said_the_same_way_twice_in_a_row(seed: int) -> None:
    ctx = Context(seed=seed)
    voice = Voice(PROMPTS, ctx)
    for key in VARIED:
        said = [voice.pick(key) for _ in range(7)]
        assert all(a != b for a, b in itertools.pairwise(said)), key
        assert set(said) == set(PROMPTS.variants(key)), f"{key}: every variant in turn"
    again = Voice(PROMPTS, Context(seed=seed))
    assert [again.pick(k) for k in VARIED] == [
        Voice(PROMPTS, Context(seed=seed)).pick(k) for k in VARIED
    ]


def test_counts_are_said_right() -> None:
    assert count_of(1, "routine") == "1 routine"
    assert count_of(2, "routine") == "2 routines"
    assert count_of(1, "day") == "1 day"
    assert count_of(0, "step") == "0 steps"
    assert count_of(3, "this", "these") == "3 these"


def test_the_menu_s_examples_come_once_a_session_and_after_a_miss(rig: Rig) -> None:
    device = rig.device()
    first = device.launch()
    assert says(first, "menu_question")
    device.intent("TipIntent")
    back = device.intent("AMAZON.NoIntent")
    check_response(back)
    assert not says(back, "menu_question"), "the menu's examples twice in a session"
    missed = device.intent("AMAZON.FallbackIntent")
    assert says(missed, "menu_question"), "after a miss, what the skill can do"


@pytest.mark.parametrize(
    ("start", "question", "fits"),
    [
        (("BookSessionIntent", {}), "session_day", "session_day_reprompt"),
        (("StartRoutineIntent", {"RoutineName": DESK}), "screen", None),
        (("PainScoreIntent", {}), "pain_score", None),
    ],
)
def test_a_re_ask_fits_its_question_then_the_skill_moves_on(
    rig: Rig, start: tuple[str, dict[str, SlotFill]], question: str, fits: str | None
) -> None:
    device = rig.device()
    device.launch()
    asked = device.intent(*start)
    assert pending_question(device) == question
    again = device.intent("AMAZON.FallbackIntent")
    check_response(again)
    assert says(again, "reask") and pending_question(device) == question
    assert text(again) != text(asked), "a re-ask changes"
    if fits:
        assert says(again, fits)
    if question == "screen":
        assert "yes or a no" in text(again)
    if question == "pain_score":
        assert "zero to ten" in text(again)
    moved = device.intent("AMAZON.FallbackIntent")
    check_response(moved)
    assert pending_question(device) is None, "asked a third time"
    assert "Step 1" not in text(device.intent("AMAZON.YesIntent")), "a routine without the screen"


def test_moving_on_from_the_screen_says_how_to_come_back(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    device.intent("AMAZON.NextIntent")
    moved = device.intent("AMAZON.NextIntent")
    assert says(moved, "screen_later", routine="desk break")
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert pending_question(device) == "screen", "the check is asked again, never skipped"


def test_no_menu_offers_a_routine_while_routines_are_closed(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("PainScoreIntent", {"Score": SlotFill("9", "AMAZON.NUMBER")})
    assert pending_question(device) is None
    for intent in ("AMAZON.FallbackIntent", "AMAZON.FallbackIntent", "AMAZON.HelpIntent"):
        reply = device.intent(intent)
        check_response(reply)
        spoken = text(reply) + " " + reply["response"]["reprompt"]["outputSpeech"]["ssml"]
        assert "routine" not in spoken and "desk break" not in spoken, spoken


def test_progress_asked_mid_routine_goes_back_to_the_step(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    reply = device.intent("ProgressIntent")
    check_response(reply)
    assert pending_question(device) == "next_step"
    assert says(reply, "back_to_step")


def test_a_tip_asked_for_on_a_topic_is_on_that_topic_and_new(rig: Rig) -> None:
    content = load("en-US")
    sleep = {t.text for t in content.tips if t.category == "sleep"}
    device = rig.device()
    device.launch()
    said: list[str] = []
    for _ in range(len(sleep)):
        reply = device.intent("TipIntent", {"Topic": SlotFill("sleeping", "TIP_TOPIC", "sleep")})
        check_response(reply)
        tip = next(t for t in sleep if t in text(reply))
        said.append(tip)
    assert len(set(said)) == len(sleep), "a topic's tips repeat before all are heard"
    # an unknown topic is any tip, never a crash
    reply = device.intent("TipIntent", {"Topic": SlotFill("knitting", "TIP_TOPIC")})
    check_response(reply)
    assert pending_question(device) in ("another_tip", "tip_offer")


def test_a_tip_about_seeing_a_doctor_is_something_to_know_not_to_try(rig: Rig) -> None:
    content = load("en-US")
    us = region("en-US")
    assert us is not None
    doctor = [us.respell(t.text) for t in content.tips if t.category == "doctor"]  # as said
    device = rig.device()
    device.launch()
    for _ in range(len(doctor)):
        topic = SlotFill("when to see a doctor", "TIP_TOPIC", "doctor")
        spoken = text(device.intent("TipIntent", {"Topic": topic}))
        assert any(tip in spoken for tip in doctor)
        assert says_any(spoken, content.prompts.variants("tip_intro_doctor"))
        assert "Try this" not in spoken and "tip" not in spoken.split(":")[0].lower()


def says_any(spoken: str, templates: tuple[str, ...]) -> bool:
    return any(spoken.startswith(t.split("{")[0]) for t in templates)
