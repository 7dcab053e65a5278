"""Yes/no answers: each room registers what a yes or no means for the
questions it asks; every Question must have one when the skill is built."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_model.response import Response

from .context import Question
from .turn import Turn

Answer = Callable[[Turn, bool], Response]

ANSWERS: dict[Question, Answer] = {}


def answers(question: Question) -> Callable[[Answer], Answer]:
    def register(func: Answer) -> Answer:
        if question in ANSWERS:
            raise ValueError(f"question {question.value!r} answered twice")
        ANSWERS[question] = func
        return func

    return register


def unanswered() -> list[Question]:
    """Questions no room has registered an answer for."""
    return [q for q in Question if q not in ANSWERS]
