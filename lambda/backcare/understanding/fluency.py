"""What was said, as meant: lower case words without fillers, hesitations
and restarts, and without the one-shot invocation ("ask back care coach
to ..."), as a speech system's NLU hears past them."""

from __future__ import annotations

import re

from .spoken import normalize

__all__ = [
    "NUMBER_WORDS",
    "STOP",
    "fluent",
    "hesitation",
    "is_number",
    "normalize",
    "one_shot",
    "strip",
]

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
    # said before the request, not part of it ("whatever, ready", "never
    # mind. next"); alone they keep their meaning ("i'm back, carry on" is a sample)
    "whatever",
    "anyway",
    "anyways",
    "never mind",
    "nevermind",
    "sorry about that",
)

_TRAILING = (
    # said to the speaker ("no thanks love", "i'm done eh")
    "love",
    "mate",
    "dear",
    "pal",
    "buddy",
    "bud",
    "eh",
    "na",  # Indian English tag ("let's do some exercises na")
    "anyway",
    "anyways",
    "please",
    "thanks",
    "thank you",
    "now",
    "for me",
    "then",
    "today",
    "alexa",
    "if you can",
    "right now",
    "ok",
    "okay",
)

# Regional words for "you" ("where are ye based", "how much do youse charge").
_REGIONAL = {"ye": "you", "youse": "you", "yous": "you"}
# Hindi yes and no in Indian English ("haan, yes", "nahi, nothing like that")
_REGIONAL |= {"haan": "yes", "haanji": "yes", "haa": "yes", "nahi": "no", "nahin": "no"}
# "acha" (okay), "the evening wala" (the evening one)
_REGIONAL |= {"acha": "okay", "achha": "okay", "accha": "okay", "wala": "one", "waala": "one"}
# Whole replies said in a market's way: Irish "grand so", antipodean "sweet
# as", Indian English "do the needful" (please do it)
_SAID_AS = {"grand so": "sounds good", "sweet as": "sounds good", "do the needful": "yes please"}
# "Me" for "my" before the body (British, Irish, Australian speech), not
# after a verb whose object it is ("let me back off", "give me back").
_MY_BODY = frozenset(
    {"back", "lower", "legs", "leg", "neck", "hip", "hips", "knee", "knees", "bum", "feet"}
    | {"shoulder", "shoulders", "spine", "bladder", "bottom", "muscles", "body", "sciatica"}
)
_GIVING = frozenset({"let", "give", "bring", "get", "send", "take", "call", "ring", "put", "want"})
_HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "hmm", "uhm", "mm"})
# The same sounds drawn out as speech systems spell them ("uhhh", "hmmm", "errr").
_DRAWN_OUT = re.compile(r"u+h+m*|u+m+|e+r+m*|h+m+|m{2,}|e+h+|h+u+h+")
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

