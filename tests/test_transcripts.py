"""Whole conversations as approved snapshots (tests/transcripts/<name>.txt).

Each conversation in tests/transcripts/scripts.yaml is rendered through the
real skill as `backcare chat` runs it; a rendering that differs from its
approved file fails with a unified diff, so every change of wording is
reviewed. To approve: `backcare transcripts approve` (or
`BACKCARE_APPROVE=1 pytest tests/test_transcripts.py`), then read the diff.
"""

from __future__ import annotations

import os

import pytest

from backcare_tools.transcripts.approval import approve, difference, strays
from backcare_tools.transcripts.render import Transcript, render_all
from backcare_tools.transcripts.scripts import load_scripts

SCRIPTS = load_scripts()
APPROVING = os.environ.get("BACKCARE_APPROVE") == "1"


@pytest.fixture(scope="module")
def rendered() -> dict[str, Transcript]:
    return render_all(SCRIPTS)


def test_the_corpus_is_whole_conversations() -> None:
    assert len(SCRIPTS) >= 20
    assert not strays({s.name for s in SCRIPTS}), "an approved file with no conversation"


@pytest.mark.parametrize("name", [s.name for s in SCRIPTS])
def test_rendering_is_the_approved_one(rendered: dict[str, Transcript], name: str) -> None:
    transcript = rendered[name]
    if APPROVING:
        approve(transcript)
        return
    diff = difference(transcript)
    assert not diff, (
        f"{name} renders differently from tests/transcripts/{name}.txt; review the diff and "
        f"approve with `backcare transcripts approve {name}`:\n{diff}"
    )


def test_rendering_is_deterministic(rendered: dict[str, Transcript]) -> None:
    again = render_all(SCRIPTS[:3])
    for name, transcript in again.items():
        assert transcript.text() == rendered[name].text()
