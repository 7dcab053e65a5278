"""Turn typed text into an intent and slots using the generated model.

It is a plain matcher over the model's own sample utterances and slot
values, so the console exercises the same model that ships to Alexa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
        for intent in language["intents"]:
            types = {s["name"]: s["type"] for s in intent.get("slots", [])}
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

    def _resolve(self, slot_type: str, said: str) -> SlotFill | None:
        if slot_type == "AMAZON.NUMBER":
            number = spoken_number(said)
            return None if number is None else SlotFill(str(number), slot_type)
        for text, value_id, name in self.values.get(slot_type, []):
            if text == normalize(said):
                return SlotFill(said, slot_type, value_id, name)
        return SlotFill(said, slot_type)

    def parse(self, text: str) -> Parsed:
        said = normalize(text)
        best: tuple[tuple[int, int], Parsed] | None = None
        for pattern in self.patterns:
            match = pattern.regex.match(said)
            if not match:
                continue
            slots: dict[str, SlotFill] = {}
            ok = True
            for name, value in match.groupdict().items():
                fill = self._resolve(pattern.slot_types.get(name, ""), value)
                if fill is None or (pattern.slot_only and fill.resolved_id is None):
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
