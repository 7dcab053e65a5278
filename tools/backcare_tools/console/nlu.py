"""Turn typed text into the intent and slots Alexa would send.

Understanding runs on the generated interaction model only (its samples and
slot values), in three steps:

1. exact: the text is one of the model's samples, with slot values that
   resolve (what local Alexa simulators do, and what `backcare models eval`
   counts as matched by the model);
2. near: fillers ("um", "so", "please", "can you") taken off, then the text
   with its slot values, numbers, dates and times replaced by their types is
   compared with every sample of those types (rapidfuzz's Indel ratio); the
   best sample's intent wins when its score reaches `THRESHOLD`;
3. otherwise AMAZON.FallbackIntent. A slot value the model does not know is
   sent (ER_SUCCESS_NO_MATCH) only after a sample whose words clearly name
   a routine or a massage ("start the yoga flow"), never echoed from a
   catch-all such as "i'm {Concern}".

Slot values resolve to their canonical ids with the status Alexa reports
(ER_SUCCESS_MATCH or ER_SUCCESS_NO_MATCH); AMAZON.NUMBER, AMAZON.DATE and
AMAZON.TIME values are read by `spoken.py`. It is a test and demo tool, not
Alexa's NLU.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from .device import SlotFill
from .reported import not_flags, reported
from .spoken import DATE_WORDS, normalize, spoken_date, spoken_number, spoken_time

__all__ = ["THRESHOLD", "Nlu", "Parsed", "normalize", "spoken_number"]

THRESHOLD = 85.0  # lowest near-match score (0-100) taken as understood
FUZZY_VALUE = 88.0  # lowest score for a slot value heard slightly differently
_SLOT = re.compile(r"{(\w+)}")
_BUILT_IN = {"AMAZON.NUMBER": "NUMBER", "AMAZON.DATE": "DATE", "AMAZON.TIME": "TIME"}
# Said before or after a request without changing it.
_LEADING = (
    "alexa",
    "um",
    "umm",
    "uh",
    "uhh",
    "er",
    "erm",
    "hmm",
    "so",
    "okay so",
    "ok so",
    "oh",
    "well",
    "hey",
    "hi",
    "and",
    "but",
    "now",
    "actually",
    "just",
    "please",
    "can you please",
    "could you please",
    "can you",
    "could you",
    "would you",
    "will you",
    "would you please",
    "i was wondering",
    "i wonder",
    "do you know",
    "can you tell me",
    "could you tell me",
    "tell me",
    "quick question",
    "hey there",
    "excuse me",
    "sorry",
    "yeah so",
    "right so",
    "okay",
    "ok",
    "alright",
    "like",
)
_TRAILING = (
    "please",
    "thanks",
    "thank you",
    "now",
    "for me",
    "then",
    "today",
    "again",
    "alexa",
    "if you can",
    "right now",
    "ok",
    "okay",
)
# Carriers that clearly name a routine or a massage, so an unknown name in
# them is still that request ("start the yoga flow").
_NAMING_WORDS = frozenset(
    {"start", "begin", "routine", "stretch", "compare", "massage", "versus", "difference"}
)
# Words that carry little meaning for matching values and samples.
_STOP = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "i'd",
        "me",
        "my",
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "it's",
        "its",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "and",
        "or",
        "so",
        "just",
        "really",
        "very",
        "some",
        "any",
        "there",
        "there's",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "got",
        "get",
        "you",
        "your",
        "we",
        "us",
        "our",
        "they",
        "he",
        "she",
        "his",
        "her",
        "um",
        "uh",
        "like",
        "well",
        "oh",
        "okay",
        "ok",
        "please",
        "now",
        "then",
        "also",
        "too",
        "still",
        "even",
    ]
)
# Hesitations said anywhere in a sentence (see _fluent).
_HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "hmm", "uhm", "mm"})
# Words after which "like" means something ("i'd like", "feels like").
_LIKE_MEANT = frozenset(
    {
        "i",
        "you",
        "we",
        "they",
        "i'd",
        "you'd",
        "we'd",
        "would",
        "feel",
        "feels",
        "felt",
        "feeling",
        "look",
        "looks",
        "sound",
        "sounds",
        "something",
        "anything",
        "nothing",
        "what's",
        "what",
        "don't",
        "didn't",
        "doesn't",
        "really",
        "seem",
        "seems",
        "more",
        "is",
        "it's",
        "just",
        "be",
        "been",
        "was",
        "were",
        "are",
    }
)
_PREPOSITIONS = frozenset({"at", "on", "for", "by", "around", "about", "to", "from"})
_SAME = {"cannot": "can't", "can not": "can't", "wanna": "want", "gonna": "going"}
_NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
    ]
)
_TIME_MARKS = frozenset(
    {"am", "pm", "o'clock", "oclock", "noon", "midday", "midnight", "past", "lunchtime"}
)
# Words that may follow a concern said on its own and start a new part of
# the sentence; any other word after it makes it part of something else
# ("a sore throat" is not "a sore").
_CLAUSE_STARTS = frozenset(
    {
        "what",
        "which",
        "how",
        "can",
        "could",
        "should",
        "would",
        "will",
        "is",
        "are",
        "do",
        "does",
        "but",
        "and",
        "so",
        "because",
        "if",
        "when",
        "though",
        "right",
        "now",
        "where",
        "that's",
        "since",
        "after",
        "before",
        "last",
        "yesterday",
        "ago",
        "recently",
        "near",
        "yet",
        "from",
    }
)


@dataclass
class Parsed:
    intent: str
    slots: dict[str, SlotFill] = field(default_factory=dict)
    how: str = "fallback"  # exact | near | fallback
    score: float = 0.0


@dataclass
class _Pattern:
    intent: str
    regex: re.Pattern[str]
    slot_types: dict[str, str]
    literal: int
    naming: bool  # its words name a routine or a massage (see _NAMING_WORDS)


@dataclass
class _Skeleton:
    intent: str
    text: str  # the sample with each slot replaced by its type's token
    slots: list[tuple[str, str]]  # (slot name, type token) in order


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    said: str
    kinds: tuple[str, ...]  # type tokens this span can fill
    value: str  # the model's value it stands for ('' for built-in types)


def _token(slot_type: str) -> str:
    return _BUILT_IN.get(slot_type, slot_type)


class Nlu:
    def __init__(self, model: dict[str, Any]) -> None:
        language = model["interactionModel"]["languageModel"]
        self.invocation = normalize(language["invocationName"])
        # "ask back care coach to start the desk break": Alexa takes off the
        # launch words, the invocation name and a connecting word before it
        # matches the rest against the samples.
        self._one_shot = re.compile(
            rf"^(?:alexa )?(?:ask|tell|open|launch|start|use|load) {re.escape(self.invocation)}"
            r"(?: (?:to|for|about|if|whether|that|and))?(?: (?P<rest>.+))?$"
        )
        # said (normalized) -> [(type, id, name)]
        self.values: dict[str, list[tuple[str, str, str]]] = {}
        for slot_type in language.get("types", []):
            for value in slot_type["values"]:
                name = value["name"]["value"]
                for said in [name, *value["name"].get("synonyms", [])]:
                    rows = self.values.setdefault(normalize(said), [])
                    row = (slot_type["name"], value.get("id") or name, name)
                    if row not in rows:
                        rows.append(row)
        self._value_texts = [v for v in self.values if len(v) >= 6]
        self._keys: dict[str, tuple[str, ...]] = {}
        for value in self.values:
            keys = tuple(dict.fromkeys(_stem(w) for w in value.split() if w not in _STOP))
            if len(keys) >= 2:
                self._keys[value] = keys
        self.slot_types: dict[tuple[str, str], str] = {}
        self.whole: dict[str, str] = {}  # samples without slots
        self.patterns: dict[str, list[_Pattern]] = {}  # by first word ("" = a slot)
        self.skeletons: dict[tuple[str, ...], list[_Skeleton]] = {}  # by sorted type tokens
        for intent in language["intents"]:
            types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            self.slot_types.update({(intent["name"], n): t for n, t in types.items()})
            for sample in intent.get("samples", []):
                self._add(intent["name"], sample, types)

    def _add(self, intent: str, sample: str, types: dict[str, str]) -> None:
        text = normalize(sample.replace("{", " {").replace("}", "} "))
        skeleton = _Skeleton(intent, "", [])
        if not _SLOT.search(sample):
            self.whole.setdefault(text, intent)
            skeleton.text = text
            self.skeletons.setdefault((), []).append(skeleton)
            return
        parts, words = [], []
        literal = 0
        for piece in re.split(r"({\w+})", sample):
            match = _SLOT.fullmatch(piece)
            if match:
                name = match.group(1)
                parts.append(f"(?P<{name}>.+?)")
                token = _token(types.get(name, ""))
                skeleton.slots.append((name, token))
                words.append(token)
            elif piece.strip():
                said = normalize(piece)
                literal += len(said)
                parts.append(re.escape(said))
                words.append(said)
        regex = re.compile("^" + " ".join(parts) + "$")
        first = "" if sample.startswith("{") else text.split()[0]
        naming = bool(_NAMING_WORDS & set(" ".join(w for w in words if w.islower()).split()))
        self.patterns.setdefault(first, []).append(_Pattern(intent, regex, types, literal, naming))
        skeleton.text = " ".join(words)
        key = tuple(sorted(t for _, t in skeleton.slots))
        self.skeletons.setdefault(key, []).append(skeleton)

    # -- slot values -------------------------------------------------------

    def _resolve(self, slot_type: str, said: str, today: date) -> SlotFill | None:
        if slot_type == "AMAZON.DATE":
            value = spoken_date(said, today)
            return None if value is None else SlotFill(value, slot_type)
        if slot_type == "AMAZON.TIME":
            value = spoken_time(said)
            return None if value is None else SlotFill(value, slot_type)
        if slot_type == "AMAZON.NUMBER":
            number = spoken_number(said)
            return None if number is None else SlotFill(str(number), slot_type)
        for kind, value_id, name in self.values.get(normalize(said), []):
            if kind == slot_type:
                return SlotFill(said, slot_type, value_id, name)
        return SlotFill(said, slot_type)

    def fill(self, intent: str, slot: str, text: str, today: date) -> SlotFill | None:
        """Read an answer to a Dialog.ElicitSlot as a value for that slot."""
        slot_type = self.slot_types.get((intent, slot), "")
        if not slot_type:
            return None
        for said in (normalize(text.replace(":", " ")), _strip(normalize(text))):
            fill = self._resolve(slot_type, said, today)
            custom = not slot_type.startswith("AMAZON.")
            if fill is not None and not (custom and fill.resolved_id is None):
                return fill
        return None

    # -- understanding -----------------------------------------------------

    def one_shot(self, text: str) -> str | None:
        """For "ask back care coach for a tip", what is asked ("a tip"; ''
        when only the skill is named); None when the skill is not named."""
        match = self._one_shot.match(normalize(text.replace(":", " ")))
        if not match:
            return None
        return match.group("rest") or ""

    def exact(self, text: str, today: date | None = None) -> Parsed | None:
        """The intent when the text is one of the model's samples with slot
        values that resolve, as a local Alexa simulator matches."""
        found = self._exact(normalize(text.replace(":", " ")), today or _today())
        return found[0]

    def parse(self, text: str, today: date | None = None) -> Parsed:
        """The intent and slots Alexa would send; dates resolve from `today`."""
        today = today or _today()
        said = normalize(text.replace(":", " "))
        said = self.one_shot(said) or said
        if not said:
            return Parsed("AMAZON.FallbackIntent")
        matched, unknown = self._exact(said, today)
        if matched:
            return _later_in_day(matched, said)
        heard = said
        said = _fluent(said) or said  # "so um can you, can you do ..." as meant
        stripped = _strip(said)
        if stripped != heard and stripped:
            matched, unknown_stripped = self._exact(stripped, today)
            if matched:
                matched.how = "near"
                return matched
            unknown = unknown or unknown_stripped
        near = self._near(stripped or said, today)
        if (  # the name said, though unknown, is kept over a near match without it
            unknown is not None
            and near is not None
            and near.intent == unknown.intent
            and len(near.slots) < len(unknown.slots)
        ):
            return unknown
        if near is not None:
            return _later_in_day(near, said)
        return unknown or Parsed("AMAZON.FallbackIntent")

    def _exact(self, said: str, today: date) -> tuple[Parsed | None, Parsed | None]:
        """(a match whose slots all resolve, else a naming match with an
        unknown routine or massage name)"""
        if said in self.whole:
            return Parsed(self.whole[said], {}, "exact", 100.0), None
        words = said.split()
        best: tuple[tuple[int, int], Parsed] | None = None
        unknown: tuple[tuple[int, int], Parsed] | None = None
        for pattern in self.patterns.get(words[0] if words else "", []) + self.patterns.get("", []):
            match = pattern.regex.match(said)
            if not match:
                continue
            slots: dict[str, SlotFill] = {}
            missing = 0
            for name, value in match.groupdict().items():
                fill = self._resolve(pattern.slot_types.get(name, ""), value, today)
                if fill is None:
                    break
                if not fill.slot_type.startswith("AMAZON.") and fill.resolved_id is None:
                    missing += 1
                slots[name] = fill
            else:
                score = (pattern.literal, -len(slots))
                parsed = Parsed(pattern.intent, slots, "exact", 100.0)
                if missing == 0 and (best is None or score > best[0]):
                    best = (score, parsed)
                elif (
                    missing
                    and pattern.naming
                    and all(len(f.value.split()) <= 3 for f in slots.values())
                    and (unknown is None or score > unknown[0])
                ):
                    unknown = (score, parsed)
        return (best[1] if best else None), (unknown[1] if unknown else None)

    def _near(self, said: str, today: date) -> Parsed | None:
        from rapidfuzz import fuzz, process

        words = not_flags(said.split())  # "i fell asleep" is no fall
        spans = self._spans(words, today)
        flag = next((s for s in spans if "RED_FLAG" in s.kinds), None)
        plain = reported(words)
        if flag is None and plain != words:  # someone else's, a temperature, slang, a tumble
            flag = next((s for s in self._spans(plain, today) if "RED_FLAG" in s.kinds), None)
        if flag is not None:  # a red flag anywhere in what was said comes first
            fill = self._fill_span("RED_FLAG", flag, today)
            return Parsed("RedFlagIntent", {"Symptom": fill} if fill else {}, "near", 100.0)
        best: tuple[float, _Skeleton, list[_Span]] | None = None
        for chosen in _variants(spans):
            kinds = Counter(s.kinds[0] for s in chosen)
            query = _skeleton_text(words, chosen)
            choices = [
                sk
                for key, group in self.skeletons.items()
                if not Counter(key) - kinds
                for sk in group
            ]
            if not choices:
                continue
            texts = [c.text for c in choices]
            shortlist = {
                hit[2]
                for scorer in (fuzz.ratio, fuzz.token_set_ratio, fuzz.partial_token_sort_ratio)
                for hit in process.extract(query, texts, scorer=scorer, limit=40)
            }
            for i in shortlist:
                score = _score(query, texts[i]) - _unused(chosen, choices[i])
                if best is None or score > best[0]:
                    best = (score, choices[i], chosen)
        concern = next(
            (s for s in spans if "SAFETY_CONCERN" in s.kinds and _stands_alone(words, s)), None
        )
        if concern is not None and (
            best is None
            or best[0] < THRESHOLD
            or "SAFETY_CONCERN" not in {token for _, token in best[1].slots}
        ):  # a known concern is that concern, whatever else was asked (safety first)
            fill = self._fill_span("SAFETY_CONCERN", concern, today)
            return Parsed("SafetyConcernIntent", {"Concern": fill} if fill else {}, "near", 80.0)
        if best is None or best[0] < THRESHOLD:
            return None
        score, skeleton, chosen = best
        slots: dict[str, SlotFill] = {}
        remaining = list(chosen)
        for name, token in skeleton.slots:
            span = next(s for s in remaining if s.kinds[0] == token)
            remaining.remove(span)
            slot_type = self.slot_types.get((skeleton.intent, name), "")
            fill = self._fill_span(slot_type, span, today)
            if fill is None:
                return None
            slots[name] = fill
        return Parsed(skeleton.intent, slots, "near", score)

    def _fill_span(self, slot_type: str, span: _Span, today: date) -> SlotFill | None:
        if slot_type.startswith("AMAZON."):
            return self._resolve(slot_type, span.said, today)
        for kind, value_id, name in self.values.get(span.value, []):
            if kind == slot_type:
                return SlotFill(span.said, slot_type, value_id, name)
        return None

    def _spans(self, words: list[str], today: date) -> list[_Span]:
        """Slot values found in the words: custom values (as said, nearly as
        said, or their key words in another order), numbers, dates and times;
        the longest and surest first, no overlaps."""
        found: list[tuple[tuple[int, int, float], _Span]] = []
        windows: list[tuple[int, int, str]] = []
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + 10) + 1):
                said = " ".join(words[start:end])
                windows.append((start, end, said))
                kinds: list[str] = [row[0] for row in self.values.get(said, [])]
                if words[start] in _PREPOSITIONS:  # 'at' belongs to the sample, not the time
                    pass
                elif _is_number(words[start:end]) and spoken_number(said) is not None:
                    kinds.append("NUMBER")
                if words[start] in _PREPOSITIONS:
                    pass
                elif DATE_WORDS & set(words[start:end]) and spoken_date(said, today):
                    kinds.append("DATE")
                if words[start] in _PREPOSITIONS:
                    pass
                elif _looks_like_time(words, start, end) and spoken_time(said):
                    kinds.append("TIME")
                if kinds:
                    span = _Span(start, end, said, tuple(dict.fromkeys(kinds)), said)
                    found.append(((end - start, 2, 100.0), span))
        found += self._near_values(windows)
        found += self._loose_values(words)
        chosen: list[_Span] = []
        taken: set[int] = set()
        for _, span in sorted(found, key=lambda f: f[0], reverse=True):
            if taken.isdisjoint(range(span.start, span.end)):
                chosen.append(span)
                taken.update(range(span.start, span.end))
        return sorted(chosen, key=lambda s: s.start)

    def _near_values(self, windows: list[tuple[int, int, str]]) -> list[tuple[Any, _Span]]:
        """Values heard slightly differently ('hot stones massage')."""
        from rapidfuzz import fuzz, process

        out: list[tuple[Any, _Span]] = []
        for start, end, said in windows:
            if len(said) < 6 or said in self.values:
                continue
            hit = process.extractOne(
                said, self._value_texts, scorer=fuzz.ratio, score_cutoff=FUZZY_VALUE
            )
            if hit is not None and _same_shape(said, hit[0]):
                kinds = tuple(dict.fromkeys(r[0] for r in self.values[hit[0]]))
                span = _Span(start, end, said, kinds, hit[0])
                out.append(((end - start, 1, float(hit[1])), span))
        return out

    def _loose_values(self, words: list[str]) -> list[tuple[Any, _Span]]:
        """Values whose key words are all said close together, in any order
        and form ('numb around my bum' for 'my bum is numb')."""
        stems = [_stem(w) for w in words]
        out: list[tuple[Any, _Span]] = []
        for value, keys in self._keys.items():
            places = []
            for key in keys:
                at = [i for i, s in enumerate(stems) if s == key]
                if not at:
                    break
                places.append(at)
            else:
                start = min(min(p) for p in places)
                end = max(min(p) for p in places) + 1
                if end - start > len(value.split()) + 4:
                    continue
                kinds = tuple(dict.fromkeys(r[0] for r in self.values[value]))
                span = _Span(start, end, " ".join(words[start:end]), kinds, value)
                out.append(((len(value.split()), 0, 80.0), span))
        return out


def _later_in_day(parsed: Parsed, said: str) -> Parsed:
    """'each evening at eight' is 20:00, as Alexa reads it."""
    words = set(said.split())
    if not words & {"evening", "evenings", "night", "tonight", "afternoon"} or words & {"am", "pm"}:
        return parsed
    for fill in parsed.slots.values():
        if fill.slot_type == "AMAZON.TIME" and 1 <= int(fill.value[:2]) <= 11:
            fill.value = f"{int(fill.value[:2]) + 12:02d}{fill.value[2:]}"
    return parsed


def _same_shape(said: str, value: str) -> bool:
    """A near spelling of as many words keeps how each word begins: 'hot
    stones massage' is 'hot stone massage', but 'a rash' is not 'a crash'."""
    words, value_words = said.split(), value.split()
    return len(words) != len(value_words) or all(
        w[0] == v[0] for w, v in zip(words, value_words, strict=True)
    )


