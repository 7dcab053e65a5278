"""The skill's own understanding of raw words: what Alexa's model could not
place (the catch-all intent, unresolved slot values) is understood here,
with the open question deciding what an answer means. The console and
`backcare parse` run this same code."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .meaning import NOT_UNDERSTOOD, OUT_OF_SCOPE, RED_FLAG, WARNING_SIGNS, Asked, Fill, Understood

if TYPE_CHECKING:
    from .understand import resolve, understand


def __getattr__(name: str) -> Any:
    # The understanding itself (classifier, lexicon) loads on first use: the
    # skill's interceptor imports this package on every cold start.
    if name in ("resolve", "understand"):
        module = importlib.import_module(f"{__name__}.understand")
        # Importing the submodule set `understand` to it: the package's
        # `understand` is the function, as it was before the lazy load.
        globals().update(resolve=module.resolve, understand=module.understand)
        return globals()[name]
    raise AttributeError(name)


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
