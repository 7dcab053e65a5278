"""Handlers for questions about massage types."""

from __future__ import annotations

from typing import ClassVar

from ask_sdk_model.response import Response

from .. import asking
from ..answers import answers
from ..content import MassageType
from ..context import Question
from ..envelope import SlotValue
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..spoken import sentence, spoken_list
from ..state import MAX_MASSAGE_ASKED
from ..turn import Turn
from . import knowledge


def remember(turn: Turn, massage: MassageType) -> None:
    turn.ctx.massage = massage.id
    turn.ctx.followed = turn.request.intent or ""
    asked = [m for m in turn.state.massage_asked if m != massage.id]
    turn.state.massage_asked = [*asked, massage.id][-MAX_MASSAGE_ASKED:]


def unknown(turn: Turn, heard: str) -> Response:
    """A name the skill does not know: never said back; the closest it knows."""
    say = turn.say
    names = [m.name for m in knowledge.close_matches(turn.content, heard)]
    speech = Speech().say(say("massage_unknown", choices=spoken_list(names)))
    return turn.ask(speech, say("massage_name_reprompt"), question=Question.MASSAGE_NAME)


def resolve(turn: Turn, value: SlotValue) -> MassageType | None:
    return turn.content.massage(value.id or "") if value.matched else None


def topic(turn: Turn, slot_name: str = "MassageType") -> MassageType | SlotValue | None:
    """The type named in the slot, else the one last discussed.

    Returns a SlotValue when the user named something we don't know."""
    value = turn.request.slot(slot_name)
    massage = resolve(turn, value)
    if massage is not None:
        return massage
    if value.heard:
        return value
    return turn.content.massage(turn.ctx.massage)


def akin_lead(
    turn: Turn, massage: MassageType, lead: Speech | None = None, slot: str = "MassageType"
) -> Speech:
    """ "Remedial massage is closest to deep tissue massage": said when the
    user named another practice, so the answer is never silently another's;
    then the note of each concern said this session that the type does not
    suit (safety.yaml's massage_note)."""
    speech = lead or Speech()
    akin = massage.akin_heard(turn.request.slot(slot).heard)
    if akin is not None:
        speech.say(turn.say("massage_akin", heard=sentence(akin), name=massage.name))
    # a concern said this session ("i'm 22 weeks pregnant"), then "what about
    # hot stone?": said when a type is first asked about, not with each follow-up
    for concern in turn.concerns if massage.id != turn.ctx.massage else ():
        noted = concern.massage_note and concern.massage_note in speech.text()
        if concern.massage_note and massage.id not in concern.massage_suits and not noted:
            speech.say(concern.massage_note)  # once, when two types are compared
    return speech


def tell_about(turn: Turn, massage: MassageType, lead: Speech | None = None) -> Response:
    """Its summary's first sentence; the rest is one "yes" away."""
    say = turn.say
    speech = akin_lead(turn, massage, lead).say(
        knowledge.first_sentence(massage.summary), say("massage_more_question")
    )
    remember(turn, massage)
    return turn.ask(speech, say("massage_more_reprompt"), question=Question.MASSAGE_MORE)


def elicit_name(turn: Turn, slot: str, prompt: str) -> Response:
    return turn.elicit(slot, prompt, Question.MASSAGE_NAME, turn.say("massage_name_reprompt"))


class ExplainMassageHandler(IntentHandler):
    intents = frozenset({"ExplainMassageIntent"})

    def respond(self, turn: Turn) -> Response:
        value = turn.request.slot("MassageType")
        massage = resolve(turn, value)
        if massage is not None:
            return tell_about(turn, massage)
        if value.heard:
            return unknown(turn, value.heard)
        return elicit_name(turn, "MassageType", turn.say("massage_elicit"))


