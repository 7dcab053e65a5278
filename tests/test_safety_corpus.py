"""Every red flag and safety concern in the safety corpus (tests/nlu/safety.yaml,
148 phrasings written without seeing the model), heard in every state a user
can be in: as a one-shot request, mid-routine, at a pending yes/no question,
while a slot is being elicited, at the first-routine screen and at a pain
question. Each goes through the console's understanding, as typed or said.

A red flag gets urgent advice of its grade and a card, ends the session,
ends the routine, keeps routines closed until the user says a doctor has
checked them, and leaves nothing of what was said in the record or the logs.
A concern gets its own caution and the conversation goes on.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from backcare.content import load
from backcare.store.memory import MemoryStore
from backcare_tools.console.chat import Console
from backcare_tools.console.device import Device, SlotFill, ends_session
from backcare_tools.interaction_model import model_path
from tests.conftest import ROOT, Rig, make_rig
from tests.helpers import pending_question, start_routine, stored_health, stored_record, text

CORPUS = yaml.safe_load((Path(__file__).parent / "nlu" / "safety.yaml").read_text())
RED_FLAGS = [e for e in CORPUS if e["intent"] == "RedFlagIntent"]
CONCERNS = [e for e in CORPUS if e["intent"] == "SafetyConcernIntent"]
DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
CARDS = {"emergency": "Get medical help now", "soon": "See a doctor soon"}
# Words of a symptom that must never reach the record.
SYMPTOM_WORDS = ("groin", "bladder", "bowel", "numb", "fever", "fell", "cancer", "weight", "pee")


def _one_shot(device: Device) -> None:
    """No session open: the phrase is the whole request."""


def _mid_routine(device: Device) -> None:
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.NextIntent")
    assert pending_question(device) == "next_step"


def _yes_no_pending(device: Device) -> None:
    device.launch()
    device.intent("TipIntent")
    assert pending_question(device) == "another_tip"


def _screen_pending(device: Device) -> None:
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert pending_question(device) == "screen"


def _pain_pending(device: Device) -> None:
    _screen_pending(device)
    device.intent("AMAZON.NoIntent")
    assert pending_question(device) == "pain_before"


SETUPS: dict[str, Callable[[Device], None]] = {
    "one-shot": _one_shot,
    "mid-routine": _mid_routine,
    "yes/no pending": _yes_no_pending,
    "screen": _screen_pending,
    "pain question": _pain_pending,
    "eliciting a slot": _yes_no_pending,  # then a booking without a day, below
}


@pytest.fixture(scope="module")
def model() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(model_path(ROOT, "en-US").read_text())
    return loaded


@pytest.fixture(scope="module")
def console(model: dict[str, Any]) -> Console:
    """One console (its matcher takes a while to build), given a new device
    for each conversation."""
    return Console(Device(invoke=lambda event: {}), model, io.StringIO())


def leaves(value: Any) -> list[str]:
    """Every string value in a record (not its field names)."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in leaves(v)]
    if isinstance(value, list):
        return [s for v in value for s in leaves(v)]
    return [str(value)]


def say(console: Console, device: Device, line: str) -> dict[str, Any]:
    """One line through the console, as a user would say it; the reply."""
    console.handle_line(line)
    reply = device.last_response
    assert reply is not None
    return reply


def run(
    state: str, phrase: str, console: Console, keeps_health: bool = False
) -> tuple[Rig, Device, dict[str, Any]]:
    rig = make_rig(MemoryStore(), keeps_health=keeps_health)
    device = rig.device(user=f"amzn1.ask.account.{abs(hash((state, phrase)))}")
    SETUPS[state](device)
    console.device, console.eliciting, console.asking_permission = device, None, None
    if state == "eliciting a slot":
        say(console, device, "i booked a massage")
        assert console.eliciting is not None, "no slot was being elicited"
    if state == "one-shot":
        return rig, device, say(console, device, f"ask back care coach {phrase}")
    return rig, device, say(console, device, phrase)


