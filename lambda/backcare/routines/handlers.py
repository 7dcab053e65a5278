"""Handlers for starting, navigating and finishing routines."""

from __future__ import annotations

from collections.abc import Iterable

from ask_sdk_model.response import Response

from ..answers import ANSWERS, answers
from ..content import Routine
from ..intent_handler import IntentHandler
from ..progress import pain
from ..slots import number, slot
from ..speech import Speech
from ..state import RoutineProgress
from ..turn import Turn
from . import engine


def favourite(turn: Turn) -> Routine | None:
    done = turn.state.completions
    if not done:
        return None
    best = max(sorted(done), key=lambda rid: done[rid])
    return turn.content.routine(best)


def ask_which(turn: Turn, lead: Speech) -> Response:
    say = turn.say
    lead.say(say("which_routine", choices=engine.choices(say, turn.content)))
    return turn.ask(lead, say("which_routine_reprompt"), question="which_routine")


def speak_step(turn: Turn, routine: Routine, progress: RoutineProgress, lead: Speech) -> Response:
    lead.extend(engine.step_speech(turn.say, routine, progress.step))
    return turn.ask(lead, turn.say("step_reprompt"), question="next_step")


def start(turn: Turn, routine: Routine, lead: Speech, cleared: Iterable[str] = ()) -> Response:
    """Begin a routine once its gates are passed: the first-routine safety
    screen, the routine's own caution question, and a daily pain check-in."""
    say = turn.say
    done = list(cleared)
    gate = {"pending": routine.id, "cleared": done}
    if "screen" not in done and not turn.state.screened:
        screen = turn.content.safety.screen
        lead.say(screen["question"])
        return turn.ask(lead, screen["reprompt"], question="screen", **gate)
    if routine.caution and "caution" not in done:
        lead.say(routine.caution)
        return turn.ask(lead, say("caution_reprompt"), question="caution", **gate)
    today = turn.today.isoformat()
    if "pain" not in done and turn.state.pain_asked_day != today:
        # Offered at most once a day, and not after a check-in today.
        turn.state.pain_asked_day = today
        if pain.checked_in_on(turn.state, turn.today):
            return start(turn, routine, lead, [*done, "pain"])
        texts = turn.content.safety.pain
        lead.say(texts["before"])
        return turn.ask(lead, texts["before_reprompt"], question="pain_before", **gate)
    turn.ctx.pop("pending", None)
    turn.ctx.pop("cleared", None)
    running = engine.current(turn.state, turn.content)
    if running and running[0].id != routine.id:
        lead.say(say("routine_replaced", old=running[0].name, routine=routine.name))
    progress = engine.begin(turn.state, routine, turn.now)
    lead.say(
        say(
            "routine_intro",
            routine=routine.name,
            count=len(routine.steps),
            minutes=routine.minutes,
            where=routine.where,
        ),
        routine.intro,
        say("routine_safety"),
    )
    return speak_step(turn, routine, progress, lead)


def continue_start(turn: Turn, gate: str, lead: Speech) -> Response:
    """Carry on starting the routine that was waiting on `gate`."""
    routine = turn.content.routine(str(turn.ctx.pop("pending", "")))
    cleared = [*list(turn.ctx.pop("cleared", None) or []), gate]
    if routine is None:
        say = turn.say
        return turn.ask(lead.say(say("menu_question")), say("menu_short"))
    return start(turn, routine, lead, cleared)


def not_in_routine(turn: Turn) -> Response:
    say = turn.say
    speech = Speech().say(say("not_in_routine"), say("menu_question"))
    return turn.ask(speech, say("menu_short"))


def finish(turn: Turn, routine: Routine, lead: Speech) -> Response:
    say = turn.say
    engine.complete(turn.state, routine, turn.now)
    total = turn.state.total_completions
    lead.say(say("routine_done", routine=routine.name))
    lead.say(
        say("routine_done_count_first") if total == 1 else say("routine_done_count", count=total)
    )
    days = turn.state.streak.current
    if days > 1:
        lead.say(say("routine_done_streak", days=days))
    texts = turn.content.safety.pain
    lead.say(texts["after"])
    return turn.ask(lead, texts["after_reprompt"], question="pain_after")


