"""Typed shapes of the content files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HOLD_KINDS = ("hold", "reps", "move")


@dataclass(frozen=True)
class Step:
    name: str
    cue: str
    hold: int  # guided seconds per side
    kind: str
    feel: str
    stop_if: str
    sides: int = 1
    switch: str = ""


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    synonyms: tuple[str, ...]
    minutes: int
    where: str
    intro: str
    steps: tuple[Step, ...]
    caution: str = ""
    caution_stop: str = ""
    instead: str = ""  # routine offered when the caution answer is yes


@dataclass(frozen=True)
class Tip:
    id: str
    category: str
    text: str


@dataclass(frozen=True)
class Prompts:
    """Named speech templates; `{name}` placeholders filled by str.format."""

    texts: dict[str, Any]

    def __call__(self, key: str, **values: Any) -> str:
        template = self.texts[key]
        return str(template).format(**values) if values else str(template)

    def items(self, key: str) -> list[str]:
        return [str(t) for t in self.texts[key]]


@dataclass(frozen=True)
class Content:
    locale: str
    routines: tuple[Routine, ...]
    tips: tuple[Tip, ...]
    prompts: Prompts
    _by_id: dict[str, Routine] = field(default_factory=dict, compare=False, repr=False)

    def routine(self, routine_id: str) -> Routine | None:
        if not self._by_id:
            self._by_id.update({r.id: r for r in self.routines})
        return self._by_id.get(routine_id)

    def routine_by_minutes(self, minutes: int) -> Routine:
        """The routine whose length is closest to what was asked for."""
        return min(self.routines, key=lambda r: (abs(r.minutes - minutes), r.minutes))
