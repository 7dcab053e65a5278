"""Slot values found in the words: the content's names and synonyms (as
said, nearly as said, or their key words in another order), numbers, dates
and times. Each span says which slot types it can fill."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ..spoken import ordinal_day
from .fluency import NUMBER_WORDS, STOP, is_number
from .spoken import (
    DATE_WORDS,
    digits,
    normalize,
    spoken_date,
    spoken_number,
    spoken_time,
)

# Type tokens for the built-in slot types; a custom type's token is its name.
BUILT_IN = {"AMAZON.NUMBER": "NUMBER", "AMAZON.DATE": "DATE", "AMAZON.TIME": "TIME"}
FUZZY_VALUE = 88.0  # lowest score for a value heard slightly differently
# lengths of a value that can score FUZZY_VALUE against words of length 1:
# 2 * shorter / (both) >= 0.88, that is from 0.7857 to 1.2727, with a margin
LENGTH_SPAN = (0.78, 1.28)
MAX_NEAREST = 50_000  # runs of words whose nearest value is kept (bounded memory)
NEAR_WORD = 80.0  # and for each of its words that differs ("the" is not "three")
SHORT_WORD = 4  # letters up to which one letter off is still the word
MAX_WINDOW = 10  # words in one value at most
_PREPOSITIONS = frozenset({"at", "on", "for", "by", "around", "about", "to", "from"})
_SAME = {
    "cannot": "can't",
    "can not": "can't",
    "wanna": "want",
    "gonna": "going",
    # irregular forms the suffixes below miss ("my legs gave out", "giving
    # out"); "fell" stays apart from "falling" (leaves, league tables)
    "gave": "give",
    "giving": "give",
    "gives": "give",
    "given": "give",
}
_PARTS_OF_DAY = frozenset({"morning", "afternoon", "arvo", "evening", "night"})
_TIME_MARKS = frozenset(
    {"am", "pm", "o'clock", "oclock", "noon", "midday", "midnight", "past", "lunchtime", "half"}
)
# Words that may follow a value of one key word and start a new part of the
# sentence; any other word makes it part of something else ("a sore throat"
# is not "a sore").
_CLAUSE_STARTS = frozenset(
    [
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
    ]
)

Row = tuple[str, str, str]  # (slot type, canonical id, canonical name)
# Goals are left out: their synonyms share everyday words ("playing" of
# "playing sport" in "my back's been playing up").
NAMED_BY_ONE_WORD = frozenset({"ROUTINE_NAME", "MASSAGE_TYPE"})
# Words in names that say nothing about which one is meant on their own.
_NOT_A_NAME = frozenset(
    {
        "first",
        "second",
        "last",
        "back",
        "thing",
        "time",
        "before",
        "after",
        "quick",
        "massage",
        "routine",
        "stretch",
        "stretches",
        "down",
        "out",
        "up",
        "over",
        "self",
    }
)


def token(slot_type: str) -> str:
    return BUILT_IN.get(slot_type, slot_type)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    said: str
    kinds: tuple[str, ...]  # type tokens this span can fill
    value: str  # the lexicon's text it stands for ('' for built-in types)


class Lexicon:
    """Every custom slot value and synonym, normalized, with its type and id."""

    def __init__(self, types: dict[str, list[dict[str, object]]]) -> None:
        self.values: dict[str, list[Row]] = {}
        for slot_type, values in types.items():
            for value in values:
                name, value_id = str(value["name"]), str(value["id"])
                synonyms = value.get("synonyms") or []
                for said in [name, *(synonyms if isinstance(synonyms, list) else [])]:
                    # "two hours before" is heard as the words read: "2 hours before"
                    for key in dict.fromkeys((normalize(str(said)), digits(normalize(str(said))))):
                        rows = self.values.setdefault(key, [])
                        if (slot_type, value_id, name) not in rows:
                            rows.append((slot_type, value_id, name))

    @cached_property
    def _distinctive(self) -> dict[str, dict[str, Row]]:
        """Per type, the words (stemmed) that only one value's names use."""
        seen: dict[str, dict[str, set[Row]]] = {}
        for said, rows in self.values.items():
            for row in rows:
                for word in said.split():
                    if word not in STOP and word not in _NOT_A_NAME and not is_number([word]):
                        seen.setdefault(row[0], {}).setdefault(stem(word), set()).add(row)
        out: dict[str, dict[str, Row]] = {}
        for slot_type, words in seen.items():
            for word, found in words.items():
                if len({r[1] for r in found}) == 1:
                    out.setdefault(slot_type, {})[word] = min(found)
        return out

    def distinctive(self, slot_type: str, words: list[str]) -> tuple[str, Row] | None:
        """A value named by a word no other value of its type uses ("the
        desk thingy", "the one for bed"); only for names of content, never
        for a symptom or a concern, which must be said outright."""
        if slot_type not in NAMED_BY_ONE_WORD:
            return None
        table = self._distinctive.get(slot_type, {})
        for word in words:
            row = table.get(stem(word)) if word not in STOP else None
            if row is not None:
                return word, row
        return None

    @cached_property
    def _long(self) -> list[str]:
        return [v for v in self.values if len(v) >= 6]

    def _near_length(self, length: int) -> list[str]:
        """The long values whose length lets them score FUZZY_VALUE against
        words of `length` (fuzz.ratio is at most 200 * the shorter length /
        both lengths), in the same order: the best match is the same, found
        without scoring values that cannot reach it."""
        kept = self._by_length.get(length)
        if kept is None:
            low, high = length * LENGTH_SPAN[0], length * LENGTH_SPAN[1]
            kept = [v for v in self._long if low <= len(v) <= high]
            self._by_length[length] = kept
        return kept

    @cached_property
    def _by_length(self) -> dict[int, list[str]]:
        return {}

    @cached_property
    def _nearest(self) -> dict[str, tuple[str, float] | None]:
        return {}

    @cached_property
    def _keys(self) -> dict[str, tuple[str, ...]]:
        keys: dict[str, tuple[str, ...]] = {}
        for value in self.values:
            stems = tuple(dict.fromkeys(stem(w) for w in value.split() if w not in STOP))
            if len(stems) >= 2:
                keys[value] = stems
        return keys

    def rows(self, value: str, slot_type: str) -> list[Row]:
        return [r for r in self.values.get(value, []) if r[0] == slot_type]

    def resolve(self, slot_type: str, said: str) -> Row | None:
        """The value a slot's words name: as said, nearly, or by key words."""
        words = normalize(said).split()
        if not words:
            return None
        exact = self.rows(" ".join(words), slot_type)
        if exact:
            return exact[0]
        named: list[Row] = []
        for span in self.find(words, None):
            if slot_type in span.kinds and span.value:
                rows = self.rows(span.value, slot_type)
                if rows and rows[0][1] not in {r[1] for r in named}:
                    named.append(rows[0])
        # Words naming two ("craniosacral and swedish") name no one value.
        return named[0] if len(named) == 1 else None

    def find(self, words: list[str], today: date | None) -> list[Span]:
        """The values in the words, longest and surest first, no overlaps;
        numbers, dates and times too when `today` is given."""
        found: list[tuple[tuple[int, int, float], Span]] = []
        windows: list[tuple[int, int, str]] = []
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + MAX_WINDOW) + 1):
                said = " ".join(words[start:end])
                windows.append((start, end, said))
                kinds = [row[0] for row in self.values.get(said, [])]
                if today is not None and words[start] not in _PREPOSITIONS:
                    kinds += _built_in(words, start, end, said, today)
                if kinds:
                    span = Span(start, end, said, tuple(dict.fromkeys(kinds)), said)
                    found.append(((end - start, 2, 100.0), span))
        found += self._near(windows)
        found += self._loose(words)
        chosen: list[Span] = []
        taken: set[int] = set()
        for _, span in sorted(found, key=lambda f: f[0], reverse=True):
            if taken.isdisjoint(range(span.start, span.end)):
                chosen.append(span)
                taken.update(range(span.start, span.end))
        return sorted(chosen, key=lambda s: s.start)

    def _near(
        self, windows: list[tuple[int, int, str]]
    ) -> list[tuple[tuple[int, int, float], Span]]:
        """Values heard slightly differently ('hot stones massage')."""
        from rapidfuzz import fuzz, process

        out = []
        for start, end, said in windows:
            if len(said) < 6 or said in self.values:
                continue
            if said in self._nearest:  # words heard again need no search
                hit = self._nearest[said]
            else:
                found = process.extractOne(
                    said, self._near_length(len(said)), scorer=fuzz.ratio, score_cutoff=FUZZY_VALUE
                )
                hit = (found[0], float(found[1])) if found is not None else None
                if len(self._nearest) < MAX_NEAREST:
                    self._nearest[said] = hit
            if hit is not None and _same_shape(said, hit[0]):
                kinds = tuple(dict.fromkeys(r[0] for r in self.values[hit[0]]))
                out.append(((end - start, 1, float(hit[1])), Span(start, end, said, kinds, hit[0])))
        return out

    def _loose(self, words: list[str]) -> list[tuple[tuple[int, int, float], Span]]:
        """Values whose key words are all said close together, in any order
        and form ('numb around my bum' for 'my bum is numb')."""
        stems = [stem(w) for w in words]
        out = []
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
                if _turned(words, start, end, [min(at) for at in places], value, kinds):
                    continue
                span = Span(start, end, " ".join(words[start:end]), kinds, value)
                out.append(((len(keys), 0, 80.0), span))  # ranked by the words it explains
        return out