class CompareMassageHandler(IntentHandler):
    """Two short sentences that contrast the two; "how's that different from
    Swedish" compares with the type last discussed."""

    intents = frozenset({"CompareMassageIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        named: dict[str, MassageType] = {}
        for name in ("MassageTypeA", "MassageTypeB"):
            value = turn.request.slot(name)
            massage = resolve(turn, value)
            if massage is None and value.heard:
                return unknown(turn, value.heard)
            if massage is not None:
                named[name] = massage
        if len({m.id for m in named.values()}) == 1 and len(named) == 2:
            heard = {turn.request.slot(n).heard.lower() for n in named}
            if len(heard) == 1:  # one name said twice ("...deep tissue, is deep tissue better")
                named.pop("MassageTypeB")
        last = turn.content.massage(turn.ctx.massage)
        if len(named) == 1 and last is not None and last.id != next(iter(named.values())).id:
            # "how's that different from the deep tissue one": with the type last discussed
            named = {"MassageTypeA": last, "MassageTypeB": next(iter(named.values()))}
        for name in ("MassageTypeA", "MassageTypeB"):
            if name not in named:
                return elicit_name(turn, name, say("compare_elicit"))
        first, second = named["MassageTypeA"], named["MassageTypeB"]
        # "remedial and deep tissue": another practice, said as the closest
        lead = akin_lead(turn, second, akin_lead(turn, first, slot="MassageTypeA"), "MassageTypeB")
        if first.id == second.id:
            same = Speech().say(say("compare_same", name=first.name))
            return tell_about(turn, first, lead if lead.text() else same)
        speech = lead.say(
            say("compare_first", name=sentence(first.name), contrast=first.contrast),
            say("compare_second", name=sentence(second.name), contrast=second.contrast),
            say("compare_question", name=second.name),
        )
        remember(turn, second)
        turn.ctx.listed = [first.id, second.id]  # "how much are both"
        return turn.ask(
            speech,
            say("massage_more_reprompt_named", name=second.name),
            question=Question.MASSAGE_MORE,
        )


def list_page(turn: Turn, start: int) -> Response:
    """All the types in two turns: the common ones, then the rest."""
    say = turn.say
    items, more = knowledge.page(turn.content, start)
    turn.ctx.listed = [m.id for m in items]  # "what's the first one like"
    names = [m.name + (say("related_note") if m.related else "") for m in items]
    total = len(turn.content.massages)
    if start == 0:
        text = say("massage_list_first", count=total, names=spoken_list(names, "and"))
    else:
        text = say("massage_list_rest", names=spoken_list(names, "and"))
    speech = Speech().say(text)
    if more:
        rest = total - start - len(items)
        speech.say(say("massage_list_more", count=rest))
        turn.ctx.list_offset = start + len(items)
        return turn.ask(
            speech, say("massage_list_more", count=rest), question=Question.MASSAGE_LIST
        )
    speech.say(say("massage_which"))
    return turn.ask(speech, say("massage_name_reprompt"), question=Question.MASSAGE_NAME)


class ListMassageHandler(IntentHandler):
    intents = frozenset({"ListMassageIntent"})

    def respond(self, turn: Turn) -> Response:
        return list_page(turn, 0)


def _offered_instead(turn: Turn, types: tuple[str, ...]) -> MassageType | None:
    """The first of `types` the studio offers, when the first of all is not
    one it offers (None when it is, or when it offers none of them)."""
    if not types or turn.business.service_for(types[0]) is not None:
        return None
    here = next((t for t in types if turn.business.service_for(t) is not None), None)
    return turn.content.massage(here) if here else None


class RecommendMassageHandler(IntentHandler):
    intents = frozenset({"RecommendMassageIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        named = turn.request.slot("MassageType")
        if named.heard:  # "is deep tissue good for my back?"
            massage = resolve(turn, named)
            if massage is None:
                return unknown(turn, named.heard)
            return self.for_goal(turn, massage)
        value = turn.request.slot("Goal")
        speech = Speech()
        goal = turn.content.goal(value.id or "") if value.matched else None
        if goal is None and value.heard:
            # A goal it has no advice for: say so briefly, never the words heard.
            speech.say(say("goal_unknown"))
            return turn.ask(speech, say("goal_reprompt"))
        if goal is None:
            goal = turn.content.goal("lower_back_pain") or turn.content.goals[0]
        first = turn.content.massage(goal.types[0])
        speech.say(goal.say)
        turn.ctx.listed = list(goal.types)  # named in this order
        here = _offered_instead(turn, goal.types)
        if first is not None and here is not None:
            # "which is best for a runner": not one the studio doesn't do,
            # and "the first one" is now the one it does
            speech.say(say("recommend_here", name=first.name, other=here.name))
            turn.ctx.listed = [here.id, *(t for t in goal.types if t != here.id)]
            first = here
        if first is None:
            speech.say(say("massage_which"))
            return turn.ask(speech, say("massage_name_reprompt"), question=Question.MASSAGE_NAME)
        speech.say(say("recommend_question", name=first.name))
        turn.ctx.massage = first.id
        return turn.ask(
            speech, say("recommend_reprompt", name=first.name), question=Question.MASSAGE_ABOUT
        )

    def for_goal(self, turn: Turn, massage: MassageType) -> Response:
        """Whether one type suits a goal: for the back, its own word on back
        pain; for another goal, whether it is among the goal's choices."""
        say = turn.say
        remember(turn, massage)
        value = turn.request.slot("Goal")
        goal = turn.content.goal(value.id or "") if value.matched else None
        speech = Speech()
        if goal is None and value.heard:  # "is thai good for migraines": no advice for that
            speech.say(say("goal_unknown"))
            return turn.ask(speech, say("goal_reprompt"))
        if goal is None or goal.id == "lower_back_pain":
            speech.say(say("back_text", name=massage.name, text=massage.back))
        else:
            speech.say(say("goal_fits" if massage.id in goal.types else "goal_other"), goal.say)
        speech.say(say("followup_question"))
        return turn.ask(speech, say("followup_reprompt"))


class FollowUpHandler(IntentHandler):
    """Answers about the type named, or the one last discussed."""

    template: ClassVar[str] = ""

    def respond(self, turn: Turn) -> Response:
        found = topic(turn)
        if isinstance(found, SlotValue):
            return unknown(turn, found.heard)
        if found is None:
            return elicit_name(turn, "MassageType", turn.say("followup_elicit"))
        response = self.answer(turn, found)  # (a concern's note: with a type new here)
        remember(turn, found)
        return response

    def answer(self, turn: Turn, massage: MassageType) -> Response:
        say = turn.say
        text = say(self.template, name=massage.name, text=self.text(massage))
        speech = akin_lead(turn, massage).say(text, say("followup_question"))
        return turn.ask(speech, say("followup_reprompt"))

    def text(self, massage: MassageType) -> str:
        raise NotImplementedError


class MassageDetailHandler(FollowUpHandler):
    intents = frozenset({"MassageDetailIntent"})
    template = "detail_text"

    def text(self, massage: MassageType) -> str:
        return massage.detail


class MassagePressureHandler(FollowUpHandler):
    intents = frozenset({"MassagePressureIntent"})
    template = "pressure_text"

    def text(self, massage: MassageType) -> str:
        return massage.pressure


class MassageAftercareHandler(FollowUpHandler):
    intents = frozenset({"MassageAftercareIntent"})
    template = "after_text"

    def text(self, massage: MassageType) -> str:
        return massage.after


class MassageAvoidHandler(FollowUpHandler):
    intents = frozenset({"MassageAvoidIntent"})
    template = "avoid_text"

    def text(self, massage: MassageType) -> str:
        return massage.avoid


class MassageSessionHandler(FollowUpHandler):
    intents = frozenset({"MassageSessionIntent"})

    def answer(self, turn: Turn, massage: MassageType) -> Response:
        say = turn.say
        speech = akin_lead(turn, massage).say(
            say("session_text", name=massage.name, text=massage.session)
        )
        service = turn.business.service_for(massage.id)
        if service is not None:
            minutes = spoken_list([str(o.minutes) for o in service.options])
            speech.say(say("session_here", business=turn.business.name, minutes=minutes))
        speech.say(say("followup_question"))
        return turn.ask(speech, say("followup_reprompt"))


@answers(Question.MASSAGE_MORE)
def _more(turn: Turn, yes: bool) -> Response:
    massage = turn.content.massage(turn.ctx.massage)
    if not yes or massage is None:
        return turn.menu(Speech().say(turn.say("okay")))
    return MassageDetailHandler().answer(turn, massage)


@answers(Question.MASSAGE_ABOUT)
def _about(turn: Turn, yes: bool) -> Response:
    massage = turn.content.massage(turn.ctx.massage)
    if not yes or massage is None:
        return turn.menu(Speech().say(turn.say("okay")))
    return tell_about(turn, massage)


@answers(Question.MASSAGE_LIST)
def _list_more(turn: Turn, yes: bool) -> Response:
    if not yes:
        say = turn.say
        speech = Speech().say(say("massage_which"))
        return turn.ask(speech, say("massage_name_reprompt"), question=Question.MASSAGE_NAME)
    return list_page(turn, turn.ctx.list_offset)


@answers(Question.MASSAGE_NAME)
def _name_wanted(turn: Turn, yes: bool) -> Response:
    """Yes or no to "which massage?": not a name."""
    return asking.miss(turn) if yes else turn.menu()


HANDLERS = [
    ExplainMassageHandler(),
    CompareMassageHandler(),
    ListMassageHandler(),
    RecommendMassageHandler(),
    MassageDetailHandler(),
    MassagePressureHandler(),
    MassageAftercareHandler(),
    MassageAvoidHandler(),
    MassageSessionHandler(),
]
