"""The transcript corpus: whole conversations as the user's lines
(tests/transcripts/scripts.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import yaml

from ..paths import REPO_ROOT

FOLDER = REPO_ROOT / "tests" / "transcripts"
SCRIPTS = FOLDER / "scripts.yaml"
_NAME = re.compile(r"^[a-z0-9_]+$")
_LATER = re.compile(r"^<(\d+) (day|hour|minute)s? later>$")


class ScriptError(ValueError):
    """The scripts file is malformed; the message names the conversation."""


@dataclass(frozen=True)
class Script:
    name: str
    about: str
    lines: tuple[str, ...]
    before: tuple[str, ...] = ()  # the user's earlier history, said first


def later(line: str) -> timedelta | None:
    """'<3 days later>' -> three days; None for any other line."""
    match = _LATER.match(line.strip())
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    return timedelta(**{f"{unit}s": amount})


def load_scripts(path: Path = SCRIPTS) -> list[Script]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(raw, list):
        raise ScriptError(f"{path.name}: a list of conversations")
    out: list[Script] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        name = str((item or {}).get("name") or "")
        if not _NAME.match(name) or name in seen:
            raise ScriptError(f"{path.name} conversation {i + 1}: a new lower_case name")
        seen.add(name)
        lines = item.get("lines")
        before = item.get("before") or []
        for key, value in (("lines", lines), ("before", before)):
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise ScriptError(f"{path.name} {name}: '{key}' must be a list of text")
        if not lines:
            raise ScriptError(f"{path.name} {name}: no lines")
        out.append(Script(name, str(item.get("about") or ""), tuple(lines), tuple(before)))
    return out