# words that turn a loose match around when they come between its key words
NEGATING = frozenset({"not", "no", "never", "instead", "without", "isn't", "wasn't", "hasn't"})


def _turned(
    words: list[str], start: int, end: int, keys: list[int], value: str, kinds: tuple[str, ...]
) -> bool:
    """A loose match a negation turns around: "sunday not saturday" is no
    "saturday and sunday". For a sign or a concern only a negation just
    before a later key word counts ("my foot is numb, not my bum"), never
    one that describes it ("no sensation", "never been this weak")."""
    own = set(value.split())
    if not {"RED_FLAG", "SAFETY_CONCERN"} & set(kinds):
        return bool(set(words[start:end]) & NEGATING - own)
    later = sorted(keys)[1:]
    return any(set(words[max(start, p - 2) : p]) & NEGATING - own for p in later)


def _built_in(words: list[str], start: int, end: int, said: str, today: date) -> list[str]:
    kinds = []
    part = words[start:end]
    if is_number(part) and spoken_number(said) is not None:
        kinds.append("NUMBER")
    # "saturday evening 6": the part of the day goes with the time after it
    timed = part[-1] in _PARTS_OF_DAY and is_number(words[end : end + 1])
    if (
        (DATE_WORDS & set(part) or _day_of_month(words, start, end))
        and not timed
        and (day := spoken_date(said, today))
        and not _number_before(part, day, today)
    ):
        kinds.append("DATE")
    if _looks_like_time(words, start, end) and spoken_time(said):
        kinds.append("TIME")
    return kinds


