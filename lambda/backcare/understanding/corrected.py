"""A value corrected inside the line: "my next massage is thursday no sorry
friday at noon", "pain's a three no actually more like a four", "do the
evening one no wait the morning one", "i meant thursday not tuesday",
"not thursday, i meant friday".

After a correcting phrase, the first value said replaces the last value of
the same kind said before it; the words between go (the line reads "my next
massage is friday at noon"). Without a value on both sides the words stay
as said ("no sorry, what was that?").
"""

from __future__ import annotations

from itertools import pairwise

from .spans import Span

# the kinds a correction may replace: never a symptom or a concern, which
# are each heard ("numb in my groin no, down my leg": both are said)
CORRECTABLE = frozenset(
    {"ROUTINE_NAME", "MASSAGE_TYPE", "NUMBER", "DATE", "TIME", "STEP_NAME", "BUSINESS_DAY"}
    | {"DAY_PART", "REMINDER_LEAD", "TIP_TOPIC", "MASSAGE_GOAL", "DURATION"}
)

# longest first: "no sorry i mean" before "no sorry"
MARKERS = (
    ("no", "sorry", "i", "mean"),
    ("no", "i", "mean"),
    ("no", "make", "it"),
    ("no", "make", "that"),
    ("no", "wait"),
    ("no", "sorry"),
    ("sorry", "no"),
    ("no", "actually"),
    ("actually", "no"),
    ("wait", "no"),
    ("oh", "no"),
    ("or", "rather"),
    ("make", "it"),
    ("make", "that"),
    ("i", "mean"),
    ("i", "meant"),
    ("sorry",),
    ("no",),
)


def corrected(words: list[str], spans: list[Span]) -> list[str] | None:
    """The words with the corrected value replaced, or None: nothing corrected."""
    return _negated(words, spans) or _replaced(words, spans)


def _negated(words: list[str], spans: list[Span]) -> list[str] | None:
    """ "i meant thursday not tuesday", "at four thirty not three", "not
    thursday i meant friday": the value said after "not" goes, with the "not"."""
    if any(set(s.kinds) - CORRECTABLE for s in spans):
        return None
    for left, right in pairwise(spans):
        said_not = left.start and words[left.start - 1] == "not"
        meant = words[left.end : right.start] in (["i", "meant"], ["i", "mean"])
        if said_not and meant and _alike(set(left.kinds), set(right.kinds)):
            # "not thursday, i meant friday": the value after "not" goes, the
            # correction stays
            return words[: left.start - 1] + words[left.end :]
        if right.start != left.end + 1 or words[left.end] != "not":
            continue
        # the value kept says as much as the one dropped ("four thirty not
        # three"; not "4 not 3 pm", where the time dropped is the fuller one)
        fuller = "TIME" in right.kinds and "TIME" not in left.kinds
        if _alike(set(left.kinds), set(right.kinds)) and not fuller:
            return words[: left.end] + words[right.end :]
    return None


def _alike(first: set[str], second: set[str]) -> bool:
    """Values of one kind; an hour said as a bare number is a time."""
    if {"TIME", "NUMBER"} <= first | second and first & {"TIME", "NUMBER"}:
        return bool(second & {"TIME", "NUMBER"})
    return bool(first & second & CORRECTABLE)


def _replaced(words: list[str], spans: list[Span]) -> list[str] | None:
    for at in range(1, len(words)):
        for marker in MARKERS:
            end = at + len(marker)
            if tuple(words[at:end]) != marker:
                continue
            after = [s for s in spans if s.start >= end]
            before = [s for s in spans if s.end <= at]
            if not after or not before or after[0].start > end + 2:
                break  # the correction names its value at once ("no sorry friday")
            kinds = set(after[0].kinds)
            replaced = next((s for s in reversed(before) if _alike(set(s.kinds), kinds)), None)
            if replaced is None or any(set(s.kinds) - CORRECTABLE for s in spans):
                break
            if at - replaced.end > 1:
                # the marker must follow the value it corrects ("a 3 no sorry
                # a 6"): words between ("a 3 and my legs feel wobbly no
                # sorry a 6") are not dropped
                break
            kept, said = words[: replaced.start], words[after[0].start :]
            if kept and kept[-1] == said[0]:  # "with the" + "the desk one"
                kept = kept[:-1]
            return kept + said
    return None
