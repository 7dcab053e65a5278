"""The APL documents, read once from documents/ (JSON files)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent / "documents"
NAMES = ("step", "list", "text", "compare", "safety")


@cache
def document(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    return loaded
