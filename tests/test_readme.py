"""The README starts with the two commands, and CI runs the second."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return [block.strip() for block in re.findall(r"```\n(.*?)```", text, re.S)][:2]


def test_readme_starts_with_run_and_test_commands() -> None:
    run, test = readme_commands()
    assert run.startswith("python3 -m venv .venv") and run.endswith("backcare chat")
    assert "npm ci --prefix tests" in test and test.endswith("pytest -q")
    for check in ("ruff check", "mypy", "backcare models check"):
        assert check in test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    lines = [
        line
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "set ", "cd "))
    ]
    assert lines == [readme_commands()[1]]


def test_the_console_sample_is_the_approved_transcript() -> None:
    from backcare_tools.transcripts import readme

    assert not readme.stale(), "run: backcare transcripts approve readme_console"
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "> start the desk break" in text and "Alexa: A quick safety check" in text
