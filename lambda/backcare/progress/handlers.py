"""Handler for "how am I doing"."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name
from ask_sdk_model.response import Response

from ..routines import engine
from ..speech import Speech
from ..turn import Turn


class ProgressHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("ProgressIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        say = turn.say
        state = turn.state
        speech = Speech()
        if state.total_completions == 0:
            speech.say(say("progress_none"))
        else:
            speech.say(say("progress_summary", count=state.total_completions))
            days = state.streak.alive_on(turn.today)
            if days:
                speech.say(say("progress_streak", days=days, best=state.streak.best))
        running = engine.current(state, turn.content)
        if running:
            routine, progress = running
            speech.say(
                say(
                    "progress_in_routine",
                    routine=routine.name,
                    step=progress.step + 1,
                    total=len(routine.steps),
                )
            )
        speech.say(say("menu_question"))
        return turn.ask(speech, say("menu_short"))


HANDLERS = [ProgressHandler()]
