"""The README's console sample is an approved transcript (readme_console),
shown as the console prints it: `backcare transcripts approve` writes it
into README.md between two markers, and `check` fails when they differ, so
the sample cannot drift from what the skill says."""

from __future__ import annotations

import re
from pathlib import Path

from ..paths import REPO_ROOT
from .approval import approved_path

SCRIPT = "readme_console"
START = "<!-- console sample: tests/transcripts/readme_console.txt (transcripts approve) -->"
END = "<!-- end of console sample -->"
PAUSE = re.compile(r" ?\[\d+s\]")


def block(approved: str) -> str:
    """An approved transcript as a console session: what was typed, and
    what Alexa said (reprompts and the understanding's notes left out)."""
    lines = ["```", "$ .venv/bin/backcare chat"]
    for line in approved.splitlines():
        if line.startswith("> "):
            lines.append("> " + line[2:].split("  → ", 1)[0])
        elif line.startswith("< "):
            lines.append("Alexa: " + PAUSE.sub(" …", line[2:]))  # as the console prints it
    lines.append("```")
    return "\n".join(lines)


def expected(readme: str, approved: str) -> str:
    """`readme` with its sample replaced by the rendering of `approved`."""
    head, found, rest = readme.partition(START)
    _, found_end, tail = rest.partition(END)
    if not (found and found_end):
        raise ValueError(f"README.md has no console sample markers ({START} ... {END})")
    return f"{head}{START}\n{block(approved)}\n{END}{tail}"


def stale(root: Path = REPO_ROOT) -> bool:
    readme = (root / "README.md").read_text(encoding="utf-8")
    approved = approved_path(SCRIPT).read_text(encoding="utf-8")
    return expected(readme, approved) != readme


def write(root: Path = REPO_ROOT) -> bool:
    """Render the sample into README.md; True when it changed."""
    path = root / "README.md"
    readme = path.read_text(encoding="utf-8")
    new = expected(readme, approved_path(SCRIPT).read_text(encoding="utf-8"))
    if new == readme:
        return False
    path.write_text(new, encoding="utf-8")
    return True
