"""Launch, help, stop and cancel, fallback, home, yes/no, a number said
alone, a request out of scope, session end, errors.

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

from . import asking, hooks, numbers
from .answers import ANSWERS
from .context import Question
from .intent_handler import IntentHandler
from .persistence import RetryLaterError
from .speech import Speech
from .turn import Turn

log = logging.getLogger(__name__)


# small talk the understanding names, and the prompt said back
SMALL_TALK = {
    "GreetingIntent": "greeting",
    "IdentityIntent": "identity",
    "ProfessionIntent": "not_a_professional",
    "GettingCheckedIntent": "getting_checked",
    "AcknowledgedIntent": "acknowledged",
}


class LaunchHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        say = turn.say
        speech = Speech()
        returning = turn.state.disclaimer_heard
        skill = turn.skill_name  # a studio's own skill greets by its published name
        if not turn.known:
            # The store is down: this may be a returning user, so no
            # first-time welcome, but the disclaimer all the same.
            turn.state.disclaimer_heard = True
            speech.say(say("welcome_unknown", skill=skill), say("disclaimer"))
        elif returning:
            turn.ctx.menu_heard = True  # they know what the skill does
            speech.say(say("welcome_back"))
        else:
            turn.state.disclaimer_heard = True
            speech.say(say("welcome_new", skill=skill), say("disclaimer"))
        asked = hooks.launch_offers(turn, speech, returning)
        if asked is not None:
            return asked
        return turn.menu(speech)


class HelpHandler(IntentHandler):
    """Help for where the user is: in a routine, at a question, or at the menu."""

    intents = frozenset({"AMAZON.HelpIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        running = turn.running
        question = turn.question
        if running and question in (Question.NEXT_STEP, Question.READY, None):
            routine, progress = running
            speech = Speech().say(
                say("help_routine", step=progress.step + 1, total=len(routine.steps))
            )
            return turn.ask(speech, say("step_reprompt"), question=question or Question.NEXT_STEP)
        if question is not None:
            reprompt = turn.ctx.reprompt
            speech = Speech().say(say("help_question"), reprompt)
            if turn.ctx.elicit is not None:
                return turn.elicit_again(turn.ctx.elicit, speech.text(), question, reprompt)
            return turn.ask(speech, reprompt, question=question)
        return turn.ask(Speech().say(say("help_general")), say("menu_reprompt"))


class StopHandler(IntentHandler):
    intents = frozenset({"AMAZON.StopIntent", "AMAZON.CancelIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        speech = Speech()
        running = turn.running
        if running:
            routine, progress = running
            if turn.commit():
                speech.say(say("stop_saved", step=progress.step + 1, routine=routine.name))
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
        turn.ctx.end_gates()
        return turn.menu(speech, full=True)


class YesNoHandler(IntentHandler):
    intents = frozenset({"AMAZON.YesIntent", "AMAZON.NoIntent"})

    def respond(self, turn: Turn) -> Response:
        yes = turn.request.intent == "AMAZON.YesIntent"
        question = turn.question
        if question is not None:
            return ANSWERS[question](turn, yes)
        say = turn.say
        if not yes:  # "no" to "what would you like?": nothing more
            return turn.tell(Speech().say(say("goodbye")))
        return turn.ask(Speech().say(say("yes_at_menu")), say("menu_reprompt"))


def fallback(turn: Turn) -> Response:
    """Speech the skill did not understand, where the user is."""
    return asking.miss(turn)


class NumberHandler(IntentHandler):
    """A number said alone: what the open question registered it means
    (numbers.py), else not understood."""

    intents = frozenset({"NumberIntent"})

    def respond(self, turn: Turn) -> Response:
        return numbers.heard(turn, turn.request.number("Number"))


class OutOfScopeHandler(IntentHandler):
    """A request the skill does not do ("what's the weather", "play some
    music"), which another part of the skill names OutOfScopeIntent from the
    raw words (the model has no such intent): one sentence on what the skill
    can do, then the open question again, or the menu's. It answers nothing,
    does nothing, and is not a miss (the count of misses stays)."""

    intents = frozenset({"OutOfScopeIntent"})

    def respond(self, turn: Turn) -> Response:
        # someone else's health ("my toddler has a fever"): theirs to ask about
        whose = turn.request.slot("Whose").heard
        return asking.ask_again(turn, turn.say("others_health" if whose else "out_of_scope"))


class SmallTalkHandler(IntentHandler):
    """ "Good morning, how are you?" (GreetingIntent), "who am I talking
    to?" (IdentityIntent), "are you a doctor?" (ProfessionIntent), "I'll
    ring my midwife" (GettingCheckedIntent) and "ha ok", "okay I'll tell
    him" with nothing else understood (AcknowledgedIntent), all named by
    the understanding:
    a word back, then the open question again."""

    intents = frozenset(SMALL_TALK)

    def respond(self, turn: Turn) -> Response:
        said = SMALL_TALK[turn.request.intent or ""]
        return asking.ask_again(turn, turn.say(said, skill=turn.skill_name))


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
            return turn.ask(Speech().say(turn.say("error")), turn.say("menu_reprompt"))
        except LookupError:
            from .content import load
            from .settings import DEFAULT_LOCALE

            prompts = load(DEFAULT_LOCALE).prompts
            builder = handler_input.response_builder
            return (
                builder.speak(Speech().say(prompts("error")).ssml())
                .ask(Speech().say(prompts("menu_reprompt")).ssml())
                .response
            )


BEFORE_ROOMS = [LaunchHandler()]
AFTER_ROOMS = [
    HelpHandler(),
    StopHandler(),
    NavigateHomeHandler(),
    YesNoHandler(),
    NumberHandler(),
    OutOfScopeHandler(),
    SmallTalkHandler(),
    FallbackHandler(),
    SessionEndedHandler(),
    SkillDisabledHandler(),
    UnknownRequestHandler(),
]