@pytest.mark.parametrize("state", list(SETUPS))
def test_every_red_flag_in_every_state(
    state: str, console: Console, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for entry in RED_FLAGS:
        phrase = entry["text"]
        rig, device, reply = run(state, phrase, console)
        spoken = text(reply)
        assert reply["response"]["card"]["title"] == CARDS[entry["grade"]], (state, phrase)
        assert ends_session(reply), (state, phrase)
        assert "Please stop here" in spoken and "Step" not in spoken, (state, phrase)
        store = rig.store
        assert isinstance(store, MemoryStore)
        record = stored_record(store, device.user_id)
        # Content ids (tips heard) and write ids aside, no word of the phrase is kept.
        kept = {k: v for k, v in record.items() if k not in ("tips_heard", "writes")}
        stored = " ".join(leaves(kept)).lower()
        found = [w for w in phrase.lower().split() if len(w) >= 5 and w in stored]
        found += [w for w in SYMPTOM_WORDS if w in stored]
        assert not found, (state, phrase, found)
        # The routine has ended, and no health fact is stored (the next
        # routine asks the safety screen again): health.py.
        assert record.get("progress") is None, (state, phrase)
        assert stored_health(store, device.user_id) == {}, (state, phrase)
    logged = caplog.text.lower()
    assert not any(entry["text"].lower() in logged for entry in RED_FLAGS), "a symptom was logged"


@pytest.mark.parametrize("keeps_health", [False, True])
@pytest.mark.parametrize("state", ["mid-routine", "yes/no pending", "one-shot"])
def test_after_a_red_flag_routines_stay_closed_until_a_check(
    state: str, keeps_health: bool, console: Console
) -> None:
    """Kept: the stored hold asks "has a doctor checked you?". Not kept: the
    safety screen, asked again, names a sign still to be checked; a yes to it
    (or a no to the check) closes routines for the session."""
    question, still_open, checked = (
        ("clearance", "AMAZON.NoIntent", "AMAZON.YesIntent")
        if keeps_health
        else ("screen", "AMAZON.YesIntent", "AMAZON.NoIntent")
    )
    for entry in RED_FLAGS[:: max(1, len(RED_FLAGS) // 12)]:
        _, device, _ = run(state, entry["text"], console, keeps_health)
        offer = text(device.launch())
        assert "Pick up" not in offer, "a resume offer after a red flag"
        device.intent("AMAZON.NextIntent")
        assert pending_question(device) != "next_step", "the routine carried on"
        device.intent("StartRoutineIntent", {"RoutineName": DESK})
        assert pending_question(device) == question
        closed = text(device.intent(still_open))
        assert "Step" not in closed and "desk break" not in closed
        device.intent("StartRoutineIntent", {"RoutineName": DESK})
        assert pending_question(device) not in (question, "ready"), "asked again in the session"
        device.launch()  # a later session
        device.intent("StartRoutineIntent", {"RoutineName": DESK})
        device.intent(checked)  # a doctor has checked them
        assert pending_question(device) in ("screen", "pain_before", "ready")


@pytest.mark.parametrize("state", [s for s in SETUPS if s != "one-shot"])
def test_every_safety_concern_in_every_state(state: str, console: Console) -> None:
    safety = load("en-US").safety
    for entry in CONCERNS:
        _, _, reply = run(state, entry["text"], console)
        concern = safety.concern(entry["slots"]["Concern"])
        assert concern is not None
        spoken = text(reply)
        assert concern.say.split(".")[0] in spoken, (state, entry["text"], spoken)
        assert not ends_session(reply), (state, entry["text"])


def test_the_corpus_is_large_enough() -> None:
    assert len(RED_FLAGS) + len(CONCERNS) >= 100
    assert {e["grade"] for e in RED_FLAGS} == {"emergency", "soon"}
