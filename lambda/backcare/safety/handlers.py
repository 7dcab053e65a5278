"""Red flags, safety concerns and the first-routine screen."""

from __future__ import annotations

import logging

from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from ..answers import answers
from ..intent_handler import IntentHandler
from ..persistence import flush
from ..routines import engine
from ..slots import slot
from ..speech import Speech
from ..turn import Turn

log = logging.getLogger(__name__)


class RedFlagHandler(IntentHandler):
    """Any red-flag symptom: stop the routine, send to urgent care, end."""

    intents = frozenset({"RedFlagIntent"})

    def respond(self, turn: Turn) -> Response:
        red = turn.content.safety.red_flag
        running = engine.current(turn.state, turn.content)
        if running:
            running[1].paused = True  # keep the place, but never carry on from here
            flush(turn)
        log.info("red flag answered")  # what was said is never logged or stored
        turn.handler_input.response_builder.set_card(
            SimpleCard(title=red["card_title"], content=red["card"])
        )
        return turn.tell(Speech().say(red["advice"]))


class ConcernHandler(IntentHandler):
    intents = frozenset({"SafetyConcernIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        value = slot(turn.handler_input, "Concern")
        concern = turn.content.safety.concern(value.id or "") if value.matched else None
        speech = Speech()
        if concern is None:
            speech.say(say("concern_general"))
        else:
            speech.say(concern.say)
        speech.say(say("menu_short"))
        return turn.ask(speech, say("menu_short"))


def screen_question(turn: Turn, routine_id: str, cleared: list[str]) -> Response:
    screen = turn.content.safety.screen
    return turn.ask(
        Speech().say(screen["question"]),
        screen["reprompt"],
        question="screen",
        pending=routine_id,
        cleared=cleared,
    )


@answers("screen")
def _screen(turn: Turn, yes: bool) -> Response:
    from ..routines.handlers import continue_start

    screen = turn.content.safety.screen
    if yes:
        turn.ctx.pop("pending", None)
        say = turn.say
        speech = Speech().say(screen["stop"], say("menu_question"))
        return turn.ask(speech, say("menu_short"))
    turn.state.screened = True
    return continue_start(turn, "screen", Speech().say(screen["passed"]))


HANDLERS = [RedFlagHandler(), ConcernHandler()]
