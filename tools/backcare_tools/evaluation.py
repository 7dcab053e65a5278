"""`backcare models eval`: how well the model and the console understand
phrasings nobody wrote the templates from.

The evaluation set (tests/nlu/eval.yaml and tests/nlu/safety.yaml) holds
labelled phrasings written as users say them: `{text, intent, slots}`, with
custom slots as canonical ids, AMAZON.NUMBER as the number and AMAZON.DATE /
AMAZON.TIME as the words said; red flags carry `grade`. For each phrase two
figures: matched exactly by the generated model's samples (as local Alexa
simulators match) and understood by the console (`backcare parse`). A phrase
is right when its intent is, and every labelled slot is filled with the
labelled value; a red flag is right when the intent is RedFlagIntent and a
Symptom, if the console fills one, is of the labelled grade.

When a miss is fixed in the grammar, the phrase moves to tests/nlu/fixed.yaml
(which the test suite checks) and an unseen phrase of the same intent from
tests/nlu/holdout.yaml takes its place, so the figure keeps measuring unseen
speech.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import yaml

from backcare.content import load

from .console.nlu import Nlu, Parsed
from .console.spoken import spoken_date, spoken_number, spoken_time

FALLBACK = "AMAZON.FallbackIntent"
RED_FLAG = "RedFlagIntent"
# Targets: the skill's own intents understood, red flags, wrong intents.
OWN_TARGET = 0.95
AREAS = {
    "routine start": ("StartRoutineIntent",),
    "red flags": (RED_FLAG,),
    "safety concerns": ("SafetyConcernIntent",),
    "booking": (
        "BookingIntent",
        "BookSessionIntent",
        "MoveSessionIntent",
        "NextSessionIntent",
        "CancelSessionIntent",
    ),
    "pain scores": ("PainScoreIntent",),
    "tips": ("TipIntent",),
}


@dataclass(frozen=True)
class Phrase:
    text: str
    intent: str
    slots: dict[str, str] = field(default_factory=dict)
    grade: str | None = None


def read_phrases(path: Path) -> list[Phrase]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Phrase(
            str(item["text"]),
            str(item["intent"]),
            {str(k): str(v) for k, v in (item.get("slots") or {}).items()},
            item.get("grade"),
        )
        for item in raw
    ]


@dataclass
class Verdict:
    phrase: Phrase
    exact: Parsed | None
    console: Parsed
    exact_right: bool
    console_right: bool

    @property
    def console_wrong_intent(self) -> bool:
        return self.console.intent not in (self.phrase.intent, FALLBACK)

    @property
    def exact_wrong_intent(self) -> bool:
        return self.exact is not None and self.exact.intent != self.phrase.intent


class Judge:
    def __init__(self, nlu: Nlu, today: date, locale: str = "en-US") -> None:
        self.nlu = nlu
        self.today = today
        self.grades = {r.id: r.grade for r in load(locale).safety.red_flags}

    def _slot_right(self, name: str, want: str, parsed: Parsed) -> bool:
        fill = parsed.slots.get(name)
        if fill is None:
            return False
        if fill.slot_type == "AMAZON.DATE":
            return fill.value == spoken_date(want, self.today)
        if fill.slot_type == "AMAZON.TIME":
            return fill.value == spoken_time(want)
        if fill.slot_type == "AMAZON.NUMBER":
            return fill.value == str(spoken_number(want))
        return fill.resolved_id == want

    def right(self, phrase: Phrase, parsed: Parsed | None) -> bool:
        if parsed is None:
            return phrase.intent == FALLBACK
        if parsed.intent != phrase.intent:
            return False
        if phrase.intent == RED_FLAG:
            symptom = parsed.slots.get("Symptom")
            found = symptom.resolved_id if symptom else None
            return phrase.grade is None or found is None or self.grades[found] == phrase.grade
        return all(self._slot_right(k, v, parsed) for k, v in phrase.slots.items())

    def judge(self, phrase: Phrase) -> Verdict:
        exact = self.nlu.exact(phrase.text, self.today)
        console = self.nlu.parse(phrase.text, self.today)
        return Verdict(
            phrase, exact, console, self.right(phrase, exact), self.right(phrase, console)
        )


@dataclass
class Report:
    verdicts: list[Verdict]
    safety: list[Verdict]

    def failures(self) -> list[str]:
        """Each target missed, in words; empty when all are met."""
        out = []
        own = [v for v in self.verdicts if not v.phrase.intent.startswith("AMAZON.")]
        share = _share(own, lambda v: v.console_right)
        if share < OWN_TARGET:
            out.append(f"the skill's own intents: {share:.1%} understood, target {OWN_TARGET:.0%}")
        flags = [v for v in self.verdicts + self.safety if v.phrase.intent == RED_FLAG]
        missed = [v for v in flags if not v.console_right]
        if missed:
            out.append(f"red flags: {len(missed)} of {len(flags)} not understood")
        wrong = [v for v in self.verdicts + self.safety if v.console_wrong_intent]
        if wrong:
            out.append(f"{len(wrong)} phrases understood as a wrong intent")
        wrong_exact = [v for v in self.verdicts + self.safety if v.exact_wrong_intent]
        if wrong_exact:
            out.append(f"{len(wrong_exact)} phrases match a wrong intent's sample")
        return out

    def write(self, out: TextIO, misses: bool = True, model_misses: bool = False) -> None:
        rows: dict[str, list[Verdict]] = defaultdict(list)
        for verdict in self.verdicts:
            rows[verdict.phrase.intent].append(verdict)
        print(f"{'intent':30} {'n':>4} {'model':>6} {'console':>8} {'wrong':>6}", file=out)
        for intent in sorted(rows, key=lambda i: (i.startswith("AMAZON."), i)):
            _row(out, intent, rows[intent])
        print(file=out)
        print(f"{'area':30} {'n':>4} {'model':>6} {'console':>8} {'wrong':>6}", file=out)
        everything = self.verdicts + self.safety
        for area, intents in AREAS.items():
            _row(out, area, [v for v in everything if v.phrase.intent in intents])
        own = [v for v in self.verdicts if not v.phrase.intent.startswith("AMAZON.")]
        _row(out, "the skill's own intents", own)
        _row(out, "built-in intents", [v for v in self.verdicts if v not in own])
        _row(out, "safety set (red flags, concerns)", self.safety)
        _row(out, "all", everything)
        if misses:
            print(file=out)
            for verdict in everything:
                if not verdict.console_right or (model_misses and not verdict.exact_right):
                    _miss(out, verdict)
        failures = self.failures()
        print(file=out)
        for failure in failures:
            print(f"TARGET MISSED: {failure}", file=out)
        if not failures:
            print(
                f"targets met: own intents >= {OWN_TARGET:.0%}, every red flag, no wrong intent",
                file=out,
            )


def _share(verdicts: list[Verdict], test: Any) -> float:
    return sum(1 for v in verdicts if test(v)) / len(verdicts) if verdicts else 1.0


def _row(out: TextIO, name: str, verdicts: list[Verdict]) -> None:
    n = len(verdicts)
    exact = sum(v.exact_right for v in verdicts)
    console = sum(v.console_right for v in verdicts)
    wrong = sum(v.console_wrong_intent for v in verdicts)
    pct = f"{console / n:.0%}" if n else "-"
    print(f"{name:30} {n:>4} {exact:>6} {console:>4} {pct:>4} {wrong:>6}", file=out)


def _miss(out: TextIO, verdict: Verdict) -> None:
    phrase, parsed = verdict.phrase, verdict.console
    slots = ", ".join(f"{k}={f.resolved_id or f.value}" for k, f in parsed.slots.items())
    marks = ("model " if not verdict.exact_right else "") + (
        "CONSOLE" if not verdict.console_right else ""
    )
    print(
        f"miss [{marks.strip()}] {phrase.text!r}: want {phrase.intent} {phrase.slots or ''}"
        f" got {parsed.intent} ({parsed.how} {parsed.score:.0f}) {slots}",
        file=out,
    )


def evaluate(nlu: Nlu, phrases: Iterable[Phrase], safety: Iterable[Phrase], today: date) -> Report:
    judge = Judge(nlu, today)
    return Report([judge.judge(p) for p in phrases], [judge.judge(p) for p in safety])
