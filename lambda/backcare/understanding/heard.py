"""The request interceptor that lets the skill's understanding speak where
Alexa's model could not: it runs before any handler, and only on

- CatchAllIntent, whose one bare open slot carries words that matched no
  sample: they are understood here and the request becomes the intent they
  mean, slots included, as if Alexa had sent it;
- a custom slot value Alexa did not resolve (ER_SUCCESS_NO_MATCH): matched
  against the content's names and synonyms; words that name none are
  understood afresh: a red flag's or a concern's always (never an alarm for
  words that are no symptom), another slot's when they clearly mean
  another request or a warning sign.

Every other request passes untouched, so a turn Alexa understood never
loads the classifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from zoneinfo import ZoneInfo

from ask_sdk_core.dispatch_components.request_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.intent import Intent
from ask_sdk_model.intent_confirmation_status import IntentConfirmationStatus
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.slot import Slot
from ask_sdk_model.slot_confirmation_status import SlotConfirmationStatus
from ask_sdk_model.slu.entityresolution.resolution import Resolution
from ask_sdk_model.slu.entityresolution.resolutions import Resolutions
from ask_sdk_model.slu.entityresolution.status import Status
from ask_sdk_model.slu.entityresolution.status_code import StatusCode
from ask_sdk_model.slu.entityresolution.value import Value
from ask_sdk_model.slu.entityresolution.value_wrapper import ValueWrapper

from ..also import THEN_KEY
from ..context import Context
from ..device_zone import settings_zone
from ..spoken import ordinal_day
from .fluency import STOP
from .meaning import (
    A_DAY_ALONE,
    GETTING_CHECKED_INTENT,
    GREETING_INTENT,
    HOURS,
    IDENTITY_INTENT,
    MOVE_IT,
    MOVE_SESSION,
    MOVED_BY_IT,
    NOT_UNDERSTOOD,
    OUT_OF_SCOPE,
    PRICE,
    PROFESSION_INTENT,
    RED_FLAG,
    REMINDER_WORDS,
    SESSION_REMINDER,
    SIGN_QUESTIONS,
    STEP_QUESTIONS,
    WARNING_SIGNS,
    Asked,
    Fill,
    Understood,
    moved_slots,
)
from .referred import found, name_of, referred

CATCH_ALL = "CatchAllIntent"
CATCH_ALL_SLOT = "Words"
# the two slots of a request about a pair of types
PAIRS = {
    "CompareMassageIntent": ("MassageTypeA", "MassageTypeB"),
    "PriceIntent": ("MassageType", "MassageTypeB"),
}
MAX_LISTED = 20  # massage types a reference may pick from (the content has 15)
MAX_HEARD_CHARS = 500  # words beyond this are not read (a turn stays bounded)
# Intents whose unresolved value means the sample did not fit the words.
CONCERN = "SafetyConcernIntent"
FOLLOW_ON = "FollowOnIntent"
# Requests about one massage type that "and the hot stone?" can follow
FOLLOWABLE = frozenset(
    {"PriceIntent", "ExplainMassageIntent", "MassageDetailIntent", "MassagePressureIntent"}
    | {"MassageSessionIntent", "MassageAftercareIntent", "MassageAvoidIntent"}
)
# Words that name no one value of their type: "a massage" is no type of one
GENERIC = {
    "MASSAGE_TYPE": frozenset(
        {"massage", "massages", "session", "sessions", "treatment", "treatments", "one"}
    ),
    # "i would like to begin {RoutineName}" for "my stretches please": which one is asked
    "ROUTINE_NAME": frozenset(
        {"stretch", "stretches", "stretching", "routine", "routines", "exercise", "exercises"}
        | {"workout", "session", "one", "usual", "daily", "back", "some", "few", "little"}
    ),
    # "got any advice for {Topic}" for "my lower back": a tip on anything
    "TIP_TOPIC": frozenset({"back", "lower", "low", "spine", "sore", "bad", "aching"}),
}
# Ailments that are no back matter, asked as a goal ("what's good for heartburn")
AILMENTS = frozenset(
    {"hangover", "sunburn", "heartburn", "migraine", "migraines", "headache", "headaches"}
    | {"cough", "cold", "flu", "covid", "acne", "rash", "toothache", "earache", "hay"}
    | {"indigestion", "constipation", "sinus", "sinuses", "allergies", "allergy"}
)
# a price the studio's profile does not hold ("a concession rate"): the studio's to say
DEALS = frozenset(
    {"discount", "discounts", "concession", "concessions", "rate", "rates", "deal", "deals"}
    | {"voucher", "vouchers", "package", "packages", "loyalty", "membership", "pensioner"}
)
# "what is {MassageType}" for "this step": the step's purpose is asked
ABOUT_A_TYPE = frozenset({"ExplainMassageIntent", "MassageDetailIntent"})
# "what are {MassageType}" for "what are you": the skill asked about itself
ABOUT_ME = frozenset({"you", "u", "ya", "yourself", "this thing", "this app", "this skill"})
STEP_WORDS = frozenset({"step", "stretch", "exercise", "pose", "move", "position"})
REMINDERS = frozenset({"StretchReminderIntent", "SessionReminderIntent", "CancelRemindersIntent"})
UNDERSTOOD_AFRESH = frozenset({RED_FLAG, CONCERN})
AT_A_STEP = STEP_QUESTIONS | {"discomfort"}  # a value's words answer these as said
# where "the first one" may be a massage type just listed (elsewhere it is a
# step, a routine, or an answer to a question about the user's health)
SIGNISH = frozenset(
    {"numb", "numbness", "leg", "legs", "pee", "wee", "bladder", "bowel", "bowels", "groin"}
    | {"saddle", "tingling", "tingly", "weak", "weakness", "fever", "fell", "fall", "crash"}
    | {"pain", "hurts", "hurt", "agony", "pins", "control", "toilet", "loo", "washroom", "feel"}
)
MAY_REFER = frozenset(
    {None, "massage_more", "massage_name", "massage_list", "massage_about", "booking"}
    | {"tip_offer", "another_tip"}
)
PERSON = "Person"  # RedFlagIntent's: the symptom is someone else's
GO_TO_STEP = "GoToStepIntent"
START_ROUTINE = "StartRoutineIntent"
CANCEL_REMINDERS = "CancelRemindersIntent"
LEAD = "Lead"  # SessionReminderIntent's: how long before the session it rings


def _a_tip(slots: dict[str, Fill], slot: str, said: str, today: date) -> Understood:
    """ "any advice for {Topic}" for "sitting at a desk all day": a tip, of
    the topic named inside the words if one is (no sign or concern said)."""
    from .understand import resolve_within  # when needed

    kept = {k: f for k, f in slots.items() if k != slot}
    if (topic := resolve_within(slots[slot].slot_type, said, today)) is not None:
        kept[slot] = topic
    return Understood(TIP, kept, 1.0, "resolved")


def _for_the_handler(name: str, slot: str, said: str) -> bool:
    """Values whose words the handler reads: "go to the {StepName} step" for
    "the fifth" (it counts the steps)."""
    return (name, slot) == (GO_TO_STEP, "StepName") and _a_place(said)


def _sign_within(said: str, today: date) -> Understood | None:
    """ "i've got {Goal}" for "the chills and a sore back": the known words
    in a value do not hide a warning sign said with them."""
    from .understand import could_be_a_sign, understand

    if not could_be_a_sign(said):
        return None
    meant = understand(said, today, Asked())
    return meant if meant.intent in (RED_FLAG, WARNING_SIGNS) else None


def _asks_other(name: str, found: Fill, said: str, today: date) -> Understood | None:
    """A value named with words that ask another request of it ("a hot
    stone cost" in "what's {MassageType}", "the aftercare for cupping"):
    that request, when the words read whole say it surely and name the value."""
    from .understand import understand  # when needed

    own = set((found.name or "").lower().split()) | {"one", "ones"}
    if not set(said.lower().split()) - STOP - own:
        return None  # only the value's own words ("the swedish massage", "the prenatal one")
    meant = understand(said, today)
    named = any(f.slot_type == found.slot_type and f.id == found.id for f in meant.slots.values())
    if meant.intent != name and named and meant.confidence >= REREAD_SURE:
        return meant
    # "i want a {RoutineName}" for "a reminder to stretch each morning": a
    # reminder asked, whatever routine its time names
    if REMINDER_WORDS & set(said.lower().split()):
        if meant.intent in REMINDERS:
            return meant
        return Understood("StretchReminderIntent", {}, 1.0, "resolved")  # its time is asked
    return None


def _whole(name: str, slots: dict[str, Fill]) -> str | None:
    """Words the understanding reads whole: the catch-all's, and "my
    {Person} has {Symptom}" as said (someone else's fever with no back pain
    named is asked about, their fall is still urgent)."""
    if name == CATCH_ALL:
        words = slots.get(CATCH_ALL_SLOT)
        return words.value[:MAX_HEARD_CHARS] if words else ""
    named = slots.get("MassageType")
    if name == FOLLOW_ON and named is not None and named.id is None:
        # "and the {MassageType}" for "the last one" at a choice of routines
        return f"the {named.value}"[:MAX_HEARD_CHARS]
    lead = slots.get(LEAD)
    if name == SESSION_REMINDER and lead is not None and lead.id is None:
        # "remind me {Lead} my massage" for "tomorrow at 9 am about": read as said
        return f"remind me {lead.value[:MAX_HEARD_CHARS]} my appointment"
    pair = [slots.get(k) for k in ("MassageTypeA", "MassageTypeB")]
    if name == "CompareMassageIntent" and all(f is not None and f.id is None for f in pair):
        # "is {A} or {B} better" for "heat or ice": two words read as a pair
        return " or ".join(f.value for f in pair if f is not None)[:MAX_HEARD_CHARS]
    if name == RED_FLAG and PERSON in slots:
        symptom = slots.get("Symptom")
        said = f"my {slots[PERSON].value} has {symptom.value if symptom else ''}"
        return said[:MAX_HEARD_CHARS]
    return None


def _a_place(said: str) -> bool:
    """ "fifth", "the 3rd", "the final", "the last": a step's place, not its
    name ("back to the last stretch", the one before, is a sample of
    AMAZON.PreviousIntent)."""
    words = said.lower().split()
    return bool({"final", "last"} & set(words)) or any(ordinal_day(w) for w in words)


# How sure a reading of an unresolved value must be that it is off topic
# for the request to be taken as off topic, when every word of it is one
# the classifier knows. Content names at 0.6 ("play {RoutineName}" for
# "play some music"); a goal only when plainly no goal
# ("i have {Goal}" for "a headache"), since "I have no advice for tennis
# elbow" is the better answer; a day the business does not list ("bank
# holidays") still asks about the hours.
OUT_OF_SCOPE_SURE = {"ROUTINE_NAME": 0.6, "MASSAGE_TYPE": 0.6, "MASSAGE_GOAL": 0.95}
REREAD_SURE = 0.7  # an unresolved value taken as another request from here
# The requests whose samples carry a name with words any request may start
# with ("do {RoutineName}" for "do you do any discounts", "what's
# {MassageType}" for "what's my average pain"): when the name names none, a
# likelier reading wins from here, if the words alone hardly fit the
# request sent ("my stretches" still fits "time for {RoutineName}").
REREAD_NAME_SURE = {"StartRoutineIntent": 0.5, "ExplainMassageIntent": 0.5}
STILL_FITS = 0.1
# Off topic from 0.5 only where the names are few and plain ("play a podcast
# about yoga" is no routine); a massage's name may be one the skill has never
# heard ("lomi lomi"), which it answers by naming the ones it knows.
OFF_TOPIC_NAME_SURE = {"StartRoutineIntent": 0.5}
ONE_WORD_OFF_TOPIC = 0.95
# A routine name made only of a kind of exercise ("yoga", "core workout") is a
# routine the skill does not have: answered with the ones it has.
WORKOUTS = frozenset(
    [
        "yoga",
        "pilates",
        "tai",
        "chi",
        "qigong",
        "barre",
        "zumba",
        "cardio",
        "hiit",
        "core",
        "abs",
        "ab",
        "plank",
        "planks",
        "squat",
        "squats",
        "crunches",
        "situps",
        "pushups",
        "lunges",
        "spin",
        "weights",
        "workout",
        "workouts",
        "class",
        "session",
        "vinyasa",
        "hatha",
        "yin",
        "restorative",
        "power",
        "hot",
        "beginner",
        "beginners",
    ]
)
# A goal that is the back itself ("which massage is best for my lower
# back") is back pain; as a synonym it would claim every line that names
# the back ("a graze on my lower back").
THE_BACK = re.compile(r"(?:my|me|the|your|a) (?:lower |low |bad |sore )?back")
BACK_GOAL = "lower back pain"
# A goal that names a part of the body is a goal the skill has no advice for
# ("what's best for my tennis elbow"), never off topic (a headache is no
# back matter: off topic).
ACHING = frozenset(
    [
        "elbow",
        "elbows",
        "knee",
        "knees",
        "neck",
        "shoulder",
        "shoulders",
        "wrist",
        "wrists",
        "ankle",
        "ankles",
        "hip",
        "hips",
        "foot",
        "feet",
        "leg",
        "legs",
        "arm",
        "arms",
        "hand",
        "hands",
        "calf",
        "calves",
        "hamstring",
        "hamstrings",
        "muscle",
        "muscles",
        "joints",
        "joint",
        "back",
        "thigh",
        "thighs",
    ]
)
AUTHORITY = "amzn1.er-authority.echo-sdk.backcare.{type}"
TIP = "TipIntent"

Listener = Callable[[str, dict[str, Fill], str], None]
# Who is told what the skill acts on (intent, slots, how): `backcare models
# eval` listens to measure the Alexa path end to end. Nothing is logged.
LISTENERS: list[Listener] = []


def asked_of(ctx: Context) -> Asked:
    elicit = ctx.elicit
    return Asked(
        question=ctx.question.value if ctx.question else None,
        elicit_intent=elicit.intent if elicit else None,
        elicit_slot=elicit.slot if elicit else None,
        followed=ctx.followed or None,
        listed=tuple(ctx.listed[:MAX_LISTED]),
        reminded=ctx.reminded or None,
    )


# words whose day depends on the device's own: read in its time zone
DAY_WORDS = frozenset({"today", "tonight", "tomorrow", "tomorrow's", "yesterday", "weekend"})
DAY_WORDS |= {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _names_a_day(slots: dict[str, Fill]) -> bool:
    return any(set(f.value.lower().split()) & DAY_WORDS for f in slots.values())


def local_day(stamp: datetime | None, zone: str) -> date:
    moment = stamp if stamp is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(ZoneInfo(zone)).date() if zone else moment.date()
    except (KeyError, ValueError):
        return moment.date()


def decide(
    name: str, slots: dict[str, Fill], slot_types: dict[str, str], asked: Asked, today: date
) -> Understood | None:
    """What the skill acts on for what Alexa sent (None: as sent), with "and
    the hot stone?" (FollowOnIntent) as the request it follows."""
    day = _day_followed(name, slots, asked)
    if day is not None:
        return day
    if name == MOVE_IT:  # "actually make it friday": the reminder just set, else the massage
        moved = MOVED_BY_IT.get(asked.reminded or "", MOVE_SESSION)
        read = decide(moved, slots, slot_types, asked, today)
        read = read or Understood(moved, slots, 1.0, "moved")
        return replace(read, slots=moved_slots(moved, read.slots, asked))
    meant = _decide(name, slots, slot_types, asked, today)
    if (
        name == RED_FLAG
        and meant is not None
        and meant.how == "someone else's"
        and "Symptom" not in meant.slots  # a sign of theirs gets its advice
    ):
        # someone's sign through a red-flag sample ("my {Person} has
        # {Symptom}"), which may have cut off what followed ("...and my back
        # is killing me"): the warning signs are asked, never passed by
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag")
    if meant is None and name == FOLLOW_ON:
        meant = Understood(name, slots, 1.0, "followed")
    if meant is None or meant.intent != FOLLOW_ON:
        return meant
    # the request whose type is being asked for ("which one's price?"), else
    # the one last answered, else what the type is
    followed = next(
        (i for i in (asked.elicit_intent, asked.followed) if i in FOLLOWABLE),
        "ExplainMassageIntent",
    )
    kept = {k: f for k, f in meant.slots.items() if k == "MassageType"}
    return Understood(
        followed, kept, meant.confidence, "followed", meant.candidates, then=meant.then
    )


