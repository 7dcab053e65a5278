"""Red flags, safety concerns and the first-routine screen."""

from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from .. import asking, hooks
from ..answers import answers
from ..content import Routine
from ..context import Gate, Question
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..turn import Turn

PREGNANCY = "pregnancy"  # the concern whose own warning signs are asked first

log = logging.getLogger(__name__)


def close_routines(turn: Turn) -> None:
    """Routines stay closed until the user says a doctor has checked them;
    only that and the date are stored, never what was said."""
    turn.state.clearance_since = turn.today.isoformat()
    turn.state.clearance_at = turn.now.isoformat(timespec="milliseconds")
    turn.ctx.unchecked = True


class RedFlagHandler(IntentHandler):
    """Any red-flag symptom, in any state: end the routine, send to urgent
    care (now, or a doctor soon, as the symptom is graded), end the session."""

    intents = frozenset({"RedFlagIntent"})

    def respond(self, turn: Turn) -> Response:
        safety = turn.content.safety
        symptom = turn.request.slot("Symptom")
        return red_flag(turn, soon=safety.red_flag_grade(symptom.id or "") == "soon")


def red_flag(turn: Turn, soon: bool) -> Response:
    red = turn.content.safety.red_flag
    turn.end_routine()  # never carry on from here
    turn.ctx.end_gates()
    close_routines(turn)
    log.info("red flag answered")  # what was said is never logged or stored
    suffix = "_soon" if soon else ""
    turn.handler_input.response_builder.set_card(
        SimpleCard(title=red[f"card_title{suffix}"], content=red[f"card{suffix}"])
    )
    return turn.tell(Speech().say(red[f"advice{suffix}"]))


class OthersSignHandler(IntentHandler):
    """A warning sign of someone else's ("my grandad can't control his
    bladder", "my mum fell down the stairs"): advice for them, as the sign
    is graded; nothing of the user's changes (their routines stay open)."""

    intents = frozenset({"OutOfScopeIntent"})

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        turn = Turn.of(handler_input)
        return bool(turn.request.slot("Whose").heard) and turn.request.slot("Symptom").matched

    def respond(self, turn: Turn) -> Response:
        grade = turn.content.safety.red_flag_grade(turn.request.slot("Symptom").id or "")
        key = "others_flag_soon" if grade == "soon" else "others_flag_emergency"
        return asking.ask_again(turn, turn.say(key))


class WarningSignsHandler(IntentHandler):
    """Words that sound like a health problem but name no red flag clearly
    (set by the understanding, never sent by Alexa): one yes/no question
    naming the warning signs, rather than a false alarm or a missed flag.
    Any routine step waits: the question replaces it."""

    intents = frozenset({"WarningSignsIntent"})

    def respond(self, turn: Turn) -> Response:
        texts = turn.content.safety.warning_signs
        pregnant = _pregnant(turn)
        return turn.ask(
            Speech().say(texts["question" + pregnant]),
            texts["reprompt" + pregnant],
            question=Question.WARNING_SIGNS,
        )


def _pregnant(turn: Turn) -> str:
    """The suffix of the warning-sign texts for a user who said this session
    that they're pregnant (bleeding or tightening come first for them)."""
    return "_pregnant" if PREGNANCY in turn.ctx.concerns else ""


@answers(Question.WARNING_SIGNS)
def _warning_signs(turn: Turn, yes: bool) -> Response:
    if yes:
        return red_flag(turn, soon=False)
    clear = Speech().say(turn.content.safety.warning_signs["clear" + _pregnant(turn)])
    # the same signs the routine's screen asks about: not asked again this session
    turn.state.screened = True
    if turn.running is not None:
        # asked mid-routine ("it's gone now, what's next"): the step waits,
        # as after a pause, rather than the routine being dropped for the menu
        turn.state.pause(turn.now)
        say = turn.say
        return turn.ask(clear.say(say("paused_prompt")), say("paused_reprompt"), Question.READY)
    return turn.menu(clear)


@asking.moves_on(Question.WARNING_SIGNS)
def _warning_signs_later(turn: Turn, lead: Speech) -> Response:
    """No yes or no twice: say what to do if they have one, then the menu."""
    return turn.menu(lead.say(turn.content.safety.warning_signs["later"]))


class UrgentQuestionHandler(IntentHandler):
    """ "Do I really need the ER, or can I wait for my doctor?": never a
    judgement; which signs mean go now, and who to call about the rest."""

    intents = frozenset({"UrgentQuestionIntent"})

    def respond(self, turn: Turn) -> Response:
        return turn.answer(turn.content.safety.warning_signs["urgent"])


