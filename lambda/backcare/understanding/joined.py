"""Two requests said in one line: "how much is deep tissue and are you open
saturdays", "yes please and where are you exactly", "no thanks oh and my
back's like a two now".

A line is read whole first; only when that reading is no safety matter and
names no pair ("thai and swedish"), the line is cut at a joining word and
each half read alone. Both halves must be clear, and the second one a
request the skill can serve after another (a question about the studio or
massage, a tip, a score, a routine): then the first is acted on and the
second follows it in the same reply (`also.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from .meaning import (
    CONCERN,
    NOT_UNDERSTOOD,
    OUT_OF_SCOPE,
    RED_FLAG,
    WARNING_SIGNS,
    Asked,
    Fill,
    Understood,
)

# "and", "and then", "oh and", "also", "plus": where a second request starts
JOINER = re.compile(r"\s+(?:(?:oh |and )?also|oh and|and then|and|plus)\s+")
# "...and how it helps my back": the first request, said on, not a second
ON_THE_FIRST = re.compile(r"(?:how|why|what|whether|if|when) (?:it|they|that|this|those)\b")
MAX_SPLITS = 3  # joiners tried per line: a turn stays bounded
SECOND_SURE = 0.9  # the second half stands alone as a clear request
FIRST_SURE = 0.5
# what is read whole, never cut: safety first
WHOLE_ONLY = frozenset({RED_FLAG, WARNING_SIGNS, CONCERN, "ScreenWhyIntent", "NoConcernIntent"})
YES_NO = frozenset({"AMAZON.YesIntent", "AMAZON.NoIntent"})
# served second: answers that end with "anything else?" or a request that
# starts its own conversation
SECOND = frozenset(
    {
        "PriceIntent",
        "HoursIntent",
        "SessionLengthIntent",
        "LocationIntent",
        "PaymentIntent",
        "BookingIntent",
        "ServicesIntent",
        "StudioQuestionIntent",
        "ExplainMassageIntent",
        "CompareMassageIntent",
        "ListMassageIntent",
        "RecommendMassageIntent",
        "MassagePressureIntent",
        "MassageSessionIntent",
        "MassageAftercareIntent",
        "MassageAvoidIntent",
        "TipIntent",
        "PainScoreIntent",
        "ProgressIntent",
        "PainTrendIntent",
        "NextSessionIntent",
        "ListRoutinesIntent",
        "RoutineStepsIntent",
        "ListRemindersIntent",
        "SessionReminderIntent",  # "make it five then, and remind me the day before"
        "StretchReminderIntent",  # "a two, and can you remind me to do this tomorrow at three"
        "StartRoutineIntent",
        "ProgramIntent",
    }
)
STOPS = frozenset({"AMAZON.StopIntent", "AMAZON.CancelIntent"})
FIRST_NOT = frozenset({NOT_UNDERSTOOD, OUT_OF_SCOPE}) | STOPS


def two_requests(text: str, whole: Understood, asked: Asked, today: date) -> Understood | None:
    """The first request with the second as its `then`, or None: one request."""
    from .understand import understand  # the same understanding, per half

    if whole.intent in WHOLE_ONLY or whole.how in ("red flag", "sign named", "compared"):
        return None
    if any(name.endswith("B") for name in whole.slots):  # a pair: "thai and swedish"
        return None
    if whole.intent == "CompareMassageIntent":  # "the difference between that and trigger point"
        return None
    for match in list(JOINER.finditer(text))[:MAX_SPLITS]:
        left, right = text[: match.start()].strip(), text[match.end() :].strip()
        if not left or len(right.split()) < 2 or ON_THE_FIRST.match(right):
            continue
        second = _second(right, today)
        if second is None:
            continue
        first = understand(left, today, asked)
        if first.intent in STOPS and first.confidence >= FIRST_SURE:
            # "let's just stop the routine and tell me how to book": what is
            # wanted instead (a routine's place is kept), not goodbye
            return second
        if not _first_fits(first, asked):
            continue
        if first.intent == second.intent:  # one request, said on ("...then i just want to relax")
            continue
        second = _type_carried(second, first, left, today)
        if first.intent == "ServicesIntent" and second.intent == "PriceIntent" and second.slots:
            # "do you do pregnancy massage and how much is it": its price says both
            return second
        return replace(first, then=second)
    return None


# asked about a type of massage: "how much is it" after one was named
ABOUT_A_TYPE = frozenset({"PriceIntent", "MassagePressureIntent", "MassageSessionIntent"})
ABOUT_A_TYPE |= {"MassageAftercareIntent", "MassageAvoidIntent", "ExplainMassageIntent"}


def _type_carried(second: Understood, first: Understood, left: str, today: date) -> Understood:
    """The second request about "it" takes the type the first half named."""
    from .understand import resolve_within

    if second.intent not in ABOUT_A_TYPE or "MassageType" in second.slots:
        return second
    named = first.slots.get("MassageType") or resolve_within("MASSAGE_TYPE", left, today)
    if named is None or named.id is None:
        return second
    return replace(second, slots={**second.slots, "MassageType": named})


def value_then(
    said: str, today: date, resolve: Callable[[str], Fill | None]
) -> tuple[Fill, Understood] | None:
    """A slot value that ran on into a second request ("how much is
    {MassageType}" for "deep tissue and are you open saturdays"): the value
    the first part names, and the second request."""
    for match in list(JOINER.finditer(said))[:MAX_SPLITS]:
        left, right = said[: match.start()].strip(), said[match.end() :].strip()
        if not left or len(right.split()) < 2:
            continue
        found = resolve(left)
        if found is None or resolve(right) is not None:  # "a swedish and a deep tissue": a pair
            continue
        second = _second(right, today)
        if second is not None:
            return found, second
    return None


# "...and yeah remind me the day before": a yes said on, no answer
SAID_ON = re.compile(r"^(?:yeah|yes|yep|ok|okay|sure)\s+(?=\w+\s+\w)")


def _second(right: str, today: date) -> Understood | None:
    from .understand import understand

    second = understand(SAID_ON.sub("", right, count=1), today, Asked())
    return second if serves_second(second) else None


def serves_second(second: Understood) -> bool:
    """A clear request the skill can serve after another."""
    return (
        second.intent in SECOND
        and second.confidence >= SECOND_SURE
        and second.how in ("classifier", "sample")
    )


def _first_fits(first: Understood, asked: Asked) -> bool:
    if first.intent in WHOLE_ONLY | FIRST_NOT:
        return False
    if first.intent in YES_NO:
        return asked.question is not None  # "yes please", only as an answer
    return first.confidence >= FIRST_SURE
