"""The disclaimer on first use, whatever the first request is.

A new user's launch says it in the welcome (builtins.py). One who starts
with a one-shot ("ask back care coach for a tip") never hears a welcome:
their first reply starts with the disclaimer instead, once. Urgent advice
after a red flag, and the question naming the warning signs, go first
unchanged: the disclaimer waits for the next reply.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.response import Response
from ask_sdk_model.ui.ssml_output_speech import SsmlOutputSpeech

from .speech import esc
from .turn import Turn
from .understanding import RED_FLAG, WARNING_SIGNS

URGENT_FIRST = frozenset({RED_FLAG, WARNING_SIGNS})
SPEAK = "<speak>"


class FirstUse(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        request = handler_input.request_envelope.request
        if response is None or not isinstance(request, IntentRequest):
            return
        speech = response.output_speech
        if not isinstance(speech, SsmlOutputSpeech) or not (speech.ssml or "").startswith(SPEAK):
            return
        try:
            turn = Turn.of(handler_input)
        except LookupError:
            return
        if turn.state.disclaimer_heard or turn.request.intent in URGENT_FIRST:
            return
        turn.state.disclaimer_heard = True
        note = esc(turn.say("disclaimer"))
        speech.ssml = f"{SPEAK}{note} {(speech.ssml or '').removeprefix(SPEAK)}"
