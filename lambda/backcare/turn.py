"""One conversation turn: the handler's view of the request, the user's
record, the conversation context, the content and the business.

Handlers read and change a Turn; they never touch the store, HTTP or
files. The persistence interceptors build it before the handler runs and
save what changed afterwards; `commit` is their hook for a handler that
must know the record is safely stored before it says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from .business.profile import Business
from .content import Content, Prompts, Routine
from .context import Context, Question
from .envelope import RequestView
from .speech import Speech
from .state import RoutineProgress, UserState

TURN_KEY = "backcare.turn"
MAX_REPEAT_CHARS = 4000


def _not_stored() -> bool:
    return False


@dataclass
class Turn:
    handler_input: HandlerInput
    request: RequestView
    state: UserState
    ctx: Context
    content: Content
    business: Business
    commit: Callable[[], bool] = _not_stored  # write the record now; True once stored
    erase: bool = False  # the user disabled the skill: delete their record
    known: bool = True  # False: the store could not be read, `state` is a stand-in

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
    def now(self) -> datetime:
        return self.request.timestamp

    @property
    def today(self) -> date:
        return self.now.astimezone(UTC).date()

    @property
    def user_id(self) -> str | None:
        return self.request.user_id

    @property
    def question(self) -> Question | None:
        return self.ctx.question

    @property
    def running(self) -> tuple[Routine, RoutineProgress] | None:
        """The routine in progress, if its content still exists."""
        progress = self.state.progress
        if progress is None:
            return None
        routine = self.content.routine(progress.routine_id)
        if routine is None or not 0 <= progress.step < len(routine.steps):
            self.state.progress = None  # content changed under a saved position: drop it
            return None
        return routine, progress

    def ask(self, speech: Speech, reprompt: str, question: Question | None = None) -> Response:
        """Keep the session open; `question` names what a yes/no answers."""
        self.ctx.question = question
        self.ctx.reprompt = reprompt
        ssml = speech.ssml()
        # Kept for "repeat" outside a routine; a routine step is re-rendered.
        keep = question is not Question.NEXT_STEP and len(ssml) <= MAX_REPEAT_CHARS
        self.ctx.last = ssml if keep else ""
        builder = self.handler_input.response_builder
        return builder.speak(ssml).ask(Speech().say(reprompt).ssml()).response

    def answer(self, *texts: str) -> Response:
        """Say the texts, then ask what the user would like to do next."""
        menu = self.say("menu_short")
        return self.ask(Speech().say(*texts, menu), menu)

    def menu(self, lead: Speech | None = None) -> Response:
        """Back to the main menu: "What would you like to do?"."""
        say = self.say
        return self.ask((lead or Speech()).say(say("menu_question")), say("menu_short"))

    def menu_without_routines(self, lead: Speech) -> Response:
        """Routines are closed for now (a red flag, the screen, high pain):
        drop any routine waiting on its gates and offer only what is open."""
        self.ctx.end_gates()
        say = self.say
        return self.ask(lead.say(say("menu_no_routine")), say("menu_no_routine"))

    def elicit(self, slot_name: str, prompt: str, question: Question | None = None) -> Response:
        """Ask for a missing slot with Dialog.ElicitSlot on the current intent."""
        from ask_sdk_model.dialog.elicit_slot_directive import ElicitSlotDirective
        from ask_sdk_model.intent import Intent
        from ask_sdk_model.intent_request import IntentRequest

        request = self.handler_input.request_envelope.request
        intent = request.intent if isinstance(request, IntentRequest) else None
        self.ctx.question = question
        self.ctx.reprompt = prompt
        ssml = Speech().say(prompt).ssml()
        builder = self.handler_input.response_builder
        builder.speak(ssml).ask(ssml)
        builder.add_directive(
            ElicitSlotDirective(slot_to_elicit=slot_name, updated_intent=intent or Intent())
        )
        return builder.response

    def tell(self, speech: Speech) -> Response:
        """Answer and end the session."""
        self.ctx.question = None
        builder = self.handler_input.response_builder
        if not speech.empty:
            builder.speak(speech.ssml())
        return builder.set_should_end_session(True).response
