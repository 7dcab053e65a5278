"""Name-free requests: CanFulfillIntentRequest, answered honestly.

Alexa asks skills whether they could serve a request the user made
without naming one ("Alexa, how do I ease my lower back?"). The answer is
YES only for what this skill serves in full with no conversation behind
it (a tip, a massage type it knows, the business's hours, a routine it
has), MAYBE for what needs the user's own data or permissions (their next
session, reminders, progress), and NO for the rest: a step of a routine,
an answer to a question, and anything about urgent health. Red flags are
never a YES: emergencies are not for a massage studio's skill. A value
the skill does not know (a massage type it has no words on) makes the
request a NO. Nothing is read or written: the request has no session, and
persistence.LoadState leaves the store alone for it.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.canfulfill.can_fulfill_intent import CanFulfillIntent
from ask_sdk_model.canfulfill.can_fulfill_intent_values import CanFulfillIntentValues
from ask_sdk_model.canfulfill.can_fulfill_slot import CanFulfillSlot
from ask_sdk_model.canfulfill.can_fulfill_slot_values import CanFulfillSlotValues
from ask_sdk_model.canfulfill.can_understand_slot_values import CanUnderstandSlotValues
from ask_sdk_model.response import Response

from .content import Content
from .turn import Turn

REQUEST_TYPE = "CanFulfillIntentRequest"
YES, MAYBE, NO = "YES", "MAYBE", "NO"

# What each intent is, asked name-free. Unlisted intents are a NO.
SERVED = frozenset(
    {"TipIntent", "ListRoutinesIntent", "StartRoutineIntent", "RoutineStepsIntent"}
    | {"ExplainMassageIntent", "CompareMassageIntent", "ListMassageIntent"}
    | {"RecommendMassageIntent", "MassageDetailIntent", "MassagePressureIntent"}
    | {"MassageSessionIntent", "MassageAftercareIntent", "MassageAvoidIntent"}
    | {"ServicesIntent", "PriceIntent", "BookingIntent", "HoursIntent"}
    | {"LocationIntent", "PaymentIntent", "SessionLengthIntent"}
)
# Served from the user's own record or the Alexa reminders permission.
THEIRS = frozenset(
    {"ProgressIntent", "PainTrendIntent", "NextSessionIntent", "BookSessionIntent"}
    | {"MoveSessionIntent", "CancelSessionIntent", "ProgramIntent"}
    | {"SessionReminderIntent", "StretchReminderIntent", "ListRemindersIntent"}
    | {"CancelRemindersIntent"}
)


def _known(content: Content, slot_type: str) -> set[str]:
    """The words this content knows for a custom slot type, lower case."""
    named: dict[str, list[tuple[str, tuple[str, ...]]]] = {
        "MASSAGE_TYPE": [(m.name, m.synonyms) for m in content.massages],
        "ROUTINE_NAME": [(r.name, r.synonyms) for r in content.routines],
        "TIP_TOPIC": [(t.name, t.synonyms) for t in content.tip_topics],
        "MASSAGE_GOAL": [(g.name, g.synonyms) for g in content.goals],
    }
    pairs = named.get(slot_type, [])
    return {word.lower() for name, synonyms in pairs for word in (name, *synonyms)}


SLOT_TYPES = {
    "MassageType": "MASSAGE_TYPE",
    "MassageTypeA": "MASSAGE_TYPE",
    "MassageTypeB": "MASSAGE_TYPE",
    "RoutineName": "ROUTINE_NAME",
    "Topic": "TIP_TOPIC",
    "Goal": "MASSAGE_GOAL",
}


def _slot(turn: Turn, name: str) -> tuple[str, str] | None:
    """Whether a filled slot's value is understood and can be served."""
    value = turn.request.slot(name)
    if not value.heard:
        return None
    slot_type = SLOT_TYPES.get(name)
    if slot_type is None or value.id is not None:  # a built-in type, or resolved by Alexa
        return YES, YES
    if value.heard.lower() in _known(turn.content, slot_type):
        return YES, YES
    return NO, NO


class CanFulfillHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return bool(request is not None and request.object_type == REQUEST_TYPE)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        intent = turn.request.intent or ""
        verdict = YES if intent in SERVED else MAYBE if intent in THEIRS else NO
        slots: dict[str, CanFulfillSlot] = {}
        for name in list(turn.request.slots)[:10]:  # bounded: a model intent has a few
            judged = _slot(turn, name)
            if judged is None:
                continue
            if verdict == NO and intent not in SERVED | THEIRS:
                judged = (NO, NO)  # not ours to serve, whatever the words
            understand, fulfil = judged
            slots[name] = CanFulfillSlot(
                can_understand=CanUnderstandSlotValues(understand),
                can_fulfill=CanFulfillSlotValues(fulfil),
            )
            if fulfil == NO:
                verdict = NO  # a value it has no words on: it cannot serve the request
        answer = CanFulfillIntent(can_fulfill=CanFulfillIntentValues(verdict), slots=slots)
        builder = handler_input.response_builder
        builder.set_can_fulfill_intent(answer)
        return builder.response
