"""`backcare models eval`: how well the model and the console understand
phrasings nobody wrote the templates from.

The evaluation set (tests/nlu/eval.yaml and tests/nlu/safety.yaml) holds
labelled phrasings written as users say them: `{text, intent, slots}`, with
custom slots as canonical ids, AMAZON.NUMBER as the number and AMAZON.DATE /
AMAZON.TIME as the words said; red flags carry `grade`. For each phrase three
figures: matched exactly by the generated model's samples; what the skill
acts on through the Echo path, end to end over HTTP (samples, open slots,
then the catch-all; echo_path.py); and what the console understands
(`backcare parse`, the same understanding in this process). A phrase
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
from backcare.understanding.spoken import spoken_date, spoken_number, spoken_time

from .console.nlu import Nlu, Parsed
from .echo_path import EchoPath

FALLBACK = "AMAZON.FallbackIntent"
RED_FLAG = "RedFlagIntent"
OUT_OF_SCOPE = "OutOfScopeIntent"  # set by the skill's understanding: no action
WARNING_SIGNS = "WarningSignsIntent"  # the skill asks about the warning signs
# Targets: the skill's own intents understood, red flags, wrong intents.
OWN_TARGET = 0.95
WRONG_TARGET = 0.02
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
    echo: Parsed | None = None
    echo_right: bool = False

    @property
    def console_wrong_intent(self) -> bool:
        return _wrong(self.phrase, self.console)

    @property
    def echo_wrong_intent(self) -> bool:
        return self.echo is not None and _wrong(self.phrase, self.echo)

    @property
    def exact_wrong_intent(self) -> bool:
        return self.exact is not None and self.exact.intent != self.phrase.intent


def _wrong(phrase: Phrase, parsed: Parsed) -> bool:
    """Acted as another request: not understood (fallback, an off-topic
    answer, a question about the warning signs for a red flag) is no action."""
    if parsed.intent in (phrase.intent, FALLBACK, OUT_OF_SCOPE):
        return False
    return not (phrase.intent == RED_FLAG and parsed.intent == WARNING_SIGNS)


class Judge:
    def __init__(
        self, nlu: Nlu, today: date, locale: str = "en-US", echo: EchoPath | None = None
    ) -> None:
        self.nlu = nlu
        self.today = today
        self.echo = echo
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
        if phrase.intent == FALLBACK and parsed.intent == OUT_OF_SCOPE:
            return True  # nothing done, and one sentence on what the skill does
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
        echo = self.echo.hear(phrase.text, self.today) if self.echo else None
        return Verdict(
            phrase,
            exact,
            console,
            self.right(phrase, exact),
            self.right(phrase, console),
            echo,
            echo is not None and self.right(phrase, echo),
        )


@dataclass
class Report:
    verdicts: list[Verdict]
    safety: list[Verdict]

    def failures(self) -> list[str]:
        """Each target missed, in words; empty when all are met: on the
        console and, when it was measured, on the Echo path."""
        out = []
        everything = self.verdicts + self.safety
        paths: list[tuple[str, Any, Any]] = [
            ("console", lambda v: v.console_right, lambda v: v.console_wrong_intent)
        ]
        if any(v.echo is not None for v in everything):
            paths.append(("Echo path", lambda v: v.echo_right, lambda v: v.echo_wrong_intent))
        own = [v for v in self.verdicts if not v.phrase.intent.startswith("AMAZON.")]
        flags = [v for v in everything if v.phrase.intent == RED_FLAG]
        for name, right, wrong_intent in paths:
            share = _share(own, right)
            if share < OWN_TARGET:
                out.append(
                    f"{name}: the skill's own intents {share:.1%} understood, "
                    f"target {OWN_TARGET:.0%}"
                )
            missed = [v for v in flags if not right(v)]
            if missed:
                out.append(f"{name}: red flags: {len(missed)} of {len(flags)} not understood")
            wrong = [v for v in everything if wrong_intent(v)]
            if len(wrong) > WRONG_TARGET * len(everything):
                out.append(
                    f"{name}: {len(wrong)} of {len(everything)} phrases understood as a wrong "
                    f"intent, target {WRONG_TARGET:.0%} at most"
                )
        wrong_exact = [v for v in everything if v.exact_wrong_intent]
        if wrong_exact:
            out.append(f"{len(wrong_exact)} phrases match a wrong intent's sample")
        return out

    def write(self, out: TextIO, misses: bool = True, model_misses: bool = False) -> None:
        rows: dict[str, list[Verdict]] = defaultdict(list)
        for verdict in self.verdicts:
            rows[verdict.phrase.intent].append(verdict)
        head = f"{'n':>4} {'model':>6} {'echo':>9} {'console':>9} {'wrong':>6}"
        print(f"{'intent':32} {head}", file=out)
        for intent in sorted(rows, key=lambda i: (i.startswith("AMAZON."), i)):
            _row(out, intent, rows[intent])
        print(file=out)
        print(f"{'area':32} {head}", file=out)
        everything = self.verdicts + self.safety
        for area, intents in AREAS.items():
            _row(out, area, [v for v in everything if v.phrase.intent in intents])
        own = [v for v in self.verdicts if not v.phrase.intent.startswith("AMAZON.")]
        _row(out, "the skill's own intents", own)
        _row(out, "built-in intents", [v for v in self.verdicts if v not in own])
        _row(out, "safety set (red flags, concerns)", self.safety)
        _row(out, "all", everything)
        print(
            "(model: a sample matches exactly; echo: what the skill acts on over HTTP; "
            "wrong: the console acts on another request)",
            file=out,
        )
        if misses:
            print(file=out)
            for verdict in everything:
                shown = not verdict.console_right or (
                    verdict.echo is not None and not verdict.echo_right
                )
                if shown or (model_misses and not verdict.exact_right):
                    _miss(out, verdict)
        failures = self.failures()
        print(file=out)
        for failure in failures:
            print(f"TARGET MISSED: {failure}", file=out)
        if not failures:
            print(
                f"targets met: own intents >= {OWN_TARGET:.0%}, every red flag, "
                f"wrong intent <= {WRONG_TARGET:.0%}",
                file=out,
            )


def _share(verdicts: list[Verdict], test: Any) -> float:
    return sum(1 for v in verdicts if test(v)) / len(verdicts) if verdicts else 1.0


def _row(out: TextIO, name: str, verdicts: list[Verdict]) -> None:
    n = len(verdicts)
    exact = sum(v.exact_right for v in verdicts)
    console = sum(v.console_right for v in verdicts)
    wrong = sum(v.console_wrong_intent for v in verdicts)

    def pct(k: int) -> str:
        return f"{k:>4} {k / n:>4.0%}" if n else f"{k:>4}    -"

    measured = any(v.echo is not None for v in verdicts)
    echo = pct(sum(v.echo_right for v in verdicts)) if measured else f"{'-':>9}"
    print(f"{name:32} {n:>4} {exact:>6} {echo} {pct(console)} {wrong:>6}", file=out)


def _miss(out: TextIO, verdict: Verdict) -> None:
    phrase, parsed = verdict.phrase, verdict.console
    slots = ", ".join(f"{k}={f.resolved_id or f.value}" for k, f in parsed.slots.items())
    marks = ("model " if not verdict.exact_right else "") + (
        "CONSOLE " if not verdict.console_right else ""
    )
    if verdict.echo is not None and not verdict.echo_right:
        marks += "ECHO"
    print(
        f"miss [{marks.strip()}] {phrase.text!r}: want {phrase.intent} {phrase.slots or ''}"
        f" got {parsed.intent} ({parsed.how} {parsed.score:.0f}) {slots}",
        file=out,
    )


def evaluate(
    nlu: Nlu,
    phrases: Iterable[Phrase],
    safety: Iterable[Phrase],
    today: date,
    echo: bool = True,
) -> Report:
    """Judge every phrase; with `echo`, also through the Echo path over HTTP."""
    if not echo:
        judge = Judge(nlu, today)
        return Report([judge.judge(p) for p in phrases], [judge.judge(p) for p in safety])
    with EchoPath(nlu) as path:
        judge = Judge(nlu, today, echo=path)
        return Report([judge.judge(p) for p in phrases], [judge.judge(p) for p in safety])
