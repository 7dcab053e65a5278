"""Handler for "how am I doing"."""

from __future__ import annotations

import logging

from ask_sdk_model.response import Response

from ..answers import answers
from ..intent_handler import IntentHandler
from ..routines import engine
from ..slots import number, slot
from ..speech import Speech
from ..turn import Turn
from . import pain

log = logging.getLogger(__name__)


class ProgressHandler(IntentHandler):
    intents = frozenset({"ProgressIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        state = turn.state
        speech = Speech()
        if state.total_completions == 0:
            speech.say(say("progress_none"))
        else:
            speech.say(say("progress_summary", count=state.total_completions))
            days = state.streak.alive_on(turn.today)
            if days:
                speech.say(say("progress_streak", days=days, best=state.streak.best))
        running = engine.current(state, turn.content)
        if running:
            routine, progress = running
            speech.say(
                say(
                    "progress_in_routine",
                    routine=routine.name,
                    step=progress.step + 1,
                    total=len(routine.steps),
                )
            )
        speech.say(say("menu_question"))
        return turn.ask(speech, say("menu_short"))


def _after_score(turn: Turn, lead: Speech) -> Response:
    """Where a logged score leads: the routine it was asked before, the tip
    offer after a routine, or the menu."""
    from ..routines.handlers import continue_start, offer_tip

    question = turn.question
    if question == "pain_before":
        return continue_start(turn, "pain", lead)
    if question == "pain_after":
        return offer_tip(turn, lead)
    say = turn.say
    return turn.ask(lead.say(say("menu_question")), say("menu_short"))


class PainScoreHandler(IntentHandler):
    intents = frozenset({"PainScoreIntent"})

    def respond(self, turn: Turn) -> Response:
        texts = turn.content.safety.pain
        heard = slot(turn.handler_input, "Score").heard
        score = number(turn.handler_input, "Score")
        if score is None and not heard:
            return self._ask(turn, texts["ask"])
        if score is None or not 0 <= score <= 10:
            return self._ask(turn, f"{texts['out_of_range']} {texts['ask_reprompt']}")
        pain.log_score(turn.state, turn.today, score)
        log.debug("pain check-in: %s", score)  # a health answer: DEBUG only
        lead = Speech().say(texts["logged"].format(score=score))
        if score >= pain.HIGH:
            lead.say(texts["high"])
        if score >= pain.SEVERE:
            lead.say(texts["severe"])
        return _after_score(turn, lead)

    @staticmethod
    def _ask(turn: Turn, prompt: str) -> Response:
        # Keep a pending routine question alive across the re-ask.
        return turn.elicit("Score", prompt, question=turn.question)


class PainTrendHandler(IntentHandler):
    intents = frozenset({"PainTrendIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        texts = turn.content.safety.pain
        points = pain.recent(turn.state, turn.today)
        speech = Speech()
        if not points:
            speech.say(texts["trend_none"])
        elif len(points) == 1:
            day, score = points[0]
            speech.say(
                texts["trend_one"].format(score=score, when=pain.when_words(day, turn.today))
            )
        else:
            (first_day, first), (_, last) = points[0], points[-1]
            span = pain.span_words(first_day, points[-1][0], turn.today)
            key = "trend_down" if last < first else "trend_up" if last > first else "trend_steady"
            speech.say(texts[key].format(first=first, last=last, span=span))
            if pain.is_rising(points):
                speech.say(texts["rising"])
            elif last >= pain.HIGH:
                speech.say(texts["high"])
        speech.say(say("menu_question"))
        return turn.ask(speech, say("menu_short"))


def _ask_score_again(turn: Turn, question: str) -> Response:
    """A "yes" to a pain question: ask for the number itself."""
    texts = turn.content.safety.pain
    reprompt = texts["before_reprompt" if question == "pain_before" else "after_reprompt"]
    return turn.ask(Speech().say(texts["ask_reprompt"]), reprompt, question=question)


@answers("pain_before")
def _pain_before(turn: Turn, yes: bool) -> Response:
    from ..routines.handlers import continue_start

    return _ask_score_again(turn, "pain_before") if yes else continue_start(turn, "pain", Speech())


@answers("pain_after")
def _pain_after(turn: Turn, yes: bool) -> Response:
    from ..routines.handlers import offer_tip

    return _ask_score_again(turn, "pain_after") if yes else offer_tip(turn, Speech())


HANDLERS = [ProgressHandler(), PainScoreHandler(), PainTrendHandler()]
