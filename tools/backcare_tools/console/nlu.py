"""Turn typed text into an intent and slots using the generated model.

It is a plain matcher over the model's own sample utterances and slot
values, so the console exercises the same model that ships to Alexa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .device import SlotFill

_WORD = re.compile(r"[^a-z0-9' ]+")
_SLOT = re.compile(r"{(\w+)}")

_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


def normalize(text: str) -> str:
    return " ".join(_WORD.sub(" ", text.lower().replace("-", " ")).split())


def spoken_number(text: str) -> int | None:
    words = normalize(text).split()
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    total = 0
    for word in words:
        if word in _TENS:
            total += _TENS[word]
        elif word in _UNITS:
            total += _UNITS[word]
        elif word not in ("a", "and"):
            return None
    return total if words else None


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
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
_WORD_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}


def spoken_date(text: str, today: date) -> str | None:
    """A day as AMAZON.DATE gives it (YYYY-MM-DD): weekdays, today, tomorrow,
    'december fourth', 'the 4th of december'."""
    words = [w for w in normalize(text).split() if w not in ("on", "the", "this", "of")]
    if words == ["today"]:
        return today.isoformat()
    if words == ["tomorrow"]:
        return (today + timedelta(days=1)).isoformat()
    if len(words) in (1, 2) and words[-1] in _WEEKDAYS and words[0] in ("next", words[-1]):
        ahead = (_WEEKDAYS.index(words[-1]) - today.weekday()) % 7
        return (today + timedelta(days=ahead + (7 if words[0] == "next" else 0))).isoformat()
    month = next((w for w in words if w in _MONTHS), None)
    rest = [w for w in words if w != month]
    if month is None or len(rest) != 1:
        return None
    match = _ORDINAL.match(rest[0])
    day = int(match.group(1)) if match else _WORD_ORDINALS.get(rest[0])
    if day is None:
        return None
    try:
        found = date(today.year, _MONTHS.index(month) + 1, day)
    except ValueError:
        return None
    if found < today:
        found = found.replace(year=today.year + 1)
    return found.isoformat()


def spoken_time(text: str) -> str | None:
    """A clock time as AMAZON.TIME gives it (HH:MM): '3 pm', '10:30 am',
    'noon', 'at 3' (03:00, left for the skill to settle)."""
    words = normalize(text.replace(":", " : ")).replace("p m", "pm").replace("a m", "am").split()
    words = [w for w in words if w not in ("at", "o'clock", "oclock")]
    if words in (["noon"], ["midday"]):
        return "12:00"
    suffix = None
    for marker, value in (
        ("pm", "pm"),
        ("am", "am"),
        ("evening", "pm"),
        ("afternoon", "pm"),
        ("night", "pm"),
        ("morning", "am"),
    ):
        if marker in words:
            suffix = value
            words = [w for w in words if w not in (marker, "in", "the")]
    if ":" in words:
        i = words.index(":")
        hour, minute = spoken_number(" ".join(words[:i])), spoken_number(" ".join(words[i + 1 :]))
    elif len(words) == 2 and all(w.isdigit() for w in words):  # "10 30", typed as 10:30
        hour, minute = int(words[0]), int(words[1])
    else:
        hour, minute = spoken_number(" ".join(words)), 0
    if hour is None or minute is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if suffix == "pm" and hour < 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


@dataclass
class Parsed:
    intent: str
    slots: dict[str, SlotFill] = field(default_factory=dict)


@dataclass
class _Pattern:
    intent: str
    regex: re.Pattern[str]
    slot_types: dict[str, str]
    literal: int
    slot_only: bool


class Nlu:
    def __init__(self, model: dict[str, Any]) -> None:
        language = model["interactionModel"]["languageModel"]
        self.invocation = normalize(language["invocationName"])
        self.values: dict[str, list[tuple[str, str, str]]] = {}
        for slot_type in language.get("types", []):
            rows = self.values.setdefault(slot_type["name"], [])
            for value in slot_type["values"]:
                name = value["name"]["value"]
                for said in [name, *value["name"].get("synonyms", [])]:
                    rows.append((normalize(said), value.get("id") or name, name))
        self.patterns: list[_Pattern] = []
        self.slot_types: dict[tuple[str, str], str] = {}
        for intent in language["intents"]:
            types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            self.slot_types.update({(intent["name"], n): t for n, t in types.items()})
            for sample in intent.get("samples", []):
                self.patterns.append(self._compile(intent["name"], sample, types))

    @staticmethod
    def _compile(intent: str, sample: str, types: dict[str, str]) -> _Pattern:
        parts = []
        literal = 0
        for piece in re.split(r"({\w+})", sample):
            match = _SLOT.fullmatch(piece)
            if match:
                parts.append(f"(?P<{match.group(1)}>.+?)")
            elif piece.strip():
                text = normalize(piece)
                literal += len(text)
                parts.append(re.escape(text))
        regex = re.compile("^" + r"\s*".join(parts) + "$")
        return _Pattern(intent, regex, types, literal, slot_only=literal == 0)

    def _resolve(self, slot_type: str, said: str, today: date) -> SlotFill | None:
        if slot_type == "AMAZON.DATE":
            value = spoken_date(said, today)
            return None if value is None else SlotFill(value, slot_type)
        if slot_type == "AMAZON.TIME":
            value = spoken_time(said)
            return None if value is None else SlotFill(value, slot_type)
        if slot_type == "AMAZON.NUMBER":
            number = spoken_number(said)
            return None if number is None else SlotFill(str(number), slot_type)
        for text, value_id, name in self.values.get(slot_type, []):
            if text == normalize(said):
                return SlotFill(said, slot_type, value_id, name)
        return SlotFill(said, slot_type)

    def fill(self, intent: str, slot: str, text: str, today: date) -> SlotFill | None:
        """Read an answer to a Dialog.ElicitSlot as a value for that slot."""
        slot_type = self.slot_types.get((intent, slot), "")
        if not slot_type:
            return None
        said = normalize(text.replace(":", " "))
        fill = self._resolve(slot_type, said, today)
        custom = not slot_type.startswith("AMAZON.")
        return None if fill is None or (custom and fill.resolved_id is None) else fill

    def parse(self, text: str, today: date | None = None) -> Parsed:
        """The intent and slots Alexa would send; dates resolve from `today`."""
        today = today or datetime.now(UTC).date()
        said = normalize(text.replace(":", " "))
        best: tuple[tuple[int, int], Parsed] | None = None
        for pattern in self.patterns:
            match = pattern.regex.match(said)
            if not match:
                continue
            slots: dict[str, SlotFill] = {}
            ok = True
            for name, value in match.groupdict().items():
                fill = self._resolve(pattern.slot_types.get(name, ""), value, today)
                custom = not fill.slot_type.startswith("AMAZON.") if fill else False
                if fill is None or (pattern.slot_only and custom and fill.resolved_id is None):
                    ok = False
                    break
                slots[name] = fill
            if not ok:
                continue
            resolved = sum(1 for f in slots.values() if f.resolved_id)
            score = (pattern.literal + 100 * resolved, -len(slots))
            if best is None or score > best[0]:
                best = (score, Parsed(pattern.intent, slots))
        return best[1] if best else Parsed("AMAZON.FallbackIntent")
