"""Spoken numbers, dates and times, read the way Alexa's built-in slot types
(AMAZON.NUMBER, AMAZON.DATE, AMAZON.TIME) hand them to a skill.

Numbers go through text2num; dates the hand rules below cannot read go
through dateparser (future dates preferred, relative to the device's day).
Both load only when raw words are understood (understanding/), never on a
turn whose intent Alexa resolved.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache
from itertools import pairwise
from typing import Any

from ..spoken import ORDINAL_FORM as _ORDINAL
from ..spoken import ORDINAL_WORDS as _ORDINAL_WORDS

_WORD = re.compile(r"[^a-z0-9' ]+")


# "six p m", "7 a m": the letters of pm and am, spelled out by the recogniser
_SPELLED_PM = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|thirty|forty five|o'clock) ([ap]) m\b"
)


def normalize(text: str) -> str:
    """Lower case words and apostrophes, as a speech recogniser writes them."""
    said = " ".join(_WORD.sub(" ", text.lower().replace("-", " ")).split())
    return _SPELLED_PM.sub(r"\1 \2m", said) if " m" in said else said


def spoken_number(text: str) -> int | None:
    """'five', 'twenty five', '12', 'a four' (the article dropped); else None."""
    from text_to_num import text2num

    words = normalize(text).split()
    if words[:1] in (["a"], ["an"]) and len(words) > 1:
        words = words[1:]
    if not words:
        return None
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    if words[-1] == "oh" or any(w.isdigit() for w in words):
        return None
    try:
        value = text2num(" ".join(words), "en")
    except ValueError:
        return None
    return int(value)


def digits(text: str) -> str:
    """Number words replaced by digits ('three thirty pm' -> '3 30 pm')."""
    from text_to_num import alpha2digit

    converted: str = alpha2digit(text, "en")
    # alpha2digit leaves a lone 'one' or 'zero' as words (they are often not numbers)
    return re.sub(
        r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|zero)\b",
        lambda m: str(spoken_number(m.group(1))),
        converted,
    )


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_SHORT_MONTHS = {m[:3]: m for m in _MONTHS} | {"sept": "september"}
_SHORT_DAYS = {  # "thurs", "weds": a weekday as people clip it
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "weds": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
}


def _ordinals(words: list[str]) -> list[str]:
    """'twenty first' -> '21st', 'third' -> '3rd' (text2num leaves them)."""
    out: list[str] = []
    for word in words:
        day = _ORDINAL_WORDS.get(word)
        if day is not None and out and out[-1] in ("twenty", "thirty") and day < 10:
            out[-1] = f"{(20 if out[-1] == 'twenty' else 30) + day}th"
        elif day is not None:
            out.append(f"{day}th")
        else:
            out.append(word)
    return out


# the weekdays, months and relative days, and the first words of _HOLIDAYS
DATE_WORDS = frozenset(
    [*_WEEKDAYS, *_MONTHS, *_SHORT_MONTHS, "today", "tomorrow", "tonight", "weekend"]
) | frozenset({"christmas", "boxing", "halloween", "valentines", "valentine's"})


_DAY_PARTS = frozenset({"morning", "afternoon", "arvo", "evening", "night"})


def spoken_date(text: str, today: date) -> str | None:
    """A day as AMAZON.DATE gives it (YYYY-MM-DD): 'friday', 'next tuesday',
    'today', 'the day after tomorrow', 'december fourth', 'the 4th of
    december', 'the twelfth'. None when the words are not a single day."""
    said = _ordinals(normalize(text).split())
    # a part of the day ("next tuesday afternoon") says nothing about the day
    skip = {"on", "the", "of", "this", *_DAY_PARTS}
    spoken = digits(" ".join(said)).split()
    if any(w in _DAY_PARTS and n.isdigit() for w, n in pairwise(spoken)):
        return None  # "december evening 4": the 4 is a time in the evening
    words = [w for w in spoken if w not in skip]
    if len(words) >= 2 and all(w.isdigit() for w in words):
        return None  # "10 30", "8 15": a clock time, not the 30th of October
    words = [_SHORT_DAYS.get(w, _SHORT_MONTHS.get(w, w)) for w in words]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    if not words:
        return None
    if words in (["today"], ["tonight"]):
        return today.isoformat()
    if words == ["tomorrow"] or (
        words[:1] == ["tomorrow"] and len(words) == 2 and not words[1].isdigit()
    ):
        return (today + timedelta(days=1)).isoformat()
    if words == ["day", "after", "tomorrow"]:
        return (today + timedelta(days=2)).isoformat()
    holiday = _HOLIDAYS.get(" ".join(words))
    if holiday is not None:  # "boxing day": its next date
        found = date(today.year, *holiday)
        return (found if found >= today else date(today.year + 1, *holiday)).isoformat()
    ahead = _days_ahead(words)
    if ahead is not None:
        return (today + timedelta(days=ahead)).isoformat()
    weekday = [w for w in words if w in _WEEKDAYS or w.rstrip("s") in _WEEKDAYS]
    rest = [w for w in words if w not in weekday]
    span = _span_after(weekday, rest)
    if span is not None:  # "a week on friday", "a fortnight on friday", "tuesday fortnight"
        day = weekday[0].rstrip("s") if weekday[0] not in _WEEKDAYS else weekday[0]
        ahead = (_WEEKDAYS.index(day) - today.weekday()) % 7
        return (today + timedelta(days=ahead + span)).isoformat()
    if len(weekday) == 1 and rest in ([], ["next"], ["coming"], ["next", "week"], ["week"]):
        day = weekday[0].rstrip("s") if weekday[0] not in _WEEKDAYS else weekday[0]
        if rest in (["next"], ["next", "week"]):
            # the common reading: that day of next week (weeks start Monday);
            # "monday next week" says so outright
            monday = today + timedelta(days=7 - today.weekday())
            return (monday + timedelta(days=_WEEKDAYS.index(day))).isoformat()
        ahead = (_WEEKDAYS.index(day) - today.weekday()) % 7
        later = 7 if rest == ["week"] else 0  # "tuesday week": a week on from it
        return (today + timedelta(days=ahead + later)).isoformat()
    month = next((w for w in words if w in _MONTHS), None)
    relative = weekday or set(words) & {"today", "tomorrow", "tonight"}
    if relative and month is None and any(w.isdigit() for w in words):
        return None  # "saturday 4", "tomorrow 11": a day and a time, not the 4th
    rest = [w for w in words if w != month and w not in weekday]
    if len(rest) == 1 and _ORDINAL.match(rest[0]):
        day_of_month = int(_ORDINAL.match(rest[0]).group(1))  # type: ignore[union-attr]
        return _next_day_of_month(today, month, day_of_month)
    return _dateparser_day(" ".join(words), today)


