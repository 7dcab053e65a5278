"""Which handler answers: the SDK's order, asked of fewer handlers.

The SDK's GenericRequestMapper asks every handler's `can_handle` in the
order they were added, about twenty a turn. An `IntentHandler` can claim
only the intents it names (its `can_handle` checks the name first, and
every subclass's narrows it further), so for an intent request only the
handlers that name it, and those that are no IntentHandler, can answer:
this mapper asks just those, in the same order. The first to claim the
request answers, exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_runtime.dispatch_components.request_components import (
    GenericRequestHandlerChain,
    GenericRequestMapper,
)

from .intent_handler import IntentHandler


class IntentIndexMapper(GenericRequestMapper):
    def __init__(self, chains: Sequence[GenericRequestHandlerChain]) -> None:
        super().__init__(request_handler_chains=list(chains))
        self.chains = list(chains)
        # Handlers that may claim any request (launch, session end, events,
        # the fallback), in order; then, per intent name, the same list with
        # the handlers that name it in their places.
        self.general = [c for c in self.chains if not isinstance(c.request_handler, IntentHandler)]
        names = {
            name
            for c in self.chains
            if isinstance(c.request_handler, IntentHandler)
            for name in c.request_handler.intents
        }
        self.by_intent = {
            name: [
                c
                for c in self.chains
                if not isinstance(c.request_handler, IntentHandler)
                or name in c.request_handler.intents
            ]
            for name in names
        }

    def get_request_handler_chain(  # type: ignore[override]
        self, handler_input: HandlerInput
    ) -> GenericRequestHandlerChain | None:
        request = handler_input.request_envelope.request
        chains = self.general
        if isinstance(request, IntentRequest) and request.intent is not None:
            # A name no handler declares (a hostile request) gets the general list.
            chains = self.by_intent.get(str(request.intent.name), self.general)
        for chain in chains:
            if chain.request_handler.can_handle(handler_input):
                return chain
        return None