def offer_tip(turn: Turn, lead: Speech) -> Response:
    say = turn.say
    lead.say(say("routine_done_question"))
    return turn.ask(lead, say("routine_done_reprompt"), question="tip_offer")


def advance(turn: Turn, lead: Speech) -> Response:
    running = engine.current(turn.state, turn.content)
    if running is None:
        return not_in_routine(turn)
    routine, progress = running
    if progress.step + 1 >= len(routine.steps):
        return finish(turn, routine, lead)
    engine.move_to(turn.state, progress.step + 1, turn.now)
    return speak_step(turn, routine, progress, lead)


class StartRoutineHandler(IntentHandler):
    intents = frozenset({"StartRoutineIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        handler_input = turn.handler_input
        name = slot(handler_input, "RoutineName")
        minutes = number(handler_input, "Minutes")
        lead = Speech()
        routine: Routine | None = None
        if name.matched:
            routine = turn.content.routine(name.id or "")
        if routine is None and name.heard:
            lead.say(say("routine_unknown", heard=name.heard))
            return ask_which(turn, lead)
        if routine is None and minutes is not None and minutes > 0:
            routine = turn.content.routine_by_minutes(minutes)
            if routine.minutes != minutes:
                lead.say(say("routine_for_minutes", routine=routine.name, minutes=routine.minutes))
        if routine is None:
            if engine.current(turn.state, turn.content):
                return resume(turn)
            routine = favourite(turn)
        if routine is None:
            return ask_which(turn, lead)
        return start(turn, routine, lead)


class ListRoutinesHandler(IntentHandler):
    intents = frozenset({"ListRoutinesIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        items = [
            say("routine_choice", routine=r.name, minutes=r.minutes) for r in turn.content.routines
        ]
        speech = Speech().say(
            say("routine_list", count=len(items), choices=engine.spoken_list(items, "and")),
            say("which_routine_short"),
        )
        return turn.ask(speech, say("which_routine_reprompt"), question="which_routine")


class InRoutineHandler(IntentHandler):
    """An intent that acts on the routine in progress; outside one, says so."""

    def respond(self, turn: Turn) -> Response:
        running = engine.current(turn.state, turn.content)
        if running is None:
            return self.outside(turn)
        return self.inside(turn, *running)

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        raise NotImplementedError

    def outside(self, turn: Turn) -> Response:
        return not_in_routine(turn)


SKIPPABLE = ("pain_before", "pain_after")


class NextHandler(InRoutineHandler):
    intents = frozenset({"AMAZON.NextIntent"})

    def respond(self, turn: Turn) -> Response:
        if turn.question in SKIPPABLE:  # "next" past a pain question skips it
            return ANSWERS[turn.question](turn, False)
        return super().respond(turn)

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        return advance(turn, Speech())


class SkipHandler(InRoutineHandler):
    intents = frozenset({"SkipStepIntent"})

    def respond(self, turn: Turn) -> Response:
        if turn.question in SKIPPABLE:
            return ANSWERS[turn.question](turn, False)
        return super().respond(turn)

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        lead = Speech().say(turn.say("skipping", name=routine.steps[progress.step].name))
        return advance(turn, lead)


class PreviousHandler(InRoutineHandler):
    intents = frozenset({"AMAZON.PreviousIntent"})

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        if progress.step == 0:
            lead = Speech().say(turn.say("first_step"))
        else:
            lead = Speech().say(turn.say("going_back"))
            engine.move_to(turn.state, progress.step - 1, turn.now)
        return speak_step(turn, routine, progress, lead)


class RepeatHandler(InRoutineHandler):
    intents = frozenset({"AMAZON.RepeatIntent"})

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        return speak_step(turn, routine, progress, Speech())

    def outside(self, turn: Turn) -> Response:
        last = str(turn.ctx.get("last") or "")
        if not last:
            return not_in_routine(turn)
        builder = turn.handler_input.response_builder
        return builder.speak(last).ask(Speech().say(turn.say("menu_short")).ssml()).response


class PauseHandler(InRoutineHandler):
    intents = frozenset({"AMAZON.PauseIntent"})

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        progress.paused = True
        progress.updated_at = turn.state.progress_at = engine.iso(turn.now)
        say = turn.say
        speech = Speech().say(
            say("paused", step=progress.step + 1, total=len(routine.steps), routine=routine.name),
            say("paused_prompt"),
        )
        return turn.ask(speech, say("paused_prompt"), question="resume")


def resume(turn: Turn) -> Response:
    running = engine.current(turn.state, turn.content)
    if running is None:
        say = turn.say
        speech = Speech().say(say("no_routine_to_resume"), say("menu_question"))
        return turn.ask(speech, say("menu_short"))
    routine, progress = running
    progress.paused = False
    lead = Speech().say(
        turn.say("resuming", routine=routine.name, step=progress.step + 1, total=len(routine.steps))
    )
    return speak_step(turn, routine, progress, lead)


class ResumeHandler(IntentHandler):
    intents = frozenset({"AMAZON.ResumeIntent"})

    def respond(self, turn: Turn) -> Response:
        return resume(turn)


class StartOverHandler(InRoutineHandler):
    intents = frozenset({"AMAZON.StartOverIntent"})

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        engine.move_to(turn.state, 0, turn.now)
        lead = Speech().say(turn.say("starting_over", routine=routine.name))
        return speak_step(turn, routine, progress, lead)


class StepsLeftHandler(InRoutineHandler):
    intents = frozenset({"StepsLeftIntent"})

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        say = turn.say
        total = len(routine.steps)
        left = total - progress.step - 1
        if left == 0:
            speech = Speech().say(say("steps_left_last", routine=routine.name))
        else:
            speech = Speech().say(
                say(
                    "steps_left",
                    step=progress.step + 1,
                    total=total,
                    routine=routine.name,
                    left=left,
                    minutes=engine.remaining_minutes(routine, progress.step),
                )
            )
        speech.say(say("step_prompt"))
        return turn.ask(speech, say("step_reprompt"), question="next_step")


@answers("next_step")
def _next_step(turn: Turn, yes: bool) -> Response:
    if yes:
        return advance(turn, Speech())
    say = turn.say
    return turn.ask(Speech().say(say("step_prompt")), say("step_reprompt"), question="next_step")


@answers("resume")
def _resume(turn: Turn, yes: bool) -> Response:
    if yes:
        return resume(turn)
    say = turn.say
    running = engine.current(turn.state, turn.content)
    speech = Speech()
    if running:
        speech.say(say("resume_declined", routine=running[0].name))
    speech.say(say("menu_question"))
    return turn.ask(speech, say("menu_short"))


@answers("caution")
def _caution(turn: Turn, yes: bool) -> Response:
    say = turn.say
    if not yes:
        return continue_start(turn, "caution", Speech())
    routine = turn.content.routine(str(turn.ctx.pop("pending", "")))
    turn.ctx.pop("cleared", None)
    if routine is None:
        return turn.ask(Speech().say(say("menu_question")), say("menu_short"))
    gentle = turn.content.routine(routine.instead) or turn.content.routines[0]
    speech = Speech().say(routine.caution_stop, say("suggest_routine", routine=gentle.name))
    return turn.ask(
        speech, say("suggest_reprompt", routine=gentle.name), question="suggest", pending=gentle.id
    )


@answers("suggest")
def _suggest(turn: Turn, yes: bool) -> Response:
    say = turn.say
    routine = turn.content.routine(str(turn.ctx.pop("pending", "")))
    if yes and routine is not None:
        return start(turn, routine, Speech())
    return turn.ask(Speech().say(say("menu_question")), say("menu_short"))


@answers("which_routine")
def _which(turn: Turn, yes: bool) -> Response:
    say = turn.say
    if not yes:
        return turn.ask(Speech().say(say("menu_question")), say("menu_short"))
    return ask_which(turn, Speech())


HANDLERS = [
    StartRoutineHandler(),
    ListRoutinesHandler(),
    NextHandler(),
    SkipHandler(),
    PreviousHandler(),
    RepeatHandler(),
    PauseHandler(),
    ResumeHandler(),
    StartOverHandler(),
    StepsLeftHandler(),
]
