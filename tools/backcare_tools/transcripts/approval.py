"""Approved renderings: tests/transcripts/<name>.txt. A rendering that differs
from its approved file fails with a unified diff until it is approved."""

from __future__ import annotations

import difflib
from pathlib import Path

from .render import Transcript
from .scripts import FOLDER


def approved_path(name: str, folder: Path = FOLDER) -> Path:
    return folder / f"{name}.txt"


def difference(transcript: Transcript, folder: Path = FOLDER) -> str:
    """'' when the rendering is the approved one, else a unified diff."""
    path = approved_path(transcript.script.name, folder)
    new = transcript.text()
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if new == old:
        return ""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{path.name} (approved)" if old else "(no approved file)",
            tofile=f"{path.name} (rendered now)",
        )
    )


def approve(transcript: Transcript, folder: Path = FOLDER) -> bool:
    """Write the rendering as approved; True when it changed."""
    path = approved_path(transcript.script.name, folder)
    new = transcript.text()
    if path.is_file() and path.read_text(encoding="utf-8") == new:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def strays(names: set[str], folder: Path = FOLDER) -> list[Path]:
    """Approved files whose conversation is no longer in the scripts."""
    return sorted(p for p in folder.glob("*.txt") if p.stem not in names)
