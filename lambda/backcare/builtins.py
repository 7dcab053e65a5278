"""Launch, help, stop and cancel, fallback, home, yes/no, session end, errors.

Each answer depends on where the user is: inside a routine, facing a
yes/no question, or at the main menu.
"""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_core.utils.request_util import get_request_type
from ask_sdk_model.response import Response
from ask_sdk_model.session_ended_request import SessionEndedRequest

from . import hooks
from .answers import ANSWERS
from .context import Question
from .intent_handler import IntentHandler
from .persistence import RetryLaterError
from .speech import Speech
from .turn import Turn

log = logging.getLogger(__name__)


class LaunchHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        say = turn.say
        speech = Speech()
        returning = turn.state.disclaimer_heard
        if not turn.known:
            # The store is down: this may be a returning user, so no
            # first-time welcome, but the disclaimer all the same.
            turn.state.disclaimer_heard = True
            speech.say(say("welcome_unknown"), say("disclaimer"))
        elif returning:
            speech.say(say("welcome_back"))
        else:
            turn.state.disclaimer_heard = True
            speech.say(say("welcome_new"), say("disclaimer"))
        asked = hooks.launch_offers(turn, speech, returning)
        if asked is not None:
            return asked
        speech.say(say("menu_question"))
        return turn.ask(speech, say("menu_short"))


class HelpHandler(IntentHandler):
    intents = frozenset({"AMAZON.HelpIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        running = turn.running
        if running:
            routine, progress = running
            speech = Speech().say(
                say(
                    "help_routine",
                    routine=routine.name,
                    step=progress.step + 1,
                    total=len(routine.steps),
                ),
                say("help_routine_prompt"),
            )
            return turn.ask(speech, say("step_reprompt"), question=Question.NEXT_STEP)
        return turn.ask(Speech().say(say("help_general")), say("menu_short"))


class StopHandler(IntentHandler):
    intents = frozenset({"AMAZON.StopIntent", "AMAZON.CancelIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        speech = Speech()
        running = turn.running
        if running:
            routine, progress = running
            if turn.commit():
                speech.say(
                    say(
                        "stop_saved",
                        step=progress.step + 1,
                        total=len(routine.steps),
                        routine=routine.name,
                    )
                )
            else:
                speech.say(say("stop_not_saved"))
        speech.say(say("goodbye"))
        return turn.tell(speech)


class NavigateHomeHandler(IntentHandler):
    intents = frozenset({"AMAZON.NavigateHomeIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        speech = Speech()
        if turn.running:
            speech.say(say("home"))
        return turn.menu(speech)


class YesNoHandler(IntentHandler):
    intents = frozenset({"AMAZON.YesIntent", "AMAZON.NoIntent"})

    def respond(self, turn: Turn) -> Response:
        yes = turn.request.intent == "AMAZON.YesIntent"
        question = turn.question
        if question is not None:
            return ANSWERS[question](turn, yes)
        return turn.menu(Speech().say(turn.say("yes_no_nothing")))


def fallback(turn: Turn) -> Response:
    """What can be said right now, as a reprompting question."""
    say = turn.say
    question = turn.question
    if question is Question.NEXT_STEP and turn.running:
        speech = Speech().say(say("fallback_routine"), say("help_routine_prompt"))
        return turn.ask(speech, say("step_reprompt"), question=Question.NEXT_STEP)
    if question is not None:
        # Re-ask the pending question rather than dropping it.
        reprompt = turn.ctx.reprompt or say("answer_yes_no")
        speech = Speech().say(say("answer_yes_no"), reprompt)
        return turn.ask(speech, reprompt, question=question)
    speech = Speech().say(say("fallback_general"), say("menu_short"))
    return turn.ask(speech, say("menu_short"))


class FallbackHandler(IntentHandler):
    intents = frozenset({"AMAZON.FallbackIntent"})

    def respond(self, turn: Turn) -> Response:
        return fallback(turn)


class SessionEndedHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("SessionEndedRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        if isinstance(request, SessionEndedRequest) and request.error is not None:
            log.warning("session ended with error: %s", request.error.object_type)
        # The response interceptor saves whatever changed; Alexa ignores speech here.
        return handler_input.response_builder.response


class SkillDisabledHandler(AbstractRequestHandler):
    """The user disabled the skill: delete everything stored for them."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        Turn.of(handler_input).erase = True  # the response interceptor deletes
        return handler_input.response_builder.response


class UnknownRequestHandler(AbstractRequestHandler):
    """Last in the list: any intent or request no room claimed."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        request_type = get_request_type(handler_input)
        log.info("unhandled request %s", request_type)
        if request_type != "IntentRequest":
            return handler_input.response_builder.response
        return fallback(Turn.of(handler_input))


class ErrorHandler(AbstractExceptionHandler):
    """Any exception: one friendly sentence, the record stays in the session."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        # An event that must be delivered again fails the invocation instead.
        return not isinstance(exception, RetryLaterError)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("handler failed: %s", type(exception).__name__, exc_info=exception)
        try:
            turn = Turn.of(handler_input)
            say = turn.say
            return turn.ask(Speech().say(say("error")), say("menu_short"))
        except LookupError:
            from .content import load
            from .settings import DEFAULT_LOCALE

            say = load(DEFAULT_LOCALE).prompts
            builder = handler_input.response_builder
            return (
                builder.speak(Speech().say(say("error")).ssml())
                .ask(Speech().say(say("menu_short")).ssml())
                .response
            )


BEFORE_ROOMS = [LaunchHandler()]
AFTER_ROOMS = [
    HelpHandler(),
    StopHandler(),
    NavigateHomeHandler(),
    YesNoHandler(),
    FallbackHandler(),
    SessionEndedHandler(),
    SkillDisabledHandler(),
    UnknownRequestHandler(),
]