def _number_before(part: list[str], day: str, today: date) -> bool:
    """ "an eight today": a number said before a day that means the same
    without it is a score or a count, not part of the date."""
    lead = 2 if part[0] in ("a", "an") and len(part) > 2 else 1
    rest = part[lead:]
    return (
        bool(rest)
        and is_number(part[lead - 1 : lead])
        and spoken_date(" ".join(rest), today) == day
    )


def _day_of_month(words: list[str], start: int, end: int) -> bool:
    """'the fourteenth', 'on the 12th': a day of the month. 'the first one'
    or 'the third' alone is more often a choice than a date, so the first
    three days need 'on' before them."""
    day = ordinal_day(words[end - 1])
    if day is None or (words[start] not in ("the", "on") and end - start > 1):
        return False
    tens = {"twenty": 20, "thirty": 30}.get(words[end - 2] if end - start > 1 else "", 0)
    return day + tens > 3 or "on" in words[max(0, start - 1) : end]  # "the twenty first"


def _looks_like_time(words: list[str], start: int, end: int) -> bool:
    said = set(words[start:end])
    after = words[end] if end < len(words) else ""
    before = words[start - 1] if start else ""
    return bool(
        said & _TIME_MARKS
        or before in ("at", "by", "around")
        or after in ("am", "pm", "o'clock")
        or (said & _PARTS_OF_DAY and not said & DATE_WORDS)
        # "next tuesday 10 30", "tonight 8": a clock time right after the day
        or (before in DATE_WORDS and 0 < len(said) <= 2 and all(w.isdigit() for w in said))
    )


def _same_shape(said: str, value: str) -> bool:
    """A near spelling has as many words, each beginning as the value's:
    'hot stones massage' is 'hot stone massage', but 'a rash' is not 'a crash'."""
    words, value_words = said.split(), value.split()
    if len(words) != len(value_words):  # "i can't feel my" is not "i can't feel my bum"
        return False
    return all(
        w[0] == v[0] and (w == v or _near_word(w, v))
        for w, v in zip(words, value_words, strict=True)
    )


def _near_word(said: str, value: str) -> bool:
    """One word heard for another: a form or a slip of it ('stones' for
    'stone'), not another word ('hurt' is not 'hit')."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    # a short word one letter off ("pea", "bun") is a slip; "hurt" for "hit" is two
    short = max(len(said), len(value)) <= SHORT_WORD and Levenshtein.distance(said, value) <= 1
    return short or fuzz.ratio(said, value) >= NEAR_WORD


def stands_alone(words: list[str], span: Span) -> bool:
    """A value of one key word is not the start of a longer name ('a sore
    throat' is not 'a sore')."""
    if sum(1 for w in span.value.split() if w not in STOP) >= 2:
        return True
    after = words[span.end] if span.end < len(words) else ""
    return not after or after in STOP or after in _CLAUSE_STARTS or after in NUMBER_WORDS


def stem(word: str) -> str:
    """A crude stem, the same on both sides: numbness, numb -> numb."""
    word = _SAME.get(word, word)
    for suffix in ("ness", "ing", "ed", "er", "es", "s", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            # "tripped", "tripping": trip ("falling" keeps its double l)
            if len(root) >= 4 and root[-1] == root[-2] and root[-1] not in "aeioulsz":
                root = root[:-1]
            return root
    return word


def skeleton(words: list[str], spans: list[Span]) -> str:
    """The words with each span replaced by its first type token."""
    out: list[str] = []
    i = 0
    for span in spans:
        out += words[i : span.start]
        out.append(span.kinds[0])
        i = span.end
    out += words[i:]
    return " ".join(out)
