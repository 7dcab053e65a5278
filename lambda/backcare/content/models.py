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
class MassageType:
    id: str
    name: str
    synonyms: tuple[str, ...]
    summary: str
    detail: str
    pressure: str
    used_for: str
    avoid: str
    after: str
    session: str
    back: str
    related: bool = False  # a related treatment, not a massage (acupuncture)


@dataclass(frozen=True)
class Goal:
    id: str
    name: str
    synonyms: tuple[str, ...]
    types: tuple[str, ...]
    say: str


@dataclass(frozen=True)
class Concern:
    id: str
    name: str
    synonyms: tuple[str, ...]
    say: str


@dataclass(frozen=True)
class Safety:
    screen: dict[str, str]
    red_flag_phrases: tuple[str, ...]
    red_flag: dict[str, str]
    concerns: tuple[Concern, ...]
    pain: dict[str, str]

    def concern(self, concern_id: str) -> Concern | None:
        return next((c for c in self.concerns if c.id == concern_id), None)


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
    massages: tuple[MassageType, ...]
    goals: tuple[Goal, ...]
    safety: Safety
    _by_id: dict[str, Routine] = field(default_factory=dict, compare=False, repr=False)

    def routine(self, routine_id: str) -> Routine | None:
        if not self._by_id:
            self._by_id.update({r.id: r for r in self.routines})
        return self._by_id.get(routine_id)

    def massage(self, massage_id: str) -> MassageType | None:
        return next((m for m in self.massages if m.id == massage_id), None)

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def routine_by_minutes(self, minutes: int) -> Routine:
        """The routine whose length is closest to what was asked for."""
        return min(self.routines, key=lambda r: (abs(r.minutes - minutes), r.minutes))