def _day_followed(name: str, slots: dict[str, Fill], asked: Asked) -> Understood | None:
    """ "and {MassageType}" for "and sunday" just after Saturday's hours:
    that day's hours."""
    value = slots.get("MassageType")
    if name != FOLLOW_ON or value is None or value.id is not None:
        return None
    if asked.followed != HOURS or asked.question not in (None, "booking"):
        return None
    said = A_DAY_ALONE.fullmatch(value.value.lower().strip())
    if said is None:  # "and sunday my bum is numb": read whole, signs first
        return None
    day = _resolved("BUSINESS_DAY", said.group(1))
    return Understood(HOURS, {"Day": day}, 1.0, "followed") if day else None


def _decide(
    name: str, slots: dict[str, Fill], slot_types: dict[str, str], asked: Asked, today: date
) -> Understood | None:
    """What a request Alexa sent means, when the skill must decide it;
    None when Alexa's intent and resolved slots stand as they are."""
    from .understand import (  # when needed
        known_words,
        resolve_within,
        understand,
    )

    if (read := _read_first(name, slots, asked, today)) is not None:
        return read
    changed = _drop_unplaced_parts(slots)
    for slot, fill in list(slots.items()):
        if fill.id is not None or not fill.value or not slot_types.get(slot):
            continue  # resolved, empty, or of a built-in type
        said = fill.value[:MAX_HEARD_CHARS]
        if _for_the_handler(name, slot, said):
            return None
        if name == CANCEL_REMINDERS and (by_time := _cancel_by_time(said, today)):
            return by_time  # "cancel the {Kind} reminder" for "the 7 am"

        # A symptom's or a concern's words are always read whole, with what
        # surrounds the value ("hay fever" is no fever).
        found = None if name in UNDERSTOOD_AFRESH else _resolved(fill.slot_type, said)
        # a second request run on from the value, a sign said with it, or
        # another request of it ("what's {MassageType}" for "what's a hot
        # stone cost")
        if other := _ran_on(name, slots, slot, said, today) or (
            found and (_sign_within(said, today) or _asks_other(name, found, said, today))
        ):
            return other
        if found is not None:
            slots[slot], changed = found, True
            continue
        if bare := _bare(name, slots, slot, said, today):
            return bare
        # An open slot took words that name nothing it knows: the sample's
        # carrier words may not fit them at all ("what's {MassageType}" for
        # "what's the phone number"), so the words are read afresh.
        # The value came with a request's carrier words ("what's {MassageType}"):
        # it answers the open question only when that question elicited it.
        elicited = asked.elicit_intent == name and asked.elicit_slot == slot
        # A question that names the warning signs hears them in any value
        # ("i have {Goal}" for "i have some numbness" is a yes to it).
        signs = asked.question in SIGN_QUESTIONS
        # mid-step, "i'm {Concern}" for "i'm light headed gotta stop" stops the
        # step; once stopped, "i'm {Concern}" for "i'm done eh" ends it
        meant = understand(
            said,
            today,
            asked if elicited or signs or asked.question in AT_A_STEP else Asked(),
            of_a_person=name in UNDERSTOOD_AFRESH,
        )
        if signs and meant.how == "sign named":
            return meant
        if name == TIP and meant.intent not in (RED_FLAG, WARNING_SIGNS, CONCERN):
            return _a_tip(slots, slot, said, today)
        meant = _never_small_talk(name, said, meant)  # a routine named is served below
        if meant.how == "closing" and asked.question:
            # "i'm {Concern}" for "i'm alright thanks" to "want a tip?": thanks
            # to an offer decline it, whichever sample carried them
            return understand(said, today, asked)
        if name == PRICE and meant.how == "compared":  # "how much is {MassageType}" for two
            first, second = list(meant.slots.values())[:2]
            both = {"MassageType": first, "MassageTypeB": second}
            return Understood(name, both, 1.0, "compared")
        if meant.intent in (RED_FLAG, WARNING_SIGNS) or name == RED_FLAG:
            return meant  # never urgent advice for words that are no symptom
        if meant.intent == name and meant.slots:
            return meant  # "can we do a {RoutineName}" for "a quick ten minute stretch"
        sure, off_topic = REREAD_SURE, OUT_OF_SCOPE_SURE.get(fill.slot_type, 2.0)
        if name in REREAD_NAME_SURE and dict(meant.candidates).get(name, 0.0) < STILL_FITS:
            sure = REREAD_NAME_SURE[name]
            off_topic = min(off_topic, OFF_TOPIC_NAME_SURE.get(name, off_topic))
        content = set(said.lower().split()) - STOP
        if len(content) < 2:  # "start yoga": a routine it does not have, said as one
            off_topic = max(off_topic, ONE_WORD_OFF_TOPIC)
        if (fill.slot_type == "MASSAGE_GOAL" and content & ACHING) or (
            fill.slot_type == "ROUTINE_NAME" and content and content <= WORKOUTS
        ):
            off_topic = 2.0
        strange = bool(content) and not content & known_words()  # "lomi lomi"
        if meant.intent == OUT_OF_SCOPE and meant.confidence >= off_topic and not strange:
            return meant  # "play {RoutineName}" heard for "play some music"
        if pair := _pair_ran_on(name, slots, slot, meant):
            return pair
        if meant.intent not in (name, NOT_UNDERSTOOD, OUT_OF_SCOPE) and meant.confidence >= sure:
            return meant  # "skip {RoutineName}" heard for "skip this exercise"
        others = [f for k, f in slots.items() if k != slot and f.value]
        if meant.intent == NOT_UNDERSTOOD and others and name not in UNDERSTOOD_AFRESH:
            # "i've got {MassageType} on {Date} at {Time}" for "my massage on
            # thursday at five": the rest of the sample fits; the odd value goes
            del slots[slot]
            return Understood(name, slots, 1.0, "resolved")
        inside = resolve_within(fill.slot_type, said, today)
        if inside is not None and meant.intent in (name, NOT_UNDERSTOOD):
            slots[slot], changed = inside, True  # the one value the words name
            continue
        # the words are unclear and nothing in them is this request (an
        # unclear goal is answered with the goals the skill has)
        # (an unclear topic of a tip gets a tip on anything)
        # (a step's purpose asked of a name it does not know: the step at hand)
        unclear = meant.intent == NOT_UNDERSTOOD and fill.slot_type not in (
            "MASSAGE_GOAL",
            "TIP_TOPIC",
            "STEP_NAME",
        )
        if unclear and meant.candidates and meant.candidates[0][0] != name:
            return meant
        if name in UNDERSTOOD_AFRESH:
            return meant  # a concern's carrier ("i'm {Concern}") around words that name none
    return Understood(name, slots, 1.0, "resolved") if changed else None


