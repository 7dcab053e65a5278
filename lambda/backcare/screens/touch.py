"""Taps: an APL UserEvent becomes the intent the same words would send.

A button's SendEvent carries [action, token, value]. The action names an
intent (TAPS); the token names the step the screen showed, so a tap on a
screen the routine has moved past (another device, a voice command since)
is answered as out of date instead of moving the wrong step.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestHandler,
    AbstractRequestInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.intent import Intent
from ask_sdk_model.intent_confirmation_status import IntentConfirmationStatus
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.interfaces.alexa.presentation.apl.user_event import UserEvent
from ask_sdk_model.response import Response
from ask_sdk_model.slot import Slot

from .. import asking
from ..context import Question
from ..envelope import RequestView
from ..speech import Speech
from ..turn import Turn
from ..understanding.heard import slot_of
from ..understanding.meaning import Fill
from .views import step_token

TAPS = {
    "next": "AMAZON.NextIntent",
    "back": "AMAZON.PreviousIntent",
    "pause": "AMAZON.PauseIntent",
    "resume": "AMAZON.ResumeIntent",
    "repeat": "AMAZON.RepeatIntent",
    "skip": "SkipStepIntent",
    "end": "AMAZON.StopIntent",
    "start": "StartRoutineIntent",
}
STEP_TAPS = frozenset(TAPS) - {"start"}
MAX_ARGUMENT = 64  # characters kept of each argument a device sends


class Touch(AbstractRequestInterceptor):
    """Runs after the record is loaded (the token is checked against it)."""

    def process(self, handler_input: HandlerInput) -> None:
        envelope = handler_input.request_envelope
        event = envelope.request
        if not isinstance(event, UserEvent):
            return
        try:
            turn = Turn.of(handler_input)
        except LookupError:
            return
        args = [str(a)[:MAX_ARGUMENT] for a in (event.arguments or [])[:3]]
        action, token, value = [*args, "", "", ""][:3]
        intent = TAPS.get(action)
        if intent is None or not _current(turn, action, token, value):
            return  # left as a UserEvent: StaleTapHandler answers it
        slots = {"RoutineName": _routine_slot(turn, value)} if action == "start" else {}
        envelope.request = IntentRequest(
            request_id=event.request_id,
            timestamp=event.timestamp,
            locale=event.locale,
            intent=Intent(
                name=intent, slots=slots, confirmation_status=IntentConfirmationStatus.NONE
            ),
        )
        turn.request = RequestView.of(handler_input)


def _current(turn: Turn, action: str, token: str, value: str) -> bool:
    """The tap is on the screen the user is at: the menu, or the step with
    the same question open and the same paused state (a safety question
    asked since, a resume said aloud: the old buttons are out of date)."""
    if action == "start":
        return token == "menu" and turn.content.routine(value) is not None
    running = turn.running
    at_step = turn.question in (Question.NEXT_STEP, Question.READY, Question.DISCOMFORT)
    current = running is not None and at_step and token == step_token(turn, *running)
    return current and action in STEP_TAPS


def _routine_slot(turn: Turn, routine_id: str) -> Slot:
    """The RoutineName slot as Alexa resolves it when the name is said."""
    routine = turn.content.routine(routine_id)
    name = routine.name if routine is not None else routine_id
    return slot_of("RoutineName", Fill(name, "ROUTINE_NAME", routine_id, name))


class StaleTapHandler(AbstractRequestHandler):
    """A tap on a screen that no longer shows where the user is."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return isinstance(handler_input.request_envelope.request, UserEvent)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        elicit = turn.ctx.elicit
        if elicit is None:
            return asking.ask_again(turn, turn.say("tap_stale"))
        # A dialog directive answers only an IntentRequest: the question
        # again in words, the slot still awaited.
        ctx = turn.ctx
        misses, reprompt = ctx.misses, ctx.reprompt
        speech = Speech().say(turn.say("tap_stale"), reprompt)
        response = turn.ask(speech, reprompt, question=turn.question)
        ctx.elicit, ctx.misses = elicit, misses
        return response


HANDLERS = [StaleTapHandler()]
