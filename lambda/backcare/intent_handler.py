"""The one handler shape every room uses: declare intent names, answer a Turn."""

from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.response import Response

from .turn import Turn


class IntentHandler(AbstractRequestHandler):
    """Handles the intents named in `intents` by answering `respond(turn)`.
    A subclass's `can_handle` may only narrow this one's (dispatch.py asks a
    handler only about the intents it names)."""

    intents: ClassVar[frozenset[str]] = frozenset()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        # Every handler is asked in turn, so this stays a couple of lookups.
        request = handler_input.request_envelope.request
        if not isinstance(request, IntentRequest) or request.intent is None:
            return False
        return request.intent.name in self.intents

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.respond(Turn.of(handler_input))

    def respond(self, turn: Turn) -> Response:
        raise NotImplementedError