def _never_small_talk(name: str, said: str, meant: Understood) -> Understood:
    """A value is never small talk: "let's do the {StepName} one instead"
    for "morning" names a routine, if it names anything."""
    if meant.intent not in (
        GREETING_INTENT,
        IDENTITY_INTENT,
        PROFESSION_INTENT,
        GETTING_CHECKED_INTENT,
        "AcknowledgedIntent",
    ):
        return meant
    routine = _resolved("ROUTINE_NAME", said) or _resolved("ROUTINE_NAME", f"{said} one")
    if routine is not None and name == GO_TO_STEP:
        return Understood(START_ROUTINE, {"RoutineName": routine}, 1.0, "resolved")
    return Understood(NOT_UNDERSTOOD, {}, meant.confidence, meant.how, meant.candidates)


def _read_first(name: str, slots: dict[str, Fill], asked: Asked, today: date) -> Understood | None:
    """Words read whole (the catch-all's, a reminder's lead, "my {Person}
    has {Symptom}"), or a type said by its place in a list ("the first one")."""
    whole = _whole(name, slots)
    if whole is not None:
        return _read_whole(name, whole, asked, today)
    said = " ".join(f.value for f in slots.values())
    return _referred(name, slots, asked.listed, today) if _may_refer(asked, said) else None