STOP = frozenset(
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

NUMBER_WORDS = frozenset(
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


# a question said indirectly after "if" or "whether", and as it is asked
ASKED_AS = (
    (re.compile(r"^i (can|should|could|may|need to|have to) (?!not\b)"), r"\1 i "),
    (re.compile(r"^it's (ok|okay|safe|alright|fine|normal|bad) "), r"is it \1 "),
    (re.compile(r"^(?:there's|there is) "), "is there "),
    (re.compile(r"^you (can|could|do|have|are) "), r"\1 you "),
)


def one_shot(text: str, invocation: str) -> str | None:
    """For "ask back care coach for a tip", what is asked ("for a tip" less
    its connecting word: "a tip"; '' when only the skill is named); None
    when the skill is not named."""
    pattern = (
        rf"^(?:alexa )?(?:ask|tell|open|launch|start|use|load) {re.escape(invocation)}"
        r"(?: (?P<link>to|for|about|if|whether|that|and))?(?: (?P<rest>.+))?$"
    )
    match = re.match(pattern, text)
    if not match:
        return None
    rest = match.group("rest") or ""
    return as_asked(rest) if match.group("link") in ("if", "whether") else rest


def as_asked(said: str) -> str:
    """ "(ask back care coach if) i can have a massage while pregnant": the
    question as asked ("can i have a massage..."); Alexa sends a one-shot's
    words without its "if"."""
    for indirect, asked in ASKED_AS:
        said = indirect.sub(asked, said, count=1)
    return said


def strip(said: str) -> str:
    """The words without fillers before and after them."""
    words = said.split()
    changed = True
    while changed and words:
        changed = False
        # the end first: "never mind then" is "never mind", not "then"
        for filler in sorted(_TRAILING, key=len, reverse=True):
            tail = filler.split()
            if words[-len(tail) :] == tail and len(words) > len(tail):
                words = words[: -len(tail)]
                changed = True
                break
        for filler in sorted(_LEADING, key=len, reverse=True):
            lead = filler.split()
            if words[: len(lead)] == lead and len(words) > len(lead):
                words = words[len(lead) :]
                changed = True
                break
    return " ".join(words)


# "one" as an article before these ("tell me one tip"), not after words that
# pick one of several ("the one massage", "which one", "only one")
_COUNTED_ONCE = frozenset(
    {"tip", "massage", "appointment", "session", "routine", "stretch", "exercise", "reminder"}
)
_PICKING = frozenset({"the", "that", "this", "which", "only", "just", "another", "each", "any"})


# Formal English said in everyday words ("i should like a routine", "let
# us try", "a gentle routine if you would")
_FORMAL = (
    (re.compile(r"\bi should like\b"), "i'd like"),
    (re.compile(r"\bi would like\b"), "i'd like"),
    (re.compile(r"\blet us\b"), "let's"),
    (re.compile(r"\b(?:if you would|if you please|if you wouldn't mind)\b"), "please"),
    (re.compile(r"^very well\b"), "okay"),
    (re.compile(r"\bhave you any\b"), "do you have any"),
    (re.compile(r"\bentails\b"), "involves"),
)


def fluent(said: str) -> str:
    """What was said without its disfluencies, as a speech system's NLU
    hears past them (and "ye" as "you"): hesitations anywhere ("um", "uh", "you know", "i
    mean"), "like" used as a filler ("for like eight minutes", not "i'd
    like"), and words or phrases said twice over in a restart ("can you
    can you", "the uh the", "what what")."""
    said = _SAID_AS.get(said.strip(), said)
    for formal, plain in _FORMAL:
        said = formal.sub(plain, said)
    said_words = said.split()
    words = [
        _REGIONAL.get(w, w)
        for i, w in enumerate(said_words)
        # "the er" is the emergency room, not a hesitation
        if not hesitation(w) or (w == "er" and i and said_words[i - 1] in ("the", "an"))
    ]
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
            and (i + 2 == len(words) or words[i + 2] not in STOP - {"i", "my", "the", "a"})
            and out
        ):
            i += 2
            continue
        mine = words[i + 1 : i + 2] and words[i + 1] in _MY_BODY
        if word == "me" and mine and (not out or out[-1] not in _GIVING):
            word = "my"  # "any tips for me back": my back
        article = words[i + 1 : i + 2] and words[i + 1] in _COUNTED_ONCE
        if word == "one" and article and (not out or out[-1] not in _PICKING):
            word = "a"  # Indian English "tell me one tip", "book one massage": a
        out.append(word)
        i += 1
    if out[:2] in (["yeah", "nah"], ["nah", "yeah"]):  # "yeah no" is also "yeah, no worries"
        del out[0]  # Australian "yeah nah" is a no, "nah yeah" a yes: the last word says
    for n in (3, 2, 1):  # a restart: the same words said twice in a row
        i = 0
        while i + 2 * n <= len(out):
            if out[i : i + n] == out[i + n : i + 2 * n] and not is_number(out[i : i + n]):
                del out[i : i + n]
            else:
                i += 1
    return " ".join(out)


def hesitation(word: str) -> bool:
    return word in _HESITATIONS or _DRAWN_OUT.fullmatch(word) is not None


def is_number(words: list[str]) -> bool:
    body = words[1:] if words[:1] in (["a"], ["an"]) and len(words) > 1 else words
    return all(w.isdigit() or w in NUMBER_WORDS or w == "and" for w in body)