# Fixed-date days people name a day by (words as spoken_date leaves them:
# "new year's eve" loses its "'s").
_HOLIDAYS = {
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "boxing day": (12, 26),
    "new year eve": (12, 31),
    "new years eve": (12, 31),
    "new year day": (1, 1),
    "new years day": (1, 1),
    "valentine day": (2, 14),
    "valentines day": (2, 14),
    "halloween": (10, 31),
}
_SPAN_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "fortnight": 14}


def _span_after(weekday: list[str], rest: list[str]) -> int | None:
    """Days after a weekday's next date: 'a fortnight' (on friday) 14,
    'fortnight' (tuesday fortnight) 14, 'two weeks' 14; None otherwise."""
    rest = [w for w in rest if w != "in"]  # "monday in two weeks"
    if len(weekday) != 1 or not rest or rest[-1] not in ("fortnight", "weeks", "week"):
        return None
    if rest == ["fortnight"]:
        return 14
    if len(rest) != 2:
        return None
    count = 1 if rest[0] in ("a", "one") else int(rest[0]) if rest[0].isdigit() else None
    return None if count is None or count > 52 else count * _SPAN_DAYS[rest[1]]


def _days_ahead(words: list[str]) -> int | None:
    """'in 2 weeks', 'in a fortnight', 'a week today', 'two weeks from today'."""
    body = [w for w in words if w not in ("in", "from", "today", "time")]
    if len(body) != 2 or body[1] not in _SPAN_DAYS or body == words:
        return None
    count = 1 if body[0] in ("a", "one") else int(body[0]) if body[0].isdigit() else None
    return None if count is None or count > 366 else count * _SPAN_DAYS[body[1]]


def _next_day_of_month(today: date, month: str | None, day: int) -> str | None:
    try:
        if month is None:  # 'the twelfth': the next twelfth
            found = today.replace(day=day)
            if found < today:
                found = (today.replace(day=1) + timedelta(days=32)).replace(day=day)
            return found.isoformat()
        found = date(today.year, _MONTHS.index(month) + 1, day)
    except ValueError:
        return None
    if found < today:
        found = found.replace(year=today.year + 1)
    return found.isoformat()


@cache
def _dateparser() -> Any:
    import dateparser

    return dateparser


