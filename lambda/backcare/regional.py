"""What the skill says, in the forms of the user's market (content/regions.py):
one response interceptor over the speech, the reprompt, the card and the
screen's texts, so every room writes its words once."""

from __future__ import annotations

from typing import Any

from ask_sdk_core.dispatch_components.request_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.alexa.presentation.apl.render_document_directive import (
    RenderDocumentDirective,
)
from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard
from ask_sdk_model.ui.ssml_output_speech import SsmlOutputSpeech
from ask_sdk_model.ui.standard_card import StandardCard

from .content.regions import Region, region


class Regional(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        request = handler_input.request_envelope.request
        market = region(str(getattr(request, "locale", None) or ""))
        if response is None or market is None or not market.rewrites:
            return
        for speech in (
            response.output_speech,
            response.reprompt and response.reprompt.output_speech,
        ):
            if isinstance(speech, SsmlOutputSpeech) and speech.ssml:
                speech.ssml = market.respell(speech.ssml)
        card = response.card
        if isinstance(card, SimpleCard):
            card.title, card.content = _each(market, card.title), _each(market, card.content)
        elif isinstance(card, StandardCard):
            card.title, card.text = _each(market, card.title), _each(market, card.text)
        for directive in response.directives or []:
            if isinstance(directive, RenderDocumentDirective) and directive.datasources:
                directive.datasources = _each(market, directive.datasources)


def _each(market: Region, value: Any) -> Any:
    """Every text inside `value` (a screen's data is maps and lists)."""
    if isinstance(value, str):
        return market.respell(value)
    if isinstance(value, dict):
        return {key: _each(market, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_each(market, item) for item in value]
    return value
