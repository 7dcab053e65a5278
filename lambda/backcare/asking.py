"""What happens when a reply does not answer: questions that never trap.

A clear request is served by its own handler whatever was asked; this is
for the rest (speech the skill did not understand, "next" with no routine,
a yes to "what day?"). With a question pending, the first miss asks it
again, shorter and with how to answer (the question's reprompt, or its
elicited slot again); the second moves on: by default the question and any
routine waiting on it are dropped and the menu is said, and a room may
register what moving on means for its question instead (`moves_on`). With
no question pending, each miss says something different.
"""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_model.response import Response

from .context import Question
from .speech import Speech
from .turn import Turn

MOVE_ON_AFTER = 2  # misses in a row before the skill stops asking

MoveOn = Callable[[Turn, Speech], Response]
MOVE_ON: dict[Question, MoveOn] = {}


def moves_on(question: Question) -> Callable[[MoveOn], MoveOn]:
    """Register what moving on from `question` means (after two misses)."""

    def register(func: MoveOn) -> MoveOn:
        if question in MOVE_ON:
            raise ValueError(f"moving on from {question.value!r} registered twice")
        MOVE_ON[question] = func
        return func

    return register


def miss(turn: Turn) -> Response:
    """The user said something that does not fit where the conversation is."""
    misses = turn.ctx.misses + 1
    question = turn.question
    if question is not None and misses >= MOVE_ON_AFTER:
        return move_on(turn, question)
    response = reask(turn, question) if question is not None else _at_menu(turn, misses)
    turn.ctx.misses = misses  # after ask(), which starts the count afresh
    return response


def reask(turn: Turn, question: Question) -> Response:
    """The pending question again: a short lead, then its reprompt (the
    question, short, with how to answer it)."""
    ctx = turn.ctx
    reprompt = ctx.reprompt or turn.say("menu_reprompt")
    lead = turn.say("reask")
    if ctx.elicit is not None:
        return turn.elicit_again(ctx.elicit, f"{lead} {reprompt}", question, reprompt)
    return turn.ask(Speech().say(lead, reprompt), reprompt, question=question)


def ask_again(turn: Turn, lead: str) -> Response:
    """The pending question again, short, after a reply that is not a miss
    ("wait", "go on"): the count of misses stays as it was."""
    question, misses = turn.question, turn.ctx.misses
    ctx = turn.ctx
    reprompt = ctx.reprompt or turn.say("menu_reprompt")
    prompt = f"{lead} {reprompt}"
    if question is None:
        response = turn.menu(Speech().say(lead))
    elif ctx.elicit is not None:
        response = turn.elicit_again(ctx.elicit, prompt, question, reprompt)
    else:
        response = turn.ask(Speech().say(prompt), reprompt, question=question)
    ctx.misses = misses
    return response


def move_on(turn: Turn, question: Question) -> Response:
    registered = MOVE_ON.get(question)
    if registered is not None:
        return registered(turn, Speech())
    ctx = turn.ctx
    ctx.end_gates()
    ctx.pending_time = None
    return turn.menu(Speech().say(turn.say("move_on")), full=True)


def miss_with(turn: Turn, lead: str) -> Response:
    """A miss with no question pending whose reason is known ("you're not
    in a routine"): counted like any other, so the next one says more."""
    misses = turn.ctx.misses + 1
    response = _at_menu(turn, misses, lead)
    turn.ctx.misses = misses
    return response


def _at_menu(turn: Turn, misses: int, lead: str = "") -> Response:
    """The first miss: what the skill can do, with examples; later ones, a
    different sorry and a short suggestion each time."""
    say = turn.say
    if misses == 1:
        return turn.menu(Speech().say(lead or say("fallback_general")), full=True)
    speech = Speech().say(lead, say("try_instead")) if lead else Speech().say(say("fallback_again"))
    return turn.ask(speech, say("menu_reprompt"))
