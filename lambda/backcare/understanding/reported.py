"""A red flag as the skill's red-flag values say it, however it was said.

Used by the understanding only to look for a red flag, never to match
anything else: the words are rewritten in the first person and plain
English, so the values written once ("i had a fall", "i've lost weight",
"a high temperature") also cover

- someone else's red flag: "my nan had a fall and her back ..." is "i had
  a fall and my back ...", "my husband's lost weight" is "i've lost weight";
- a temperature given as a number: "a temp of thirty nine", "running a
  hundred and two" are "a high temperature";
- slang and regional words: "me back's crook" is "my back's bad", "mate"
  and "bloody" say nothing;
- small falls and knocks: "a little fall", "took a tumble", "came a
  cropper" are "a fall"; "knocked my back on the door" is "hit my back".
"""

from __future__ import annotations

import re

from .spoken import spoken_number

# Someone the user may speak for.
_PEOPLE = frozenset(
    [
        "guy",  # "my little guy", "my guy"
        "buddy",
        "pal",
        "coworker",
        "co-worker",
        "boss",
        "fella",
        "mum",
        "mom",
        "mam",
        "mummy",
        "mommy",
        "mother",
        "dad",
        "daddy",
        "father",
        "nan",
        "nana",
        "nanna",
        "nanny",
        "gran",
        "granny",
        "grandma",
        "grandmother",
        "grandmum",
        "grandmom",
        "grandad",
        "granddad",
        "grandpa",
        "grandfather",
        "grandpa",
        "pop",
        "pops",
        "husband",
        "hubby",
        "wife",
        "missus",
        "partner",
        "fiance",
        "fiancee",
        "boyfriend",
        "girlfriend",
        "son",
        "daughter",
        "kid",
        "kids",
        "child",
        "boy",
        "girl",
        "baby",
        "brother",
        "sister",
        "sis",
        "bro",
        "friend",
        "mate",
        "uncle",
        "papa",
        "mama",
        "ma",
        "pa",
        "dadi",
        "nani",
        "dada",
        "nanaji",
        "dadaji",
        "auntie",
        "aunt",
        "aunty",
        "cousin",
        "neighbour",
        "neighbor",
        "grandson",
        "granddaughter",
        "stepdad",
        "stepmum",
        "stepmom",
        "flatmate",
        "roommate",
        "colleague",
        "patient",
        "client",
    ]
)
# "my other half", "my old man": two words for one person.
_PEOPLE_TWO = frozenset(
    {("other", "half"), ("better", "half"), ("old", "man"), ("old", "lady"), ("old", "dear")}
)
_OWNERS = frozenset({"my", "our", "the"})
_AGES = frozenset({"little", "old", "eldest", "youngest", "elderly", "poor"})
# Words after "'s" that make it "has" ("she's lost weight"), not "is".
_HAS_NEXT = frozenset(
    [
        "got",
        "been",
        "had",
        "lost",
        "dropped",
        "fallen",
        "gone",
        "wet",
        "soiled",
        "peed",
        "pooed",
        "messed",
        "injured",
        "hurt",
        "developed",
        "noticed",
        "done",
        "taken",
        "come",
        "put",
        "slipped",
        "tripped",
    ]
)
# What a possessive may be followed by: "my nan's back", "her legs".
_BODY = frozenset(
    [
        "back",
        "legs",
        "leg",
        "foot",
        "feet",
        "knees",
        "knee",
        "bladder",
        "bowels",
        "bowel",
        "bum",
        "bottom",
        "backside",
        "groin",
        "privates",
        "clothes",
        "trousers",
        "jeans",
        "weight",
        "temperature",
        "temp",
        "fever",
        "pain",
        "spine",
        "hips",
        "hip",
        "thighs",
        "side",
    ]
)
_SAY_NOTHING = frozenset({"mate", "bloody", "flipping", "flaming", "proper", "really"})
_SMALL = frozenset({"little", "small", "minor", "slight", "tiny", "silly", "wee"})
_FALLS = frozenset({"fall", "tumble", "spill", "knock", "bump", "slip", "trip", "accident"})
_KNOCKED = frozenset(
    {"knocked", "banged", "bumped", "whacked", "smacked", "thumped", "bashed", "jarred", "struck"}
    | {"kicked", "booted", "smashed", "slammed", "walloped"}
)
# "copped a knee in the back", "took a whack to the back": a blow to it
_BLOWS = tuple(
    ((verb, "a", blow, to, "the", "back"), ("i", "hit", "my", "back"))
    for verb in ("copped", "took", "got", "caught")
    for blow in ("knee", "kick", "whack", "hit", "blow", "elbow", "knock", "bang", "boot")
    for to in ("in", "to")
)
_TOILETS = frozenset({"washroom", "toilet", "loo", "bathroom", "restroom", "lavatory", "dunny"})
_TEMPERATURE = frozenset(
    [
        "temp",
        "temps",
        "temp's",
        "temperature",
        "temperatures",
        "temperature's",
        "fever",
        "fever's",
        "degrees",
        "thermometer",
    ]
)
# Where a group of words said as one is said in the plain words of the values.
_PHRASES = (
    (("took", "a", "tumble"), ("had", "a", "fall")),
    (("take", "a", "tumble"), ("had", "a", "fall")),
    (("taken", "a", "tumble"), ("had", "a", "fall")),
    (("had", "a", "tumble"), ("had", "a", "fall")),
    (("a", "tumble"), ("a", "fall")),
    (("came", "a", "cropper"), ("had", "a", "fall")),
    (("come", "a", "cropper"), ("had", "a", "fall")),
    (("came", "off", "a"), ("fell", "off", "a")),  # "came off a ladder": fell off it
    (("came", "off", "the"), ("fell", "off", "the")),
    (("came", "off", "my"), ("fell", "off", "my")),
    (("landed", "on", "my", "tailbone"), ("fell", "on", "my", "back")),
    (("landed", "hard", "on", "my", "tailbone"), ("fell", "on", "my", "back")),
    (("landed", "hard", "on", "my", "back"), ("fell", "on", "my", "back")),
    (("landed", "hard", "on", "my", "bum"), ("fell", "on", "my", "back")),
    (("poop",), ("poo",)),  # "i can't tell when i need to poop"
    (("landed", "on", "my", "coccyx"), ("fell", "on", "my", "back")),
    (("went", "flying"), ("fell", "over")),
    (("gone", "flying"), ("fell", "over")),
    (("went", "over"), ("fell", "over")),
    (("gone", "over"), ("fell", "over")),
    (("hit", "the", "deck"), ("fell", "over")),
    (("hit", "the", "ground"), ("fell", "over")),
    (("took", "a", "spill"), ("had", "a", "fall")),
    (("had", "a", "spill"), ("had", "a", "fall")),
    (("me", "back"), ("my", "back")),
    (("me", "legs"), ("my", "legs")),
    (("me", "bladder"), ("my", "bladder")),
    (("keeps", "me", "up"), ("wakes", "me", "up")),
    (("keeps", "me", "awake"), ("wakes", "me", "up")),
    (("keep", "me", "up"), ("wakes", "me", "up")),
    (("keep", "me", "awake"), ("wakes", "me", "up")),
    (("kept", "me", "up"), ("wakes", "me", "up")),
    (("kept", "me", "awake"), ("wakes", "me", "up")),
    (("feverish",), ("a", "fever")),
    # "i've lost (all) (the) feeling in my bottom": no feeling there
    (("lost", "all", "feeling"), ("no", "feeling")),
    (("lost", "the", "feeling"), ("no", "feeling")),
    (("lost", "feeling"), ("no", "feeling")),
    (("lost", "sensation"), ("no", "feeling")),
    (("lost", "all", "sensation"), ("no", "feeling")),
    (("down", "below"), ("down", "there")),
    (("gone", "dead"), ("gone", "numb")),  # "the insides of my legs have gone dead"
    (("the", "insides", "of", "my", "legs"), ("my", "inner", "thighs")),
    (("the", "inside", "of", "my", "legs"), ("my", "inner", "thighs")),
    (("came", "down", "on", "my", "back"), ("hit", "my", "back")),  # a shelf, a load
    (("dropped", "on", "my", "back"), ("hit", "my", "back")),
    *_BLOWS,
)