def _stands_alone(words: list[str], span: _Span) -> bool:
    """A value of one key word is not the start of a longer name ('a sore
    throat' is not 'a sore')."""
    if sum(1 for w in span.value.split() if w not in _STOP) >= 2:
        return True
    after = words[span.end] if span.end < len(words) else ""
    return not after or after in _STOP or after in _CLAUSE_STARTS or after in _NUMBER_WORDS


def _unused(spans: list[_Span], skeleton: _Skeleton) -> float:
    """What slot values said but left out of a sample cost: 10 for a custom
    value (it usually names what the request is about), 4 for a number,
    date or time."""
    used = Counter(token for _, token in skeleton.slots)
    cost = 0.0
    for span in spans:
        if used[span.kinds[0]]:
            used[span.kinds[0]] -= 1
        else:
            cost += 4.0 if span.kinds[0] in _BUILT_IN.values() else 10.0
    return cost


def _stem(word: str) -> str:
    """A crude stem, the same on both sides: numbness, numb -> numb."""
    word = _SAME.get(word, word)
    for suffix in ("ness", "ing", "ed", "er", "es", "s", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _score(query: str, sample: str) -> float:
    """How well a sample explains what was said (0-100): the better of the
    whole-text ratio and, for a sample of two key words or more, the share
    of its words that were said less 8 for each key word said that the
    sample leaves unexplained."""
    from rapidfuzz import fuzz

    ratio = float(fuzz.ratio(query, sample))
    wanted = [_stem(w) for w in sample.split()]
    words = sample.split()
    keys = sum(1 for w in words if w not in _STOP)
    if keys < 2 and not (keys == 1 and len(words) >= 2 and any(w.isupper() for w in words)):
        return ratio
    said = [_stem(w) for w in query.split()]
    found = sum(1 for w in wanted if w in said)
    extra = sum(  # slot values left out are costed by _unused
        1
        for w, st in zip(query.split(), said, strict=True)
        if w not in _STOP and st not in wanted and not w.isupper()
    )
    # the whole-text ratio also breaks ties between samples that explain as much
    # a sample said whole, its words together, with a clause around it ("give me a second to
    # catch my breath") is costed less for each of them than one said in part
    clause = extra >= 2 and len(wanted) >= 3 and f" {sample} " in f" {query} "
    cost = 6.0 if clause else 8.0
    return max(ratio, 100.0 * found / len(wanted) - cost * extra) + ratio / 1000.0


def _today() -> date:
    return datetime.now(UTC).date()


def _strip(said: str) -> str:
    """The words without fillers before and after them."""
    words = said.split()
    changed = True
    while changed and words:
        changed = False
        for filler in sorted(_LEADING, key=len, reverse=True):
            lead = filler.split()
            if words[: len(lead)] == lead and len(words) > len(lead):
                words = words[len(lead) :]
                changed = True
                break
        for filler in sorted(_TRAILING, key=len, reverse=True):
            tail = filler.split()
            if words[-len(tail) :] == tail and len(words) > len(tail):
                words = words[: -len(tail)]
                changed = True
                break
    return " ".join(words)


def _fluent(said: str) -> str:
    """What was said without its disfluencies, as a speech system's NLU
    hears past them: hesitations anywhere ("um", "uh", "you know", "i
    mean"), "like" used as a filler ("for like eight minutes", not "i'd
    like"), and words or phrases said twice over in a restart ("can you
    can you", "the uh the", "what what")."""
    words = [w for w in said.split() if w not in _HESITATIONS]
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "like" and (not out or out[-1] not in _LIKE_MEANT):
            i += 1
            continue
        if (
            word in ("you", "i")
            and i + 1 < len(words)
            and (word, words[i + 1]) in (("you", "know"), ("i", "mean"))
            and (i + 2 == len(words) or words[i + 2] not in _STOP - {"i", "my", "the", "a"})
            and out
        ):
            i += 2
            continue
        out.append(word)
        i += 1
    for n in (3, 2, 1):  # a restart: the same words said twice in a row
        i = 0
        while i + 2 * n <= len(out):
            if out[i : i + n] == out[i + n : i + 2 * n] and not _is_number(out[i : i + n]):
                del out[i : i + n]
            else:
                i += 1
    return " ".join(out)


def _is_number(words: list[str]) -> bool:
    body = words[1:] if words[:1] in (["a"], ["an"]) and len(words) > 1 else words
    return all(w.isdigit() or w in _NUMBER_WORDS or w == "and" for w in body)


def _looks_like_time(words: list[str], start: int, end: int) -> bool:
    said = set(words[start:end])
    after = words[end] if end < len(words) else ""
    before = words[start - 1] if start else ""
    return bool(
        said & _TIME_MARKS
        or before in ("at", "by", "around")
        or after in ("am", "pm", "o'clock")
        or (said & {"morning", "afternoon", "evening"} and not said & DATE_WORDS)
    )


def _variants(spans: list[_Span]) -> list[list[_Span]]:
    """Each way of reading ambiguous spans (a span's first kind is used)."""
    options = [[_Span(s.start, s.end, s.said, (k,), s.value) for k in s.kinds] for s in spans]
    out = []
    for combo in itertools.islice(itertools.product(*options), 32):
        out.append(list(combo))
    # Also read the text with fewer spans: a number may be just a word ("one").
    words_only = [s for s in spans if not (s.kinds == ("NUMBER",) and " " not in s.said)]
    if len(words_only) < len(spans):
        out.append(words_only)
    if spans:
        out.append([])
    return out


def _skeleton_text(words: list[str], spans: list[_Span]) -> str:
    out: list[str] = []
    i = 0
    for span in spans:
        out += words[i : span.start]
        out.append(span.kinds[0])
        i = span.end
    out += words[i:]
    return " ".join(out)
