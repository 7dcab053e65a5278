"""Handlers for back-care tips."""

from __future__ import annotations

from ask_sdk_model.response import Response

from ..answers import answers
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..turn import Turn
from .picker import next_tip


def give_tip(turn: Turn) -> Response:
    say = turn.say
    tip, restarted = next_tip(turn.state, turn.content.tips, turn.user_id or "anonymous")
    speech = Speech()
    if restarted:
        speech.say(say("tips_all_heard", count=len(turn.content.tips)))
    speech.say(say("tip_intro", tip=tip.text), say("tip_question"))
    return turn.ask(speech, say("tip_reprompt"), question="another_tip")


class TipHandler(IntentHandler):
    intents = frozenset({"TipIntent"})

    def respond(self, turn: Turn) -> Response:
        return give_tip(turn)


def _menu_or_goodbye(turn: Turn, yes: bool, goodbye: bool) -> Response:
    if yes:
        return give_tip(turn)
    say = turn.say
    if goodbye:
        return turn.tell(Speech().say(say("goodbye")))
    return turn.ask(Speech().say(say("menu_question")), say("menu_short"))


@answers("another_tip")
def _another(turn: Turn, yes: bool) -> Response:
    return _menu_or_goodbye(turn, yes, goodbye=False)


@answers("tip_offer")
def _offer(turn: Turn, yes: bool) -> Response:
    # Offered after a finished routine: "no" means the user is done.
    return _menu_or_goodbye(turn, yes, goodbye=True)


HANDLERS = [TipHandler()]