# Animals and things: a red flag's words said of them ("my dog has a fever",
# "my laptop's running a fever") are no one's symptom, unless the speaker
# says it of themselves as well.
_NOT_PEOPLE = frozenset(
    [
        "dog",
        "dogs",
        # a dog by its breed ("my old lab's back legs are going")
        "lab",
        "labrador",
        "retriever",
        "spaniel",
        "collie",
        "terrier",
        "poodle",
        "beagle",
        "greyhound",
        "whippet",
        "pug",
        "husky",
        "dachshund",
        "alsatian",
        "puppy",
        "pup",
        "cat",
        "cats",
        "kitten",
        "kitty",
        "pet",
        "pets",
        "horse",
        "pony",
        "rabbit",
        "bunny",
        "hamster",
        "guinea",
        "parrot",
        "budgie",
        "bird",
        "fish",
        "tortoise",
        # farm animals ("one of my heifers is running a fever")
        "heifer",
        "heifers",
        "cow",
        "cows",
        "calf",
        "calves",
        "sheep",
        "ewe",
        "ewes",
        "lamb",
        "goat",
        "goats",
        "pig",
        "pigs",
        "chicken",
        "chickens",
        "hens",
        "laptop",
        "computer",
        "pc",
        "phone",
        "car",
        "engine",
        "leaves",
        "printer",
        "battery",
        "tv",
        "telly",
        "fridge",
        "boiler",
        # things that fall ("the bike fell over", "the backrest fell off")
        "bike",
        "bicycle",
        "chair",
        "backrest",
        "shelf",
        "shelves",
        "picture",
        "mirror",
        "ladder",
        "tree",
        "branch",
        "vase",
        "lamp",
        "box",
        "boxes",
        "plant",
        "bin",
        "cupboard",
        "wardrobe",
        "curtain",
        "curtains",
        "blind",
        "remote",
        "bag",
        "glass",
        "plate",
        "bottle",
        "toy",
        "toys",
        "book",
        "books",
    ]
)
_DETERMINERS = frozenset(["my", "the", "our", "his", "her", "your", "their", "a"])
_FELL = frozenset({"fell", "fallen", "toppled", "tipped"})
_WHEN = frozenset(
    {"other", "day", "morning", "night", "evening", "afternoon", "week", "weekend", "while"}
    | {"few", "couple", "bit", "moment", "month", "year", "time", "minute", "second", "fortnight"}
)
# words of a body hurt or not working: said with a fall, it is someone's
_HURTING = frozenset(
    {"can't", "cannot", "pain", "hurt", "hurts", "hurting", "numb", "feel", "move", "pee"}
    | {"sore", "agony", "killing", "bleeding", "broke", "broken", "injured", "walk"}
)
_HUMAN = frozenset(
    {"man", "woman", "lady", "guy", "bloke", "fella", "fellow", "person", "people", "gentleman"}
    | {"lad", "lass", "chap", "elderly", "neighbours", "neighbors", "folks", "parents", "family"}
)
_SUBJECT_VERBS = frozenset(
    [
        "has",
        "had",
        "is",
        "was",
        "can't",
        "cannot",
        "won't",
        "keeps",
        "kept",
        "wet",
        "peed",
        "pooed",
        "got",
        "seems",
        "seemed",
        "isn't",
        "wasn't",
        "hasn't",
        "fell",
        "tripped",
        "slipped",
        "collapsed",
    ]
)
_CHILDREN = frozenset(["baby", "babies", "kid", "kids", "child", "children", "toddler", "toddlers"])
_YOUNG = frozenset({"son", "daughter", "boy", "girl", "grandson", "granddaughter", "lad", "lass"})
_ANIMAL_CARE = frozenset({"vet", "vets", "vet's"})
_SPEAKER = frozenset({"i", "i'm", "i've", "i'd", "im", "ive", "me", "myself"})
# A weight loss that is meant is no red flag ("weight loss tips", "lost two
# stone on slimming world").
_MEANT_LOSS = frozenset(
    [
        "diet",
        "dieting",
        "app",  # "my weight loss app", a programme, a drug for it
        "program",
        "programme",
        "keto",
        "ozempic",
        "wegovy",
        "mounjaro",
        "injections",
        "gym",
        "slimming",
        "tips",
        "plan",
        "goal",
        "calories",
        "thrilled",
        "proud",
        "happy",
    ]
)
_NOT = frozenset(
    {"not", "no", "never", "without", "wasn't", "isn't", "haven't", "hadn't", "didn't", "even"}
)
_LOSS = frozenset(["weight", "lost", "lose", "losing", "stone", "pounds", "kilos"])
# "should i give him": the speaker asking, not the one with the symptom.
ASKING = frozenset(["should", "can", "could", "do", "shall", "will", "would", "what", "how"])


