"""Raw words to the intent and slots the skill acts on.

Run only when Alexa could not place the words itself (the catch-all intent,
or a slot value its entity resolution did not match). In order:

1. the words as meant: the one-shot invocation, fillers, hesitations and
   restarts taken off (fluency.py); phrases that only look like a red flag
   ("fell asleep") said otherwise (reported.py);
2. slot values found in them (spans.py) and replaced by their types;
3. red flags first: a red-flag value found (as said, or once rewritten in
   the first person and plain English) is a red flag; the classifier's
   red-flag class is one only when it is sure, and asks about the warning
   signs when it is unsure, never a false alarm and never a miss;
4. the classifier (classifier.py) over the rest, with the open question
   weighing in (a number is a pain score only at the pain question, a yes
   or no at a yes/no question, an elicited slot's value at that question);
5. the slots the chosen intent takes, from the values found.
Below `CONFIDENT` the words are not understood.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from .classifier import Model, model
from .fluency import STOP, fluent, normalize, one_shot, strip
from .reported import not_flags, reported
from .spans import Lexicon, Span, skeleton, stands_alone, token
from .spoken import spoken_date, spoken_number, spoken_time

RED_FLAG = "RedFlagIntent"
CONCERN = "SafetyConcernIntent"
OUT_OF_SCOPE = "OutOfScopeIntent"  # not in the Alexa model: set by the skill
WARNING_SIGNS = "WarningSignsIntent"  # not in the model: ask about the warning signs
NOT_UNDERSTOOD = "AMAZON.FallbackIntent"
YES, NO = "AMAZON.YesIntent", "AMAZON.NoIntent"
CONFIDENT = 0.5  # lowest calibrated confidence taken as understood
RED_FLAG_SURE = 0.6  # the classifier alone calls a red flag from here
RED_FLAG_ASK = 0.2  # and asks about the warning signs from here
ANSWER_BIAS = 2.0  # what an open question adds to the logits of its answers
CONCERN_SURE = 0.8  # a safety concern named in the words, standing alone
REQUEST_AT_QUESTION = 0.6  # a request at a yes/no question is served from here
REQUEST_NAMED = 0.25  # and from here when the words name what it is about
NAMED = frozenset({"ROUTINE_NAME", "MASSAGE_TYPE", "MASSAGE_GOAL"})
EXERTION = frozenset(
    {
        "gym",
        "workout",
        "training",
        "squats",
        "squat",
        "run",
        "running",
        "marathon",
        "exercise",
        "exercising",
        "hike",
        "hiking",
        "cycling",
        "lifting",
        "weights",
        "workouts",
    }
)
# A red flag of one key word ("fever", "the chills", "cancer") is taken as
# one only when said of a person; otherwise it is asked about.
FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "im", "ive", "me", "my", "myself"})
# Words that at a yes/no question are an answer, whatever else they could be.
ANSWER_LIKE = frozenset(
    {
        YES,
        NO,
        "AMAZON.ResumeIntent",
        "AMAZON.NextIntent",
        "SkipStepIntent",
        "AMAZON.PauseIntent",
        "NumberIntent",
        "PainScoreIntent",
        "OutOfScope",
        NOT_UNDERSTOOD,
    }
)
MAX_WORDS = 60  # longer speech is cut: a turn's work stays bounded
# Questions whose answer is a value, not a yes or no (context.Question values).
NUMBER = "NumberIntent"
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
# Questions that offer a list: a place in it ("the second one") is a number.
CHOICES = {"which_routine": "StartRoutineIntent"}
VALUE_QUESTIONS = {
    "pain_before": ("PainScoreIntent", "NumberIntent"),
    "pain_after": ("PainScoreIntent", "NumberIntent"),
    "pain_score": ("PainScoreIntent", "NumberIntent"),
    "which_routine": ("StartRoutineIntent", "NumberIntent"),
    "session_day": ("BookSessionIntent", "MoveSessionIntent"),
    "session_time": ("BookSessionIntent", "MoveSessionIntent", "NumberIntent"),
    "reminder_time": ("StretchReminderIntent", "NumberIntent"),
    "massage_name": (),
    "next_step": (
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "AMAZON.RepeatIntent",
        "AMAZON.PauseIntent",
        "SkipStepIntent",
        "DiscomfortIntent",
    ),
}


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


@dataclass(frozen=True)
class Asked:
    """Where the conversation is: the open question and an elicited slot."""

    question: str | None = None
    elicit_intent: str | None = None
    elicit_slot: str | None = None


@cache
def lexicon() -> Lexicon:
    return Lexicon(model().meta["types"])


def prepare(text: str, today: date, lex: Lexicon, invocation: str) -> tuple[list[str], list[Span]]:
    """The words as meant and the slot values found in them (the training
    build reads its phrasings through this too)."""
    said = normalize(text.replace(":", " "))
    asked = one_shot(said, invocation) if invocation else None
    said = asked if asked else said
    said = strip(fluent(said) or said) or said
    words = not_flags(said.split()[:MAX_WORDS])
    return words, lex.find(words, today)


def understand(
    text: str, today: date, asked: Asked | None = None, of_a_person: bool = False
) -> Understood:
    """What the words mean where the conversation is (`of_a_person`: the
    words are a slot's, from a sample that already says who has it: "i
    have {Symptom}")."""
    asked = asked or Asked()
    words, spans = prepare(text, today, lexicon(), str(model().meta["invocation"]))
    if not words:
        return Understood(NOT_UNDERSTOOD, how="empty")
    flag = _red_flag_value(words, spans, today)
    shape = skeleton(words, spans)
    current = model()
    probs = current.probabilities(_biased(current, shape, asked))
    ranked = sorted(probs.items(), key=lambda kv: kv[1], reverse=True)
    if ranked[0][0] in (YES, NO) and not asked.elicit_intent:
        # "okay yes let's do a routine instead", "yeah let's do the desk
        # break": a clear request said with the yes is served, not taken
        # as the answer; naming what it is about makes it clear.
        plain = current.probabilities(current.logits(shape))
        named = {k for s in spans for k in s.kinds if k in NAMED}
        for request, sure in sorted(plain.items(), key=lambda kv: kv[1], reverse=True)[:3]:
            takes = {token(t) for t in _schema(request).values()}
            if request not in ANSWER_LIKE and (
                sure >= REQUEST_AT_QUESTION or (takes & named and sure >= REQUEST_NAMED)
            ):
                rest = sorted(
                    ((k, v) for k, v in plain.items() if k != request),
                    key=lambda kv: kv[1],
                    reverse=True,
                )
                ranked = [(request, max(sure, REQUEST_AT_QUESTION)), *rest]
                break
    top = ranked[:5]
    exertion = EXERTION & set(words) or "leg day" in " ".join(words)
    if flag is not None and flag.id == "leg_weakness" and exertion:
        # "legs like jelly after leg day": tired legs after exercise are not
        # leg weakness getting worse; asked, never alarmed or passed over
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag", top, shape)
    if flag is not None and (
        _key_words(flag.name or "") >= 2 or of_a_person or _of_a_person(words)
    ):
        return Understood(RED_FLAG, {"Symptom": flag}, 1.0, "red flag", top, shape)
    if flag is not None:  # "the horoscope for cancer": one word, said of no one
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag", top, shape)
    red = probs.get(RED_FLAG, 0.0)
    if red >= RED_FLAG_SURE:
        return Understood(RED_FLAG, {}, red, "red flag", top, shape)
    said = " ".join(words)
    sample: str | None = current.meta.get("samples", {}).get(said)
    if sample is not None:  # "okay i'm ready": a sample once the fillers are off
        return Understood(sample, {}, 1.0, "sample", top, shape)
    elicited = _elicited(words, spans, asked, today, ranked)
    if elicited is not None:
        elicited.candidates, elicited.skeleton = top, shape
        return elicited
    concern = next(
        (s for s in spans if "SAFETY_CONCERN" in s.kinds and stands_alone(words, s)), None
    )
    intent, confidence = ranked[0]
    if concern is not None:
        fill = _custom("SAFETY_CONCERN", concern)
        slots = {"Concern": fill} if fill else {}
        # a concern named outright is surer than the classifier's guess
        return Understood(CONCERN, slots, max(confidence, CONCERN_SURE), "concern", top, shape)
    if red >= RED_FLAG_ASK:
        return Understood(WARNING_SIGNS, {}, red, "red flag", top, shape)
    if confidence < CONFIDENT:
        return Understood(NOT_UNDERSTOOD, {}, confidence, "classifier", top, shape)
    if intent == "OutOfScope":
        return Understood(OUT_OF_SCOPE, {}, confidence, "classifier", top, shape)
    if asked.question in CHOICES and intent in (CHOICES[asked.question], NUMBER):
        nth = _ordinal(words)  # "the second one", "number three": the Nth offered
        if nth is not None:
            return Understood(NUMBER, {"Number": Fill(str(nth), "AMAZON.NUMBER")}, confidence)
    slots = _slots(intent, words, spans, today)
    return Understood(intent, slots, confidence, "classifier", top, shape)


def resolve(slot_type: str, said: str) -> Fill | None:
    """A custom slot's words Alexa could not resolve, matched against the
    content's names and synonyms ("the desk stretch", "deep tissues")."""
    row = lexicon().resolve(slot_type, said)
    return None if row is None else Fill(said, slot_type, row[1], row[2])


def _biased(current: Model, shape: str, asked: Asked) -> list[float]:
    logits = current.logits(shape)
    favoured: tuple[str, ...] = ()
    if asked.elicit_intent:
        favoured = (asked.elicit_intent,)
    elif asked.question in VALUE_QUESTIONS:
        favoured = VALUE_QUESTIONS[asked.question]
    elif asked.question:
        favoured = (YES, NO)
    for i, name in enumerate(current.classes):
        if name in favoured:
            logits[i] += ANSWER_BIAS
    return logits


def _red_flag_value(words: list[str], spans: list[Span], today: date) -> Fill | None:
    """A red flag named in the words; its `name` is the synonym matched."""
    span = next((s for s in spans if "RED_FLAG" in s.kinds), None)
    if span is None:
        plain = reported(words)
        if plain != words:  # someone else's, a temperature, slang, a tumble
            span = next((s for s in lexicon().find(plain, today) if "RED_FLAG" in s.kinds), None)
    fill = None if span is None else _custom("RED_FLAG", span)
    if fill is not None and span is not None:
        fill.name = span.value
    return fill


def _of_a_person(words: list[str]) -> bool:
    """Said of the user, or of someone reported ("my mum had a fall")."""
    return bool(FIRST_PERSON & (set(words) | set(reported(words))))


def _key_words(value: str) -> int:
    return sum(1 for w in value.split() if w not in STOP)


def _elicited(
    words: list[str],
    spans: list[Span],
    asked: Asked,
    today: date,
    ranked: list[tuple[str, float]],
) -> Understood | None:
    """An answer that fits the elicited slot goes to the elicited intent, as
    Alexa fills it, unless the words are clearly another request."""
    if not (asked.elicit_intent and asked.elicit_slot):
        return None
    slot_type = _schema(asked.elicit_intent).get(asked.elicit_slot)
    if slot_type is None:
        return None
    intent, confidence = ranked[0]
    if intent not in (asked.elicit_intent, "NumberIntent", "PainScoreIntent") and confidence >= 0.9:
        return None
    fill = _fill(slot_type, " ".join(words), spans, today)
    if fill is None:
        return None
    return Understood(asked.elicit_intent, {asked.elicit_slot: fill}, confidence, "elicited")


def _ordinal(words: list[str]) -> int | None:
    for i, word in enumerate(words):
        if word in ORDINALS:
            return ORDINALS[word]
        if word == "number" and i + 1 < len(words):
            return spoken_number(words[i + 1])
    return None


def _schema(intent: str) -> dict[str, str]:
    schema: dict[str, dict[str, str]] = model().meta["intents"]
    return schema.get(intent, {})


def _slots(intent: str, words: list[str], spans: list[Span], today: date) -> dict[str, Fill]:
    slots: dict[str, Fill] = {}
    free = list(spans)
    for name, slot_type in _schema(intent).items():
        fits = [s for s in free if token(slot_type) in s.kinds]
        if name == "Minutes":  # "the ball one for eight minutes": a number said with minutes
            fits = [s for s in fits if words[s.end : s.end + 1] in (["minutes"], ["minute"])]
        span = next(iter(fits), None)
        if span is None:
            found = lexicon().distinctive(slot_type, words)
            if found is not None:  # "the desk thingy": a word only one name has
                slots[name] = Fill(found[0], slot_type, found[1][1], found[1][2])
            continue
        free.remove(span)
        fill = _fill_span(slot_type, span, today)
        if fill is not None:
            slots[name] = fill
    return _later_in_day(slots, words)


def _fill(slot_type: str, said: str, spans: list[Span], today: date) -> Fill | None:
    """The elicited slot's value: a span of its type, else the whole answer."""
    span = next((s for s in spans if token(slot_type) in s.kinds), None)
    if span is not None:
        return _fill_span(slot_type, span, today)
    if slot_type == "AMAZON.TIME":
        value = spoken_time(said)
        return Fill(value, slot_type) if value else None
    if slot_type == "AMAZON.DATE":
        value = spoken_date(said, today)
        return Fill(value, slot_type) if value else None
    return None


def _fill_span(slot_type: str, span: Span, today: date) -> Fill | None:
    if slot_type == "AMAZON.NUMBER":
        number = spoken_number(span.said)
        return None if number is None else Fill(str(number), slot_type)
    if slot_type == "AMAZON.DATE":
        value = spoken_date(span.said, today)
        return None if value is None else Fill(value, slot_type)
    if slot_type == "AMAZON.TIME":
        value = spoken_time(span.said)
        return None if value is None else Fill(value, slot_type)
    return _custom(slot_type, span)


def _custom(slot_type: str, span: Span) -> Fill | None:
    rows = lexicon().rows(span.value, slot_type)
    return Fill(span.said, slot_type, rows[0][1], rows[0][2]) if rows else None


def _later_in_day(slots: dict[str, Fill], words: list[str]) -> dict[str, Fill]:
    """'each evening at eight' is 20:00, as Alexa reads it."""
    said = set(words)
    if not said & {"evening", "evenings", "night", "tonight", "afternoon"} or said & {"am", "pm"}:
        return slots
    for fill in slots.values():
        if fill.slot_type == "AMAZON.TIME" and 1 <= int(fill.value[:2]) <= 11:
            fill.value = f"{int(fill.value[:2]) + 12:02d}{fill.value[2:]}"
    return slots
