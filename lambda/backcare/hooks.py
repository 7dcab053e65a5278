"""Registered hooks: how the rooms hand the conversation to each other
without importing each other.

- Continuations: a room registers what happens at a named point ("start
  the routine that was waiting", "a routine just finished", "wrap up after
  the check-in"); another room asks for that point by name.
- Gates: checks before a routine starts (the safety screen, the routine's
  own caution, the day's pain check-in), each owned and registered by its
  room and run in the order of `context.Gate`. The routines room asks
  `next_gate` what comes next and knows nothing of what each gate asks.
- Launch offers: what a room adds at launch (resume a routine, the tip of
  the day), in registration order.

`missing()` lists anything declared but never registered; the skill
refuses to build until it is empty.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from ask_sdk_model.response import Response

from .content import Routine
from .context import Gate
from .speech import Speech
from .turn import Turn

Continuation = Callable[[Turn, Speech], Response]
GateCheck = Callable[[Turn, Routine, Speech], Response | None]
LaunchOffer = Callable[[Turn, Speech, bool], Response | None]


class Then(StrEnum):
    START_ROUTINE = "start_routine"  # start ctx.routine once its remaining gates pass
    ROUTINE_FINISHED = "routine_finished"  # after the last step's celebration
    WRAP_UP = "wrap_up"  # after the after-routine check-in


_THEN: dict[Then, Continuation] = {}
_GATES: dict[Gate, GateCheck] = {}
_LAUNCH: list[LaunchOffer] = []


def on(point: Then) -> Callable[[Continuation], Continuation]:
    def register(func: Continuation) -> Continuation:
        if point in _THEN:
            raise ValueError(f"{point.value!r} registered twice")
        _THEN[point] = func
        return func

    return register


def then(point: Then, turn: Turn, lead: Speech) -> Response:
    return _THEN[point](turn, lead)


def gate(name: Gate) -> Callable[[GateCheck], GateCheck]:
    """Register a gate: it returns the question to ask, or None to let the
    routine through."""

    def register(func: GateCheck) -> GateCheck:
        if name in _GATES:
            raise ValueError(f"gate {name.value!r} registered twice")
        _GATES[name] = func
        return func

    return register


def next_gate(turn: Turn, routine: Routine, lead: Speech) -> Response | None:
    """Ask the first gate `routine` has not passed yet; None when all passed."""
    ctx = turn.ctx
    ctx.routine = routine.id
    for name in Gate:
        if name in ctx.cleared:
            continue
        asked = _GATES[name](turn, routine, lead)
        if asked is not None:
            return asked
        ctx.cleared.append(name)
    ctx.end_gates()
    return None


def check(name: Gate, turn: Turn, routine: Routine, lead: Speech) -> Response | None:
    """One gate on its own: a routine picked up again passes the gates that
    can change within a day (a concern said this session), not the rest."""
    return _GATES[name](turn, routine, lead)


def gate_passed(turn: Turn, name: Gate, lead: Speech) -> Response:
    """The user answered gate `name` in a way that lets the routine go on."""
    if name not in turn.ctx.cleared:
        turn.ctx.cleared.append(name)
    return then(Then.START_ROUTINE, turn, lead)


def at_launch(func: LaunchOffer) -> LaunchOffer:
    _LAUNCH.append(func)
    return func


def launch_offers(turn: Turn, speech: Speech, returning: bool) -> Response | None:
    """Let each room add to the welcome; the first that asks a question wins."""
    for offer in _LAUNCH:
        asked = offer(turn, speech, returning)
        if asked is not None:
            return asked
    return None


def missing() -> list[str]:
    return [f"continuation {p.value}" for p in Then if p not in _THEN] + [
        f"gate {g.value}" for g in Gate if g not in _GATES
    ]
