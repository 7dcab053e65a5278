"""SSML assembly: escaped text, timed holds within Alexa's limits, plain text.

Alexa caps a single <break> at 10 seconds and output speech at 8000
characters, so longer holds are chained breaks with short spoken counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_BREAK_SECONDS = 10
MAX_SPEECH_CHARS = 8000

_BREAK = re.compile(r'<break time="(\d+)(m?s)"\s*/>')
_TAG = re.compile(r"<[^>]+>")


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(text: str) -> str:
    """Escape text for SSML (the four characters XML reserves in text)."""
    return text.translate(_ESCAPES)


class Speech:
    """Builds one response's SSML from text pieces and pauses."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def say(self, *texts: str) -> Speech:
        for text in texts:
            if text:
                self._parts.append(esc(text.strip()))
        return self

    def hold(
        self, seconds: int, counts: Sequence[str], end: str, first: Sequence[str] = ()
    ) -> Speech:
        """A timed hold: breaks of at most 10 s with a spoken count between.

        `counts` holds templates with `{left}`, spoken in turn between breaks
        so the user knows how long remains; `first`, when given, is said in
        the first gap instead (what to feel, when to stop); `end` closes the
        hold. A hold too short for a gap says `first` before it starts.
        """
        left = seconds
        turn = 0
        if left <= MAX_BREAK_SECONDS:
            self.say(*first)
        while left > 0:
            chunk = min(left, MAX_BREAK_SECONDS)
            self._parts.append(f'<break time="{chunk}s"/>')
            left -= chunk
            if left > 0 and turn == 0 and first:
                self.say(*first)
                turn += 1
            elif left > 0 and counts:
                self.say(counts[turn % len(counts)].format(left=left))
                turn += 1
        return self.say(end)

    def extend(self, other: Speech) -> Speech:
        self._parts.extend(other._parts)
        return self

    @property
    def empty(self) -> bool:
        return not self._parts

    def ssml(self) -> str:
        return " ".join(self._parts)

    def text(self) -> str:
        return to_text(self.ssml())


def to_text(ssml: str) -> str:
    """Plain text for cards and the console: breaks shown as an ellipsis."""
    out = _BREAK.sub(" … ", ssml)
    out = _TAG.sub("", out)
    out = out.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    out = out.replace("&amp;", "&")
    return re.sub(r"\s+", " ", out).strip()


def break_seconds(ssml: str) -> list[float]:
    """Every <break> in the SSML, in seconds (for checks and tests)."""
    return [seconds for _, seconds in pauses(ssml)]


def pauses(ssml: str) -> list[tuple[int, float]]:
    """Each <break>: the words said since the one before it, and its seconds
    (a screen times a hold's countdown from them)."""
    out = []
    position = 0
    for match in _BREAK.finditer(ssml):
        words = len(_TAG.sub(" ", ssml[position : match.start()]).split())
        amount, unit = int(match.group(1)), match.group(2)
        out.append((words, amount / (1000 if unit == "ms" else 1)))
        position = match.end()
    return out
