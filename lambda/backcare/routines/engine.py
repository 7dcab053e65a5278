"""Routine navigation and step speech, free of Alexa request plumbing."""

from __future__ import annotations

from datetime import datetime

from ..content import Content, Routine, Step
from ..speech import MAX_BREAK_SECONDS, Speech
from ..spoken import count_of, spoken_list
from ..state import RoutineProgress, UserState, iso
from ..voice import Voice


def begin(state: UserState, routine: Routine, now: datetime) -> RoutineProgress:
    state.progress = RoutineProgress(
        routine_id=routine.id, step=0, started_at=iso(now), updated_at=iso(now)
    )
    state.progress_at = iso(now)
    return state.progress


def move_to(state: UserState, step: int, now: datetime) -> None:
    progress = state.progress
    if progress is None:
        return
    progress.step = step
    progress.paused = False
    progress.updated_at = state.progress_at = iso(now)


def complete(state: UserState, routine: Routine, now: datetime) -> None:
    state.progress = None
    state.progress_at = iso(now)
    state.completions[routine.id] = state.completions.get(routine.id, 0) + 1
    state.streak.record(now.date())


def step_speech(say: Voice, routine: Routine, index: int) -> Speech:
    """One step: heading and cue, the timed hold (what to feel and when to
    stop in its first gap, short counts after), a second side, a prompt."""
    step = routine.steps[index]
    total = len(routine.steps)
    last = index == total - 1 and total > 1
    heading = (
        say("step_heading_last", name=step.name)
        if last
        else say("step_heading", step=index + 1, total=total, name=step.name)
    )
    speech = Speech().say(heading, step.cue)
    feel = [say("step_feel", feel=step.feel), say("step_stop_if", stop_if=step.stop_if)]
    _hold(speech, say, step, feel)
    if step.sides == 2:
        speech.say(step.switch)
        _hold(speech, say, step, [])
    return speech.say(say("step_prompt_last" if last else "step_prompt"))


def _hold(speech: Speech, say: Voice, step: Step, first: list[str]) -> None:
    speech.say(say(f"step_start_{step.kind}", seconds=step.hold))
    gaps = max(0, (step.hold - 1) // MAX_BREAK_SECONDS)
    counts = [say.pick(f"counts_{step.kind}") for _ in range(gaps)]
    speech.hold(step.hold, counts, say(f"hold_end_{step.kind}"), first)


def remaining_minutes(routine: Routine, index: int) -> int:
    """Never more than the routine's own minutes, as said when it starts."""
    seconds = sum(s.hold * s.sides + 20 for s in routine.steps[index:])
    return min(routine.minutes, max(1, round(seconds / 60)))


def offered(content: Content) -> list[Routine]:
    """The routines in the order they are offered: shortest first."""
    return sorted(content.routines, key=lambda r: r.minutes)


def choices(say: Voice, content: Content, conj: str = "or") -> str:
    """'the desk break, 4 minutes, the morning mobility, 5, ...', shortest first."""
    ordered = offered(content)
    items = [
        say("routine_choice_first", routine=r.name, minutes=count_of(r.minutes, "minute"))
        if i == 0
        else say("routine_choice", routine=r.name, minutes=r.minutes)
        for i, r in enumerate(ordered)
    ]
    return spoken_list(items, conj)
