"""A number said alone (NumberIntent): what it means is the open question's
to say. Each room registers, for the questions it asks that take a number,
what the number answers (a pain score, an hour, the Nth routine offered, a
day of the month); at any other question, or none, it was not understood,
never a pain score."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_model.response import Response

from . import asking
from .context import Question
from .turn import Turn

Heard = Callable[[Turn, int], Response | None]

NUMBERS: dict[Question, Heard] = {}


def hears(*questions: Question) -> Callable[[Heard], Heard]:
    """Register what a number means at `questions`; the function returns
    None for a number that does not fit (out of range), which is a miss."""

    def register(func: Heard) -> Heard:
        for question in questions:
            if question in NUMBERS:
                raise ValueError(f"numbers at {question.value!r} registered twice")
            NUMBERS[question] = func
        return func

    return register


def heard(turn: Turn, number: int | None) -> Response:
    question = turn.question
    meaning = NUMBERS.get(question) if question is not None else None
    if meaning is None or number is None:
        return asking.miss(turn)
    answered = meaning(turn, number)
    return answered if answered is not None else asking.miss(turn)