def _owned(words: list[str], i: int) -> bool:
    """'my dog', 'the cat', 'my old lab': a determiner, perhaps an age between."""
    before = words[i - 1]
    return before in _DETERMINERS or (before in _AGES and i >= 2 and words[i - 2] in _DETERMINERS)


# "since then the back is paining": a back, no one else's named
_THE_BACK_HURTS = re.compile(r"\bthe (?:lower )?back(?: is|'s| has| was)\b")


def of_no_person(words: list[str]) -> bool:
    """An animal or a thing is the subject ("my dog has a fever", "the cat
    wet herself"), not a word in passing ("tripped over the dog", "a car
    crash"), and the speaker says nothing of themselves."""
    said = {w.removesuffix("'s") for w in words}
    if said & _ANIMAL_CARE:
        return True
    subject = any(
        w.removesuffix("'s") in _NOT_PEOPLE
        and i
        and (_owned(words, i) or words[i - 1].endswith("'s"))
        and (w.endswith("'s") or (words[i + 1 : i + 2] and words[i + 1] in _SUBJECT_VERBS))
        for i, w in enumerate(words)
    )
    thing = _thing_fell(words)
    if not (subject or thing):
        return False
    speaking = {w for i, w in enumerate(words) if not (i and words[i - 1] in ASKING)}
    # "landed on my back": the speaker's own body
    own_body = any(
        w == "my" and words[i + 1 : i + 2] and words[i + 1].removesuffix("'s") in _BODY
        for i, w in enumerate(words)
    ) or bool(_THE_BACK_HURTS.search(" ".join(words)))
    # "my neighbour's dog had an accident": the owner is no one hurt
    owners = {
        w.removesuffix("'s")
        for i, w in enumerate(words)
        if w.endswith("'s") and words[i + 1 : i + 2] and words[i + 1] in _NOT_PEOPLE
    }
    people = said & _PEOPLE - owners
    return bool(said & _NOT_PEOPLE or thing) and not (speaking & _SPEAKER or people or own_body)


