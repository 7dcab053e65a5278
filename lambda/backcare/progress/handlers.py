"""Handler for "how am I doing"."""

from __future__ import annotations

from ask_sdk_model.response import Response

from ..intent_handler import IntentHandler
from ..routines import engine
from ..speech import Speech
from ..turn import Turn


class ProgressHandler(IntentHandler):
    intents = frozenset({"ProgressIntent"})

    def respond(self, turn: Turn) -> Response:
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
