"""Handler for "how am I doing"."""

from __future__ import annotations

import logging

from ask_sdk_model.response import Response

from .. import asking, hooks, numbers
from ..answers import answers
from ..content import Routine
from ..context import Elicit, Gate, Question
from ..hooks import Then
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..spoken import count_of
from ..state import RoutineProgress
from ..turn import Turn
from . import pain

log = logging.getLogger(__name__)


class ProgressHandler(IntentHandler):
    intents = frozenset({"ProgressIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        state = turn.state
        speech = Speech()
        running = turn.running
        if state.total_completions == 0 and running:
            return _then(turn, speech.say(_where(turn, "progress_first_underway", *running)))
        if state.total_completions == 0:
            speech.say(say("progress_none"))
        else:
            speech.say(
                say("progress_summary", routines=count_of(state.total_completions, "routine"))
            )
            days = state.streak.alive_on(turn.today)
            best = state.streak.best
            if days:
                key = "progress_streak_best" if days >= best else "progress_streak"
                speech.say(say(key, days=count_of(days, "day"), best=count_of(best, "day")))
        if running:
            speech.say(_where(turn, "progress_in_routine", *running))
        return _then(turn, speech)


def _where(turn: Turn, key: str, routine: Routine, progress: RoutineProgress) -> str:
    """Prompt `key` with the routine in progress and the step it is on."""
    return turn.say(key, routine=routine.name, step=progress.step + 1, total=len(routine.steps))


def _then(turn: Turn, speech: Speech) -> Response:
    """After the figures: back to the routine step waiting, else the menu."""
    say = turn.say
    if turn.running and turn.question is Question.READY:
        return turn.ask(speech.say(say("get_ready")), say("get_ready_reprompt"), Question.READY)
    if turn.running and turn.question is Question.NEXT_STEP:
        return _back_to_step(turn, speech)
    return turn.menu(speech)


PAIN_QUESTIONS = (Question.PAIN_BEFORE, Question.PAIN_AFTER, Question.PAIN_SCORE)


def _after_score(turn: Turn, lead: Speech) -> Response:
    """Where a logged score leads: the routine it was asked before, the tip
    offer after a routine, back to the step in progress, or the menu."""
    question = turn.question
    if question is Question.PAIN_BEFORE:
        return hooks.gate_passed(turn, Gate.PAIN, lead)
    if question is Question.PAIN_AFTER:
        return hooks.then(Then.WRAP_UP, turn, lead)
    return _back_to_step(turn, lead) if turn.running else turn.menu(lead)


def _back_to_step(turn: Turn, lead: Speech) -> Response:
    say = turn.say
    if turn.ctx.step_waiting:  # the step is not said yet: still getting ready
        return turn.ask(lead.say(say("get_ready")), say("get_ready_reprompt"), Question.READY)
    lead.say(say("back_to_step"))
    return turn.ask(lead, say("step_reprompt"), question=Question.NEXT_STEP)


class PainScoreHandler(IntentHandler):
    """A score said with pain, the back or a rating in it ("my pain is a
    five", "four out of ten"): logged wherever it is said. A number said
    alone is NumberIntent, a score only at a pain question (below)."""

    intents = frozenset({"PainScoreIntent"})

    def respond(self, turn: Turn) -> Response:
        texts = turn.content.safety.pain
        heard = turn.request.slot("Score").heard
        score = turn.request.number("Score")
        if score is None and not heard:
            if turn.running:  # mid-routine: ease off first, then the short question
                return _ask(turn, f"{turn.say('pain_in_routine')} {texts['ask_reprompt']}")
            return _ask(turn, texts["ask"])
        return _score_heard(turn, score)


def _score_heard(turn: Turn, score: int | None) -> Response:
    if score is None or not 0 <= score <= 10:
        texts = turn.content.safety.pain
        return _ask(turn, f"{texts['out_of_range']} {texts['ask_reprompt']}")
    return log_score(turn, score)


@numbers.hears(*PAIN_QUESTIONS)
def _number_is_score(turn: Turn, number: int) -> Response:
    """At a pain question, a number alone is the score."""
    return _score_heard(turn, number)


def _ask(turn: Turn, prompt: str) -> Response:
    """Ask for the score (PainScoreIntent's Score slot). A pain question
    stays the one waiting; any other becomes PAIN_SCORE."""
    texts = turn.content.safety.pain
    question = turn.question if turn.question in PAIN_QUESTIONS else Question.PAIN_SCORE
    reprompt = {
        Question.PAIN_BEFORE: texts["before_reprompt"],
        Question.PAIN_AFTER: texts["after_reprompt"],
    }.get(question, texts["ask_reprompt"])
    elicit = Elicit(intent="PainScoreIntent", slot="Score")
    return turn.elicit_again(elicit, prompt, question, reprompt)


def log_score(turn: Turn, score: int) -> Response:
    texts = turn.content.safety.pain
    before = pain.previous_score(turn.state, turn.today)
    first = not turn.state.pain_checkins
    pain.log_score(turn.state, turn.today, score, turn.request.request_id)
    log.debug("pain check-in: %s", score)  # a health answer: DEBUG only
    lead = Speech().say(texts["logged"].format(score=score))
    if first and turn.business.keeps_health:  # what is kept, and why, once
        lead.say(texts["kept_note"])
    rose = before is not None and score - before >= pain.SHARP_RISE
    if score >= pain.STOP or rose:
        # No routine today, whatever was about to start: advice that agrees.
        turn.state.rest_day = turn.today.isoformat()
        key = "stop_today" if score >= pain.STOP else "sharp_rise"
        lead.say(texts[key].format(first=before, last=score))
        if score >= pain.SEVERE:
            lead.say(texts["severe"])
        if turn.question is Question.PAIN_AFTER:
            return hooks.then(Then.WRAP_UP, turn, lead)
        return turn.menu_without_routines(lead)
    if score >= pain.HIGH:
        lead.say(texts["high"])
    return _after_score(turn, lead)


class PainTrendHandler(IntentHandler):
    intents = frozenset({"PainTrendIntent"})

    def respond(self, turn: Turn) -> Response:
        texts = turn.content.safety.pain
        points = pain.recent(turn.state, turn.today)
        speech = Speech()
        if not turn.business.keeps_health:  # only this session's scores exist
            if points:
                speech.say(texts["trend_today"].format(score=points[-1][1]))
            else:
                speech.say(texts["trend_private"])
        elif not points:
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
        return turn.menu(speech)


def _ask_score_again(turn: Turn, question: Question) -> Response:
    """A "yes" to a pain question: ask for the number itself."""
    texts = turn.content.safety.pain
    reprompt = texts["before_reprompt" if question is Question.PAIN_BEFORE else "after_reprompt"]
    return turn.ask(Speech().say(texts["ask_reprompt"]), reprompt, question=question)


@hooks.gate(Gate.REST)
def _rest_gate(turn: Turn, routine: Routine, lead: Speech) -> Response | None:
    """Pain of 8 or more, or a sharp rise, today: no routine until tomorrow."""
    if turn.state.rest_day != turn.today.isoformat():
        return None
    return turn.menu_without_routines(lead.say(turn.content.safety.pain["rest_today"]))


@hooks.gate(Gate.PAIN)
def _pain_gate(turn: Turn, routine: Routine, lead: Speech) -> Response | None:
    """The day's pain check-in: offered at most once a day, and not after a
    check-in today."""
    today = turn.today.isoformat()
    if turn.state.pain_asked_day == today:
        return None
    turn.state.pain_asked_day = today
    if pain.checked_in_on(turn.state, turn.today):
        return None
    texts = turn.content.safety.pain
    lead.say(texts["before"])
    return turn.ask(lead, texts["before_reprompt"], question=Question.PAIN_BEFORE)


@hooks.on(Then.ROUTINE_FINISHED)
def _check_in_after(turn: Turn, lead: Speech) -> Response:
    texts = turn.content.safety.pain
    lead.say(texts["after"])
    return turn.ask(lead, texts["after_reprompt"], question=Question.PAIN_AFTER)


@answers(Question.PAIN_BEFORE)
def _pain_before(turn: Turn, yes: bool) -> Response:
    if yes:
        return _ask_score_again(turn, Question.PAIN_BEFORE)
    return hooks.gate_passed(turn, Gate.PAIN, Speech())


@answers(Question.PAIN_AFTER)
def _pain_after(turn: Turn, yes: bool) -> Response:
    if yes:
        return _ask_score_again(turn, Question.PAIN_AFTER)
    return hooks.then(Then.WRAP_UP, turn, Speech())


@asking.moves_on(Question.PAIN_BEFORE)
def _skip_before(turn: Turn, lead: Speech) -> Response:
    return hooks.gate_passed(turn, Gate.PAIN, lead)


@asking.moves_on(Question.PAIN_AFTER)
def _skip_after(turn: Turn, lead: Speech) -> Response:
    return hooks.then(Then.WRAP_UP, turn, lead)


@answers(Question.PAIN_SCORE)
def _pain_score(turn: Turn, yes: bool) -> Response:
    """Yes or no to "how is your back, from zero to ten?": not a number."""
    if yes:
        return asking.miss(turn)
    turn.ctx.question = None
    return _back_to_step(turn, Speech()) if turn.running else turn.menu()


HANDLERS = [ProgressHandler(), PainScoreHandler(), PainTrendHandler()]