def _may_refer(asked: Asked, said: str) -> bool:
    """A place in the list ("the first one") may name a massage type only
    where one could be meant, and never in words that could say a sign
    ("numbness in both legs")."""
    told = {w.removesuffix("'s") for w in said.lower().split()}
    return asked.question in MAY_REFER and bool(asked.listed) and not told & SIGNISH


def _referred(
    name: str, slots: dict[str, Fill], listed: tuple[str, ...], today: date
) -> Understood | None:
    """A massage type said by its place in the list the skill just said
    ("the first one"; "the first two" fill both of a pair)."""
    from .understand import understand  # when needed

    for slot, fill in list(slots.items()):
        if fill.slot_type != "MASSAGE_TYPE" or fill.id is not None or not fill.value:
            continue
        said = fill.value[:MAX_HEARD_CHARS]
        place = found(said, listed)
        if place is None:
            continue
        ids, start, end = place
        if set(f"{said[:start]} {said[end:]}".lower().split()) - STOP:
            # more is said than the place ("the difference between the
            # first two"): read with the names put in
            meant = understand(referred(said, listed) or said, today)
            return None if meant.intent == NOT_UNDERSTOOD else meant
        named = [f for i in ids if (f := _resolved("MASSAGE_TYPE", name_of(i)))]
        pair = PAIRS.get(name)
        if len(named) == 2 and pair is not None:
            slots[pair[0]], slots[pair[1]] = named
        elif named:
            slots[slot] = named[0]
        return Understood(name, slots, 1.0, "resolved") if named else None
    return None


