"""'Is that 3 PM?': settling a time said without AM or PM.

Booking and reminders both ask it; each registers what to do once the
answer is in, by the kind of time being settled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from ask_sdk_model.response import Response

from ..answers import answers
from ..context import BookingKind, PendingTime, Question
from ..speech import Speech
from ..spoken import clock
from ..turn import Turn

Settled = Callable[[Turn, PendingTime, time], Response]
_SETTLED: dict[BookingKind, Settled] = {}


def when_settled(*kinds: BookingKind) -> Callable[[Settled], Settled]:
    def register(func: Settled) -> Settled:
        for kind in kinds:
            _SETTLED[kind] = func
        return func

    return register


def missing() -> list[str]:
    return [f"time settling for {k.value}" for k in BookingKind if k not in _SETTLED]


def ask(turn: Turn, pending: PendingTime) -> Response:
    turn.ctx.pending_time = pending
    say = turn.say
    pm = clock(time(pending.hour + 12, pending.minute))
    am = clock(time(pending.hour, pending.minute))
    return turn.ask(
        Speech().say(say("ampm_question", time=pm)),
        say("ampm_reprompt", pm=pm, am=am),
        question=Question.AMPM,
    )


@answers(Question.AMPM)
def _ampm(turn: Turn, yes: bool) -> Response:
    pending, turn.ctx.pending_time = turn.ctx.pending_time, None
    settled = _SETTLED.get(pending.kind) if pending else None
    if pending is None or settled is None or not 0 <= pending.hour < 12:
        return turn.menu()
    moment = time(pending.hour + (12 if yes else 0), pending.minute)
    return settled(turn, pending, moment)
