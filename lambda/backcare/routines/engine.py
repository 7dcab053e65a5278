"""Routine navigation and step speech, free of Alexa request plumbing."""

from __future__ import annotations

from datetime import datetime

from ..content import Content, Prompts, Routine, Step
from ..speech import Speech
from ..spoken import spoken_list
from ..state import RoutineProgress, UserState


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


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


def step_speech(say: Prompts, routine: Routine, index: int) -> Speech:
    step = routine.steps[index]
    speech = Speech().say(
        say("step_heading", step=index + 1, total=len(routine.steps), name=step.name),
        step.cue,
        say("step_feel", feel=step.feel),
        say("step_stop_if", stop_if=step.stop_if),
    )
    _hold(speech, say, step)
    if step.sides == 2:
        speech.say(step.switch)
        _hold(speech, say, step)
    return speech.say(say("step_prompt"))


def _hold(speech: Speech, say: Prompts, step: Step) -> None:
    speech.say(say(f"step_start_{step.kind}", seconds=step.hold))
    speech.hold(step.hold, say.items(f"counts_{step.kind}"), say(f"hold_end_{step.kind}"))


def remaining_minutes(routine: Routine, index: int) -> int:
    seconds = sum(s.hold * s.sides + 20 for s in routine.steps[index:])
    return max(1, round(seconds / 60))


def choices(say: Prompts, content: Content) -> str:
    items = [say("routine_choice", routine=r.name, minutes=r.minutes) for r in content.routines]
    return spoken_list(items)
