"""Massage types referred to by their place in what the skill just listed:
"what's the first one like", "the difference between the first two", "how
much are both".

The massage and business rooms keep the types they last named, in order
(`ctx.listed`); here a reference to a place in that list becomes the
type's name, and the line is read as if the name had been said.
"""

from __future__ import annotations

import re

PLACES = {
    "first": 0,
    "1st": 0,
    "top": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
    "5th": 4,
    "last": -1,
}
_PLACE = "|".join(PLACES)
# "the first two", "the last two": a pair from the list
PAIR = re.compile(rf"\b(?:the )?({_PLACE}) (?:two|2)(?: ones| of them| you said)?\b")
# "both", "both of them": the list, when it holds two (not "both legs")
BOTH = re.compile(r"\bboth(?: of them| of those| ones)?(?= *$| (?:please|then|cost|are|is))")
# "the first one", "that second one", "the last one you said"; not "the last
# massage" (the last session) or "the first step"
ONE = re.compile(
    rf"\b(?:the |that |this |your )({_PLACE})"
    r"(?: (?:one|type|kind|option|style)(?: you (?:said|mentioned|listed))?\b| *$)"
)


def name_of(massage_id: str) -> str:
    return massage_id.replace("_", " ")


def found(text: str, listed: tuple[str, ...]) -> tuple[tuple[str, ...], int, int] | None:
    """The types a place in the list names, and where the words say it."""
    if not listed:
        return None
    lowered = text.lower()
    pair = PAIR.search(lowered)
    if pair is not None and len(listed) >= 2:
        ids = listed[-2:] if pair.group(1) == "last" else listed[:2]
        return ids, pair.start(), pair.end()
    both = BOTH.search(lowered)
    if both is not None and len(listed) == 2:
        return listed, both.start(), both.end()
    one = ONE.search(lowered)
    if one is None:
        return None
    place = PLACES[one.group(1)]
    if place >= len(listed):
        return None
    return (listed[place],), one.start(), one.end()


def referred(text: str, listed: tuple[str, ...]) -> str | None:
    """The words with a place in the list put as the type's name; None when
    they refer to no place in it."""
    place = found(text, listed)
    if place is None:
        return None
    ids, start, end = place
    lowered = text.lower()
    return f"{lowered[:start]}{' and '.join(name_of(i) for i in ids)}{lowered[end:]}"
