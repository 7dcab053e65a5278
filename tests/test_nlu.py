"""The console understands like Alexa: exact samples first, then near
matches above a threshold, else AMAZON.FallbackIntent; slot values resolve
to canonical ids; spoken numbers, dates and times read as the built-in types
give them. Phrases fixed from the evaluation set stay fixed."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from backcare.understanding.spoken import spoken_date, spoken_number, spoken_time
from backcare_tools.console.nlu import Nlu
from backcare_tools.evaluation import Judge, Phrase, read_phrases
from backcare_tools.interaction_model import model_path
from backcare_tools.limits import LIMITS, check_limits, measure
from tests.conftest import ROOT
from tests.helpers import loaded_by_lambda

WEDNESDAY = date(2026, 1, 14)
NLU_DIR = ROOT / "tests" / "nlu"


@pytest.fixture(scope="module")
def model() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model_path(ROOT, "en-US").read_text())
    return data


@pytest.fixture(scope="module")
def nlu(model: dict[str, Any]) -> Nlu:
    return Nlu(model)


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backcare_tools.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_phrases_fixed_from_the_evaluation_set_stay_fixed(nlu: Nlu) -> None:
    judge = Judge(nlu, WEDNESDAY)
    fixed = read_phrases(NLU_DIR / "fixed.yaml")
    assert len(fixed) >= 100
    wrong = [
        (p.text, p.intent, nlu.parse(p.text, WEDNESDAY).intent)
        for p in fixed
        if not judge.right(p, nlu.parse(p.text, WEDNESDAY))
    ]
    assert wrong == []


def test_evaluation_set_is_large_unseen_and_covers_every_intent(model: dict[str, Any]) -> None:
    phrases = read_phrases(NLU_DIR / "eval.yaml")
    fixed = {p.text for p in read_phrases(NLU_DIR / "fixed.yaml")}
    held = {p.text for p in read_phrases(NLU_DIR / "holdout.yaml")}
    unseen = {p.text for p in read_phrases(NLU_DIR / "unseen.yaml")}
    assert len(phrases) >= 400
    texts = {p.text for p in phrases}
    assert not texts & fixed and not texts & held, "a phrase is in two sets"
    # unseen.yaml is the measure nobody fixed for: none of it in another set.
    assert unseen and not unseen & (texts | fixed | held), "an unseen phrase is in another set"
    intents = {i["name"] for i in model["interactionModel"]["languageModel"]["intents"]}
    # never acted on as such: the catch-all's words are read, "and the hot
    # stone?" (FollowOnIntent) is the request it follows, and "actually make
    # it friday" (MoveItIntent) the reminder just set or the massage
    never = {"CatchAllIntent", "FollowOnIntent", "MoveItIntent"}
    assert {p.intent for p in phrases} == intents - never
    samples = {
        s for i in model["interactionModel"]["languageModel"]["intents"] for s in i["samples"]
    }
    assert all(p.intent == "RedFlagIntent" or p.grade is None for p in phrases)
    assert texts - samples, "the evaluation set is not a copy of the samples"


def test_models_eval_meets_its_targets_and_fails_when_one_is_missed(tmp_path: Path) -> None:
    result = cli("models", "eval", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "targets met" in result.stdout
    for area in ("routine start", "red flags", "safety concerns", "booking", "pain scores"):
        assert area in result.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text('- {text: "purple monkey dishwasher", intent: TipIntent}\n')
    result = cli("models", "eval", "--set", str(bad))
    assert result.returncode == 1
    assert "TARGET MISSED" in result.stdout and "purple monkey dishwasher" in result.stdout


def test_parse_prints_one_json_object_per_line() -> None:
    lines = [
        "start the desk break routine",
        "a four",
        "book a massage for tuesday at three pm",
        "what's the weather like",
        "i can't feel my groin",
    ]
    result = cli("parse", "--today", "2026-01-14", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["text"] for o in out] == lines
    assert all(set(o) == {"text", "intent", "slots"} for o in out)
    assert out[0]["intent"] == "StartRoutineIntent"
    assert out[0]["slots"] == {"RoutineName": "desk_break"}
    assert out[1] == {"text": "a four", "intent": "NumberIntent", "slots": {"Number": "4"}}
    assert out[2]["intent"] == "BookSessionIntent"
    assert out[2]["slots"] == {"Date": "2026-01-20", "Time": "15:00"}
    assert out[3] == {"text": lines[3], "intent": "OutOfScopeIntent", "slots": {}}
    assert out[4]["intent"] == "RedFlagIntent"
    assert out[4]["slots"] == {"Symptom": "saddle_numbness"}


@pytest.mark.parametrize(
    "said,intent,slots",
    [
        # the misses the issue names
        ("start the desk break routine", "StartRoutineIntent", {"RoutineName": "desk_break"}),
        (
            "which massage is best for lower back pain",
            "RecommendMassageIntent",
            {"Goal": "lower_back_pain"},
        ),
        (
            "can you take me through the ball self massage",
            "StartRoutineIntent",
            {"RoutineName": "ball_self_massage"},
        ),
        ("i'd say a four out of ten", "PainScoreIntent", {"Score": "4"}),
        ("when's my next appointment", "NextSessionIntent", {}),
        ("remind me to stretch every day", "StretchReminderIntent", {}),
        ("turn off my daily reminder", "CancelRemindersIntent", {}),
        ("okay what's next", "AMAZON.NextIntent", {}),
        ("hold on a sec", "AMAZON.PauseIntent", {}),
        ("i have numbness in my groin area", "RedFlagIntent", {"Symptom": "saddle_numbness"}),
        ("i've lost control of my bowels", "RedFlagIntent", {"Symptom": "bladder_bowel"}),
        # a number alone is NumberIntent: the open question says what it is
        ("it is a four", "NumberIntent", {"Number": "4"}),
        ("maybe a four", "NumberIntent", {"Number": "4"}),
        ("maybe six", "NumberIntent", {"Number": "6"}),
        ("the first one", "NumberIntent", {"Number": "1"}),
        ("around three", "NumberIntent", {"Number": "3"}),
        ("my pain is a six", "PainScoreIntent", {"Score": "6"}),
        # discomfort is its own intent; red-flag phrasing stays a red flag
        ("ouch that hurts", "DiscomfortIntent", {}),
        ("i feel a bit dizzy", "DiscomfortIntent", {}),
        ("pins and needles in my groin", "RedFlagIntent", {"Symptom": "saddle_numbness"}),
        # a sample's literal words are whole words: no "or" inside "morning"
        ("run the morning routine", "StartRoutineIntent", {"RoutineName": "morning_mobility"}),
        ("swedish or deep tissue", "CompareMassageIntent", {"MassageTypeB": "deep_tissue"}),
        # words no sample holds reach the skill raw; off-topic ones do nothing
        ("i'm bored", "OutOfScopeIntent", {}),
        ("i have a headache", "OutOfScopeIntent", {}),
        # fillers, leaving, waiting
        ("um so could you please give me a tip", "TipIntent", {}),
        ("goodbye", "AMAZON.StopIntent", {}),
        ("that's all", "AMAZON.StopIntent", {}),
        ("i'm done", "AMAZON.StopIntent", {}),
        ("wait", "AMAZON.PauseIntent", {}),
        ("give me a second", "AMAZON.PauseIntent", {}),
        # near matches resolve their slot values to canonical ids
        ("could you maybe walk me through the desk one", "StartRoutineIntent", {}),
        ("i'm on warfarin is that a problem", "SafetyConcernIntent", {"Concern": "blood_thinners"}),
        ("what do they do in a hot stones massage", "ExplainMassageIntent", {}),
    ],
)
def test_understands_as_people_speak(
    nlu: Nlu, said: str, intent: str, slots: dict[str, str]
) -> None:
    parsed = nlu.parse(said, WEDNESDAY)
    assert parsed.intent == intent
    for name, value in slots.items():
        fill = parsed.slots[name]
        assert (fill.resolved_id or fill.value) == value


def test_exact_is_only_the_models_samples(nlu: Nlu) -> None:
    assert nlu.exact("start the desk break", WEDNESDAY) is not None
    assert nlu.exact("um so could you please give me a tip", WEDNESDAY) is None
    sent = nlu.alexa("um so could you please give me a tip", WEDNESDAY)
    assert sent.intent == "CatchAllIntent"  # what Alexa sends: the words, raw
    meant = nlu.parse("um so could you please give me a tip", WEDNESDAY)
    assert meant.intent == "TipIntent" and meant.how in ("sample", "classifier")  # the skill's


def test_one_shot_requests_are_understood_without_the_invocation(nlu: Nlu) -> None:
    """Alexa takes off "ask|tell|open <invocation name> (to|for|about|...)"
    before matching, with the invocation name the model declares."""
    assert nlu.one_shot("ask back care coach to start the desk break") == "start the desk break"
    assert nlu.one_shot("alexa tell back care coach that i'm ready") == "i'm ready"
    assert nlu.one_shot("ask back care coach for a tip") == "a tip"
    assert nlu.one_shot("ask back care coach what thai massage is") == "what thai massage is"
    assert nlu.one_shot("open back care coach") == ""
    assert nlu.one_shot("ask the coach for a tip") is None
    assert nlu.one_shot("start the desk break") is None
    for request in ("start the desk break", "give me a tip", "when's my next appointment"):
        alone = nlu.parse(request, WEDNESDAY)
        asked = nlu.parse(f"ask back care coach to {request}", WEDNESDAY)
        assert (asked.intent, asked.slots.keys()) == (alone.intent, alone.slots.keys())
    renamed = Nlu(_renamed("spine pal"))
    assert renamed.parse("ask spine pal for a tip", WEDNESDAY).intent == "TipIntent"
    assert renamed.one_shot("ask back care coach for a tip") is None


def _renamed(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model_path(ROOT, "en-US").read_text())
    data["interactionModel"]["languageModel"]["invocationName"] = name
    return data


def test_near_values_resolve_with_the_status_alexa_reports(nlu: Nlu) -> None:
    parsed = nlu.parse("what is a hot stones massage", WEDNESDAY)
    fill = parsed.slots["MassageType"]
    slot = fill.to_json("MassageType", "skill")
    (authority,) = slot["resolutions"]["resolutionsPerAuthority"]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"]["id"] == "hot_stone"
    unknown = nlu.alexa("start the yoga flow", WEDNESDAY).slots["RoutineName"]
    (authority,) = unknown.to_json("RoutineName", "skill")["resolutions"]["resolutionsPerAuthority"]
    assert authority["status"]["code"] == "ER_SUCCESS_NO_MATCH"


def test_red_flags_win_wherever_they_are_said(nlu: Nlu) -> None:
    judge = Judge(nlu, WEDNESDAY)
    for text, grade in [
        ("my back hurts and i've wet myself", "emergency"),
        ("both my legs are getting weaker and my back is killing me", "emergency"),
        ("i fell off a ladder yesterday and now my back hurts", "emergency"),
    ]:
        phrase = Phrase(text, "RedFlagIntent", grade=grade)
        assert judge.right(phrase, nlu.parse(text, WEDNESDAY)), text


@pytest.mark.parametrize(
    "words,number",
    [("five", 5), ("twenty five", 25), ("12", 12), ("a four", 4), ("a dozen", None)],
)
def test_spoken_numbers(words: str, number: int | None) -> None:
    assert spoken_number(words) == number


@pytest.mark.parametrize(
    "words,day",
    [
        ("friday", "2026-01-16"),
        ("next tuesday", "2026-01-20"),
        ("tomorrow", "2026-01-15"),
        ("the day after tomorrow", "2026-01-16"),
        ("december fourth", "2026-12-04"),
        ("the first of april", "2026-04-01"),
        ("the twelfth", "2026-02-12"),
        ("april", None),
        ("purple", None),
        ("christmas eve", "2026-12-24"),
        ("boxing day", "2026-12-26"),
        ("new year's day", "2027-01-01"),  # the next one
        ("in two weeks", "2026-01-28"),
        ("a week today", "2026-01-21"),
        ("in a fortnight", "2026-01-28"),
        # British: a span after a weekday's next date
        ("a week on friday", "2026-01-23"),
        ("a fortnight on friday", "2026-01-30"),
        ("tuesday fortnight", "2026-02-03"),
        ("two weeks on monday", "2026-02-02"),
    ],
)
def test_spoken_dates(words: str, day: str | None) -> None:
    assert spoken_date(words, WEDNESDAY) == day


@pytest.mark.parametrize(
    "words,clock",
    [
        ("three pm", "15:00"),
        ("10:30 am", "10:30"),
        ("two thirty", "02:30"),
        ("half past two", "02:30"),
        ("a quarter to four", "03:45"),
        ("nine thirty in the morning", "09:30"),
        ("noon", "12:00"),
        ("purple", None),
    ],
)
def test_spoken_times(words: str, clock: str | None) -> None:
    assert spoken_time(words) == clock


def test_model_stays_within_alexas_limits(model: dict[str, Any]) -> None:
    rendered = model_path(ROOT, "en-US").read_text()
    figures = measure(model, rendered)
    for limit in LIMITS:
        assert figures[limit.name] <= limit.budget <= limit.alexa, limit.name
    assert check_limits(model, rendered) == []
    assert check_limits(model, rendered + " " * LIMITS[-1].alexa) != []


def test_the_lambda_path_loads_none_of_the_language_tools() -> None:
    tools = ("hassil", "rapidfuzz", "text_to_num", "dateparser", "backcare_tools")
    assert loaded_by_lambda(tools) == []