def _cancel_by_time(said: str, today: date) -> Understood | None:
    from .understand import understand  # when needed

    meant = understand(f"cancel the {said} reminder", today)
    return meant if meant.intent == CANCEL_REMINDERS and meant.slots else None


def _ran_on(
    name: str, slots: dict[str, Fill], slot: str, said: str, today: date
) -> Understood | None:
    """ "how much is {MassageType}" for "deep tissue and are you open
    saturdays": this request of the value the first part names, then the
    second request."""
    from .joined import value_then  # when needed

    if name in UNDERSTOOD_AFRESH:
        return None
    ran_on = value_then(said, today, partial(_resolved, slots[slot].slot_type))
    if ran_on is None:
        return None
    slots[slot], second = ran_on
    return Understood(name, slots, 1.0, "resolved", then=second)


def _pair_ran_on(
    name: str, slots: dict[str, Fill], slot: str, meant: Understood
) -> Understood | None:
    """ "how much is {MassageType} and {MassageTypeB}" for "deep tissue and
    are you open saturdays": the first request, then the second."""
    from .joined import serves_second  # when needed

    others = [f for k, f in slots.items() if k != slot and f.value]
    if not (slot.endswith("B") and others and all(f.id for f in others)):
        return None
    if not serves_second(meant):
        return None
    del slots[slot]
    return Understood(name, slots, 1.0, "resolved", then=meant)


