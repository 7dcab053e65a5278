"""Handlers for starting, navigating and finishing routines."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name
from ask_sdk_model.response import Response

from ..answers import answers
from ..content import Routine
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


def start(turn: Turn, routine: Routine, lead: Speech, cleared: bool = False) -> Response:
    """Begin a routine, asking its safety question first when it has one."""
    say = turn.say
    if routine.caution and not cleared:
        lead.say(routine.caution)
        return turn.ask(lead, say("caution_reprompt"), question="caution", pending=routine.id)
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
    lead.say(say("routine_done_question"))
    return turn.ask(lead, say("routine_done_reprompt"), question="tip_offer")


def advance(turn: Turn, lead: Speech) -> Response:
    running = engine.current(turn.state, turn.content)
    if running is None:
        return not_in_routine(turn)
    routine, progress = running
    if progress.step + 1 >= len(routine.steps):
        return finish(turn, routine, lead)
    engine.move_to(progress, progress.step + 1, turn.now)
    return speak_step(turn, routine, progress, lead)


class StartRoutineHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("StartRoutineIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        say = turn.say
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
            running = engine.current(turn.state, turn.content)
            if running:
                return resume(turn)
            routine = favourite(turn)
        if routine is None:
            return ask_which(turn, lead)
        return start(turn, routine, lead)


class ListRoutinesHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("ListRoutinesIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        say = turn.say
        items = [
            say("routine_choice", routine=r.name, minutes=r.minutes) for r in turn.content.routines
        ]
        speech = Speech().say(
            say("routine_list", count=len(items), choices=engine.spoken_list(items, "and")),
            say("which_routine_short"),
        )
        return turn.ask(speech, say("which_routine_reprompt"), question="which_routine")


class NextHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.NextIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return advance(Turn.of(handler_input), Speech())


class SkipHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("SkipStepIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        running = engine.current(turn.state, turn.content)
        if running is None:
            return not_in_routine(turn)
        routine, progress = running
        lead = Speech().say(turn.say("skipping", name=routine.steps[progress.step].name))
        return advance(turn, lead)


class PreviousHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.PreviousIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        running = engine.current(turn.state, turn.content)
        if running is None:
            return not_in_routine(turn)
        routine, progress = running
        if progress.step == 0:
            lead = Speech().say(turn.say("first_step"))
        else:
            lead = Speech().say(turn.say("going_back"))
            engine.move_to(progress, progress.step - 1, turn.now)
        return speak_step(turn, routine, progress, lead)


class RepeatHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.RepeatIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        running = engine.current(turn.state, turn.content)
        if running is not None:
            routine, progress = running
            return speak_step(turn, routine, progress, Speech())
        last = str(turn.ctx.get("last") or "")
        if last:
            builder = handler_input.response_builder
            return builder.speak(last).ask(Speech().say(turn.say("menu_short")).ssml()).response
        return not_in_routine(turn)


class PauseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.PauseIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        running = engine.current(turn.state, turn.content)
        if running is None:
            return not_in_routine(turn)
        routine, progress = running
        progress.paused = True
        progress.updated_at = engine.iso(turn.now)
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


class ResumeHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.ResumeIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return resume(Turn.of(handler_input))


class StartOverHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.StartOverIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        running = engine.current(turn.state, turn.content)
        if running is None:
            return not_in_routine(turn)
        routine, progress = running
        engine.move_to(progress, 0, turn.now)
        lead = Speech().say(turn.say("starting_over", routine=routine.name))
        return speak_step(turn, routine, progress, lead)


class StepsLeftHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("StepsLeftIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        running = engine.current(turn.state, turn.content)
        if running is None:
            return not_in_routine(turn)
        routine, progress = running
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
    routine = turn.content.routine(str(turn.ctx.pop("pending", "")))
    if routine is None:
        return turn.ask(Speech().say(say("menu_question")), say("menu_short"))
    if not yes:
        return start(turn, routine, Speech(), cleared=True)
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