def _thing_fell(words: list[str]) -> bool:
    """ "The bookshelf in the garage fell over", "my tomato plants all fell
    over": what fell is a thing, named first, as the subject ("tripped over
    the dog and fell": the speaker fell; "the other day" is a time)."""
    if not set(words) & _FELL or words[0] not in _DETERMINERS or len(words) < 2:
        return False
    if set(words) & (_BODY | _HURTING):
        return False  # "...fell down the stairs and now can't pee": someone's
    named = words[2] if len(words) > 2 and words[1] in _AGES else words[1]
    if named in _WHEN:
        return False
    return named.removesuffix("'s") not in _PEOPLE | _CHILDREN | _YOUNG | _BODY | _HUMAN


def person_at(words: list[str]) -> int | None:
    """Where someone other than the speaker is first named ("my husband")."""
    return next(
        (i for i, w in enumerate(words) if w.removesuffix("'s") in _PEOPLE | _CHILDREN),
        None,
    )


def someone_else(words: list[str]) -> bool:
    """Said of someone other than the speaker ("my little one", "my son")."""
    said = {w.removesuffix("'s") for w in words}
    return bool(said & (_PEOPLE | _CHILDREN)) or "little one" in " ".join(words)


def of_a_child(words: list[str]) -> bool:
    """Said of a child ("the neighbour's kid", "my little one", "our son")."""
    said = {w.removesuffix("'s") for w in words}
    return bool(said & (_CHILDREN | _YOUNG)) or "little one" in " ".join(words)


def meant_loss(words: list[str]) -> bool:
    """A weight loss said as wanted, not as happening without trying."""
    said = " ".join(words)
    wanted = (
        any(  # "not even dieting" is no diet
            w in _MEANT_LOSS and not set(words[max(0, i - 5) : i]) & _NOT
            for i, w in enumerate(words)
        )
        or ("trying to lose" in said and "not trying to lose" not in said)
    )
    return bool(wanted and set(words) & _LOSS and "without" not in words)


