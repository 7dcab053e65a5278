"""Alexa's published limits for a custom interaction model, and ours.

Sources (docs/interaction-model.md says more):
- a sample utterance: at most 200 characters (the developer console's rule);
- a slot value or synonym: at most 140 characters (the console's error
  "Slot value length exceeds the limit of 140 characters");
- custom slot values: at most 50,000 in a skill, across all custom types;
- the model definition sent by SMAPI / `ask deploy`: at most 1,000,000
  characters ("modelDefinition ... length less than or equal to 1000000").
The model file as committed (indented JSON) is what `ask deploy` sends, so
its length is what is measured.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Limit(NamedTuple):
    name: str
    alexa: int  # Alexa's published limit
    budget: int  # what we allow ourselves, leaving room for other locales' growth


SAMPLE_CHARS = Limit("characters in a sample", 200, 200)
SLOT_VALUE_CHARS = Limit("characters in a slot value or synonym", 140, 140)
SLOT_VALUES = Limit("custom slot values and synonyms", 50_000, 5_000)
MODEL_CHARS = Limit("characters in the model file", 1_000_000, 850_000)
LIMITS = (SAMPLE_CHARS, SLOT_VALUE_CHARS, SLOT_VALUES, MODEL_CHARS)


def measure(model: dict[str, Any], rendered: str) -> dict[str, int]:
    """Our figure for each limit, plus the sample count per intent (largest)."""
    language = model["interactionModel"]["languageModel"]
    samples = [s for i in language["intents"] for s in i.get("samples", [])]
    said = [
        text
        for t in language.get("types", [])
        for v in t["values"]
        for text in [v["name"]["value"], *v["name"].get("synonyms", [])]
    ]
    return {
        SAMPLE_CHARS.name: max((len(s) for s in samples), default=0),
        SLOT_VALUE_CHARS.name: max((len(s) for s in said), default=0),
        SLOT_VALUES.name: len(said),
        MODEL_CHARS.name: len(rendered),
        "samples": len(samples),
        "samples in the largest intent": max(
            (len(i.get("samples", [])) for i in language["intents"]), default=0
        ),
    }


def check_limits(model: dict[str, Any], rendered: str) -> list[str]:
    """Every figure over our budget, as 'name: figure > budget'."""
    figures = measure(model, rendered)
    return [
        f"{limit.name}: {figures[limit.name]} > {limit.budget}"
        for limit in LIMITS
        if figures[limit.name] > limit.budget
    ]
