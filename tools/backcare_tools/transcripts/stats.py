"""Figures over a rendered corpus: words per kind of reply, and repetition.

Words: what a budget holds (a step's cue before its first timed pause, any
other reply whole), per kind. Repetition: the sentences said most often,
the most common closing sentence, sentences said again in the very next
reply, replies that are the same as the one before, and the longest run of
replies sharing a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from backcare.speech import break_seconds

from .render import Kind, Reply, Transcript, plain, words

LONG = 40  # the measure of a long reply
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\s*\[[^\]]*\]\s*")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def spoken(transcripts: dict[str, Transcript]) -> list[list[Reply]]:
    """Each conversation's replies in the order the user heard them (the
    reprompts that came with them are heard only after a silence)."""
    return [
        [r for r in t.replies if r.kind is not Kind.REPROMPT or r.played]
        for t in transcripts.values()
    ]


@dataclass
class Figures:
    counted: dict[str, list[int]] = field(default_factory=dict)
    reprompts: list[int] = field(default_factory=list)  # every reprompt sent
    step_words: list[int] = field(default_factory=list)  # whole step replies
    longest_pause: float = 0.0  # seconds of timed pauses in one reply
    replies: int = 0
    long_replies: int = 0  # outside routine steps, over LONG words
    outside_steps: int = 0
    common: list[tuple[str, int]] = field(default_factory=list)
    tails: list[tuple[str, int]] = field(default_factory=list)
    again_next: int = 0  # a sentence said again in the very next reply
    again_examples: list[str] = field(default_factory=list)
    same_reply: int = 0  # a reply the same as the one before
    longest_run: tuple[str, int] = ("", 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "words": {k: summary(v) for k, v in self.counted.items()},
            "reprompts_sent": summary(self.reprompts),
            "step_words_whole": summary(self.step_words),
            "longest_pause_seconds": self.longest_pause,
            "replies": self.replies,
            "outside_steps": self.outside_steps,
            "long_outside_steps": self.long_replies,
            "most_said": self.common,
            "most_common_endings": self.tails,
            "said_again_in_next_reply": self.again_next,
            "same_reply_twice": self.same_reply,
            "longest_run": list(self.longest_run),
        }


def summary(values: list[int]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {
        "n": len(values),
        "median": float(median(ordered)),
        "p90": p90,
        "max": ordered[-1],
        f"over_{LONG}": sum(1 for v in values if v > LONG),
    }


def figures(transcripts: dict[str, Transcript]) -> Figures:
    out = Figures()
    said: Counter[str] = Counter()
    tails: Counter[str] = Counter()
    for transcript in transcripts.values():
        for reply in transcript.replies:
            if reply.kind is Kind.REPROMPT and not reply.played:
                continue
            if reply.reprompt:
                out.reprompts.append(words(plain(reply.reprompt)))
            out.counted.setdefault(reply.kind.value, []).append(reply.counted)
            if reply.kind is Kind.STEP:
                out.step_words.append(reply.words)
                out.longest_pause = max(out.longest_pause, sum(break_seconds(reply.ssml)))
    for replies in spoken(transcripts):
        before: list[str] = []
        previous_text = None
        run: dict[str, int] = {}
        for reply in replies:
            out.replies += 1
            if reply.kind is not Kind.STEP:
                out.outside_steps += 1
                if reply.words > LONG:
                    out.long_replies += 1
            now = sentences(reply.text)
            said.update(s for s in now if words(s) >= 3)
            if now:
                tails[now[-1]] += 1
            if reply.text == previous_text:
                out.same_reply += 1
            again = [s for s in dict.fromkeys(now) if s in before and words(s) >= 2]
            out.again_next += len(again)
            if again and len(out.again_examples) < 12:
                out.again_examples.append(f"{reply.conversation}: {again[0]}")
            run = {s: run.get(s, 0) + 1 for s in dict.fromkeys(now)}
            for sentence, length in run.items():
                if length > out.longest_run[1]:
                    out.longest_run = (sentence, length)
            before, previous_text = now, reply.text
    out.common = said.most_common(8)
    out.tails = tails.most_common(5)
    return out


def report(fig: Figures) -> str:
    rows = [
        f"{'kind':<14}{'n':>5}{'median':>8}{'p90':>6}{'max':>6}{'>' + str(LONG):>6}",
    ]
    for kind in Kind:
        if kind is Kind.REPROMPT:
            continue
        values = fig.counted.get(kind.value, [])
        if values:
            rows.append(_row(kind.value + (" (cue)" if kind is Kind.STEP else ""), values))
    if fig.step_words:
        rows.append(_row("step (whole)", fig.step_words))
    if fig.reprompts:
        rows.append(_row("reprompt", fig.reprompts))
    played = fig.counted.get(Kind.REPROMPT.value, [])
    if played:
        rows.append(_row("reprompt said", played))
    rows += [
        "",
        f"replies heard: {fig.replies}; outside routine steps: {fig.outside_steps}, "
        f"of which over {LONG} words: {fig.long_replies}",
        f"longest timed pause in one reply: {fig.longest_pause:g} s",
        f"a sentence said again in the very next reply: {fig.again_next}",
        f"a reply the same as the one before: {fig.same_reply}",
        f"longest run of replies sharing a sentence: {fig.longest_run[1]} ({fig.longest_run[0]!r})",
        "most common endings:",
        *[f"  {n:>4}  {text}" for text, n in fig.tails],
        "sentences said most:",
        *[f"  {n:>4}  {text}" for text, n in fig.common],
    ]
    if fig.again_examples:
        rows += ["said again in the next reply, for example:"]
        rows += [f"  {example}" for example in fig.again_examples]
    return "\n".join(rows)


def _row(name: str, values: list[int]) -> str:
    s = summary(values)
    return f"{name:<14}{s['n']:>5}{s['median']:>8g}{s['p90']:>6}{s['max']:>6}{s[f'over_{LONG}']:>6}"
