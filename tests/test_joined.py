"""Two requests said in one line are both answered, in one reply, through
the Echo path (what Alexa would send for the words, as a full envelope)."""

from __future__ import annotations

from datetime import date

import pytest

from backcare.understanding import Asked, understand
from backcare.understanding.heard import decide
from backcare.understanding.meaning import Fill
from backcare_tools.console.nlu import Nlu
from tests.conftest import Rig
from tests.helpers import echo_nlu, pending_question, said_on_echo, text

TODAY = date(2027, 3, 18)


@pytest.fixture(scope="module")
def nlu() -> Nlu:
    return echo_nlu()


@pytest.mark.parametrize(
    "words,first,second",
    [
        ("how much is deep tissue and are you open saturdays", "95 dollars", "On Saturday"),
        ("where are you located and do you take cards", "24 Harbor Street", "We take cards"),
        ("give me a tip and then how much is hot stone", "", "115 dollars"),
        ("what is swedish massage and how much is it", "long gliding strokes", "85 dollars"),
    ],
)
def test_two_requests_in_one_line_are_both_answered(
    rig: Rig, nlu: Nlu, words: str, first: str, second: str
) -> None:
    device = rig.device()
    device.launch()
    spoken = said_on_echo(device, words)
    assert first in spoken
    assert second in spoken
    # the first's closing question is dropped; one question, last
    assert spoken.count("?") == 1
    assert spoken.endswith("?")


def test_a_yes_to_an_offer_and_a_question_answers_both(rig: Rig, nlu: Nlu) -> None:
    device = rig.device()
    device.launch()
    said_on_echo(device, "what's deep tissue massage")
    assert pending_question(device) == "massage_more"
    spoken = said_on_echo(device, "yes please and where are you exactly")
    assert "across the grain" in spoken  # the more it offered
    assert "24 Harbor Street" in spoken


def test_a_question_the_user_must_answer_is_never_talked_over(rig: Rig, nlu: Nlu) -> None:
    """ "No, and how much is swedish" at the safety screen: the screen's no
    moves on to the pain question, which stays the one question open."""
    device = rig.device()
    device.launch()
    said_on_echo(device, "start the desk break")
    assert pending_question(device) == "screen"
    spoken = said_on_echo(device, "no none of that and how much is swedish massage")
    assert pending_question(device) == "pain_before"
    assert "85 dollars" not in spoken


def test_a_red_flag_in_either_half_is_the_one_thing_acted_on(rig: Rig, nlu: Nlu) -> None:
    device = rig.device()
    device.launch()
    sent = nlu.alexa("how much is swedish and i can't feel my groin")
    reply = device.intent(sent.intent, sent.slots)
    assert reply["response"]["card"]["title"] == "Get medical help now"
    assert "emergency" in text(reply) and "85 dollars" not in text(reply)


@pytest.mark.parametrize(
    "words",
    [
        "what's the difference between swedish and deep tissue",
        "compare thai and shiatsu",
        "how much are hot stone and cupping",
        "i have numbness in my groin and my bladder's gone funny",
        "my lower back is stiff and sore",
    ],
)
def test_one_request_with_and_in_it_is_not_cut(words: str) -> None:
    from backcare.understanding.joined import two_requests

    whole = understand(words, TODAY)
    assert two_requests(words, whole, Asked(), TODAY) is None


def test_a_value_that_runs_on_into_a_second_request_keeps_both() -> None:
    """ "how much is {MassageType} and {MassageTypeB}" heard for "deep tissue
    and are you open saturdays": the price of deep tissue, then the hours."""
    slots = {
        "MassageType": Fill("deep tissue", "MASSAGE_TYPE", "deep_tissue", "deep tissue massage"),
        "MassageTypeB": Fill("are you open saturdays", "MASSAGE_TYPE"),
    }
    types = {k: f.slot_type for k, f in slots.items()}
    meant = decide("PriceIntent", slots, types, Asked(), TODAY)
    assert meant is not None and meant.intent == "PriceIntent"
    assert [f.id for f in meant.slots.values()] == ["deep_tissue"]
    assert meant.then is not None and meant.then.intent == "HoursIntent"


def test_types_said_by_their_place_in_the_list_just_said(rig: Rig, nlu: Nlu) -> None:
    """ "What's the first one like", "the difference between the first two",
    "how much are both": the types the skill last named, in order."""
    device = rig.device()
    device.launch()
    listed = said_on_echo(device, "what types of massage do you know about")
    assert listed.index("Swedish") < listed.index("deep tissue")
    assert "long gliding strokes" in said_on_echo(device, "what's the first one like")
    said_on_echo(device, "no thanks")
    assert "95 dollars" in said_on_echo(device, "how much is the second one")
    compared = said_on_echo(device, "what's the difference between the first two")
    assert "Swedish massage is gentle" in compared and "Deep tissue massage" in compared
    both = said_on_echo(device, "how much are both")  # the pair just compared
    assert "85 dollars" in both and "95 dollars" in both
    said_on_echo(device, "what services do you have")
    assert "115 dollars" in said_on_echo(device, "how much is the last one")  # hot stone


def test_a_place_mid_routine_is_a_step_not_a_listed_type() -> None:
    slots = {"MassageType": Fill("the first one", "MASSAGE_TYPE")}
    types = {"MassageType": "MASSAGE_TYPE"}
    listed = ("swedish", "deep_tissue")
    at_menu = decide("PriceIntent", dict(slots), types, Asked(listed=listed), TODAY)
    assert at_menu is not None and at_menu.slots["MassageType"].id == "swedish"
    mid_step = Asked(question="next_step", listed=listed)
    meant = decide("PriceIntent", dict(slots), types, mid_step, TODAY)
    assert meant is None or "swedish" not in {f.id for f in meant.slots.values()}
    nothing_listed = decide("PriceIntent", dict(slots), types, Asked(), TODAY)
    assert nothing_listed is None or not nothing_listed.slots.get("MassageType", Fill("", "")).id


@pytest.mark.parametrize(
    "words,intent,slots",
    [
        (
            "my next massage is thursday no sorry friday at noon",
            "BookSessionIntent",
            {"Date": "2027-03-19", "Time": "12:00"},
        ),
        ("pain level is a three no actually more like a six", "PainScoreIntent", {"Score": "6"}),
        ("do the evening one no actually the morning one", "StartRoutineIntent", {}),
        ("log my pain as a five no make it a six", "PainScoreIntent", {"Score": "6"}),
    ],
)
def test_a_value_corrected_inside_the_line_is_the_one_meant(
    words: str, intent: str, slots: dict[str, str]
) -> None:
    meant = understand(words, TODAY)
    assert meant.intent == intent
    got = {k: f.id or f.value for k, f in meant.slots.items()}
    for name, value in slots.items():
        assert got.get(name) == value, (words, got)
    if intent == "StartRoutineIntent":
        assert got.get("RoutineName") == "morning_mobility"


def test_a_correction_never_drops_a_warning_sign() -> None:
    """Signs are each heard: "numb in my groin no wait my bladder" keeps both."""
    meant = understand("i have numbness in my groin no wait and my bladder", TODAY)
    assert meant.intent == "RedFlagIntent"
