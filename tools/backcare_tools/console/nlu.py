"""What Alexa sends for typed words, and what the skill then acts on.

`Nlu.alexa` stands in for Alexa's matching on a device: the words (less a
one-shot invocation, "ask back care coach to ...") are matched against the
generated model's samples; custom slot types are open, so a sample matches
with a value the model does not know, sent unresolved
(ER_SUCCESS_NO_MATCH); words that no sample matches go to CatchAllIntent,
the model's one bare open slot, as they were heard. AMAZON.NUMBER, DATE and
TIME values are read as Alexa hands them over (understanding/spoken.py).

`Nlu.parse` adds what the skill does with that request: its own
understanding (backcare.understanding), the very code the Lambda and web
paths run. It is a test and demo tool, not Alexa's NLU.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from backcare.understanding import Asked, Fill, Understood
from backcare.understanding.fluency import strip
from backcare.understanding.heard import CATCH_ALL, CATCH_ALL_SLOT, decide
from backcare.understanding.spoken import normalize, spoken_date, spoken_number, spoken_time

from .device import SlotFill

__all__ = ["Nlu", "Parsed", "normalize", "spoken_number"]

_SLOT = re.compile(r"{(\w+)}")
MAX_OPEN_WORDS = 6  # words an open custom slot takes at most, as heard on a device


@dataclass
class Parsed:
    intent: str
    slots: dict[str, SlotFill] = field(default_factory=dict)
    how: str = "exact"  # exact | catch-all | what the skill's understanding did
    score: float = 100.0
    understood: Understood | None = None  # the skill's reading, when it had to read


@dataclass
class _Pattern:
    intent: str
    regex: re.Pattern[str]
    slot_types: dict[str, str]
    literal: int


class Nlu:
    def __init__(self, model: dict[str, Any]) -> None:
        language = model["interactionModel"]["languageModel"]
        self.invocation = normalize(language["invocationName"])
        # "ask back care coach to start the desk break": Alexa takes off the
        # launch words, the invocation name and a connecting word before it
        # matches the rest against the samples.
        self._one_shot = re.compile(
            rf"^(?:alexa )?(?:ask|tell|open|launch|start|use|load) {re.escape(self.invocation)}"
            r"(?: (?:to|for|about|if|whether|that|and))?(?: (?P<rest>.+))?$"
        )
        # said (normalized) -> [(type, id, name)]
        self.values: dict[str, list[tuple[str, str, str]]] = {}
        for slot_type in language.get("types", []):
            for value in slot_type["values"]:
                name = value["name"]["value"]
                for said in [name, *value["name"].get("synonyms", [])]:
                    rows = self.values.setdefault(normalize(said), [])
                    row = (slot_type["name"], value.get("id") or name, name)
                    if row not in rows:
                        rows.append(row)
        self.slot_types: dict[tuple[str, str], str] = {}
        self.whole: dict[str, str] = {}  # samples without slots
        self.patterns: dict[str, list[_Pattern]] = {}  # by first word ("" = a slot)
        for intent in language["intents"]:
            types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            self.slot_types.update({(intent["name"], n): t for n, t in types.items()})
            if intent["name"] == CATCH_ALL:
                continue  # what Alexa sends when no other sample matches
            for sample in intent.get("samples", []):
                self._add(intent["name"], sample, types)

    def _add(self, intent: str, sample: str, types: dict[str, str]) -> None:
        text = normalize(sample.replace("{", " {").replace("}", "} "))
        if not _SLOT.search(sample):
            self.whole.setdefault(text, intent)
            return
        parts = []
        literal = 0
        for piece in re.split(r"({\w+})", sample):
            match = _SLOT.fullmatch(piece)
            if match:
                parts.append(f"(?P<{match.group(1)}>.+?)")
            elif piece.strip():
                said = normalize(piece)
                literal += len(said)
                parts.append(re.escape(said))
        regex = re.compile("^" + " ".join(parts) + "$")
        first = "" if sample.startswith("{") else text.split()[0]
        self.patterns.setdefault(first, []).append(_Pattern(intent, regex, types, literal))

    # -- slot values -------------------------------------------------------

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
        for kind, value_id, name in self.values.get(normalize(said), []):
            if kind == slot_type:
                return SlotFill(said, slot_type, value_id, name)
        return SlotFill(said, slot_type)

    def fill(self, intent: str, slot: str, text: str, today: date) -> SlotFill | None:
        """Read an answer to a Dialog.ElicitSlot as a value for that slot."""
        slot_type = self.slot_types.get((intent, slot), "")
        if not slot_type:
            return None
        for said in (normalize(text.replace(":", " ")), strip(normalize(text))):
            fill = self._resolve(slot_type, said, today)
            custom = not slot_type.startswith("AMAZON.")
            if fill is not None and not (custom and fill.resolved_id is None):
                return fill
        return None

    # -- understanding -----------------------------------------------------

    def one_shot(self, text: str) -> str | None:
        """For "ask back care coach for a tip", what is asked ("a tip"; ''
        when only the skill is named); None when the skill is not named."""
        match = self._one_shot.match(normalize(text.replace(":", " ")))
        if not match:
            return None
        return match.group("rest") or ""

    def exact(self, text: str, today: date | None = None) -> Parsed | None:
        """The intent when the text is one of the model's samples with slot
        values that resolve, as a local Alexa simulator matches."""
        found = self._exact(normalize(text.replace(":", " ")), today or _today())
        return found[0]

    def alexa(self, text: str, today: date | None = None) -> Parsed:
        """What Alexa sends for the words: a sample matched (custom slots are
        open: a value the model does not know is sent unresolved), else the
        catch-all intent with the words as they were heard."""
        today = today or _today()
        said = normalize(text.replace(":", " "))
        said = self.one_shot(said) or said
        matched, unknown = self._exact(said, today) if said else (None, None)
        if matched is not None or unknown is not None:
            return matched or unknown  # type: ignore[return-value]
        return Parsed(CATCH_ALL, {CATCH_ALL_SLOT: SlotFill(said, "CATCH_ALL")}, "catch-all")

    def parse(self, text: str, today: date | None = None, asked: Asked | None = None) -> Parsed:
        """What the skill acts on: what Alexa sends (`alexa`), then the
        skill's own understanding of raw words and unresolved values, the
        same code the Lambda path runs (backcare.understanding.heard)."""
        today = today or _today()
        sent = self.alexa(text, today)
        fills = {
            k: Fill(f.value, f.slot_type, f.resolved_id, f.resolved_name)
            for k, f in sent.slots.items()
        }
        types = {
            k: "" if f.slot_type.startswith("AMAZON.") else f.slot_type
            for k, f in sent.slots.items()
        }
        meant = decide(sent.intent, fills, types, asked or Asked(), today)
        if meant is None:
            return sent
        slots = {k: SlotFill(f.value, f.slot_type, f.id, f.name) for k, f in meant.slots.items()}
        return Parsed(meant.intent, slots, meant.how, 100.0 * meant.confidence, meant)

    def _exact(self, said: str, today: date) -> tuple[Parsed | None, Parsed | None]:
        """(a match whose slots all resolve, else the best match with a
        custom value the model does not know)"""
        if said in self.whole:
            return Parsed(self.whole[said], {}, "exact", 100.0), None
        words = said.split()
        best: tuple[tuple[int, int], Parsed] | None = None
        unknown: tuple[tuple[int, int], Parsed] | None = None
        for pattern in self.patterns.get(words[0] if words else "", []) + self.patterns.get("", []):
            match = pattern.regex.match(said)
            if not match:
                continue
            slots: dict[str, SlotFill] = {}
            missing = 0
            for name, value in match.groupdict().items():
                fill = self._resolve(pattern.slot_types.get(name, ""), value, today)
                if fill is None:
                    break
                if not fill.slot_type.startswith("AMAZON.") and fill.resolved_id is None:
                    missing += 1
                slots[name] = fill
            else:
                score = (pattern.literal, -len(slots))
                parsed = Parsed(pattern.intent, slots, "exact", 100.0)
                if missing == 0 and (best is None or score > best[0]):
                    best = (score, parsed)
                elif (  # custom slots are open: Alexa sends words it cannot resolve
                    missing
                    and all(len(f.value.split()) <= MAX_OPEN_WORDS for f in slots.values())
                    and (unknown is None or score > unknown[0])
                ):
                    unknown = (score, parsed)
        return (best[1] if best else None), (unknown[1] if unknown else None)


def _today() -> date:
    return datetime.now(UTC).date()
