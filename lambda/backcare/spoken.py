"""Small pieces of spoken English shared by the rooms: lists and clock times."""

from __future__ import annotations

import re
from datetime import time


def spoken_list(items: list[str], conj: str = "or") -> str:
    """'a', 'a or b', 'a, b, or c'."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conj} {items[1]}"
    return ", ".join(items[:-1]) + f", {conj} " + items[-1]


def sentence(text: str) -> str:
    """The text as the start of a sentence: 'deep tissue' -> 'Deep tissue'."""
    return text[:1].upper() + text[1:]


def count_of(number: int, word: str, plural: str = "") -> str:
    """'1 step', '2 steps', '1 day'; `plural` for words that don't add s."""
    return f"{number} {word if number == 1 else plural or word + 's'}"


def clock(moment: time) -> str:
    """'3 PM', '10:30 AM'."""
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{hour}:{moment.minute:02d} {suffix}" if moment.minute else f"{hour} {suffix}"


def ordinal(n: int) -> str:
    """14 -> '14th', 22 -> '22nd' (a day of the month as it is said)."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# "14th", "3": a day of the month in figures
ORDINAL_FORM = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
ORDINAL_WORDS = {
    word: i + 1
    for i, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
} | {"thirtieth": 30}


def ordinal_day(word: str) -> int | None:
    """'fourteenth' or '14th' -> 14; None for any other word."""
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS[word]
    match = ORDINAL_FORM.match(word)
    if match is None or not match.group(2):
        return None
    day = int(match.group(1))
    return day if 1 <= day <= 31 else None