def _read_whole(name: str, whole: str, asked: Asked, today: date) -> Understood:
    from .joined import two_requests  # when needed
    from .understand import understand

    if _may_refer(asked, whole):  # "what's the first one like"
        whole = referred(whole, asked.listed) or whole
    # mid-step a pair's words are the step's ("should my knees be {A} or {B}"
    # for "straight or bent for this one"): read where they were said
    here = name in (CATCH_ALL, FOLLOW_ON) or asked.question in AT_A_STEP
    meant = understand(whole, today, asked if here else Asked())
    if name != CATCH_ALL:
        return meant
    return two_requests(whole, meant, asked, today) or meant


def _bare(
    name: str, slots: dict[str, Fill], slot: str, said: str, today: date
) -> Understood | None:
    """A value of only small words ("this", "my"), or of words that name
    no one value ("a massage session")."""
    from .understand import resolve_within  # when needed

    words = set(said.lower().split())
    if slots[slot].slot_type == "MASSAGE_GOAL" and words & AILMENTS:
        return Understood(OUT_OF_SCOPE, {}, 1.0, "resolved")  # "what's good for a hangover"
    if slots[slot].slot_type == "MASSAGE_TYPE" and words & DEALS and not _signish(said):
        # "do you do a {MassageType}" for "a concession rate for over sixty fives"
        return Understood("StudioQuestionIntent", {}, 1.0, "resolved")
    if name in ABOUT_A_TYPE and said.lower().strip() in ABOUT_ME:
        return Understood(IDENTITY_INTENT, {}, 1.0, "resolved")  # "what are {MassageType}": you
    if name in ABOUT_A_TYPE and words & STEP_WORDS:
        # "what is this step for"; "what's {MassageType}" for "the point of child's pose"
        step = resolve_within("STEP_NAME", said, today)
        return Understood("StepPurposeIntent", {"StepName": step} if step else {}, 1.0, "resolved")
    if slots[slot].slot_type == "MASSAGE_TYPE" and (topic := _resolved("TIP_TOPIC", said)):
        # "is {MassageType} good for my back" for "a hot water bottle": a tip on it
        return Understood(TIP, {"Topic": topic}, 1.0, "resolved")
    if words - STOP - GENERIC.get(slots[slot].slot_type, frozenset()):
        return None
    if name == RED_FLAG:
        # "should i be worried about {Symptom}" for "about this": a symptom
        # not named; the warning signs are asked about
        return Understood(WARNING_SIGNS, {}, 1.0, "resolved")
    if name not in UNDERSTOOD_AFRESH:
        # "what should i do after {MassageType} massage" heard with "my":
        # the sample fits, the slot took a filler word; it goes
        del slots[slot]
        return Understood(name, slots, 1.0, "resolved")
    return None


