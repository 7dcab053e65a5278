"""Handlers for back-care tips."""

from __future__ import annotations

from ask_sdk_model.response import Response

from .. import hooks
from ..answers import answers
from ..context import Question
from ..hooks import Then
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..turn import Turn
from .picker import next_among, next_tip

DOCTOR = "doctor"  # tips.yaml's category of when to see a doctor: a tip to know, not to try

MAX_CLAIMS = 4
THEIRS_TOPIC = "activity"  # a tip for someone else's back: one to try


def give_tip(turn: Turn) -> Response:
    say = turn.say
    # Unheard tips in an order of this request's own, so that this user's
    # devices asking at the same moment are unlikely to pick the same one.
    seed = f"{turn.user_id or 'anonymous'}:{turn.request.request_id}"
    topic = turn.request.slot("Topic")  # "any tips for driving?"
    about = (topic.id or "") if topic.matched else ""
    theirs = turn.request.slot("Whose").heard
    # someone else's back ("what can my son do for his back"): a tip to try
    # (staying active, never a when-to-see-a-doctor one), then their own
    # doctor if it lasts, said once in the intro
    if theirs and about in ("", DOCTOR):
        about = THEIRS_TOPIC
    # a concern said this session rules some out ("on your back", when pregnant)
    tips = turn.content.tips
    ruled_out = frozenset(t.id for t in tips if set(t.unsuited) & set(turn.ctx.concerns))
    tip, restarted = next_tip(turn.state, tips, seed, about, ruled_out)
    for _ in range(MAX_CLAIMS):
        # Claim the tip in the store before saying it: when another device of
        # this user was given the same tip at the same moment, the merge keeps
        # it twice, and this device gives another unheard one instead.
        if not turn.commit() or turn.state.tips_heard.count(tip.id) < 2:
            break
        tip, again = next_tip(turn.state, tips, f"{seed}:again", about, ruled_out)
        restarted = restarted or again
    speech = Speech()
    if restarted:
        speech.say(say("tips_all_heard", count=len(tips) - len(ruled_out)))
    intro = "tip_intro_doctor" if tip.category == DOCTOR else "tip_intro"
    intro = "tip_intro_theirs" if theirs else intro
    speech.say(say(intro, tip=tip.text), say("tip_question"))
    return turn.ask(speech, say("tip_reprompt"), question=Question.ANOTHER_TIP)


class TipHandler(IntentHandler):
    intents = frozenset({"TipIntent"})

    def respond(self, turn: Turn) -> Response:
        return give_tip(turn)


@hooks.on(Then.WRAP_UP)
def _offer_tip(turn: Turn, lead: Speech) -> Response:
    """After a routine and its check-in: a tip, or goodbye."""
    say = turn.say
    lead.say(say("routine_done_question"))
    return turn.ask(lead, say("routine_done_reprompt"), question=Question.TIP_OFFER)


@hooks.at_launch
def _tip_of_the_day(turn: Turn, speech: Speech, returning: bool) -> Response | None:
    """A returning user hears a different tip each day, but not while a
    doctor's check is awaited: no everyday reassurance after urgent advice."""
    today = turn.today.isoformat()
    if returning and turn.state.tip_day != today and not turn.state.clearance_since:
        # An everyday tip: "needs emergency care straight away" is no greeting
        # (when-to-see-a-doctor tips come when tips are asked for).
        everyday = tuple(t for t in turn.content.tips if t.category != DOCTOR)
        tip = next_among(turn.state, everyday, turn.user_id or "anonymous")
        turn.state.tip_day = today
        speech.say(turn.say("tip_of_the_day", tip=tip.text))
    return None


@answers(Question.ANOTHER_TIP)
def _another(turn: Turn, yes: bool) -> Response:
    return give_tip(turn) if yes else turn.menu()


@answers(Question.TIP_OFFER)
def _offer(turn: Turn, yes: bool) -> Response:
    # Offered after a finished routine: "no" means the user is done.
    if yes:
        return give_tip(turn)
    return turn.tell(Speech().say(turn.say("goodbye")))


HANDLERS = [TipHandler()]
