"""The skill's own understanding of raw words: what Alexa's model could not
place (the catch-all intent, unresolved slot values) is understood here,
with the open question deciding what an answer means. The console and
`backcare parse` run this same code."""

from __future__ import annotations

from .understand import (
    NOT_UNDERSTOOD,
    OUT_OF_SCOPE,
    RED_FLAG,
    WARNING_SIGNS,
    Asked,
    Fill,
    Understood,
    resolve,
    understand,
)

__all__ = [
    "NOT_UNDERSTOOD",
    "OUT_OF_SCOPE",
    "RED_FLAG",
    "WARNING_SIGNS",
    "Asked",
    "Fill",
    "Understood",
    "resolve",
    "understand",
]
