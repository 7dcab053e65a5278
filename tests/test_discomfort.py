"""Discomfort said during a routine ("ouch", "I feel dizzy", "pins and
needles"): the step stops at once, with its own stop advice and the general
advice, then one choice: skip this step, or end for today. A red flag
still escalates; outside a routine, one sentence of advice and the menu.
Phrasings go through the console's understanding, then the device."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest

from backcare.content import load
from backcare.store.memory import MemoryStore
from backcare_tools.console.chat import Console
from backcare_tools.console.device import Device, SlotFill, ends_session
from backcare_tools.interaction_model import model_path
from tests.conftest import ROOT, Rig
from tests.helpers import (
    as_said,
    check_response,
    pending_question,
    says,
    session_state,
    start_routine,
    stored_record,
    text,
)

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
CONTENT = load("en-US")
ADVICE = CONTENT.safety.discomfort
STEPS = CONTENT.routine("desk_break").steps  # type: ignore[union-attr]

PHRASES = [
    "ouch",
    "ow",
    "it hurts",
    "that hurts",
    "that's too much",
    "i felt a sharp pain",
    "a sharp twinge",
    "my back twinged",
    "i feel dizzy",
    "i'm feeling light headed",
    "i feel faint",
    "tingling",
    "pins and needles",
    "my foot is numb",
    "my leg went numb",
    "i've got a cramp in my calf",
    "i can't do this one it hurts",
    "this one hurts my knee",
]


@pytest.fixture(scope="module")
def console() -> Console:
    model = json.loads(model_path(ROOT, "en-US").read_text())
    return Console(Device(invoke=lambda event: {}), model, io.StringIO())


def at_step_one(rig: Rig, user: str = "amzn1.ask.account.test-user") -> Device:
    device = rig.device(user=user)
    device.launch()
    reply = start_routine(device, {"RoutineName": DESK})
    assert "Step 1 of 5" in text(reply) and pending_question(device) == "next_step"
    return device


def say(console: Console, device: Device, line: str) -> dict[str, Any]:
    console.device, console.eliciting, console.asking_permission = device, None, None
    exchange = console.step(line)
    assert exchange is not None and exchange.reply is not None
    reply = exchange.reply
    check_response(reply)
    return reply


def stopped(reply: dict[str, Any], step: int, also: str = "") -> bool:
    """The step stopped: its own stop advice (or `also`, a leg concern's
    advice, in its place), the general advice, and the choice."""
    spoken = text(reply)
    return (
        says(reply, "discomfort_stop")
        and as_said(also or STEPS[step].stop_if) in spoken
        and as_said(ADVICE["advice"]) in spoken
        and says(reply, "discomfort_choice")
        and "Step" not in spoken
    )


@pytest.mark.parametrize("phrase", PHRASES)
def test_each_phrasing_mid_step_stops_the_step_and_asks_the_choice(
    rig: Rig, console: Console, phrase: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    device = at_step_one(rig)
    assert console.nlu.parse(phrase).intent == "DiscomfortIntent", phrase
    reply = say(console, device, phrase)
    assert stopped(reply, 0), text(reply)
    assert pending_question(device) == "discomfort" and not ends_session(reply)
    progress = session_state(device)["progress"]
    assert progress["step"] == 0, "the step was counted as done"
    assert phrase not in json.dumps(session_state(device)) and phrase not in caplog.text


def test_at_the_get_ready_moment_and_when_paused(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK}, ready=False)
    assert pending_question(device) == "ready"
    assert stopped(device.intent("DiscomfortIntent"), 0)
    device = rig.device(user="amzn1.ask.account.paused")
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.PauseIntent")
    assert stopped(device.intent("DiscomfortIntent"), 0)


@pytest.mark.parametrize("choice", ["SkipStepIntent", "AMAZON.NextIntent", "AMAZON.YesIntent"])
def test_skip_moves_to_step_two(rig: Rig, choice: str) -> None:
    device = at_step_one(rig)
    device.intent("DiscomfortIntent")
    reply = device.intent(choice)
    check_response(reply)
    assert "Step 2 of 5" in text(reply) and pending_question(device) == "next_step"
    assert session_state(device)["completions"] == {}


@pytest.mark.parametrize("choice", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NoIntent"])
def test_stop_ends_for_today_keeping_the_place(rig: Rig, choice: str) -> None:
    device = at_step_one(rig)
    device.intent("AMAZON.NextIntent")  # step 2
    device.intent("DiscomfortIntent")
    reply = device.intent(choice)
    check_response(reply)
    assert says(reply, "discomfort_ended") and as_said(ADVICE["rest"]) in text(reply)
    # the place is kept past the step that hurt, which is never offered first
    assert says(reply, "discomfort_place", step=3, routine="desk break")
    assert ends_session(reply)
    store = rig.store
    assert isinstance(store, MemoryStore)
    state = stored_record(store, device.user_id)
    assert state["progress"]["step"] == 2 and not state.get("completions")
    # Another day: offered, only as a question.
    again = device.launch()
    assert says(again, "offer_resume") and pending_question(device) == "resume"


def test_two_misses_at_the_choice_end_for_today_with_the_menu_open(rig: Rig) -> None:
    device = at_step_one(rig)
    device.intent("DiscomfortIntent")
    device.intent("AMAZON.FallbackIntent")
    assert pending_question(device) == "discomfort"
    reply = device.intent("AMAZON.FallbackIntent")
    assert says(reply, "discomfort_ended") and not ends_session(reply)
    assert session_state(device)["progress"]["step"] == 1


def test_discomfort_at_the_last_step_leaves_nothing_to_resume(rig: Rig) -> None:
    device = at_step_one(rig)
    for _ in range(4):
        device.intent("AMAZON.NextIntent")  # step 5 of 5
    device.intent("DiscomfortIntent")
    reply = device.intent("AMAZON.StopIntent")
    assert says(reply, "discomfort_ended") and not says(reply, "discomfort_place")
    assert session_state(device).get("progress") is None
    assert not session_state(device).get("completions"), "a step that hurt is no completion"


def test_repeat_at_the_choice_says_the_choice_not_the_step(rig: Rig) -> None:
    device = at_step_one(rig)
    device.intent("DiscomfortIntent")
    reply = device.intent("AMAZON.RepeatIntent")
    assert says(reply, "discomfort_choice") and "Step 1" not in text(reply)


def test_pain_down_one_leg_mid_step_also_advises_a_check(rig: Rig, console: Console) -> None:
    device = at_step_one(rig)
    reply = say(console, device, "tingling down my leg")
    leg = CONTENT.safety.concern("leg_pain")
    assert leg is not None
    assert stopped(reply, 0, also=leg.say)
    assert pending_question(device) == "discomfort"
    # Outside a step the same words are the concern, as before.
    device.intent("AMAZON.StopIntent")
    other = rig.device(user="amzn1.ask.account.other")
    other.launch()
    concern = say(console, other, "tingling down my leg")
    assert as_said(leg.say) in text(concern) and not says(concern, "discomfort_stop")


def test_a_red_flag_mid_step_still_escalates(rig: Rig, console: Console) -> None:
    device = at_step_one(rig)
    reply = say(console, device, "i've got numbness in my groin")
    assert reply["response"]["card"]["title"] == "Get medical help now"
    store = rig.store
    assert isinstance(store, MemoryStore)
    assert ends_session(reply) and stored_record(store, device.user_id).get("progress") is None
    device = at_step_one(rig, user="amzn1.ask.account.at-the-choice")
    device.intent("DiscomfortIntent")
    flagged = say(console, device, "both my legs are going numb")  # at the choice
    assert ends_session(flagged) and "card" in flagged["response"]


def test_outside_a_routine_a_short_advice_and_the_menu(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("DiscomfortIntent")
    check_response(reply)
    assert as_said(ADVICE["outside"]) in text(reply) and not says(reply, "discomfort_choice")
    assert pending_question(device) is None and not ends_session(reply)


def test_no_discomfort_sample_is_a_red_flag(console: Console) -> None:
    model = json.loads(model_path(ROOT, "en-US").read_text())
    intents = model["interactionModel"]["languageModel"]["intents"]
    samples = next(i["samples"] for i in intents if i["name"] == "DiscomfortIntent")
    assert 150 <= len(samples) <= 300
    flags = {" ".join(w.split()) for r in CONTENT.safety.red_flags for w in (r.name, *r.synonyms)}
    words = ("groin", "bladder", "bowel", "both", "weak", "fever", "fell", "fall", "legs")
    for sample in samples:
        assert sample not in flags and not any(w in sample.split() for w in words), sample
    for flag in sorted(flags):
        assert console.nlu.parse(flag).intent != "DiscomfortIntent", flag
