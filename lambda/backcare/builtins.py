"""Launch, help, stop and cancel, fallback, home, yes/no, session end, errors.

Each answer depends on where the user is: inside a routine, facing a
yes/no question, or at the main menu.
"""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.response import Response

from .answers import ANSWERS
from .intent_handler import IntentHandler
from .persistence import flush
from .routines import engine
from .speech import Speech
from .tips.picker import next_tip
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
        if returning:
            speech.say(say("welcome_back"))
        else:
            turn.state.disclaimer_heard = True
            speech.say(say("welcome_new"), say("disclaimer"))
        running = engine.current(turn.state, turn.content)
        if running:
            routine, progress = running
            speech.say(
                say(
                    "offer_resume",
                    step=progress.step + 1,
                    total=len(routine.steps),
                    routine=routine.name,
                )
            )
            return turn.ask(speech, say("resume_reprompt", routine=routine.name), question="resume")
        today = turn.today.isoformat()
        if returning and turn.state.tip_day != today:
            # A returning user hears a different tip each day.
            tip, _ = next_tip(turn.state, turn.content.tips, turn.user_id or "anonymous")
            turn.state.tip_day = today
            speech.say(say("tip_of_the_day", tip=tip.text))
        speech.say(say("menu_question"))
        return turn.ask(speech, say("menu_short"))


class HelpHandler(IntentHandler):
    intents = frozenset({"AMAZON.HelpIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        running = engine.current(turn.state, turn.content)
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
            return turn.ask(speech, say("step_reprompt"), question="next_step")
        return turn.ask(Speech().say(say("help_general")), say("menu_short"))


class StopHandler(IntentHandler):
    intents = frozenset({"AMAZON.StopIntent", "AMAZON.CancelIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        speech = Speech()
        running = engine.current(turn.state, turn.content)
        if running:
            routine, progress = running
            if flush(turn):
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
        if engine.current(turn.state, turn.content):
            speech.say(say("home"))
        speech.say(say("menu_question"))
        return turn.ask(speech, say("menu_short"))


class YesNoHandler(IntentHandler):
    intents = frozenset({"AMAZON.YesIntent", "AMAZON.NoIntent"})

    def respond(self, turn: Turn) -> Response:
        yes = bool(is_intent_name("AMAZON.YesIntent")(turn.handler_input))
        answer = ANSWERS.get(turn.question or "")
        if answer is not None:
            return answer(turn, yes)
        say = turn.say
        speech = Speech().say(say("yes_no_nothing"), say("menu_question"))
        return turn.ask(speech, say("menu_short"))


def fallback(turn: Turn) -> Response:
    """What can be said right now, as a reprompting question."""
    say = turn.say
    question = turn.question
    if question == "next_step" and engine.current(turn.state, turn.content):
        speech = Speech().say(say("fallback_routine"), say("help_routine_prompt"))
        return turn.ask(speech, say("step_reprompt"), question="next_step")
    if question in ANSWERS:
        # Re-ask the pending question rather than dropping it.
        reprompt = str(turn.ctx.get("reprompt") or say("answer_yes_no"))
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
        error = getattr(request, "error", None)
        if error is not None:
            log.warning("session ended with error: %s", getattr(error, "object_type", error))
        # The response interceptor saves whatever changed; Alexa ignores speech here.
        return handler_input.response_builder.response


class SkillDisabledHandler(AbstractRequestHandler):
    """The user disabled the skill: delete everything stored for them."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        handler_input.attributes_manager.delete_persistent_attributes()
        return handler_input.response_builder.response


class UnknownRequestHandler(AbstractRequestHandler):
    """Last in the list: any intent or request no room claimed."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        log.info("unhandled request %s", getattr(request, "object_type", "?"))
        if getattr(request, "object_type", "") != "IntentRequest":
            return handler_input.response_builder.response
        return fallback(Turn.of(handler_input))


class ErrorHandler(AbstractExceptionHandler):
    """Any exception: one friendly sentence, the record stays in the session."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

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
