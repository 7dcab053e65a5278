"""The interaction model is generated from one source and follows Alexa's
rules; the manifest's example phrases are real utterances."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from backcare.content import ContentError, load
from backcare_tools.console.nlu import Nlu
from backcare_tools.interaction_model import build, model_path, stale, write_all
from tests.conftest import ROOT

REQUIRED_BUILTINS = {
    "AMAZON.CancelIntent",
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.FallbackIntent",
}
LAUNCH_WORDS = {
    "ask",
    "open",
    "start",
    "launch",
    "begin",
    "tell",
    "load",
    "play",
    "resume",
    "run",
    "enable",
    "use",
    "alexa",
    "amazon",
    "echo",
    "skill",
    "app",
}


@pytest.fixture(scope="module")
def model() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model_path(ROOT, "en-US").read_text())
    return data


def language(model: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = model["interactionModel"]["languageModel"]
    return out


def test_committed_model_matches_its_source() -> None:
    assert stale(ROOT) == [], "run: backcare models build"


def test_models_check_command_fails_when_stale(tmp_path: Path) -> None:
    write_all(tmp_path)
    cmd = [sys.executable, "-m", "backcare_tools.cli", "models", "check", "--root", str(tmp_path)]
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 0
    path = model_path(tmp_path, "en-US")
    path.write_text(path.read_text().replace("desk break", "desk brake"))
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "en-US" in result.stderr


def test_invocation_name(model: dict[str, Any]) -> None:
    name = language(model)["invocationName"]
    assert name == "back care coach"
    words = name.split()
    assert len(words) >= 2 and name == name.lower()
    assert not set(words) & LAUNCH_WORDS


def test_required_builtins_declared(model: dict[str, Any]) -> None:
    names = {i["name"] for i in language(model)["intents"]}
    assert names >= REQUIRED_BUILTINS


def test_samples_follow_alexa_rules(model: dict[str, Any]) -> None:
    owners: dict[str, str] = {}
    for intent in language(model)["intents"]:
        slots = {s["name"] for s in intent.get("slots", [])}
        custom = not intent["name"].startswith("AMAZON.")
        if custom and intent["name"] != "CatchAllIntent":  # one bare open slot, by design
            assert len(intent["samples"]) >= 8, intent["name"]
        for sample in intent["samples"]:
            assert re.fullmatch(r"[a-zA-Z' .{}]+", sample), sample
            assert not re.search(r"(^| )'", sample), f"a word begins with an apostrophe: {sample}"
            assert len(sample) <= 200
            assert set(re.findall(r"{(\w+)}", sample)) <= slots, sample
            key = sample.lower()
            assert owners.setdefault(key, intent["name"]) == intent["name"], sample
    assert language(model)["intents"][-1]["name"] == "AMAZON.FallbackIntent"


def test_routine_names_are_slot_values_with_synonyms(model: dict[str, Any]) -> None:
    (routine_type,) = [t for t in language(model)["types"] if t["name"] == "ROUTINE_NAME"]
    values = {v["id"]: v["name"] for v in routine_type["values"]}
    for routine in load("en-US").routines:
        assert values[routine.id]["value"] == routine.name
        assert set(values[routine.id]["synonyms"]) == set(routine.synonyms) - {routine.name}
    said = Counter(
        s for v in routine_type["values"] for s in [v["name"]["value"], *v["name"]["synonyms"]]
    )
    assert max(said.values()) == 1, "a routine synonym names two routines"


def test_duplicate_utterance_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from backcare_tools import interaction_model

    source = interaction_model.read_grammar("en-US")
    source["intents"]["ProgressIntent"]["sentences"].append("give me a tip")
    monkeypatch.setattr(interaction_model, "read_grammar", lambda _locale: source)
    with pytest.raises(ContentError, match="give me a tip"):
        build("en-US")


def test_a_contraction_split_by_the_template_is_rejected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from backcare_tools import interaction_model

    source = interaction_model.read_grammar("en-US")
    source["intents"]["ProgressIntent"]["sentences"].append("how (is|'s) my streak going")
    monkeypatch.setattr(interaction_model, "read_grammar", lambda _locale: source)
    with pytest.raises(ContentError, match="begins with an apostrophe"):
        build("en-US")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "skill.json").read_text())
    return data


def test_manifest_example_phrases_are_sample_utterances(
    manifest: dict[str, Any], model: dict[str, Any]
) -> None:
    info = manifest["manifest"]["publishingInformation"]["locales"]["en-US"]
    phrases = info["examplePhrases"]
    assert 1 <= len(phrases) <= 3
    assert re.fullmatch(r"Alexa, (open|ask) back care coach.*", phrases[0])
    nlu = Nlu(model)
    for phrase in phrases:
        rest = re.sub(r"^Alexa, (open|ask|tell) back care coach ?(to |for |about )?", "", phrase)
        if not rest:
            assert phrase.startswith("Alexa, open")
            continue
        parsed = nlu.parse(rest)
        assert parsed.intent != "AMAZON.FallbackIntent", phrase
        assert all(f.resolved_id for f in parsed.slots.values() if f.slot_type == "ROUTINE_NAME")


def test_manifest_has_health_disclaimer_and_required_parts(manifest: dict[str, Any]) -> None:
    body = manifest["manifest"]
    info = body["publishingInformation"]
    description = info["locales"]["en-US"]["description"]
    assert "not a substitute for professional medical advice" in description
    assert "emergency" in description
    assert info["category"] == "HEALTH_AND_FITNESS"
    assert info["locales"]["en-US"]["keywords"]
    assert body["privacyAndCompliance"]["locales"]["en-US"]["privacyPolicyUrl"]
    assert body["apis"]["custom"]["endpoint"]["uri"]
    events = {s["eventName"] for s in body["events"]["subscriptions"]}
    assert "SKILL_DISABLED" in events


@pytest.mark.parametrize(
    "type_name,items",
    [
        ("MASSAGE_TYPE", load("en-US").massages),
        ("MASSAGE_GOAL", load("en-US").goals),
        ("SAFETY_CONCERN", load("en-US").safety.concerns),
    ],
)
def test_slot_types_are_generated_from_content(
    model: dict[str, Any], type_name: str, items: Any
) -> None:
    (slot_type,) = [t for t in language(model)["types"] if t["name"] == type_name]
    values = {v["id"]: v["name"] for v in slot_type["values"]}
    assert set(values) == {item.id for item in items}
    for item in items:
        assert values[item.id]["value"] == item.name
        assert set(values[item.id]["synonyms"]) <= set(item.synonyms)


def test_red_flag_samples_come_from_safety_content(model: dict[str, Any]) -> None:
    """Red flags are RED_FLAG values from safety.yaml, heard in RedFlagIntent's
    Symptom slot; every symptom and each way of saying it is there."""
    (intent,) = [i for i in language(model)["intents"] if i["name"] == "RedFlagIntent"]
    # who has it, when someone else does ("my {Person} has {Symptom}")
    assert intent["slots"] == [
        {"name": "Symptom", "type": "RED_FLAG"},
        {"name": "Person", "type": "PERSON"},
    ]
    # Never a bare {Symptom}: Alexa would send any words it cannot place
    # there, and words that are no symptom would get urgent advice.
    assert "{Symptom}" not in intent["samples"]
    (red_flag,) = [t for t in language(model)["types"] if t["name"] == "RED_FLAG"]
    values = {v["id"]: v["name"] for v in red_flag["values"]}
    symptoms = load("en-US").safety.red_flags
    assert (
        set(values)
        == {r.id for r in symptoms}
        == {
            "saddle_numbness",
            "bladder_bowel",
            "leg_weakness",
            "fever",
            "fall_injury",
            "serious_injury",
            "weight_loss",
            "cancer_history",
            "night_pain",
            "fracture_risk",
            "other_organs",
            "pregnancy_signs",
            "new_pain_older",
        }
    )
    for symptom in symptoms:
        assert symptom.grade in ("emergency", "soon")
        said = {values[symptom.id]["value"], *values[symptom.id]["synonyms"]}
        assert said == {symptom.name, *symptom.synonyms}


def test_no_value_names_both_a_routine_and_a_massage(model: dict[str, Any]) -> None:
    said: dict[str, set[str]] = {}
    for slot_type in language(model)["types"]:
        for value in slot_type["values"]:
            for name in [value["name"]["value"], *value["name"]["synonyms"]]:
                said.setdefault(name.lower(), set()).add(slot_type["name"])
    clash = {n: t for n, t in said.items() if {"ROUTINE_NAME", "MASSAGE_TYPE"} <= t}
    assert not clash


def test_manifest_declares_the_reminders_permission(manifest: dict[str, Any]) -> None:
    names = {p["name"] for p in manifest["manifest"]["permissions"]}
    assert names == {"alexa::alerts:reminders:skill:readwrite"}