# Words with a red flag's words in them that are not one ("i fell asleep").
_NOT_FLAGS = (
    (("fell", "asleep"), ("slept",)),
    (("fall", "asleep"), ("sleep",)),
    (("falling", "asleep"), ("sleeping",)),
    (("hay", "fever"), ("allergies",)),
    (("fever", "pitch"), ("excitement",)),  # "the pub was at fever pitch"
    (("spring", "fever"), ("restlessness",)),
    (("cabin", "fever"), ("restlessness",)),
    (("weak", "in", "the", "knees"), ("smitten",)),  # "every time i see my crush"
    (("my", "crush"), ("my", "sweetheart")),  # a person, not an injury
    # a pregnant belly, not a knock ("is leaning back alright with the bump")
    (("baby", "bump"), ("pregnancy",)),
    (("with", "the", "bump"), ("with", "the", "belly")),
    (("my", "bump"), ("my", "belly")),
    (("a", "crush", "on"), ("a", "soft", "spot", "for")),
    (("hay", "fever's"), ("allergies",)),
    (("weak", "from", "laughing"), ("tired", "from", "laughing")),  # a joke, not a leg
    (("weak", "with", "laughter"), ("tired", "with", "laughter")),
    (("back", "rest"), ("backrest",)),  # a chair's
    (("fell", "behind", "over"), ("lagged", "over")),  # "fell behind over the holidays"
    (("fell", "behind", "a", "bit"), ("lagged", "a", "bit")),
    (("fallen", "behind", "a", "bit"), ("lagged", "a", "bit")),
    (("fell", "behind", "this"), ("lagged", "this")),
    (("fell", "behind", "last"), ("lagged", "last")),
    (("fell", "in", "love"), ("loved",)),
    (("the", "temperature"), ("the", "weather")),  # outside, or the heating
    (("nearly", "fell"), ("wobbled",)),  # a near fall is no fall
    (("fell", "for"), ("believed",)),  # "i fell for it again"
    (("fell", "hard", "for"), ("loved",)),  # "i fell hard for that new coffee shop"
    (("fell", "behind", "on"), ("lagged", "on")),  # "fell behind on my stretches"
    (("fell", "behind", "with"), ("lagged", "with")),
    (("fallen", "behind", "on"), ("lagged", "on")),
    (("fallen", "behind", "with"), ("lagged", "with")),
    (("falling", "behind", "on"), ("lagging", "on")),
    (("falling", "behind", "with"), ("lagging", "with")),
    (("fell", "off", "the", "wagon"), ("slipped", "up")),
    (("fallen", "off", "the", "wagon"), ("slipped", "up")),
    (("almost", "fell"), ("wobbled",)),
    # holding a stretch, not holding it in
    (("hold", "it", "that", "long"), ("keep", "it", "up")),
    (("hold", "it", "for"), ("keep", "it", "for")),
    (("hold", "it", "any", "longer"), ("keep", "it", "up")),
    (("hold", "the", "stretch"), ("keep", "the", "stretch")),
    (("hold", "this"), ("keep", "this")),
    (("fell", "out", "with"), ("argued", "with")),  # a quarrel
    (("falling", "out", "with"), ("arguing", "with")),
    (("accident", "on", "the", "carpet"), ("mess", "on", "the", "carpet")),  # a pet's
    (("accident", "on", "my", "carpet"), ("mess", "on", "my", "carpet")),
    (("fever", "dream"), ("vivid", "dream")),
    (("symptoms", "of", "flu"), ("facts", "about", "colds")),  # asked of an illness
    (("signs", "of", "flu"), ("facts", "about", "colds")),
    (("ball", "went", "over"), ("ball", "flew", "past")),  # a thing, over a fence
    # the weather's heat, not a temperature ("forty degrees out")
    (("degrees", "out"), ("outside",)),
    (("degrees", "outside"), ("outside",)),
    (("degrees", "in", "the", "shade"), ("outside",)),
    (("gave", "me", "chills"), ("scared", "me")),  # a film or a song, not a fever
    (("gave", "me", "the", "chills"), ("scared", "me")),
    (("gives", "me", "chills"), ("scares", "me")),
    (("gives", "me", "the", "chills"), ("scares", "me")),
    # "gave me proper chills", "gives me shivers every time": a film or a song
    *(
        ((verb, "me", *more, shiver), (scared, "me"))
        for verb, scared in (("gave", "scared"), ("gives", "scares"))
        for more in ((), ("proper",), ("real",), ("such",))
        for shiver in ("shivers", "goosebumps")
    ),
    (("gave", "me", "proper", "chills"), ("scared", "me")),
    (("gives", "me", "proper", "chills"), ("scares", "me")),
    # "a car crash of a game": a bad match or day, said so
    *(
        ((wreck, crash, "of", "a", thing), ("mess", "of", "a", thing))
        for wreck, crash in (("car", "crash"), ("train", "wreck"))
        for thing in ("game", "match", "day", "week", "meeting", "season", "year", "show")
    ),
    (("steroid", "inhaler"), ("asthma", "inhaler")),  # inhaled, not tablets
    (("benign", "tumour"), ("harmless", "lump")),
    (("benign", "tumor"), ("harmless", "lump")),
    # "hurts from gaming all night": the night was spent at it, no night pain
    *(
        ((doing, "all", "night"), (doing, "for", "hours"))
        for doing in ("gaming", "working", "studying", "partying", "dancing", "playing")
    ),
    # whether to rest is asked, not pain at rest ("should i rest when my back hurts")
    *(
        (said, (*said[:-1], "relax"))
        for said in (
            ("should", "i", "rest"),
            ("shall", "i", "rest"),
            ("do", "i", "rest"),
            ("or", "rest"),
            ("better", "to", "rest"),
            ("need", "to", "rest"),
            ("ok", "to", "rest"),
            ("okay", "to", "rest"),
            ("bed", "rest"),
        )
    ),
    (("rest", "or"), ("relax", "or")),
    # the weather's heat, not a fever ("i'm burning up it's so hot outside")
    *(
        (("burning", "up", *heat), ("sweating", *heat))
        for heat in (
            ("it's", "so", "hot"),
            ("in", "this", "heat"),
            ("out", "here"),
            ("in", "the", "sun"),
        )
    ),
    # the days of the week, not weak legs ("remind me on weekdays")
    (("weekdays",), ("workdays",)),
    (("weekday",), ("workday",)),
    # a pregnant belly, not a knock ("is leaning back okay with my bump")
    (("my", "bump"), ("my", "belly")),
    # a muscle's, not labour's ("do massages help muscle contractions")
    (("muscle", "contractions"), ("muscle", "tension")),
    (("muscle", "contraction"), ("muscle", "tension")),
    (("muscles", "contract"), ("muscles", "tense")),
    (("flu", "shot"), ("vaccine",)),  # a jab's after-effects, not flu
    (("flu", "jab"), ("vaccine",)),
    (("flu", "vaccine"), ("vaccine",)),
    (("long", "back"), ("long", "ago")),  # Indian English: years ago, no back
    # weight lost on purpose, not unexplained ("losing weight for my wedding")
    (("losing", "weight", "on", "purpose"), ("dieting", "on", "purpose")),
    *(
        ((verb, "weight", "for", "my", why), (diet, "for", "my", why))
        for verb, diet in (("lose", "diet"), ("losing", "dieting"))
        for why in ("wedding", "holiday", "holidays", "health", "sport", "fight", "race")
    ),
    *(((aid, "for", "weight", "loss"), (aid, "for", "slimming")) for aid in ("yoga", "exercises")),
    # the weather's, not a person's ("a nasty fall of snow last night")
    (("fall", "of", "snow"), ("snowfall",)),
    # breathing said as fine ("i'm not short of breath with my back pain")
    *(
        ((*neg, "short", "of", "breath"), ("breathing", "fine"))
        for neg in (("i'm", "not"), ("don't", "get"), ("don't", "feel"))
    ),
    (("i'm", "not", "breathless"), ("breathing", "fine")),
    # thrilled, not ill ("i'm feverish with excitement for the final")
    *(
        (("feverish", "with", why), ("thrilled", "with", why))
        for why in ("excitement", "anticipation")
    ),
    # a thrill, not a fever ("that podcast sent shivers down my spine")
    *(
        ((*sent, "shivers", "down", "my", "spine"), ("thrilled", "me"))
        for sent in (("sent",), ("sends",), ("gave", "me"), ("gives", "me"))
    ),
    # a laugh, not a fall ("i fell over laughing")
    *(
        ((verb, "over", "laughing"), ("laughed", "so", "hard"))
        for verb in ("fell", "fallen", "falling")
    ),
    # a walk kept short, not legs that fail ("i cannot walk much, can i do it sitting")
    *(
        ((neg, "walk", far), ("walk", "slowly"))
        for neg in ("can't", "cannot", "cant")
        for far in ("much", "far", "long", "very")
    ),
    # legs tired by a run, not weakening ("my legs feel like jelly after parkrun")
    *(
        (("like", "jelly", "after", *run), ("tired", "after", *run))
        for run in (
            ("parkrun",),
            ("my", "run"),
            ("a", "run"),
            ("the", "run"),
            ("the", "gym"),
            ("leg", "day"),
            ("my", "workout"),
            ("training",),
            ("squats",),
            ("spin",),
            ("the", "class"),
        )
    ),
    # a noise that wakes the speaker, not a pain ("his snoring wakes me up")
    *(
        ((noise, verb), ("noise", "rouses"))
        for noise in ("snoring", "alarm", "baby", "traffic", "neighbours", "neighbors", "noise")
        for verb in ("wakes", "keeps", "kept", "woke")
    ),
)


