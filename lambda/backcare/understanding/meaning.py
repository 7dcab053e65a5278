"""What an understanding says, without the means of reaching it: the
intent names it sets, the values it fills, and where the conversation is.

Every request passes the understanding's interceptor (heard.py), but few
need the understanding itself (words Alexa could not place): this module is
all the interceptor needs on the others, so a cold start does not load the
classifier, the lexicon and their regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..context import Reminded

RED_FLAG = "RedFlagIntent"
CONCERN = "SafetyConcernIntent"
OUT_OF_SCOPE = "OutOfScopeIntent"  # not in the Alexa model: set by the skill
WARNING_SIGNS = "WarningSignsIntent"  # not in the model: ask about the warning signs
# not in the model: a question about the studio its profile cannot answer
STUDIO_QUESTION = "StudioQuestionIntent"
# not in the model: how to set up for a routine ("do i need a mat", "can i
# do it on my bed")
SET_UP = "SetUpIntent"
# not in the model: which routine suits a goal ("which routine is best for a stiff back")
RECOMMEND_ROUTINE = "RecommendRoutineIntent"
GREETING_INTENT = "GreetingIntent"  # not in the model: "hi, how are you?" and nothing else
IDENTITY_INTENT = "IdentityIntent"  # not in the model: "who am i talking to?"
PROFESSION_INTENT = "ProfessionIntent"  # not in the model: "are you a doctor?"
# not in the model: "i think i'll ring my midwife just in case"
GETTING_CHECKED_INTENT = "GettingCheckedIntent"
NO_CONCERN = "NoConcernIntent"  # not in the model: a concern said as none ("not pregnant")
SCREEN_WHY = "ScreenWhyIntent"  # not in the model: why the safety question is asked
NOT_UNDERSTOOD = "AMAZON.FallbackIntent"
PRICE = "PriceIntent"
HOURS = "HoursIntent"
SESSION_REMINDER = "SessionReminderIntent"
MOVE_SESSION = "MoveSessionIntent"
# "actually make it friday" (samples that say no what): the reminder the
# last reply set, else the massage
MOVE_IT = "MoveItIntent"
STRETCH_REMINDER = "StretchReminderIntent"
MOVED_BY_IT: dict[str, str] = {
    Reminded.SESSION: SESSION_REMINDER,
    Reminded.DAILY: STRETCH_REMINDER,
    Reminded.ONCE: STRETCH_REMINDER,
}
DATE = "Date"
# a day said on its own, just after a day's hours ("and sunday", "what about
# monday then"): that day's hours
A_DAY_ALONE = re.compile(
    r"(?:and |what about |how about |and what about |and on |what about on )?(?:on )?"
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow)s?"
    r"(?: then| too| as well)?"
)
# The questions that name the warning signs ("any numbness, weakness in your
# legs, or a recent fall?").
SIGN_QUESTIONS = frozenset({"screen", "warning_signs"})
# words that ask for a reminder ("nag me to stretch every evening")
REMINDER_WORDS = frozenset({"reminder", "reminders", "remind", "nag", "nudge", "reminding"})
STEP_QUESTIONS = frozenset({"next_step", "ready"})  # mid-step: discomfort stops the step


@dataclass
class Fill:
    value: str  # as Alexa gives it: the words, or HH:MM, YYYY-MM-DD, a number
    slot_type: str
    id: str | None = None  # canonical id of a custom value
    name: str | None = None


@dataclass
class Understood:
    intent: str
    slots: dict[str, Fill] = field(default_factory=dict)
    confidence: float = 0.0
    how: str = "classifier"  # classifier | red flag | concern | elicited | empty
    candidates: list[tuple[str, float]] = field(default_factory=list)
    skeleton: str = ""
    # a second request said in the same line ("...and are you open saturdays"),
    # served after this one (joined.py)
    then: Understood | None = None


@dataclass(frozen=True)
class Asked:
    """Where the conversation is: the open question and an elicited slot."""

    question: str | None = None
    elicit_intent: str | None = None
    elicit_slot: str | None = None
    # the request last answered about a massage type ("how much is swedish"),
    # asked again of another by "and the hot stone?"
    followed: str | None = None
    # the massage types last named, in order ("what's the first one like")
    listed: tuple[str, ...] = ()
    # the reminder the last reply set: "make it four instead" moves it
    reminded: str | None = None


def moved_slots(moved: str, slots: dict[str, Fill], asked: Asked) -> dict[str, Fill]:
    """The slots of the reminder just set, moved: a daily stretch reminder
    keeps ringing daily (no day); a one-off says so (`Instead`), so the new
    one replaces it rather than adding another."""
    if moved != STRETCH_REMINDER:
        return slots
    if asked.reminded == Reminded.DAILY:
        return {k: f for k, f in slots.items() if k != DATE}
    if asked.reminded == Reminded.ONCE:
        return {**slots, "Instead": Fill("instead", "")}
    return slots