def _signish(said: str) -> bool:
    from .understand import could_be_a_sign  # when needed

    return could_be_a_sign(said)


def _drop_unplaced_parts(slots: dict[str, Fill]) -> bool:
    """ "{DayPart} remind me to stretch" for "every day after work at about
    half five": the request stands without the part of the day; its time
    is asked."""
    loose = [k for k, f in slots.items() if f.slot_type == "DAY_PART" and f.id is None and f.value]
    for slot in loose:
        del slots[slot]
    return bool(loose)


def _resolved(slot_type: str, said: str) -> Fill | None:
    from .understand import resolve  # when needed

    if slot_type == "MASSAGE_GOAL" and THE_BACK.fullmatch(said.lower().strip()):
        return resolve(slot_type, BACK_GOAL)
    found = resolve(slot_type, said)
    if found is None and slot_type == "ROUTINE_NAME" and len(said.split()) == 1:
        # "the {RoutineName} routine please" for "evening"
        return resolve(slot_type, f"{said} routine")
    return found


class Hear(AbstractRequestInterceptor):
    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        if not isinstance(request, IntentRequest) or request.intent is None:
            return
        intent = request.intent
        name = str(intent.name or "")
        raw = intent.slots if isinstance(intent.slots, dict) else {}
        slots = {k: _fill_of(v) for k, v in raw.items() if isinstance(v, Slot) and v.value}
        someone = name == RED_FLAG and PERSON in slots  # read whole: whose, and what
        if (
            name not in (CATCH_ALL, FOLLOW_ON, MOVE_IT)
            and not someone
            and all(f.id is not None or not f.slot_type for f in slots.values())
        ):
            _tell(name, slots, "alexa")  # (no context read: most turns end here)
            return
        ctx = _context(handler_input)
        asked = asked_of(ctx)
        zone = ctx.zone
        if not zone and _names_a_day(slots):  # "tomorrow" is the device's, asked once
            zone = settings_zone(handler_input) or ""
        today = local_day(request.timestamp, zone)
        types = {k: f.slot_type for k, f in slots.items()}
        meant = decide(name, slots, types, asked, today)
        if meant is None:
            _tell(name, slots, "alexa")
            return
        request.intent = _intent(meant)
        _tell(meant.intent, meant.slots, meant.how)
        if meant.then is not None:  # served after this one, in the same reply
            handler_input.attributes_manager.request_attributes[THEN_KEY] = _intent(meant.then)


