"""A second request said in the same line, served in the same reply.

"How much is deep tissue and are you open saturdays": the understanding
(understanding/joined.py) acts on the first and leaves the second in the
request attributes under THEN_KEY. When the first was a plain answer (no
question left open, or only an offer a second request passes over: "want
to know how to book?"), its closing question ("anything else?") is dropped
and the second's handler answers on: one reply, both answered, the
second's question last. Otherwise the second is let go: a question the user
must answer first is never talked over.
"""

from __future__ import annotations

import logging
import re

from ask_sdk_core.dispatch_components.request_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.intent import Intent
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.response import Response
from ask_sdk_model.ui.ssml_output_speech import SsmlOutputSpeech
from ask_sdk_runtime.dispatch_components.request_components import GenericRequestMapper

from .context import Question
from .envelope import RequestView
from .speech import MAX_SPEECH_CHARS
from .turn import Turn

THEN_KEY = "backcare.then"
# offers a second request may pass over ("...want to know how to book?"):
# nothing is lost when they go unanswered
OFFERS = frozenset(
    {Question.BOOKING, Question.TIP_OFFER, Question.ANOTHER_TIP, Question.MASSAGE_MORE}
    | {Question.SESSION_REMINDER}  # "want a reminder the day before?"
)
LAST_QUESTION = re.compile(r"\s*[^.!?>]*\?$")

log = logging.getLogger(__name__)


class Then(AbstractResponseInterceptor):
    def __init__(self) -> None:
        self.mapper: GenericRequestMapper | None = None  # set once the skill is built

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        then = handler_input.attributes_manager.request_attributes.pop(THEN_KEY, None)
        request = handler_input.request_envelope.request
        if not isinstance(then, Intent) or response is None or self.mapper is None:
            return
        if not isinstance(request, IntentRequest) or response.should_end_session:
            return
        if response.directives or not isinstance(response.output_speech, SsmlOutputSpeech):
            return
        try:
            turn = Turn.of(handler_input)
        except LookupError:
            return
        offered = turn.ctx.question in OFFERS
        if (turn.ctx.question is not None and not offered) or turn.ctx.elicit is not None:
            return
        first = _inner(str(response.output_speech.ssml or ""))
        kept = LAST_QUESTION.sub("", first).rstrip()  # its closing offer
        if not kept:
            return
        request.intent = then
        turn.request = RequestView.of(handler_input)  # the handler reads the second's slots
        chain = self.mapper.get_request_handler_chain(handler_input)
        if chain is None:
            return
        from ask_sdk_model.dialog.elicit_slot_directive import (  # a second request only
            ElicitSlotDirective,
        )

        chain.request_handler.handle(handler_input)
        second = response.output_speech
        asks = all(isinstance(d, ElicitSlotDirective) for d in response.directives or [])
        if not asks or not isinstance(second, SsmlOutputSpeech):
            return  # another directive or no speech: the second stands alone
        merged = f"{kept} {_inner(str(second.ssml or ''))}".strip()
        if len(merged) + len("<speak></speak>") > MAX_SPEECH_CHARS:
            return  # too long for one reply: the second alone, as the state now is
        # "...open sundays and how much is a massage": the hours, then "which massage?"
        response.output_speech = SsmlOutputSpeech(ssml=f"<speak>{merged}</speak>")
        if turn.ctx.last:
            turn.ctx.last = merged  # "repeat" says both
        log.info("then: %s", then.name)


def _inner(ssml: str) -> str:
    return ssml.removeprefix("<speak>").removesuffix("</speak>").strip()
