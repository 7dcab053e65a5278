"""What free conversations (round 14) found misunderstood, said through the
Echo path (what Alexa would send for the words, as a full envelope): someone
else's back, session lengths, another practice's name, "say ready" answered
in passing words, a routine asked for with no name."""

from __future__ import annotations

import pytest

from backcare.content import load
from backcare_tools.console.device import SlotFill
from backcare_tools.console.nlu import Nlu
from tests.conftest import Rig
from tests.helpers import (
    echo_nlu,
    pending_question,
    said_on_echo,
    says,
    says_a_tip,
    start_routine,
)

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")


@pytest.fixture(scope="module")
def nlu() -> Nlu:
    return echo_nlu()


@pytest.mark.parametrize(
    "words",
    [
        "my son has back pain from his laptop what can he do",
        "my wife's back hurts what should she do",
        "my husband has a bad back any tips for him",
    ],
)
def test_someone_elses_ordinary_back_pain_gets_a_tip_for_them(
    rig: Rig, nlu: Nlu, words: str
) -> None:
    device = rig.device()
    device.launch()
    spoken = said_on_echo(device, words)
    assert says(spoken, "tip_intro_theirs"), spoken
    # a tip to try, never the when-to-see-a-doctor kind (the intro says that)
    doctor = {t.text for t in load("en-US").tips if t.category == "doctor"}
    assert not any(d in spoken for d in doctor)
    assert not says(spoken, "others_health")


@pytest.mark.parametrize(
    "words",
    ["my dad has back pain and he's lost control of his bladder", "my mum fell and hurt her back"],
)
def test_someone_elses_back_with_a_sign_is_never_a_tip(rig: Rig, nlu: Nlu, words: str) -> None:
    device = rig.device()
    device.launch()
    spoken = said_on_echo(device, words)
    assert not says(spoken, "tip_intro_theirs"), spoken
    assert not says_a_tip(spoken)


def test_my_own_back_with_someone_elses_is_no_tip_for_them(rig: Rig, nlu: Nlu) -> None:
    device = rig.device()
    device.launch()
    spoken = said_on_echo(device, "my back is sore and my wife's back hurts too")
    assert not says(spoken, "tip_intro_theirs"), spoken


@pytest.mark.parametrize(
    "words,key,values",
    [
        ("do you do thirty minute sessions", "session_length_no", {"minutes": 30}),
        ("can i get a sixty minute massage", "session_length_yes", {"minutes": 60}),
        ("what lengths do you offer", "session_lengths", {"lengths": "45, 60, 75, or 90"}),
    ],
)
def test_session_lengths_come_from_the_profile(
    rig: Rig, nlu: Nlu, words: str, key: str, values: dict[str, object]
) -> None:
    device = rig.device()
    device.launch()
    spoken = said_on_echo(device, words)
    assert says(spoken, key, **values), spoken
    if key == "session_length_yes":
        assert "Swedish massage for 85 dollars" in spoken
        assert "hot stone" not in spoken  # 75 minutes only
    assert pending_question(device) == "booking"


@pytest.mark.parametrize(
    "words,expect",
    [
        ("what is remedial massage", "Deep tissue massage uses"),
        ("how much is a remedial massage", "95 dollars"),
        ("what's myotherapy", "Trigger point"),
    ],
)
def test_another_practices_name_is_said_as_the_closest_type(
    rig: Rig, nlu: Nlu, words: str, expect: str
) -> None:
    device = rig.device()
    device.launch()
    spoken = said_on_echo(device, words)
    assert says(spoken, "massage_akin"), spoken
    assert expect.lower() in spoken.lower()


def test_a_type_by_its_own_name_has_no_closest_note(rig: Rig, nlu: Nlu) -> None:
    device = rig.device()
    device.launch()
    assert not says(said_on_echo(device, "what is deep tissue massage"), "massage_akin")


@pytest.mark.parametrize("words", ["righto done", "ok i'm down", "alright i'm down now"])
def test_in_position_said_in_passing_words_starts_the_step(rig: Rig, nlu: Nlu, words: str) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK}, ready=False)
    assert pending_question(device) == "ready"
    spoken = said_on_echo(device, words)
    assert pending_question(device) == "next_step", spoken


@pytest.mark.parametrize(
    "words", ["i would like to begin my stretches please", "i'd like to do my usual stretches"]
)
def test_a_routine_asked_for_with_no_name_asks_which(rig: Rig, nlu: Nlu, words: str) -> None:
    device = rig.device()
    device.launch()
    spoken = said_on_echo(device, words)
    assert not says(spoken, "routine_unknown"), spoken
    assert pending_question(device) == "which_routine"
