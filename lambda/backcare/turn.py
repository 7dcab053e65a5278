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
from .content import Concern, Content, Routine
from .context import Context, Elicit, Question
from .envelope import RequestView
from .speech import Speech
from .state import RoutineProgress, UserState, iso
from .voice import Voice

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
    def say(self) -> Voice:
        """The prompts as this session says them (varied, never twice in a row)."""
        return Voice(self.content.prompts, self.ctx, self.routines_closed)

    @property
    def skill_name(self) -> str:
        """What the skill is called: a studio's own published name, else ours."""
        return self.business.skill_name or self.say("skill_name")

    @property
    def concerns(self) -> list[Concern]:
        """The safety concerns said this session, as the content has them."""
        found = (self.content.safety.concern(cid) for cid in self.ctx.concerns)
        return [c for c in found if c is not None]

    @property
    def routines_closed(self) -> bool:
        """No routine today: a red flag not yet checked by a doctor, or pain
        too high today (the gates in safety/ and progress/ say why)."""
        state = self.state
        return bool(state.clearance_since) or state.rest_day == self.today.isoformat()

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
        """Keep the session open; `question` names what a yes/no answers.

        `reprompt` is said when the user is silent and again after a miss:
        the question, short, with how to answer it."""
        ctx = self.ctx
        ctx.question = question
        ctx.reprompt = reprompt
        ctx.misses = 0
        ctx.elicit = None
        ctx.reminded = ""
        ssml = speech.ssml()
        # Kept for "repeat" outside a routine; a routine step is re-rendered.
        keep = question is not Question.NEXT_STEP and len(ssml) <= MAX_REPEAT_CHARS
        ctx.last = ssml if keep else ""
        builder = self.handler_input.response_builder
        return builder.speak(ssml).ask(Speech().say(reprompt).ssml()).response

    def answer(self, *texts: str) -> Response:
        """Say the texts, then a short "anything else?"."""
        say = self.say
        return self.ask(Speech().say(*texts, say("anything_else")), say("menu_reprompt"))

    def menu(self, lead: Speech | None = None, full: bool = False) -> Response:
        """Back to the main menu. What the skill can do, with examples, is
        said the first time in a session and when `full` (after a miss);
        otherwise a short question, with the examples in the reprompt."""
        say = self.say
        speech = lead or Speech()
        if full or not self.ctx.menu_heard:
            self.ctx.menu_heard = True
            speech.say(say("menu_question"))
        else:
            speech.say(say("menu_short"))
        return self.ask(speech, say("menu_reprompt"))

    def menu_without_routines(self, lead: Speech) -> Response:
        """Routines are closed for now (a red flag, the screen, high pain):
        end the routine in progress, drop any waiting on its gates, and
        offer only what is open."""
        self.end_routine()
        self.ctx.end_gates()
        say = self.say
        return self.ask(lead.say(say("menu_no_routine")), say("menu_no_routine"))

    def end_routine(self) -> None:
        """The routine in progress ends for good: no "saved your place", no
        resume offer later (other devices' copies merge by `progress_at`)."""
        if self.state.progress is not None:
            self.state.progress = None
            self.state.progress_at = iso(self.now)

    def elicit(
        self,
        slot_name: str,
        prompt: str,
        question: Question | None = None,
        reprompt: str = "",
    ) -> Response:
        """Ask for a missing slot with Dialog.ElicitSlot on the current intent;
        `reprompt` (default: the prompt) is said on silence and after a miss."""
        from ask_sdk_model.intent_request import IntentRequest

        request = self.handler_input.request_envelope.request
        intent = request.intent if isinstance(request, IntentRequest) else None
        name = str(intent.name) if intent and intent.name else ""
        slots = {
            key: str(slot.value)
            for key, slot in ((intent.slots if intent else None) or {}).items()
            if slot is not None and slot.value and key != slot_name
        }
        return self.elicit_again(
            Elicit(intent=name, slot=slot_name, slots=slots), prompt, question, reprompt or prompt
        )

    def elicit_again(
        self, elicit: Elicit, prompt: str, question: Question | None, reprompt: str
    ) -> Response:
        from ask_sdk_model.dialog.elicit_slot_directive import ElicitSlotDirective
        from ask_sdk_model.intent import Intent
        from ask_sdk_model.slot import Slot

        ctx = self.ctx
        ctx.question, ctx.reprompt, ctx.elicit, ctx.last = question, reprompt, elicit, ""
        ctx.reminded = ""
        intent = Intent(
            name=elicit.intent,
            slots={k: Slot(name=k, value=v) for k, v in elicit.slots.items()},
        )
        builder = self.handler_input.response_builder
        builder.speak(Speech().say(prompt).ssml()).ask(Speech().say(reprompt).ssml())
        builder.add_directive(
            ElicitSlotDirective(slot_to_elicit=elicit.slot, updated_intent=intent)
        )
        return builder.response

    def tell(self, speech: Speech) -> Response:
        """Answer and end the session."""
        self.ctx.question, self.ctx.reminded = None, ""
        builder = self.handler_input.response_builder
        if not speech.empty:
            builder.speak(speech.ssml())
        return builder.set_should_end_session(True).response