class ConcernHandler(IntentHandler):
    intents = frozenset({"SafetyConcernIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        value = turn.request.slot("Concern")
        concern = turn.content.safety.concern(value.id or "") if value.matched else None
        speech = Speech()
        theirs = bool(turn.request.slot("Person").heard)
        said_yes = turn.request.slot("Yes").heard  # "yes i had back surgery": a yes to the screen
        sign_like = concern is not None and not concern.no_sign
        if turn.question is Question.SCREEN and sign_like and said_yes:
            return _screen(turn, True)
        if (
            turn.question is Question.SCREEN
            and concern is not None
            and concern.no_sign
            and not theirs
        ):
            # "none of those, just the osteoporosis i mentioned": no sign, a
            # concern; the routine's own concern gate says what suits
            if concern.id not in turn.ctx.concerns:
                turn.ctx.concerns.append(concern.id)
                speech.say(concern.say)
                if Gate.CONCERN in turn.ctx.cleared:  # asked again: it may not suit now
                    turn.ctx.cleared.remove(Gate.CONCERN)
            return _screen_passed(turn, speech)
        if concern is None:
            speech.say(say("concern_general"))
        else:
            # already checked: how to go on, not "get it checked" again
            checked = concern.see_someone and turn.request.slot("Checked").heard
            # "is hot stone okay while i'm pregnant": its word on massage of another type
            named = turn.request.slot("MassageType")
            # (said for the first time, the whole caution)
            of_a_type = named.matched and concern.massage_note and concern.id in turn.ctx.concerns
            if of_a_type and (named.id or "") not in concern.massage_suits:
                speech.say(concern.massage_note)
            else:
                speech.say(say("concern_checked") if checked else concern.say)
            # someone else's ("my wife is pregnant"): the advice, not the user's routines
            if not theirs and concern.id not in turn.ctx.concerns:
                turn.ctx.concerns.append(concern.id)
        speech.say(say("menu_short"))
        return turn.ask(speech, say("menu_short"))


class NoConcernHandler(IntentHandler):
    """ "I'm not pregnant", "I'm not on blood thinners any more" (named by the
    understanding, never sent by Alexa): the concern is set aside for this
    session's routines."""

    intents = frozenset({"NoConcernIntent"})

    def respond(self, turn: Turn) -> Response:
        value = turn.request.slot("Concern")
        if value.id in turn.ctx.concerns:
            turn.ctx.concerns.remove(value.id)
        return turn.ask(Speech().say(turn.say("concern_cleared")), turn.say("menu_short"))


class ScreenWhyHandler(IntentHandler):
    """ "Why do you keep asking me that?" (named by the understanding, never
    sent by Alexa): why the safety question comes before routines, then the
    open question again (the screen, if it is open)."""

    intents = frozenset({"ScreenWhyIntent"})

    def respond(self, turn: Turn) -> Response:
        screen = turn.content.safety.screen
        why = screen["why_kept" if turn.business.keeps_health else "why"]
        if turn.request.slot("Meant").heard:  # "what do you mean by bowel changes?"
            why = screen["meaning"]
        if turn.question is not Question.SCREEN:
            return asking.ask_again(turn, why)
        misses = turn.ctx.misses  # a question about the question is no miss
        response = turn.ask(
            Speech().say(why, screen["why_again"]), screen["reprompt"], question=Question.SCREEN
        )
        turn.ctx.misses = misses
        return response


@hooks.gate(Gate.SCREEN)
def _screen_gate(turn: Turn, routine: Routine, lead: Speech) -> Response | None:
    """Before a user's first routine: numbness, leg weakness, a fall or injury?"""
    if turn.state.screened:
        return None
    screen = turn.content.safety.screen
    lead.say(screen["question"])
    return turn.ask(lead, screen["reprompt"], question=Question.SCREEN)


@hooks.gate(Gate.CONCERN)
def _concern_gate(turn: Turn, routine: Routine, lead: Speech) -> Response | None:
    """A concern said this session that this routine does not suit (moves on
    the back, when pregnant): say why, and offer one that suits instead."""
    for concern in turn.concerns:
        if routine.id not in concern.unsuited:
            continue
        instead = turn.content.routine(concern.instead)
        if instead is None:
            continue
        lead.say(concern.unsuited_say.format(routine=routine.name, instead=instead.name))
        say = turn.say
        turn.ctx.end_gates()
        turn.ctx.routine = instead.id  # offered instead; its own gates run if taken
        lead.say(say("suggest_routine", routine=instead.name))
        return turn.ask(
            lead, say("suggest_reprompt", routine=instead.name), question=Question.SUGGEST
        )
    return None


@answers(Question.SCREEN)
def _screen(turn: Turn, yes: bool) -> Response:
    screen = turn.content.safety.screen
    if yes:
        close_routines(turn)
        return turn.menu_without_routines(Speech().say(screen["stop"]))
    return _screen_passed(turn, Speech())


def _screen_passed(turn: Turn, lead: Speech) -> Response:
    turn.state.screened = True
    return hooks.gate_passed(turn, Gate.SCREEN, lead.say(turn.content.safety.screen["passed"]))


@asking.moves_on(Question.SCREEN)
def _screen_later(turn: Turn, lead: Speech) -> Response:
    """Two replies that were not a yes or a no: no routine without the
    answer; say how to come back to it rather than asking a third time."""
    routine = turn.content.routine(turn.ctx.end_gates())
    if routine is None:
        return turn.menu(lead.say(turn.say("move_on")), full=True)
    say = turn.say
    return turn.ask(lead.say(say("screen_later", routine=routine.name)), say("menu_reprompt"))


@hooks.gate(Gate.CLEARANCE)
def _clearance_gate(turn: Turn, routine: Routine, lead: Speech) -> Response | None:
    """After a red flag: has a doctor checked them?"""
    if not turn.state.clearance_since:
        return None
    texts = turn.content.safety.clearance
    if turn.ctx.unchecked:
        return turn.menu_without_routines(lead.say(texts["still_closed"]))
    lead.say(texts["question"])
    return turn.ask(lead, texts["reprompt"], question=Question.CLEARANCE)


@answers(Question.CLEARANCE)
def _clearance(turn: Turn, yes: bool) -> Response:
    texts = turn.content.safety.clearance
    if not yes:
        turn.ctx.unchecked = True
        return turn.menu_without_routines(Speech().say(texts["not_yet"]))
    turn.state.clearance_since = ""
    turn.state.clearance_at = turn.now.isoformat(timespec="milliseconds")
    return hooks.gate_passed(turn, Gate.CLEARANCE, Speech().say(texts["cleared"]))


HANDLERS = [
    RedFlagHandler(),
    OthersSignHandler(),
    WarningSignsHandler(),
    UrgentQuestionHandler(),
    ConcernHandler(),
    NoConcernHandler(),
    ScreenWhyHandler(),
]