def _dateparser_day(words: str, today: date) -> str | None:
    said = words.split()
    if not any(w in DATE_WORDS or w in ("week", "days", "month") for w in said):
        return None
    if {"at", "am", "pm", "o'clock", "noon", "past"} & set(said):
        return None  # a time with the day: read by spoken_time, not here
    if set(said) <= set(_MONTHS) | {"next", "this", "in"}:
        return None  # a month is not a day
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime(today.year, today.month, today.day, 12),
        "STRICT_PARSING": False,
    }
    found = _dateparser().parse(words, languages=["en"], settings=settings)
    if found is None or found.date() < today:
        return None
    named = [w for w in said if w in _WEEKDAYS]
    if named and _WEEKDAYS[found.weekday()] not in named:
        return None  # a weekday said, and a date on another: misread
    return str(found.date().isoformat())


_PARTS_OF_DAY = {
    "morning": "am",
    "afternoon": "pm",
    "arvo": "pm",  # Australian for the afternoon
    "evening": "pm",
    "night": "pm",
    "tonight": "pm",
    "am": "am",
    "pm": "pm",
}
_TIME_FILLER = {"at", "o'clock", "oclock", "in", "the", "this", "around", "about", "sharp"}
# what a time is said after or before that settles its half of the day
_AFTER_WORK = re.compile(r"\b(?:after|from) (?:work|school|dinner|supper|tea|lunch)\b")
_BEFORE_WORK = re.compile(r"\bbefore (?:work|school|breakfast)\b")


def spoken_time(text: str) -> str | None:
    """A clock time as AMAZON.TIME gives it (HH:MM): '3 pm', '10:30 am',
    'three thirty', 'half past two', 'a quarter to four', 'noon', 'at 3'
    (03:00, left for the skill to settle)."""
    said = normalize(text.replace(":", " : ")).replace("p m", "pm").replace("a m", "am")
    said = re.sub(r"\b(\d+)(am|pm)\b", r"\1 \2", said)
    said = _BEFORE_WORK.sub(" am ", _AFTER_WORK.sub(" pm ", said))
    if re.search(r"\d", digits(said)):  # "lunchtime twelve thirty": lunch says the half
        said = re.sub(r"\blunch ?time\b|\blunch\b", "pm", said)
    words = digits(said).split()
    words = [w for w in words if w not in _TIME_FILLER]
    if words in (["noon"], ["midday"], ["12", "noon"], ["lunchtime"], ["lunch", "time"], ["lunch"]):
        return "12:00"
    if words == ["midnight"]:
        return "00:00"
    suffix = None
    for marker, value in _PARTS_OF_DAY.items():
        if marker in words:
            suffix = value
            words = [w for w in words if w != marker]
    hour: int | None
    minute: int | None
    if len(words) == 2 and words[0] == "half" and words[1].isdigit():
        words = ["half", "past", words[1]]  # "half four": British for half past four
    if len(words) >= 3 and words[-2] == "of":
        words[-2] = "to"  # "a quarter of five": American for a quarter to five
    if len(words) >= 3 and words[-2] in ("past", "after", "to", "before"):
        lead = [w for w in words[:-2] if w not in ("a", "minutes")]
        minute = {"half": 30, "quarter": 15}.get(lead[0]) if len(lead) == 1 else None
        if minute is None and len(lead) == 1 and lead[0].isdigit():
            minute = int(lead[0])
        hour = int(words[-1]) if words[-1].isdigit() else None
        if minute is None or hour is None or (words[-2] in ("to", "before") and minute == 30):
            return None
        if words[-2] in ("to", "before"):
            hour, minute = (hour - 1) % 24, 60 - minute
    elif ":" in words:
        i = words.index(":")
        hour = _int(words[:i])
        minute = _int(words[i + 1 :])
    elif len(words) == 2 and all(w.isdigit() for w in words):  # "3 30", "10 15"
        hour, minute = int(words[0]), int(words[1])
    elif len(words) == 3 and all(w.isdigit() for w in words) and words[1] == "0":
        hour, minute = int(words[0]), int(words[2])  # "ten oh five"
    elif _military(words):  # "fourteen hundred (hours)", "1930"
        hour, minute = divmod(int(words[0]), 100)
    else:
        hour, minute = _int(words), 0
    if hour is None or minute is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if suffix == "pm" and hour < 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _military(words: list[str]) -> bool:
    """A 24-hour time said as one number ("fourteen hundred hours")."""
    return (
        len(words) in (1, 2)
        and words[0].isdigit()
        and len(words[0]) in (3, 4)
        and words[1:] in ([], ["hours"], ["hrs"])
    )


def _int(words: list[str]) -> int | None:
    return int(words[0]) if len(words) == 1 and words[0].isdigit() else None