# A thing's mishap, not the speaker's ("an accident with my phone"): only
# when no fall or hurt is said with it ("...while falling down the stairs")
_MISHAPS = tuple(
    (("accident", "with", "my", thing), ("mishap", "with", "my", thing))
    for thing in ("phone", "laptop", "tablet", "coffee", "tea", "glasses", "keys", "paint")
)
_HURT_HINTS = _FELL | (_FALLS - {"accident"}) | _BODY | _HURTING
_HURT_HINTS |= {"falling", "slipped", "tripped", "stairs", "crash", "crashed", "injured"}


# a laugh's leak, not new bladder trouble ("i nearly peed myself laughing"):
# only with nothing more said of leaking ("...but now it happens without laughing")
_LAUGHED = tuple(
    ((verb, "myself", "laughing"), ("laughed", "so", "hard")) for verb in ("peed", "pee", "wet")
)
_LEAKS_MORE = frozenset({"without", "can't", "cannot", "control", "now", "anymore", "again"})
_LEAKS_MORE |= {"every", "always", "keep", "keeps", "happening", "leaking", "also"}
# a pregnancy said with spotting or bleeding: its sign ("the pain comes in
# waves today and there's a bit of spotting"); alone, spotting is a gym word
_PREGNANT_SAID = frozenset(
    {"pregnant", "pregnancy", "bump", "baby", "weeks", "trimester", "midwife", "waves"}
    | {"tightening", "contractions", "cramping", "cramps", "expecting"}
)
_BLEEDING_SAID = frozenset({"spotting", "bleeding"})


