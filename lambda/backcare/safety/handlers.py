"""Red flags, safety concerns and the first-routine screen."""

from __future__ import annotations

import logging

from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from .. import hooks
from ..answers import answers
from ..content import Routine
from ..context import Gate, Question
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..turn import Turn

log = logging.getLogger(__name__)


class RedFlagHandler(IntentHandler):
    """Any red-flag symptom: stop the routine, send to urgent care, end."""

    intents = frozenset({"RedFlagIntent"})

    def respond(self, turn: Turn) -> Response:
        red = turn.content.safety.red_flag
        running = turn.running
        if running:
            running[1].paused = True  # keep the place, but never carry on from here
            turn.commit()
        log.info("red flag answered")  # what was said is never logged or stored
        turn.handler_input.response_builder.set_card(
            SimpleCard(title=red["card_title"], content=red["card"])
        )
        return turn.tell(Speech().say(red["advice"]))


class ConcernHandler(IntentHandler):
    intents = frozenset({"SafetyConcernIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        value = turn.request.slot("Concern")
        concern = turn.content.safety.concern(value.id or "") if value.matched else None
        speech = Speech()
        if concern is None:
            speech.say(say("concern_general"))
        else:
            speech.say(concern.say)
        speech.say(say("menu_short"))
        return turn.ask(speech, say("menu_short"))


@hooks.gate(Gate.SCREEN)
def _screen_gate(turn: Turn, routine: Routine, lead: Speech) -> Response | None:
    """Before a user's first routine: numbness, leg weakness, a fall or injury?"""
    if turn.state.screened:
        return None
    screen = turn.content.safety.screen
    lead.say(screen["question"])
    return turn.ask(lead, screen["reprompt"], question=Question.SCREEN)


@answers(Question.SCREEN)
def _screen(turn: Turn, yes: bool) -> Response:
    screen = turn.content.safety.screen
    if yes:
        turn.ctx.end_gates()
        return turn.menu(Speech().say(screen["stop"]))
    turn.state.screened = True
    return hooks.gate_passed(turn, Gate.SCREEN, Speech().say(screen["passed"]))


HANDLERS = [RedFlagHandler(), ConcernHandler()]
