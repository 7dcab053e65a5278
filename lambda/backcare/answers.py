"""Yes/no answers: each room registers what a yes or no means for the
questions it asks, keyed by the question name stored in the session."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_model.response import Response

from .turn import Turn

Answer = Callable[[Turn, bool], Response]

ANSWERS: dict[str, Answer] = {}


def answers(question: str) -> Callable[[Answer], Answer]:
    def register(func: Answer) -> Answer:
        if question in ANSWERS:
            raise ValueError(f"question {question!r} answered twice")
        ANSWERS[question] = func
        return func

    return register
