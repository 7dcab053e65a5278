"""Every routine step and tip, rendered as speech, keeps the health and
Alexa rules: what to feel, when to stop, valid SSML, no claim our writing
rules forbid (no cure or certainty words, no myths, no diagnosis)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from backcare.business.profile import load_profile
from backcare.content import ContentError, load
from backcare.content import loader as content_loader
from backcare.context import Context
from backcare.routines.engine import step_speech
from backcare.speech import MAX_SPEECH_CHARS, Speech, break_seconds
from backcare.voice import Voice
from tests.helpers import says

CONTENT = load("en-US")
ALLOWED_TAGS = {"speak", "break"}
BANNED = [
    r"\bcures?\b",
    r"\bheal(s|ing)?\b",
    r"\bproven\b",
    r"\bguarantee",
    r"\beliminat",
    r"\bdetox",
    r"toxins?",
    r"lactic acid",
    r"immune system",
    r"prevent cancer",
    r"realign",
    r"\byou have (sciatica|a slipped disc|a strain)",
    r"\bfix(es)? your back",
]


def all_texts() -> list[str]:
    texts: list[str] = []
    for routine in CONTENT.routines:
        texts += [routine.name, routine.intro, routine.caution, routine.caution_stop]
        for step in routine.steps:
            texts += [step.cue, step.feel, step.stop_if, step.switch]
    texts += [tip.text for tip in CONTENT.tips]
    for value in CONTENT.prompts.texts.values():
        texts += list(value)
    for massage in CONTENT.massages:
        texts += [
            massage.summary,
            massage.detail,
            massage.pressure,
            massage.used_for,
            massage.avoid,
            massage.after,
            massage.session,
            massage.back,
        ]
    texts += [goal.say for goal in CONTENT.goals]
    safety = CONTENT.safety
    for block in (safety.screen, safety.red_flag, safety.clearance, safety.pain):
        texts += list(block.values())
    texts += [concern.say for concern in safety.concerns]
    business = load_profile(None)
    texts += [business.name, business.booking, *(s.name for s in business.services)]
    return [t for t in texts if t]


def assert_valid_ssml(ssml: str) -> None:
    root = ElementTree.fromstring(f"<speak>{ssml}</speak>")
    assert {el.tag for el in root.iter()} <= ALLOWED_TAGS
    assert len(ssml) + len("<speak></speak>") <= MAX_SPEECH_CHARS
    assert all(0 < b <= 10 for b in break_seconds(ssml))


def test_at_least_four_routines_and_forty_tips_across_topics() -> None:
    assert len(CONTENT.routines) >= 4
    assert len(CONTENT.tips) >= 40
    assert len({t.text for t in CONTENT.tips}) == len(CONTENT.tips)
    topics = {t.category for t in CONTENT.tips}
    assert {"activity", "heat", "sitting", "lifting", "sleep", "doctor", "massage"} <= topics
    # every category can be asked for by name ("any tips for driving?")
    assert {t.id for t in CONTENT.tip_topics} == topics


def test_every_content_string_is_valid_speech() -> None:
    for value in all_texts():
        ssml = Speech().say(value).ssml()
        assert_valid_ssml(ssml)


@pytest.mark.parametrize("routine", CONTENT.routines, ids=lambda r: r.id)
def test_every_step_renders_valid_speech_with_feel_and_stop(routine: Any) -> None:
    for seed in range(4):  # every variant of the step prompts
        voice = Voice(CONTENT.prompts, Context(seed=seed))
        for index, step in enumerate(routine.steps):
            ssml = step_speech(voice, routine, index).ssml()
            assert_valid_ssml(ssml)
            spoken = ssml.replace("&#x27;", "'")
            assert step.feel in spoken and step.stop_if in spoken, "what to feel, when to stop"
            assert says(spoken, "step_feel", feel=step.feel)
            held = sum(break_seconds(ssml))
            assert held == step.hold * step.sides


def test_long_holds_are_chained_with_counts() -> None:
    speech = Speech().hold(35, ["{left} seconds left."], "Release.")
    assert break_seconds(speech.ssml()) == [10, 10, 10, 5]
    assert speech.text().count("seconds left") == 3
    assert "25 seconds left" in speech.text() and speech.text().endswith("Release.")


def test_text_is_escaped() -> None:
    ssml = Speech().say('Tom & Jerry <b> "x"').ssml()
    assert_valid_ssml(ssml)
    assert "&amp;" in ssml and "&lt;b&gt;" in ssml


def test_no_banned_claims_anywhere() -> None:
    for text in all_texts():
        for pattern in BANNED:
            assert not re.search(pattern, text, re.IGNORECASE), f"{pattern!r} in {text!r}"


def test_content_errors_name_the_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = (content_loader.locale_dir("en-US") / "routines.yaml").read_text()
    broken = source.replace("hold: 40", "hold: 400", 1)
    (tmp_path / "xx-XX").mkdir()
    (tmp_path / "sources.yaml").write_text(
        (content_loader.CONTENT_DIR / "sources.yaml").read_text()
    )
    for name in ("tips.yaml", "prompts.yaml"):
        (tmp_path / "xx-XX" / name).write_text(
            (content_loader.locale_dir("en-US") / name).read_text()
        )
    (tmp_path / "xx-XX" / "routines.yaml").write_text(broken)
    monkeypatch.setattr(content_loader, "CONTENT_DIR", tmp_path)
    with pytest.raises(ContentError, match=r"morning_mobility step 1: 'hold'"):
        content_loader.load.__wrapped__("xx-XX")