def not_flags(words: list[str]) -> list[str]:
    """The words with phrases that only look like a red flag said otherwise
    (and spotting said in pregnancy, which is one)."""
    for said, meant in _NOT_FLAGS:
        words = _replace(words, said, meant)
    if not set(words) & _LEAKS_MORE:
        for said, meant in _LAUGHED:
            words = _replace(words, said, meant)
    if set(words) & _PREGNANT_SAID:
        at = next((i for i, w in enumerate(words) if w in _BLEEDING_SAID), None)
        if at is not None:
            words = [*words[:at], "bleeding", "while", "pregnant", *words[at + 1 :]]
    if not {w.removesuffix("'s") for w in words} & _HURT_HINTS:
        for said, meant in _MISHAPS:
            words = _replace(words, said, meant)
    bare = {w.removesuffix("'s") for w in words}
    if bare & _COLD and not bare & (_TEMPERATURE | _BODY | _PAINED):
        words = ["cold" if w in _CHILLS else w for w in words]
    return _woken_by_other(words)


def _woken_by_other(words: list[str]) -> list[str]:
    """ "The dog wakes me up at night", "my alarm clock wakes me at six":
    something else woke them, not a pain ("it", "the pain", "my back" do);
    "i keep waking up in the night cause the baby's teething"."""
    said = {w.removesuffix("'s") for w in words}
    # "waking up in agony, the dog isn't the reason": the pain wakes them
    if said & (_PAINED | {"isn't", "not", "no", "never"}):
        return words
    if said & _WAKING_VERBS and said & _DISTURBERS and not said & _BODY:
        return ["rouses" if w in _WAKING_VERBS else w for w in words]
    at = next((i for i, w in enumerate(words) if w in ("wakes", "woke")), None)
    if not at or words[at - 1] in _WAKING or words[at - 1] in _BODY:
        return words
    return [*words[:at], "rouses", *words[at + 1 :]]


def reported(words: list[str]) -> list[str]:
    """The words in the first person and plain English (see the module)."""
    out = [  # "mate" says nothing, unless it is "my mate"
        w for i, w in enumerate(words) if w not in _SAY_NOTHING or (i and words[i - 1] in _OWNERS)
    ]
    out = _temperature(_first_person(_replace(out, ("a", "bit", "of", "a"), ("a",))))
    out = _woken(out)
    out = [
        "bad" if w == "crook" else "hit" if w in _KNOCKED else w
        for w in out
        if not (w in _SMALL and _next_is_fall(out, w))
    ]
    out = [  # "my back's throbbing" as "my back is throbbing"
        part
        for w in out
        for part in ([w[:-2], "is"] if w.endswith("'s") and w[:-2] in _BODY else [w])
    ]
    for said, meant in _PHRASES:
        out = _replace(out, said, meant)
    if set(out) & _TOILETS:  # "needing the washroom but i can't actually go"
        out = _replace(
            _replace(out, ("can't", "actually", "go"), ("can't", "go")),
            ("can't", "go"),
            ("can't", "pee"),
        )
    out = [
        "fell" if w == "slipped" and i + 1 < len(out) and out[i + 1] in ("in", "on", "down") else w
        for i, w in enumerate(out)
    ]
    return out


def _next_is_fall(words: list[str], word: str) -> bool:
    at = [i for i, w in enumerate(words) if w == word]
    return any(i + 1 < len(words) and words[i + 1] in _FALLS | _SMALL for i in at)


