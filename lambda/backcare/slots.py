"""Read intent slots safely: missing, empty and unmatched values included."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

ER_MATCH = "ER_SUCCESS_MATCH"


@dataclass(frozen=True)
class SlotValue:
    heard: str  # what the user said, "" when the slot was not filled
    id: str | None = None  # canonical id when entity resolution matched

    @property
    def matched(self) -> bool:
        return self.id is not None


def _slot(handler_input: HandlerInput, name: str) -> Any:
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slots = getattr(intent, "slots", None) or {}
    return slots.get(name) if isinstance(slots, dict) else None


def slot(handler_input: HandlerInput, name: str) -> SlotValue:
    raw = _slot(handler_input, name)
    heard = str(getattr(raw, "value", None) or "").strip()
    if not heard or heard == "?":
        return SlotValue(heard="")
    resolutions = getattr(getattr(raw, "resolutions", None), "resolutions_per_authority", None)
    for authority in resolutions or []:
        code = getattr(getattr(getattr(authority, "status", None), "code", None), "value", None)
        values = getattr(authority, "values", None) or []
        if code == ER_MATCH and values:
            value = getattr(values[0], "value", None)
            canonical = getattr(value, "id", None) or getattr(value, "name", None)
            if canonical:
                return SlotValue(heard=heard, id=str(canonical))
    return SlotValue(heard=heard)


def number(handler_input: HandlerInput, name: str) -> int | None:
    heard = slot(handler_input, name).heard
    try:
        return int(heard)
    except ValueError:
        return None
