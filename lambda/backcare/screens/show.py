"""A RenderDocument with every response to a device with a screen."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_supported_interfaces
from ask_sdk_core.utils.viewport import ViewportProfile, get_viewport_profile
from ask_sdk_model.interfaces.alexa.presentation.apl.render_document_directive import (
    RenderDocumentDirective,
)
from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from ..turn import Turn
from .documents import document
from .views import Before, choose

BEFORE_KEY = "backcare.screens.before"
TOKEN = "backcare"


def has_screen(handler_input: HandlerInput) -> bool:
    """The device renders APL (context.System.device.supportedInterfaces)."""
    try:
        interfaces = get_supported_interfaces(handler_input)
    except (AttributeError, TypeError):  # no device in the envelope
        return False
    return interfaces is not None and interfaces.alexa_presentation_apl is not None


class Remember(AbstractRequestInterceptor):
    """What the record held before the handler ran, for the screen to tell
    a routine just finished or a disclaimer just said."""

    def process(self, handler_input: HandlerInput) -> None:
        if not has_screen(handler_input):
            return
        try:
            turn = Turn.of(handler_input)
        except LookupError:
            return
        state = turn.state
        before = Before(state.disclaimer_heard, state.total_completions)
        handler_input.attributes_manager.request_attributes[BEFORE_KEY] = before


# Requests whose reply may carry a screen: not a name-free query, a session
# that ended, an error report or an APL runtime error (a render could loop).
SHOWN_FOR = frozenset(
    {"LaunchRequest", "IntentRequest", "Alexa.Presentation.APL.UserEvent"}
    | {"Connections.Response"}
)


class Show(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        request = handler_input.request_envelope.request
        kind = str(getattr(request, "object_type", "") or "")
        if response is None or kind not in SHOWN_FOR or not has_screen(handler_input):
            return
        before = handler_input.attributes_manager.request_attributes.get(BEFORE_KEY)
        try:
            turn = Turn.of(handler_input)
        except LookupError:
            return
        if not isinstance(before, Before):
            return
        speech = response.output_speech
        ssml = str(getattr(speech, "ssml", "") or "")
        card = response.card
        shown = (str(card.title), str(card.content)) if isinstance(card, SimpleCard) else None
        ended = bool(response.should_end_session)
        screen = choose(turn, ssml, shown, before, _profile(handler_input), ended)
        directive = RenderDocumentDirective(
            token=TOKEN,
            document=document(screen.document),  # shared, read-only: serialised as it is
            datasources={"screen": {"kind": screen.document, **screen.data}},
        )
        response.directives = [*(response.directives or []), directive]


def _profile(handler_input: HandlerInput) -> ViewportProfile:
    try:
        return get_viewport_profile(handler_input.request_envelope)
    except (AttributeError, TypeError, ValueError):
        return ViewportProfile.UNKNOWN_VIEWPORT_PROFILE