def _replace(words: list[str], said: tuple[str, ...], meant: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    i, n = 0, len(said)
    while i < len(words):
        if tuple(words[i : i + n]) == said:
            out += meant
            i += n
        else:
            out.append(words[i])
            i += 1
    return out


_WAKING_VERBS = frozenset({"waking", "wakes", "woke", "wake", "awake", "up"})
# who or what wakes a sleeper without a pain
_DISTURBERS = frozenset(
    {"baby", "teething", "toddler", "newborn", "feeds", "feeding", "kids", "dog", "puppy"}
    | {"cat", "snoring", "neighbours", "neighbors", "noise", "traffic", "alarm", "storm"}
)
# "it's freezing in here, i've got the shivers": cold, not a fever
_COLD = frozenset(
    {"heating", "heater", "snow", "snowing", "frosty", "aircon", "outside", "weather"}
)
_PAINED = frozenset({"pain", "painful", "agony", "hurts", "hurting", "ache", "aching", "sore"})
_CHILLS = frozenset({"shivers", "chills", "shivering", "shivery", "chilled"})
_CLOCK = frozenset({"in", "the", "morning", "am", "a.m.", "o'clock", "oclock", "night"})


def _woken(words: list[str]) -> list[str]:
    """ "it wakes me up at three every morning": woken at night by it, the
    hour said or not ("at 3 in the morning" is the night's)."""
    said = " ".join(words)
    if "wakes me" not in said and "woke me" not in said:
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        if (
            words[i] == "at"
            and i + 1 < len(words)
            and (words[i + 1].isdigit() or words[i + 1] in _SMALL_HOURS)
        ):
            i += 2
            while i < len(words) and words[i] in _CLOCK - {"night"}:
                i += 1
            continue
        out.append(words[i])
        i += 1
    return _replace(out, ("every", "morning"), ("every", "night"))


# what wakes a person that is a pain ("it", "the pain", "my back")
_WAKING = frozenset({"it", "pain", "ache", "aching", "this", "that", "sciatica", "throbbing"})
_SMALL_HOURS = frozenset({"one", "two", "three", "four", "five", "midnight"})


def _first_person(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        width = _person(words, i)
        if width:
            last = words[i + width - 1]
            after = words[i + width] if i + width < len(words) else ""
            out.append(_subject(last, after))
            i += width
            continue
        if word in ("he", "she", "they"):
            out.append("i")
        elif word in ("he's", "she's", "they've", "they're"):
            out.append(_subject("x's", nxt))
        elif word in ("his", "their", "theirs"):
            out.append("my")
        elif word == "her":
            out.append("my" if nxt in _BODY or nxt.endswith("'s") else "me")
        elif word in ("him", "them"):
            out.append("me")
        elif word in ("himself", "herself", "themselves", "themself"):
            out.append("myself")
        elif word == "has":
            out.append("have")
        elif word == "hasn't":
            out.append("haven't")
        elif word == "doesn't":
            out.append("don't")
        else:
            out.append(word)
        i += 1
    return out


def _person(words: list[str], i: int) -> int:
    """How many words from i name someone else ("my nan", "our son", "the
    missus", "my other half", "nan" opening the sentence); 0 if none."""
    start = i + 1 if words[i] in _OWNERS else i if i == 0 else -1
    if start < 0 or start >= len(words):
        return 0
    pair = tuple(words[start : start + 2])
    if pair in _PEOPLE_TWO:
        return start - i + 2
    if len(pair) == 2 and pair[0] in _AGES and pair[1].removesuffix("'s") in _PEOPLE:
        return start - i + 2
    if words[start].removesuffix("'s") in _PEOPLE and not (start == i and words[i] == "mate"):
        return start - i + 1
    return 0


def _subject(person: str, after: str) -> str:
    """'my nan' -> 'i'; "my nan's back" -> 'my'; "my nan's lost" -> "i've"."""
    if not person.endswith("'s"):
        return "i"
    if after in _BODY:
        return "my"
    if after in _HAS_NEXT or after.endswith("ed"):
        return "i've"
    return "i'm"


def _temperature(words: list[str]) -> list[str]:
    """A fever given as a number ('thirty nine', 'a hundred and two',
    'thirty eight point five', '39') said with a temperature word, or after
    'running', is 'a high temperature' ("the square root of a hundred" is none)."""
    said_temp = bool(_TEMPERATURE & set(words))
    out: list[str] = []
    i = 0
    while i < len(words):
        found = 0
        if said_temp or (i and words[i - 1] == "running"):
            for end in range(min(len(words), i + 5), i, -1):
                part = words[i:end]
                if part[-1] in ("and", "a") or part[0] == "and":
                    continue
                number = spoken_number(" ".join(part))
                if number is not None and _fever(number):
                    found = end
                    break
        if found:
            out += ["a", "high", "temperature"]
            i = found
            if i + 1 < len(words) and words[i] == "point":  # the tenths
                i += 2
            continue
        out.append(words[i])
        i += 1
    return out


def _fever(number: int) -> bool:
    return 38 <= number <= 43 or 100 <= number <= 107
