"""One conversation turn: the user's record, the session's context, the clock.

Handlers read and change a Turn; they never touch the store, HTTP or
files. The persistence interceptors build it before the handler runs and
save what changed afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.response import Response

from .business.profile import Business
from .content import Content, Prompts
from .speech import Speech
from .state import UserState

TURN_KEY = "backcare.turn"
MAX_REPEAT_CHARS = 4000


@dataclass
class Turn:
    handler_input: HandlerInput
    state: UserState
    content: Content
    business: Business
    now: datetime
    ctx: dict[str, Any] = field(default_factory=dict)  # lives in session attributes
    saved_fingerprint: str = ""
    synced: bool = True  # False when the stored record could not be read
    user_id: str | None = None
    base: dict[str, int] = field(default_factory=dict)  # completions as last stored
    store_failed: bool = False  # a store call failed this turn: don't try again
    overwrite: bool = False  # the stored record was unreadable and has been set aside

    @staticmethod
    def of(handler_input: HandlerInput) -> Turn:
        turn = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        if not isinstance(turn, Turn):
            raise LookupError("no turn: the load interceptor did not run")
        return turn

    @property
    def say(self) -> Prompts:
        return self.content.prompts

    @property
    def today(self) -> date:
        return self.now.astimezone(UTC).date()

    @property
    def question(self) -> str | None:
        value = self.ctx.get("question")
        return str(value) if value else None

    def ask(
        self,
        speech: Speech,
        reprompt: str,
        question: str | None = None,
        **ctx: Any,
    ) -> Response:
        """Keep the session open; `question` names what a yes/no answers."""
        self.ctx["question"] = question
        self.ctx["reprompt"] = reprompt
        self.ctx.update(ctx)
        ssml = speech.ssml()
        # Kept for "repeat" outside a routine; a routine step is re-rendered.
        keep = question != "next_step" and len(ssml) <= MAX_REPEAT_CHARS
        self.ctx["last"] = ssml if keep else ""
        builder = self.handler_input.response_builder
        return builder.speak(ssml).ask(Speech().say(reprompt).ssml()).response

    def answer(self, *texts: str) -> Response:
        """Say the texts, then ask what the user would like to do next."""
        menu = self.say("menu_short")
        return self.ask(Speech().say(*texts, menu), menu)

    def elicit(self, slot_name: str, prompt: str, question: str | None = None) -> Response:
        """Ask for a missing slot with Dialog.ElicitSlot on the current intent."""
        from ask_sdk_model.dialog.elicit_slot_directive import ElicitSlotDirective
        from ask_sdk_model.intent import Intent

        request = self.handler_input.request_envelope.request
        intent = request.intent if isinstance(request, IntentRequest) else None
        self.ctx["question"] = question
        self.ctx["reprompt"] = prompt
        ssml = Speech().say(prompt).ssml()
        builder = self.handler_input.response_builder
        builder.speak(ssml).ask(ssml)
        builder.add_directive(
            ElicitSlotDirective(slot_to_elicit=slot_name, updated_intent=intent or Intent())
        )
        return builder.response

    def tell(self, speech: Speech) -> Response:
        """Answer and end the session."""
        self.ctx["question"] = None
        builder = self.handler_input.response_builder
        if not speech.empty:
            builder.speak(speech.ssml())
        return builder.set_should_end_session(True).response