def _context(handler_input: HandlerInput) -> Context:
    session = handler_input.request_envelope.session
    attributes = session.attributes if session is not None else None
    return Context.unpack((attributes or {}).get("ctx"))


def _intent(meant: Understood) -> Intent:
    return Intent(
        name=meant.intent,
        slots={k: slot_of(k, f) for k, f in meant.slots.items()},
        confirmation_status=IntentConfirmationStatus.NONE,
    )


def _tell(name: str, slots: dict[str, Fill], how: str) -> None:
    for listener in LISTENERS:
        listener(name, slots, how)


def _fill_of(slot: Slot) -> Fill:
    """A slot as sent: its value, and for a custom type the type's name (from
    the resolution authority) and the id when entity resolution matched."""
    value = str(slot.value or "")
    per_authority = slot.resolutions.resolutions_per_authority if slot.resolutions else None
    for authority in per_authority or []:
        slot_type = str(authority.authority or "").rsplit(".", 1)[-1]
        code = authority.status.code if authority.status else None
        values = authority.values or []
        if code == StatusCode.ER_SUCCESS_MATCH and values and values[0].value:
            return Fill(value, slot_type, values[0].value.id, values[0].value.name)
        return Fill(value, slot_type)
    return Fill(value, "")  # a built-in type: no resolutions


def slot_of(name: str, fill: Fill) -> Slot:
    resolutions = None
    if fill.slot_type and not fill.slot_type.startswith("AMAZON."):
        matched = fill.id is not None
        resolutions = Resolutions(
            resolutions_per_authority=[
                Resolution(
                    authority=AUTHORITY.format(type=fill.slot_type),
                    status=Status(
                        code=StatusCode.ER_SUCCESS_MATCH
                        if matched
                        else StatusCode.ER_SUCCESS_NO_MATCH
                    ),
                    values=[ValueWrapper(value=Value(name=fill.name, id=fill.id))]
                    if matched
                    else [],
                )
            ]
        )
    return Slot(
        name=name,
        value=fill.value,
        confirmation_status=SlotConfirmationStatus.NONE,
        resolutions=resolutions,
    )
