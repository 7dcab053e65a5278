"""Name-free requests (CanFulfillIntentRequest): an honest answer per intent
and slot, through full envelopes, with nothing read or written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from backcare.canfulfill import SERVED, THEIRS
from backcare_tools.console.device import Device
from tests.conftest import ROOT, Rig
from tests.store_calls import Calls

MODEL = json.loads((ROOT / "interaction_models" / "en-US.json").read_text())
INTENTS = [i["name"] for i in MODEL["interactionModel"]["languageModel"]["intents"]]


def ask(device: Device, intent: str, slots: dict[str, str] | None = None) -> dict[str, Any]:
    request = {
        "type": "CanFulfillIntentRequest",
        "intent": {
            "name": intent,
            "slots": {n: {"name": n, "value": v} for n, v in (slots or {}).items()},
        },
    }
    answer: dict[str, Any] = device.send(request)["response"]["canFulfillIntent"]
    return answer


@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_gets_an_answer_and_the_store_is_untouched(rig: Rig, intent: str) -> None:
    device = rig.device()
    calls = Calls(rig.store)
    reply = device.send(
        {"type": "CanFulfillIntentRequest", "intent": {"name": intent, "slots": {}}}
    )
    answer = reply["response"]["canFulfillIntent"]
    expected = "YES" if intent in SERVED else "MAYBE" if intent in THEIRS else "NO"
    assert answer["canFulfill"] == expected
    assert "outputSpeech" not in reply["response"] and not reply.get("sessionAttributes")
    assert (calls.reads, calls.writes) == (0, 0), "a name-free query touched the store"


def test_health_urgency_is_never_a_yes(rig: Rig) -> None:
    device = rig.device()
    for intent in ("RedFlagIntent", "SafetyConcernIntent", "UrgentQuestionIntent"):
        answer = ask(device, intent, {"Symptom": "numbness in my groin"})
        assert answer["canFulfill"] == "NO"
        assert answer["slots"]["Symptom"] == {"canUnderstand": "NO", "canFulfill": "NO"}


def test_a_known_massage_type_is_served_and_an_unknown_one_is_not(rig: Rig) -> None:
    device = rig.device()
    known = ask(device, "ExplainMassageIntent", {"MassageType": "swedish massage"})
    assert known["canFulfill"] == "YES"
    assert known["slots"]["MassageType"] == {"canUnderstand": "YES", "canFulfill": "YES"}
    unknown = ask(device, "ExplainMassageIntent", {"MassageType": "lava lamp massage"})
    assert unknown["canFulfill"] == "NO"
    assert unknown["slots"]["MassageType"]["canFulfill"] == "NO"


def test_a_tip_and_the_hours_are_served_name_free(rig: Rig) -> None:
    device = rig.device()
    assert ask(device, "TipIntent")["canFulfill"] == "YES"
    assert ask(device, "HoursIntent", {"Day": "saturday"})["canFulfill"] == "YES"
    assert ask(device, "NextSessionIntent")["canFulfill"] == "MAYBE"
    assert ask(device, "AMAZON.NextIntent")["canFulfill"] == "NO"
