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

import re
from dataclasses import replace
from datetime import date
from functools import cache

from .classifier import Model, model
from .corrected import corrected
from .fluency import NUMBER_WORDS, STOP, as_asked, fluent, hesitation, normalize, one_shot, strip
from .joined import SECOND, SECOND_SURE
from .meaning import (
    A_DAY_ALONE,
    CONCERN,
    GETTING_CHECKED_INTENT,
    GREETING_INTENT,
    HOURS,
    IDENTITY_INTENT,
    MOVE_IT,
    MOVE_SESSION,
    MOVED_BY_IT,
    NO_CONCERN,
    NOT_UNDERSTOOD,
    OUT_OF_SCOPE,
    PRICE,
    PROFESSION_INTENT,
    RECOMMEND_ROUTINE,
    RED_FLAG,
    REMINDER_WORDS,
    SCREEN_WHY,
    SESSION_REMINDER,
    SET_UP,
    SIGN_QUESTIONS,
    STEP_QUESTIONS,
    STRETCH_REMINDER,
    STUDIO_QUESTION,
    WARNING_SIGNS,
    Asked,
    Fill,
    Understood,
    moved_slots,
)
from .reported import (
    ASKING as QUESTION_WORDS,
)
from .reported import (
    meant_loss,
    not_flags,
    of_a_child,
    of_no_person,
    person_at,
    reported,
    someone_else,
)
from .spans import Lexicon, Span, skeleton, stands_alone, token
from .spoken import spoken_date, spoken_number, spoken_time

YES, NO = "AMAZON.YesIntent", "AMAZON.NoIntent"
CONFIDENT = 0.5  # lowest calibrated confidence taken as understood
LONG_LINE = 9  # words from which an unclear line is searched for a clear request
WINDOW = (5, 8)  # the runs of words searched
WINDOW_SURE = 0.97  # (0.98 until round 23's tuning: the clearest runs now score 0.97-0.98)
# Only a question is taken from part of a line: a wrong answer costs a
# sentence, a wrong action (a restart, a booking) costs the user's place.
ASKING = frozenset(
    {"ListRoutinesIntent", "StepsLeftIntent", "StepPurposeIntent", "StepHoldIntent"}
    | {"ExplainMassageIntent", "RoutineStepsIntent"}
    | {"CompareMassageIntent"}
    | {"ListMassageIntent", "RecommendMassageIntent", "MassageDetailIntent"}
    | {"MassagePressureIntent", "MassageSessionIntent", "MassageAvoidIntent", "TipIntent"}
    | {"ProgressIntent", "ServicesIntent", "PriceIntent", "BookingIntent", "HoursIntent"}
    | {"LocationIntent", "PaymentIntent", "NextSessionIntent", "ListRemindersIntent"}
    | {"SessionLengthIntent"}
    | {STUDIO_QUESTION, SET_UP}
)
# The classifier alone (no red flag named in the words) never alarms: from
# here it asks about the warning signs. Urgent advice is for words that name
# a red flag; an odd phrasing of one costs one question.
RED_FLAG_ASK = 0.2  # and asks about the warning signs from here
ANSWER_BIAS = 2.0  # what an open question adds to the logits of its answers
CONCERN_SURE = 0.8  # a safety concern named in the words, standing alone
REQUEST_AT_QUESTION = 0.5  # a request at a yes/no question is served from here
REQUEST_NAMED = 0.25  # and from here when the words name what it is about
# A correction said to a yes/no question: what follows it is the request.
# ("no, not massage, i meant the routines": a few words may come between)
CORRECTING = re.compile(
    r"^(?:(?:no|nah|nope|sorry|wait|hang on|oh)\s+)*(?:(?<=no )(?:not )?\w+\s+)?"
    r"(?:actually|i mean|i meant|make it|rather)\s+(.+)$"
)
# Words that say a red flag was not had, right before it.
HAD_NONE = frozenset(
    {"haven't had", "hasn't had", "havent had", "not had", "never had", "didn't have"}
    | {"haven't got", "hasn't got", "not got", "didn't get"}
)
# Said at a question that names the warning signs (SIGN_QUESTIONS), a sign
# said and not denied is a yes, whatever else was said ("no actually i have
# some numbness").
# At a question naming the warning signs, a word of one is a yes ("well,
# just the slip on tuesday"), unless denied just before it.
FALL_WORDS = frozenset({"fall", "fell", "injury", "injured", "slip", "slipped", "tripped"})
FALL_WORDS |= {"tumble", "tumbled", "accident"}
NIGHT_WORK = re.compile(r"\bnight shifts?\b|\bnights? at work\b")
# pain that comes and goes in waves: asked about, never passed by
IN_WAVES = re.compile(r"\b(?:comes?|coming|came|goes|going) (?:and goes )?in waves\b")
# a time one could not pass water, said as past: asked about
COULD_NOT_PEE = re.compile(r"\b(?:couldn't|could not|wasn't able to) (?:pee|wee|urinate)\b")
# a pregnancy's own signs, named at the question that asks about them
PREGNANCY_SIGNS = frozenset(
    {"bleeding", "blood", "spotting", "tightening", "tightenings", "contractions", "waters"}
    | {"fluid", "cramping"}
)
SIGNS = frozenset(
    {"numb", "numbness", "weak", "weakness", "tingling", "wobbly"}
    | {"bladder", "bowel", "bowels", "fever", "incontinent", "groin"}
    | {"urine", "peeing", "pee", "wee", "weeing", "leaking", "leaked"}  # "the urine thing is there"
    | FALL_WORDS
)
BROKEN = frozenset({"fracture", "fractured", "fractures", "cracked"})  # a bone, not skin
SPEAKER_SUBJECT = frozenset({"i", "i'm", "i've", "i'd", "me", "myself"})
FINE = frozenset({"fine", "ok", "okay", "alright", "normal", "good", "grand"})
# a sign referred back to at the question naming them: "the leg thing", "the urine one"
SIGN_BACK = re.compile(
    r"\b(?:leg|legs|urine|bladder|pee|peeing|wee|numb|numbness|fall|weakness|groin)"
    r"(?: \w+)? (?:thing|one|issue|problem|business)\b"
)
# A doctor has seen to it ("the doctor saw me after the fall", "i got it checked").
CHECKED = re.compile(
    r"\b(?:doctor|doctors|gp|physio|hospital|nurse|consultant|midwife|specialist)\b.{0,30}"
    r"\b(?:saw|seen|checked|looked at|examined|cleared|x rayed)\b"
    r"|\b(?:been|got|was|were|had it|got it) (?:checked|seen to|looked at|cleared|x rayed)\b"
    # "went to a and e, they said i'm fine to do gentle stretches"
    r"|\b(?:went|been|gone) to (?:the |my |a )?(?:doctor|doctors|gp|physio|hospital|a and e"
    r"|a&e|er|emergency|urgent care)\b.{0,40}\b(?:said|says|told me)\b"
    r"|\b(?:doctor|doctors|gp|physio|midwife) (?:said|says|told me)\b.{0,40}"
    r"\b(?:i'm|i am|it's|its|i was|it was|all was|everything was|everything's)"
    r" (?:fine|ok|okay|alright|all right|safe)\b"
)


# a check to come, wished for or missed: none done
NOT_DONE = re.compile(
    r"\b(?:going to|gonna|wants?|wanted|should|hoping|hope to|will|waste|need to|needs to"
    r"|can have|could have|would|might|supposed to|remind me)\b"
)
# said after the check: something since ("...but now it's in both legs")
CHANGED_SINCE = re.compile(
    r"\b(?:worse|spreading|spread|still|come back|came back|returned|both legs|new|since then)\b"
    r"|\bnow (?:it's|its|it is|it has|i've|i have|i'm|the|my|there's)\b"
)


def _checked(said: str) -> bool:
    """A doctor has seen to it, said without a not ("the gp never checked it"),
    as done (not "going to", "wants it x rayed", "should have") and with
    nothing changed since ("...but it's worse this week")."""
    found = CHECKED.search(said)
    if found is None or NOT_DONE.search(said) or CHANGED_SINCE.search(said[found.end() :]):
        return False
    before = said[: found.start()].split()[-2:]
    return not (set(found.group(0).split()) | set(before)) & NOT_CHECKED and "yet" not in said


# Walking aids used for years are not legs getting weaker: asked, not alarmed.
WORSE = re.compile(
    r"\b(?:worse|weaker|new|suddenly|sudden|getting|giving way|gave way|gave out|buckling"
    r"|now|had to|overnight|yesterday|today|this morning|last night|can't even|went|keeps)\b"
)
LONG_USE = re.compile(
    r"\b(?:for|since|over) (?:years|ages|a long time|\w+ years)\b|\byears\b|\balways\b"
)
AIDS = frozenset(
    {"stick", "cane", "walker", "frame", "zimmer", "crutches", "wheelchair", "rollator"}
)
# a day said as not the one meant ("not sunday", "instead of tomorrow")
NOT_A_DAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|today|tomorrow|every day|daily)"
)
# A "no" that corrects what the skill just did ("no i meant just today",
# "no no, not sunday, tuesday", "no that's wrong").
CORRECTION = re.compile(
    r"^(?:no|nah|nope)\b.*\b(?:i meant|i mean|i said|i didn't say|that's not|that's wrong"
    rf"|that isn't|wrong|not (?:{NOT_A_DAY}|that one|that))\b"
)
# what says a day or time just noted is being put right
FIXING = re.compile(
    r"\b(?:fix|change|wrong|meant|should be)\b|\b(?:it's|its|it is) (?:on |at |this |next )?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|the \w+"
    r"|\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|quarter)"
)
# what names the safety question when it is not open
SCREEN_WORDS = frozenset(
    {"safety", "numbness", "again", "keep", "every", "always", "question", "questions"}
)
# "why do you keep asking me that?", "why the safety question every time?"
WHY_ASKED = re.compile(
    r"\bwhy\b(?:\s+\S+){0,3}?\s+(?:you|u|ya|the skill|this skill|alexa)\b(?:\s+\S+){0,4}?"
    r"\s+(?:ask|asks|asking|asked|question|questions|check|checking)\b"
)
# "when you say weakness, do you mean...": a question about the question
# words that leave a concern said as none in doubt
DOUBTING = frozenset({"might", "maybe", "think", "yet", "sure", "could", "possibly", "perhaps"})
# the whole line a question of what a sign means ("what do you mean by leg weakness")
MEANING_ASKED = re.compile(
    r"(?:so |sorry |wait )?(?:what do you mean by|what counts as|what is meant by|what's meant by"
    r"|what exactly is|what do you class as)(?: [\w']+){1,3}"
)
ASKING_WHAT = re.compile(r"\b(?:when you say|do you mean|what do you mean|what does|what counts)\b")
DENIALS = frozenset(
    {"no", "not", "don't", "dont", "haven't", "havent", "never", "none", "without", "nothing"}
    | {"isn't", "doesn't", "didn't", "any"}
)
# what makes "the doctor saw me" its opposite (_checked)
NOT_CHECKED = DENIALS | {"hasn't", "hadn't", "wasn't", "won't"}
LEADING_YES = frozenset({"yes", "yeah", "yep", "yup", "ok", "okay", "sure", "aye", "alright"})
LEADING_NO = frozenset({"no", "nah", "nope"})
ASKED_OF_A_DAY = frozenset(
    {"hours", "open", "opening", "closed", "price", "prices", "cost", "book", "booking"}
    | {"massage", "reminder", "reminders", "routine", "tip", "stretch", "weather"}
    # "nah, tomorrow": not now, later; never a session moved to tomorrow
    | {"tomorrow", "today", "tonight", "later", "maybe"}
)
# "negative, next week tuesday": a no and a day, nothing else
FIX_WORDS = frozenset(
    {"no", "nah", "nope", "negative", "wait", "oh", "it's", "its", "on", "the", "next", "this"}
    | {"week", "at", "sorry", "actually", "shoot", "oops", "whoops", "make", "it", "that"}
)
# After a no, words about oneself or the mistake are the no's reasons, not
# a request ("no i'll remember", "nope, my mistake", "nah i'm good")
DECLINING = re.compile(
    r"^(?:i'll|i will|i'm|i am|im|i can|i've|i'd|it's|its|that's|my mistake|my bad|wrong"
    r"|sorry|all good|not (?:now|today|yet|really))\b"
)
THANKED = re.compile(r"^(?:thanks|thank you|thank u|cheers|ta)(?: though| anyway)?\b ?")
NOT_A_REQUEST = frozenset({"don't", "dont", "not", "no", "more", "thanks", "ta", "cheers"})
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
# Words that name where the gravest red flags are felt: said of a person,
# they are always asked about, whatever the classifier makes of the rest.
WARNING_WORDS = frozenset(
    [
        "bladder",
        "bowel",
        "bowels",
        "groin",
        "incontinence",
        "incontinent",
        "saddle",
        "urine",
        "urinate",
        "urinating",
        "crotch",
        "genitals",
        "privates",
        "waterworks",
    ]
)
LOO = frozenset({"loo", "lavatory", "potty"})  # said for the toilet, in no value
GONE = re.compile(
    r"\bgone (?:completely|now|away)\b|\b(?:has|have|is|are|it's) gone$|\bwent away\b"
    r"|\bcleared up\b|\bpassed now\b|\ball gone\b|\blong gone\b"
    r"|\b(?:all|fully) recovered\b|\bnothing now\b"
)
# An injury long past ("a car accident last year") is not the recent one the
# red flag means: asked about, not alarmed.
LONG_AGO = re.compile(
    r"\b(?:last year|years ago|\w+ (?:years?|decades?) ago"
    r"|when (?:i was|we were) (?:a kid|kids|a child|children|young|little|younger"
    r"|in school|at school)"
    r"|(?<!not )(?<!not so )long ago|years back|as a (?:kid|child|teenager)"
    r"|back in (?:high school|school|college|uni|university|the day|\d{4})"
    r"|in the (?:fifties|sixties|seventies|eighties|nineties))\b"
)
INJURIES = frozenset({"fall_injury", "serious_injury"})
# a fall said as now, whatever long-past one is told with it
RECENT = re.compile(
    r"\b(?:today|tonight|this (?:morning|afternoon|evening|week)|yesterday|last night"
    r"|just|just now|again|now|earlier)\b"
)
ALL_CLEAR = re.compile(r"\b(?:all clear|in remission|cancer free|cured|been clear)\b")
# a fever said as past: over, with no back pain named
PAST_SAID = re.compile(
    r"\b(?:back in|in|last) (?:january|february|march|april|may|june|july|august|september"
    r"|october|november|december|week|month|winter|summer|spring|autumn|fall)\b"
    r"|\bhad (?:the flu|covid|dengue|a cold|a virus)\b"
)
# someone else's sign happening now: urgent for them, not a question for their GP
HAPPENING = re.compile(
    r"\b(?:just (?:fell|collapsed|had|now)|right now|can't (?:get up|move|walk|stand|feel)"
    r"|won't wake|unconscious|passed out|not breathing|bleeding|call an ambulance)\b"
)
NOT_THE_BACK = frozenset({"in", "when", "then", "from", "to", "home", "on", "at", "there"})
MINE_FINE = re.compile(r"\b(?:i'm|i am) (?:fine|ok|okay|alright|all good)\b|\bnot me\b")
# another's injury long enough ago that it is theirs and their doctor's
WEEKS_PAST = re.compile(r"\blast month\b|\b(?:a|\w+) (?:months?|weeks) ago\b")
# words that can say yes, or having something, at the warning-signs question
AFFIRMING = frozenset(
    {"yes", "yeah", "yep", "yup", "yea", "ya", "yah", "aye", "sure", "correct", "right", "true"}
    | {"haan", "han", "ji", "definitely", "absolutely", "indeed", "certainly", "affirmative"}
    | {"mhm", "uh-huh", "huh", "ok", "okay", "i", "i've", "i'm", "ive", "im", "have", "had"}
    | {"has", "did", "do", "got", "am", "is", "are", "there", "some", "bit", "little"}
    | {"does", "was", "were", "been", "my"}
)
# the speaker as an object is theirs too ("rear ended me", "killing me"), not
# after words of telling ("listen to me", "told me")
SPEAKER_OBJECT = frozenset({"me", "we", "us", "we've", "mine"})
TOLD = frozenset(
    {"to", "tell", "told", "tells", "asked", "asks", "ask", "call", "called", "calls", "texted"}
    | {"phoned", "rang", "showed", "gave", "give", "with", "for", "let", "lets", "makes"}
)
SPEAKER_ITSELF = frozenset({"i", "i'm", "i've", "i'd", "myself"})
# night pain said of a part that is not the back
ELSEWHERE = frozenset(
    {"tooth", "teeth", "toothache", "jaw", "ear", "ears", "earache", "head", "headache"}
    | {"knee", "knees", "wrist", "wrists", "shoulder", "shoulders", "foot", "feet", "hand"}
    | {"hands", "elbow", "ankle", "stomach", "tummy", "chest"}
)
# two types compared by what they cost: both prices
COSTS = frozenset(
    {"cheaper", "dearer", "pricier", "costlier", "price", "prices", "cost", "costs", "charge"}
)
# the speaker's own body named ("he fell on my back", "my back is killing me")
MY_BODY = re.compile(
    r"\bmy (?:lower |low |upper )?(?:back|spine|hip|hips|leg|legs|bum|bottom|groin|bladder"
    r"|bowels?|neck|knee|knees|side)\b"
)
ME_TOO = re.compile(
    r"\b(?:so do i|so have i|so am i|me too|and me|i do too|i have too|i've got it too"
    r"|neither (?:can|do|have|am) i|nor (?:can|do|have|am) i|so can i|me as well|both of us)\b"
)
# OutOfScopeIntent's slot: the words were of someone else's health
OTHERS = "Whose"
OTHERS_FILL = Fill("someone else", "WHOSE", "someone_else", "someone else")
# "she fell over at the park, she's fine": said as unhurt; asked, not alarmed
UNHURT = re.compile(
    r"\b(?:(?:she's|he's|they're|i'm|we're|she is|he is|they are|i am|we are)"
    r" (?:(?:totally|completely|perfectly|absolutely|totes) )?"
    r"(?:fine|ok|okay|alright|all right|unhurt|grand|all good|doing (?:fine|well|ok|okay|good))"
    r"|no harm done|(?:wasn't|not|weren't) hurt|right as rain|fighting fit"
    r"|only the car|(?:no one|nobody|no-one) (?:was |got )?hurt|(?:is|he's|she's) recovering"
    r"|all recovered|fully recovered|recovered (?:now|fully|nicely|well)"
    # someone else already cared for, or only grazed
    r"|(?:she's|he's|they're|she is|he is|they are) (?:in|at|out of) (?:the )?hospital"
    r"|(?:grazed|scraped|scratched|skinned) (?:his|her|their) (?:knee|knees|elbow|hand|arm))\b"
)
# the gone clause with its own joining word ("a fever, but it's long gone")
GONE_CLAUSE = re.compile(
    r"(?:\b(?:but|though|and|now) (?:it's |it is |it has |that's |it was |they're )?)?"
    rf"(?:{GONE.pattern})"
)
JOINED = re.compile(r"\b(?:but|now|then|and i|and my|though)\b")  # another clause
# A numb bottom from a long drive or a hard seat is common and passes: asked
# about (the question names the warning signs), never alarmed or passed over.
SITTING = frozenset(
    {"drive", "drives", "driving", "flight", "flights", "journey", "journeys", "commute"}
)
THIGHS = frozenset({"thigh", "thighs", "genital", "vagina", "penis", "anus", "passage"})
# The toilet, or numbness that lasts, spreads or worsens: never just a seat.
NOT_JUST_SEATED = frozenset(
    {"toilet", "toilets", "wipe", "wiping", "bathroom", "pee", "poo", "wee", "throne", "restroom"}
    | {"can", "go", "days", "worse", "getting", "still", "legs", "leg", "feeling", "lost"}
)
SEAT = frozenset({"bum", "bottom", "backside", "butt", "bum's", "bottom's", "arse", "behind"})


def _only_seat(words: list[str]) -> bool:
    """Numbness said of the bottom alone, no other part of the saddle area."""
    said = set(words)
    return bool(said & SEAT) and not said & (WARNING_WORDS | THIGHS | LOO | NOT_JUST_SEATED)


# Red flags only with back pain (safety.yaml's card: "back pain with a fever"):
# without a word for the back or its pain they are asked about.
WITH_BACK_PAIN = frozenset({"fever", "cancer_history"})
# "cancer" alone is a cancer history only when someone has or had it
# ("a documentary about cancer", "i'm a cancer": asked about, never alarmed).
HAD_IT = frozenset(
    [
        "had",
        "have",
        "has",
        "got",
        "having",
        "history",
        "diagnosed",
        "survivor",
        "chemo",
        "chemotherapy",
        "radiotherapy",
        "radiation",
        "treatment",
        "treated",
        "remission",
        "tumour",
        "tumor",
        "came",
        "spread",
        "patient",
        "fighting",
        "beat",
        "battling",
        "oncologist",
        "oncology",
        "i've",
    ]
)
BACK_WORDS = frozenset(
    [
        "back",
        "back's",
        "backache",
        "spine",
        "pain",
        "painful",
        "hurts",
        "hurting",
        "hurt",
        "ache",
        "aching",
        "achy",
        "sore",
    ]
)
SPINE = frozenset({"back", "back's", "backache", "spine", "tailbone", "neck"})
# Parts a child's tumble hurts that say the back was not
LIMBS = frozenset(
    {"knee", "knees", "elbow", "elbows", "arm", "arms", "hand", "hands", "wrist", "wrists"}
    | {"ankle", "ankles", "chin", "nose", "lip", "finger", "fingers", "toe", "toes", "foot"}
)
# A red flag of one key word ("fever", "the chills", "cancer") is taken as
# one only when said of a person; otherwise it is asked about.
FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "im", "ive", "me", "my", "myself"})
# What a concern asks about: someone else's condition said with none of
# these ("my sister's pregnant with twins") is news, not a question for us.
ACTIVITY = frozenset(
    {"massage", "massages", "stretch", "stretches", "stretching", "routine", "routines"}
    | {"exercise", "exercises", "ball", "safe", "okay", "ok", "this", "these", "them"}
)
# Requests the classifier may guess from one common word ("where"): taken
# only with a word that says what they ask ("the one where they walk on
# you" is not the address).
CUES = {
    # a number is a pain score only at the pain question, or said with pain
    # words ("my back's a six today"; not "it's at five")
    "PainScoreIntent": re.compile(
        r"\b(?:pain|painful|pains|paining|hurts?|hurting|ache|aches|aching|achy|sore|back"
        r"|back's|backs|score|level|scale|rate|rating|out of (?:ten|10)|/10|niggle|twinge"
        r"|killing|agony|terrible|awful|bad|worse|better|unbearable|excruciating)\b"
        # "it's about an eight today": how it is, now
        r"|\b(?:it's|it is|i'm|i am)\b.*\b(?:today|tonight|this (?:morning|evening|afternoon))\b"
    ),
    "LocationIntent": re.compile(
        r"\b(?:address|located|location|based|directions|parking|park|where ?abouts"
        r"|find (?:you|it|the)|get (?:there|to)|where (?:are|r) (?:you|u|ya)|street"
        r"|where(?: is|'s) (?:the|your|it|that|you)|postcode|zip code|what street)\b"
    ),
    "PaymentIntent": re.compile(
        r"\b(?:pay|paying|payment|cash|cards?|credit|debit|contactless|venmo|paypal|gpay|upi"
        r"|eftpos|afterpay|vouchers?|certificates?)\b"
    ),
}
# Payment by a third party, which a studio's profile does not say
COVERED = re.compile(
    r"\b(?:insurance|insurer|insured|claim|claims|cover|covers|covered|health fund|extras"
    r"|benefits|direct bill|direct billing|hicaps|bupa|medibank|ohip|acc|green shield|sun life"
    r"|medicare)\b"
)
# "what's seven times eight": sums are no answer to anything asked here
SUM = re.compile(r"\b(?:times|divided by|multiplied by|plus|minus|squared|square root)\b")
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
ONWARD_INTENTS = frozenset(
    {"AMAZON.ResumeIntent", "AMAZON.NextIntent", "SkipStepIntent", "AMAZON.PauseIntent"}
)
# "maybe", "not sure": at a yes/no question, no answer unless a yes or no
# is said outright as well ("yes i think so maybe").
HEDGES = re.compile(
    r"\b(?:maybe|perhaps|possibly|unsure|dunno|not sure|no idea|not certain"
    r"|(?:i )?don't know|(?:i )?do not know|sort of|kind of|might be|could be)\b"
)
OUTRIGHT = frozenset(
    {"yes", "yeah", "yep", "yup", "yea", "aye", "sure", "no", "nope", "nah", "definitely"}
)
TIRED = frozenset(
    [
        "tired",
        "dead",
        "jelly",
        "heavy",
        "achy",
        "wobbly",
        "knackered",
        "exhausted",
        "wiped",
        "shattered",
        "spent",
    ]
)
# Leave-taking said in any words; thanks said on its own.
LEAVING = re.compile(
    r"\b(?:bye|goodbye|good bye|see you|see ya|catch you later|call it a day|call it there"
    r"|that's enough for (?:me|now|today|tonight)|i'm getting sleepy"
    r"|^(?:(?:ok|okay|right|alright|thanks|thank you|cheers|no|nah|nope|none of that|love|dear)"
    r" )*(?:good ?night|night night|nighty night)(?: (?:then|all|love|dear|now|everyone))?$"
    r"|(?:^|\b(?:and|so|now|ok|okay|right|just) )(?:i'm off to|time to|time for|i'm going to)"
    r" (?:stop and )?(?:go to )?(?:bed|sleep)(?: now)?$"
    r"|call it quits|that's me done|that's all for (?:now|today)|done for (?:now|today)"
    r"|leave it there|(?:finish|do) (?:it|this|the rest) (?:later|tomorrow)|cheerio|ta ta"
    r"|toodle ?oo|ta ra|laters|i'm off (?:for|to) (?:a|my|the|bed|work)|hit the road"
    r"|(?:gotta|got to|have to|need to|must) (?:run|dash|head off|head out|split)(?! to the)"
    r"|that's (?:all|it|everything),? thank(?:s| you)"
    r"|that'll do (?:me|us|for (?:now|today|tonight))|that'll do(?: cheers| thanks| mate| love)*$"
    r"|i'll pass\b.* later"
    r"|no more (?:stretching|stretches|exercises?|routines?)(?: for)? (?:tonight|today|now))\b"
    # said last, not in "do i have to go to a doctor"
    r"|\b(?:gotta go|got to go|have to go|got tae go|i'm off|(?:i'm good|i'm fine|i'm ok) later"
    r"|i'm (?:cooked|spent|beat|buggered|knackered)(?: for (?:now|today|tonight))?"
    r"|^(?:lol |haha )?(?:ok|okay|alright) later"
    r"|^(?:(?:no|nope|nah|ok|okay|right|great|perfect|cheers|thanks|lovely|ta) )*"
    r"that's (?:all|everything)|peace out|^(?:no|nope|nah|ok|okay) (?:peace|later|ciao|adios|ta ra)"
    r"|(?:do|finish|try) (?:it|this|that|them|the rest)(?: \w+){0,4} later(?: alexa)?)"
    r"(?: now| then| sorry| thanks| cheers)?$"
)
NO_WORRIES = re.compile(r"(?:no|nah) (?:worries|problem|probs|bother)\b")  # a no to nothing
SHORT_LEAVING = 5  # words in a leave-taking that no request said with it outweighs
# a leave-taking that only says how tired ("i'm knackered"): said with a skip, a skip
TIRED_OUT = re.compile(r"i'm (?:cooked|spent|beat|buggered|knackered)(?: \w+)*")
# the routine again from its first step
FROM_THE_TOP = re.compile(
    r"\bstart (?:the whole thing |it all |the routine |it |again )?over\b"
    r"|\b(?:from|back to) the (?:top|beginning|start)\b|\bstart again\b"
)
# what a reminder is for that the skill does not remind of ("take my pills")
NOT_OURS_TO_REMIND = frozenset(
    {"pills", "pill", "medication", "medicine", "meds", "tablets", "tablet", "vitamins"}
    | {"insulin", "inhaler", "bins", "rubbish", "trash", "garbage", "water", "plants"}
)
# a reminder to do something the skill does not remind of ("to bring my notes")
REMINDED_TO = re.compile(
    r"\bremind me to (?:bring|pack|buy|get|pick up|collect|grab|wear|email|text|pay|water|feed)\b"
)
REMINDED_OF_OURS = frozenset(
    {"stretch", "stretches", "stretching", "routine", "exercise", "exercises", "massage"}
    | {"session", "appointment", "desk", "break", "mobility"}
)
THANKING = re.compile(r"\b(?:thanks|thank|cheers|ta|appreciate|appreciated|star|legend)\b")
THANKS_ONLY = re.compile(
    r"(?:(?:thanks|thank you|thank u|cheers|ta|nice one|lovely|brilliant|great|perfect|awesome"
    r"|cool|sweet|ok|okay|alright|right|that's \w+|you're a star|you're a legend|good|fine"
    r"|i'm good|i'm fine|i'm ok|i'm okay|i'm alright|all good|i'm right|i'm sorted"
    r"|you're the best|much appreciated|appreciate it|for that|for this|for the tip|mate"
    r"|you're (?:very |so |really )?(?:patient|kind|helpful|lovely|sweet|good)|dear|darling"
    r"|very much|so much|a lot|then|love|really)\s?)+"
)
SORTED = re.compile(r"\b(?:i'm good|i'm right|i'm sorted|i'm fine|all good|(?:i'm )?all set)\b")
ONWARD = re.compile(
    r"\b(?:carry on|keep going|next(?! to)|move on|go on|the rest"
    r"|(?:it's|i'm|i am|it is|feels?) (?:fine|good|ok|okay|alright|better) (?:now|again)?"
    r"|it's (?:gone|passed|eased)|all good)\b"
)
STOPPING = re.compile(r"\b(?:stop|end it|enough|done|call it a day)\b")
NOT_STOPPING = re.compile(
    r"\b(?:don't|do not|not|no need to|never)\b(?:\s+\w+){0,2}\s+(?:stop|done)\b"
    # "no it doesn't hurt, i'm just asking": nothing hurt, so on
    r"|\b(?:it )?(?:doesn't|does not|didn't|did not) (?:hurt|hurt at all|ache)\b|\bnothing hurts\b"
)
STOP_INTENT = "AMAZON.StopIntent"
MAX_WORDS = 60  # longer speech is cut: a turn's work stays bounded
# Questions whose answer is a value, not a yes or no (context.Question values).
NUMBER = "NumberIntent"
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
# Questions that offer a list: a place in it ("the second one") is a number.
CHOICES = {"which_routine": "StartRoutineIntent"}
SCORES = frozenset({"pain_before", "pain_after", "pain_score"})  # a number is a score
# what is said after a pain score about how it went, and nothing more
SCORE_COMMENT = re.compile(
    r"(?:(?:and|but|so) )?(?:it )?(?:(?:didn't|did not|hasn't|has not|doesn't|does not|won't)"
    r" (?:help|work|change|shift|budge)(?: at all| much| a bit| really)?"
    r"|(?:it's |its |it is |feels |i feel )?(?:a (?:bit|little|lot) |much |way |no |not )?"
    r"(?:better|worse|the same|same as before|same as always|any better)"
    r"(?: now| today| than before| than this morning)?"
    r"|(?:still )?(?:sore|stiff|tight|achy)(?: today| as ever)?)"
)
# "four" as a speech recogniser may write it, last after "a": "oh about a for"
FOUR_MISHEARD = re.compile(r"(?<=\ba) for$")
NO_PAIN = re.compile(r"\b(?:no pain(?! relief)|not sore|pain free|none at all|nothing at all)\b")
SCALE = re.compile(r"\b(?:(?:from )?(?:zero|0|one|1) to (?:ten|10)|out of (?:ten|10))\b")
NO_SCORE = re.compile(r"\b(?:skip|rather not|pass on|don't want to (?:say|rate|score))\b")
NERVES = frozenset(
    [
        "tingling",
        "tingly",
        "tingle",
        "pins",
        "needles",
        "numb",
        "shot",
        "shooting",
        "burning",
        "zinging",
        "zapping",
        "electric",
    ]
)
LEGS = frozenset(
    [
        "leg",
        "legs",
        "leg's",
        "calf",
        "calves",
        "calf's",
        "thigh",
        "thighs",
        "foot",
        "feet",
        "toes",
        "knee",
        "buttock",
        "bum",
        "hip",
    ]
)
HURTING = frozenset(
    [
        "ow",
        "ouch",
        "oof",
        "ow",
        "ow",
        "hurts",
        "hurting",
        "hurt",
        "painful",
        "pain",
        "sore",
        "twinge",
        "twinged",
        "dizzy",
        "giddy",
        "locked",  # "my back locked up"
        "seized",
        "spasm",
        "spasming",
        "spinning",
        "woozy",
        "lightheaded",
        "faint",
        "sharp",
        "pinching",
        "pinches",
        "cramp",
        "cramping",
        "agony",
    ]
)
OUCH = re.compile(
    r"\b(?:o+w+|ou+ch|a+r+g+h*|oo+f+|of{3,}|not nice|too much|light headed|head's spinning"
    # "aiyo my back": ouch in Indian English
    r"|ai+y+o+|ay+o+|ah+ah+|eek|pass(?:ing)? out|black(?:ing)? out)\b"
)
NEGATED = frozenset({"no", "not", "isn't", "doesn't", "without", "never", "nothing"})
LAUGHING = frozenset({"haha", "hahaha", "ha", "lol", "lmao", "hehe", "joking", "kidding"})
# Words that keep a laugh from being only a joke mid-step
DISTRESS = frozenset(
    {"can't", "cannot", "stuck", "locked", "killing", "help", "hurt", "hurts", "ow"}
)
NOT_A_JOKE = DISTRESS | {"back", "knee", "knees", "neck", "shoulder", "hip", "leg", "legs", "foot"}
NOT_A_JOKE |= {"head"}
# The half of the day a word says, at "is that 9 PM?"
HALF_OF_DAY = {"am": "am", "morning": "am", "pm": "pm", "afternoon": "pm", "arvo": "pm"}
HALF_OF_DAY |= {"evening": "pm", "night": "pm", "tonight": "pm"}
# Reminders taken away, whatever else is said of them
NEW_TIME = frozenset({"instead", "at", "am", "pm", "change", "move"})
REMINDING = frozenset({"SessionReminderIntent", "StretchReminderIntent", "ListRemindersIntent"})
# "i wanted it thursday at nine, not wednesday": what was just done, corrected
NOT_THAT = re.compile(rf"\b(?:not|instead of) (?:on )?(?:{NOT_A_DAY}|the \w+th)\b")
# a concern said as none: "i'm not on warfarin", "i don't have osteoporosis"
DENIED_BEFORE = [
    ["not", "on"],
    ["not", "taking"],
    ["don't", "have"],
    ["dont", "have"],
    ["longer", "on"],
    ["longer", "taking"],
    ["never", "had"],
    ["haven't", "had"],
    ["not", "had"],
]
ABOUT_THE_STEP = frozenset({"StepPurposeIntent", "StepHoldIntent"})
# something wrong said in other words: a bump tightening (a sign in
# pregnancy), a joint "gone funny", a wrist "killing me"
GONE_WRONG = re.compile(
    r"\b(?:belly|bump)(?:'s| is)? (?:gone|going|getting|keeps going) (?:tight|hard)\b"
    r"|\b(?:belly|bump)(?:'s| is) tightening\b"
    r"|\btightenings?\b(?: \w+)? (?:in|of) my (?:bump|belly)"
    r"|\bbit of tightening\b|\b(?:it's|its) tightening a bit\b|\btightening (?:again|on and off)\b"
    r"|\b(?:gone|going|feels) funny\b|\b(?:is|are|it's|that's) killing me\b"
)
# Words of unease said with a question about the step stop the step (a
# stretch may feel tight; sick, numb or stabbing it should not)
UNEASE = (
    HURTING
    | NERVES
    | {"sick", "nauseous", "nausea", "queasy", "uncomfortable", "stabbing", "throbbing"}
    | {"throbs", "shaky", "wobbly", "unsteady", "weird", "wrong", "breathe", "breath"}
    | {"breathless", "tore", "torn", "ripping", "tearing", "pulled", "popped", "dead"}
    | {"heavy", "weak", "ache", "aching", "aches", "numbness", "chest"}
    | {"stuffed", "buggered"}  # "me knees are stuffed"
)
# What goes on with the routine, or answers about it: said with unease, it stops instead
GOES_ON_AT_A_STEP = ABOUT_THE_STEP | {"AMAZON.NextIntent", "AMAZON.ResumeIntent", YES}
GOES_ON_AT_A_STEP |= {NOT_UNDERSTOOD, "StartRoutineIntent", "SetUpIntent"}
GOES_ON_AT_A_STEP |= {OUT_OF_SCOPE, CONCERN}  # "my chest feels tight": no topic, a stop
# at the discomfort choice, what would pick the stopped step up again (a yes
# or next said with unease is still the skip)
PICKS_UP = frozenset({"StartRoutineIntent", "SetUpIntent", "AMAZON.ResumeIntent"})
# "it wasn't painful": unease said as none
UNEASE_DENIED = NEGATED | {"wasn't", "didn't", "don't", "aren't", "hasn't", "haven't", "less"}
# Where the user is or what they have, told before "ready" or "so next"
SET_UP_TOLD = frozenset(
    {"moved", "chair", "floor", "mat", "bed", "sofa", "couch", "seat", "position", "roller"}
    | {"ball", "towel", "sock", "rug", "carpet", "kitchen", "desk", "office", "sitting"}
    | {"lying", "standing", "got", "found", "grabbed", "haven't", "easy", "fine", "done"}
    | {"cushion", "pillow", "blanket", "yoga"}
)
# Said with "ready" or "next", a wait or a refusal ("i can't get in position, ready?")
NOT_YET = NEGATED | {"almost", "nearly", "when", "until", "till", "can't", "cannot", "don't"}
NOT_YET |= {"won't", "wait", "minute", "sec", "second", "moment", "struggling", "hang"}
WITH_A_CONCERN = frozenset(
    {"DiscomfortIntent", CONCERN, NO, "AMAZON.PauseIntent", RED_FLAG, "UrgentQuestionIntent"}
)
CLEAR_REQUEST = 0.9  # a request this sure is served at any question
DECLINED_SURE = 0.75  # and this sure, said at length after a no to the question
# Words after a number that say it counts something other than the answer.
UNITS = frozenset(
    [
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "hour",
        "hours",
        "minute",
        "minutes",
        "times",
        "o'clock",
        "am",
        "pm",
        "percent",
    ]
)
# Numbers said as one word, as the pain question hears them.
SCORE_WORDS = NUMBER_WORDS | {"nought", "nil"}
COMPARE = "CompareMassageIntent"
EXPLAIN = "ExplainMassageIntent"
PARTS_OF_DAY = frozenset({"morning", "evening", "night", "afternoon", "bedtime"})
ROUTINE_WORDS = frozenset(
    {"routine", "stretch", "stretches", "stretching", "one", "wind", "mobility", "do", "start"}
)
SKIPPING = frozenset({"skip", "skipping", "next", "miss", "pass", "past", "onto", "move"})
# Words that follow a first "one" that is a number ("one lovely", "one now thanks").
SAID_ON_AFTER_ONE = frozenset(
    {"lovely", "thanks", "cheers", "now", "today", "please", "mate", "maybe", "probably"}
    | {"actually", "honestly", "i", "it's", "feels", "much", "at", "right"}
)
# Words after which a last "one" is a number ("about a one", "number one").
COUNTED_AFTER = frozenset(
    [
        "a",
        "number",
        "about",
        "around",
        "like",
        "maybe",
        "probably",
        "say",
        "only",
        "just",
        "barely",
        "is",
        "it's",
        "its",
    ]
)
COMPARABLE = frozenset(
    {"ExplainMassageIntent", "MassageDetailIntent", COMPARE, "OutOfScope", NOT_UNDERSTOOD}
)
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
        "GoToStepIntent",
        "DiscomfortIntent",
    ),
}


@cache
def lexicon() -> Lexicon:
    return Lexicon(model().meta["types"])


def prepare(text: str, today: date, lex: Lexicon, invocation: str) -> tuple[list[str], list[Span]]:
    """The words as meant and the slot values found in them (the training
    build reads its phrasings through this too)."""
    said = normalize(text.replace(":", " "))
    asked = one_shot(said, invocation) if invocation else None
    said = asked if asked else said
    if all(hesitation(w) for w in said.split()):
        return [], []  # "uhh", "hmm": nothing said yet
    said = strip(fluent(said) or said) or said
    words = not_flags(said.split()[:MAX_WORDS])
    spans = lex.find(words, today)
    fixed = corrected(words, spans)  # "thursday no sorry friday"
    return (fixed, lex.find(fixed, today)) if fixed else (words, spans)


def understand(
    text: str, today: date, asked: Asked | None = None, of_a_person: bool = False
) -> Understood:
    """What the words mean where the conversation is (`of_a_person`: the
    words are a slot's, from a sample that already says who has it: "i
    have {Symptom}")."""
    if asked is None or asked.question is None:  # a one-shot's "if i can...": asked
        text = as_asked(normalize(text))
    meant = _understand(text, today, asked or Asked(), of_a_person)
    said, heard = normalize(text), normalize(text).split()
    if at_step := _felt_with_concern(meant, said, asked):
        return at_step
    if (
        asked is not None
        and (_felt(_not_of_unease(said).split()) & UNEASE or GONE_WRONG.search(said))
        and not (meant.intent == OUT_OF_SCOPE and (meant.slots or someone_else(heard)))
        and not (meant.intent == CONCERN and meant.slots)
        and (
            (meant.intent in GOES_ON_AT_A_STEP and asked.question in STEP_QUESTIONS)
            or (meant.intent in PICKS_UP and asked.question == "discomfort")
        )
    ):
        # "how long do i hold this, i feel sick", "is it normal to feel it
        # throbbing in my thigh", "it's uncomfortable but ready", "can i do
        # that one sitting down, i'm a bit wobbly": the step stops, whatever
        # was asked or said with it; once stopped, the routine ends for today
        if asked.question == "discomfort":
            return Understood(STOP_INTENT, {}, 1.0, "closing", meant.candidates)
        stopped = _at_a_step(heard, asked)
        return stopped or Understood("DiscomfortIntent", {}, 1.0, "at a step", meant.candidates)
    if asked_for := _how_asked(meant, said, asked) or _asked_for(meant, said, heard, today, asked):
        return asked_for
    if _none_then_next(heard, asked, today) and meant.intent in (NO_CONCERN, NOT_UNDERSTOOD):
        # "i'm not pregnant, next" after "skip this if you're pregnant": on
        return Understood("AMAZON.NextIntent", {}, 1.0, "answer", meant.candidates)
    if meant.intent in (MOVE_SESSION, MOVE_IT) and asked is not None:
        return _moved_by_it(meant, heard, asked)
    if (
        meant.intent == "StartRoutineIntent"
        and TIP_ASKED.search(said)
        and not ROUTINE_ASKED.search(said)
        and meant.how == "classifier"
    ):
        return Understood("TipIntent", {}, meant.confidence, "tip asked", meant.candidates)
    if (
        asked is not None
        and asked.question == "cancel_session"
        and heard[0] in LEADING_YES
        and meant.intent == "CancelRemindersIntent"
    ):
        # "yes cancel it and the reminder also" to "cancel your massage?": the
        # yes (the massage's own reminder goes with it)
        return Understood(YES, {}, 1.0, "answer", meant.candidates)
    if meant.intent == CONCERN and (concern := _concern_read(meant, heard, said, asked)):
        return concern
    if (asked is None or asked.question is None) and (request := _no_yes_unasked(meant)):
        # "tell me one tip for that" with nothing asked: no yes, the request
        return request
    named = _concern_at_a_step(heard, asked) if meant.intent in GOES_ON_AT_A_STEP else None
    if named is not None:
        # "i do have a bit of osteoporosis actually" just after "skip this
        # move if you have osteoporosis": the concern, never a yes to go on
        return Understood(CONCERN, {"Concern": named}, 1.0, "at a step", meant.candidates)
    if (
        meant.intent == YES
        and asked is not None
        and asked.question in SIGN_QUESTIONS
        and meant.how != "sign named"
        and not set(heard) & AFFIRMING
    ):
        # a yes to the warning signs sends the user to urgent care: it takes
        # a word that says yes or has ("tell me one tip for that" is none)
        return Understood(NOT_UNDERSTOOD, {}, meant.confidence, "no yes said", meant.candidates)
    put_off = heard[:1] in (["no"], ["nope"], ["nah"]) and LATER.search(said)
    if meant.intent == "StartRoutineIntent" and put_off:
        # "nope i'll do the stretches later": the no, with why; nothing starts
        return Understood(NO, {}, meant.confidence, "later", meant.candidates)
    said_again = meant.intent == "AMAZON.RepeatIntent" or (
        meant.intent in (OUT_OF_SCOPE, NOT_UNDERSTOOD) and SAID_AGAIN.search(said)
    )
    if said_again and (asked_again := _asked_again(said)):
        # "what did you say about emergency", "what was the number again":
        # what is asked for, even when the reply it was in is gone
        return Understood(asked_again, {}, meant.confidence, "repeat of", meant.candidates)
    if (
        meant.intent in ("StretchReminderIntent", "SessionReminderIntent", NOT_UNDERSTOOD)
        and (_not_ours_to_remind(meant.intent, heard) or REMINDED_TO.search(said))
        and not set(heard) & REMINDED_OF_OURS
    ):
        # "could you also remind me to take my pills every morning at eight";
        # "yes please, and remind me to bring my notes" to "want a reminder?": the yes
        if asked is not None and asked.question == "session_reminder" and heard[0] in LEADING_YES:
            return Understood(YES, {}, 1.0, "not ours to remind", meant.candidates)
        return Understood(OUT_OF_SCOPE, {}, 1.0, "not ours to remind", meant.candidates)
    top = meant.candidates[0][0] if meant.candidates else ""
    if (routine_said := _routine_in_words(meant, said, today, asked)) is not None:
        return routine_said
    if meant.intent == "CancelRemindersIntent" and CHECKING_GONE.search(said):
        # "so the monday reminder's gone right": asked, not a cancel of what is left
        return Understood("ListRemindersIntent", {}, meant.confidence, "asked", meant.candidates)
    if (
        meant.intent in (OUT_OF_SCOPE, NOT_UNDERSTOOD)
        and not meant.slots
        and not of_a_person  # "my back is sore and {Symptom}": the speaker's too
        and (asked is None or asked.question in THEIR_BACK_QUESTIONS)
        and _their_back_only(said)
    ):
        # "my son has back pain from his laptop, what can he do": no sign in
        # it (a sign of theirs names a Symptom), so what helps anyone's back
        return Understood("TipIntent", {OTHERS: OTHERS_FILL}, 1.0, "their back", meant.candidates)
    day = (
        A_DAY_ALONE.fullmatch(said)
        if asked is not None and asked.followed == HOURS and asked.question in (None, "booking")
        else None
    )
    if day is not None and (fill := resolve("BUSINESS_DAY", day.group(1))) is not None:
        # "and sunday" just after Saturday's hours: that day's hours
        return Understood(HOURS, {"Day": fill}, 1.0, "followed", meant.candidates)
    if meant.intent in (PLAYS_INSTEAD | {NOT_UNDERSTOOD}) and MUSIC.search(said):
        # "can you put on some relaxing music": no routine (the evening wind
        # down is "relaxing"), no step: the skill plays nothing
        return Understood(OUT_OF_SCOPE, {}, 1.0, "music", meant.candidates)
    if meant.intent in ("BookSessionIntent", "MoveSessionIntent") and DAY_OF_IT.search(said):
        # "no, on the friday, the same day as the massage, at two pm": the
        # reminder's day and time, never the massage moved to its time
        lead = resolve("REMINDER_LEAD", "same day")
        kept = {k: f for k, f in meant.slots.items() if k == "Time"}
        slots = {**kept, "Lead": lead} if lead is not None else kept
        return Understood(SESSION_REMINDER, slots, 1.0, "reminder's day", meant.candidates)
    stepping = meant.intent in REDOES or (meant.intent == NOT_UNDERSTOOD and top in STEPPING)
    if stepping and SKIP_SAID.search(said) and not KEEP_SAID.search(said):
        # "ok i'm back, let's keep going but skip the leaning back one": a
        # step asked to be skipped is never said again (it may have hurt)
        return Understood("SkipStepIntent", {}, 1.0, "skip said", meant.candidates)
    if meant.intent == "SkipStepIntent" and KEEP_SAID.search(said):
        # "let's carry on, don't skip anything": on, at this step
        return Understood("AMAZON.ResumeIntent", {}, 1.0, "skip said", meant.candidates)
    if _to_the_last(meant.intent, said) and TO_THE_LAST.search(said):
        # "can we just skip to the last one": the final step, by its place
        last = Fill("the last one", "STEP_NAME")
        return Understood("GoToStepIntent", {"StepName": last}, 1.0, "by place", meant.candidates)
    ahead = SKIP_AHEAD.search(said) if meant.intent == "SkipStepIntent" else None
    if ahead is not None or (meant.intent == "SkipStepIntent" and SKIP_TWO.search(said)):
        # "skip ahead two", "skip this and the next one": past that many steps, not one
        count = Fill(str(SKIP_COUNTS[ahead.group(1)] if ahead else 2), "AMAZON.NUMBER")
        return Understood("SkipStepIntent", {"Count": count}, meant.confidence, meant.how)
    if meant.intent == SET_UP and not meant.slots and (asks := _set_up_asked(said)):
        # "i'm at the rink, can i do it standing": what the question is about
        fill = Fill(asks, "SET_UP_ASK", asks, asks)
        return Understood(SET_UP, {"About": fill}, meant.confidence, meant.how, meant.candidates)
    if meant.intent in (OUT_OF_SCOPE, NOT_UNDERSTOOD) and BACK_ACHING.search(said):
        # "just got off a twelve hour shift and my lower back is killing me":
        # a word of advice and what the skill can do, not "didn't catch that"
        return Understood("DiscomfortIntent", {}, 1.0, "back aching", meant.candidates)
    if meant.intent in (OUT_OF_SCOPE, NOT_UNDERSTOOD) and _acknowledged(said):
        # "ha ok", "okay i will tell him": taken in, the open question again
        return Understood(ACKNOWLEDGED, {}, 1.0, "acknowledged", meant.candidates)
    return meant


def _routine_named(said: str, today: date) -> Fill | None:
    """A routine the words name by one of its names ("the morning one")."""
    fill = resolve_within("ROUTINE_NAME", said, today)
    return fill if fill is not None and fill.id else None


def _set_up_asked(said: str) -> str | None:
    """What a set-up question asks about (content's `set_up` keys)."""
    return next((key for key, words in SET_UP_WORDS if words.search(said)), None)


def _sign_answer(words: list[str], asked: Asked, red: float) -> str | None:
    """At a question naming the signs: a sign said is its yes ("haan, the
    urine thing is there", "yes the bladder one since yesterday"); so is a
    fall of the speaker's told with it ("a bit sore since the fall yeah but
    nothing else"), whatever else is said; a no with only soreness ("nope
    just sore") is its no."""
    if asked.question not in SIGN_QUESTIONS:
        return None
    if red >= RED_FLAG_ASK and not set(words) & (DENIALS | FINE):
        return YES
    fall = any(
        w in FALL_WORDS and not set(words[max(0, i - 3) : i]) & DENIALS for i, w in enumerate(words)
    )
    if fall and not someone_else(words) and not _checked(" ".join(words)):
        return YES  # (a fall a doctor saw is the screen's own rule, below)
    if words[0] in LEADING_NO and set(words[1:]) <= MILD_ONLY:
        return NO
    bare = {w.removesuffix("'s") for w in words}
    mild = bare & {"sore", "stiff", "achy", "tight", "aching", "soreness", "stiffness"}
    if asked.question == "screen" and mild and bare <= MILD_ONLY | {"is", "it's", "feels", "kind"}:
        return NO  # "my back's a bit stiff": stiffness alone, no sign
    return None


def _their_back_only(said: str) -> bool:
    """Someone else's ordinary back pain and nothing more: no word of a sign
    (a sign the content has no name for yet included: "he's on chemo", "short
    of breath"), and nothing of the speaker's ("so do i", "pushed me")."""
    words = said.split()
    back = THEIR_BACK.search(said)
    if back is None or MY_BACK.search(said):
        return False
    # the other person has it, said before it ("my son has back pain"), not
    # its cause ("back pain from carrying my daughter")
    before = said[: back.start()].split()
    if not someone_else(before) or set(before) & CAUSED_BY:
        return False
    rest = THEIR_BACK.sub(" ", said)
    return (
        not could_be_a_sign(rest)
        and not set(rest.split()) & (SERIOUS | (FIRST_PERSON - {"my"}) | {"mine", "we", "us"})
        and not _speaker_has_it(words, said)
    )


# "what was the number again": something the skill said, asked for again
SAID_AGAIN = re.compile(r"\bwhat (?:was|is|was it|is it) (?:the|that|your) \w+ again\b")
# a tip asked for, no routine ("any advice for sitting at a desk all day")
TIP_ASKED = re.compile(r"\b(?:tips?|advice)\b")
ROUTINE_ASKED = re.compile(r"\b(?:routine|stretch|stretches|start|begin|guide|exercises?)\b")


def _asked_again(said: str) -> str | None:
    words = set(said.split())
    if words & {"emergency", "hospital", "urgent", "ambulance", "911", "999", "000", "112"}:
        return "UrgentQuestionIntent"
    if words & {"number", "phone"} and not words & {"step", "steps"}:
        return "BookingIntent"
    return None


def _acknowledged(said: str) -> bool:
    words = said.split()
    return (
        0 < len(words) <= MAX_ACK_WORDS
        and ACK.match(said) is not None
        and not could_be_a_sign(said)
        and not set(words) & (SESSION_WORDS | {"massage", "routine", "stretch", "tip"})
    )


def _understand(text: str, today: date, asked: Asked, of_a_person: bool) -> Understood:
    words, spans = prepare(text, today, lexicon(), str(model().meta["invocation"]))
    if not words:
        return Understood(NOT_UNDERSTOOD, how="empty")
    flag, unflagged, symptomatic = _symptoms(words, spans, today, of_a_person)
    shape = skeleton(words, spans)
    current = model()
    probs = current.probabilities(_biased(current, shape, asked))
    ranked = sorted(probs.items(), key=lambda kv: kv[1], reverse=True)
    # The classifier's red-flag class never decides alone: from RED_FLAG_ASK
    # it asks about the warning signs (below); the rest are ranked as if it
    # were not there.
    rest = max(1e-9, 1.0 - probs.get(RED_FLAG, 0.0))
    ranked = [(k, v / rest) for k, v in ranked if k != RED_FLAG]
    # (a no said first at a question: "no. next stretch", however the weights lean)
    # (and "i meant friday, same time" to "want a reminder?": a correction)
    led_by_no = bool(asked.question) and (words[0] in LEADING_NO or "meant" in words)
    if (ranked[0][0] in (YES, NO) or led_by_no) and not asked.elicit_intent:
        ranked = _yes_or_no(current, shape, spans, asked, words) or ranked
    top = ranked[:5]
    if flag is not None:  # red flags first, always
        alone = _alone(flag, words, spans, today)
        named = _denied_at_screen(
            _named_flag(flag, words, of_a_person, alone, text.lower()), words, asked
        )
        named.candidates, named.skeleton = top, shape
        return named
    if _why_screened(words, asked):  # "why you ask me that numbness question every time"
        # "what do you mean by bowel changes": what the signs are, not a yes
        meant = (
            {"Meant": Fill("meaning", "SCREEN_ASK")} if ASKING_WHAT.search(" ".join(words)) else {}
        )
        return Understood(SCREEN_WHY, meant, 1.0, "why asked", top, shape)
    red = _warning(words, probs.get(RED_FLAG, 0.0), symptomatic)
    hedged = red < RED_FLAG_ASK and asked.question and _hedged(words)
    if ranked[0][0] in (YES, NO) and hedged:
        return Understood(NOT_UNDERSTOOD, {}, ranked[0][1], "hedged", top, shape)
    if (answered := _sign_answer(words, asked, red)) is not None:
        return Understood(answered, {}, 1.0, "sign named", top, shape)
    # (a concern named at a step, "a bruise right where it hurts": its advice)
    concern = _concern_span(words, spans)
    early = None if red >= RED_FLAG_ASK or concern else _early(text, words, asked, ranked[0])
    if early is not None:
        early.candidates, early.skeleton = top, shape
        return early
    said = " ".join(words)
    fixed = _routine_said(said, asked) or _fixed_reading(current, said, spans, (top, shape))
    if fixed is not None:  # "okay i'm ready" once the fillers are off; "cancel the 7 am one"
        return fixed
    elicited = _elicited(words, spans, asked, today, ranked)
    if elicited is not None:
        elicited.candidates, elicited.skeleton = top, shape
        return elicited
    intent, confidence = ranked[0]
    if intent == "DiscomfortIntent" and someone_else(words) and not _speaker_has_it(words, said):
        # "my buddy should try this, he's always complaining about his back"
        return Understood(OUT_OF_SCOPE, {}, confidence, "someone else's", top, shape)
    concerned = concern is not None or intent == CONCERN
    if _off_topic(words, spans, concerned and (unflagged or _news_of_others(words, spans))):
        # "my cat is pregnant", "my sister's pregnant with twins": no one's concern
        return Understood(OUT_OF_SCOPE, {}, confidence, "classifier", top, shape)
    if concern is not None:
        return _concern_said(concern, words, (confidence, top, shape), today)
    if red >= RED_FLAG_ASK and not _score_with_a_comment(words, asked):
        return Understood(WARNING_SIGNS, {}, red, "red flag", top, shape)
    if intent not in ANSWER_LIKE and confidence >= CLEAR_REQUEST and len(words) > 3:
        pass  # a clear request, whatever question is open ("the fourth" is a place)
    elif (answer := _value_answer(words, spans, asked)) is not None:
        answer.confidence, answer.candidates, answer.skeleton = confidence, top, shape
        return answer
    # "is thai dearer than swedish": two prices
    compared = _compared(PRICE if intent in COMPARABLE and COSTS & set(words) else intent, spans)
    if compared is not None:
        compared.confidence, compared.candidates, compared.skeleton = confidence, top, shape
        return compared
    settled, confidence = _settled(intent, words, asked, dict(ranked))
    if confidence < CONFIDENT or not _cued(settled, f"{said} {normalize(text)}"):
        return _unclear(current, words, spans, today, (confidence, top, shape))
    if settled == "OutOfScope":
        return Understood(OUT_OF_SCOPE, {}, confidence, "classifier", top, shape)
    slots = _slots(settled, words, spans, today)
    return Understood(settled, slots, confidence, "classifier", top, shape)


# "Is it urgent?" names care or worry; "should i wait till it calms down
# or is it ok to get one while it's flared up" (a massage) is not that
# question, and the answer to it (the signs that mean go now) would scare.
CARE = frozenset(
    {"doctor", "doctors", "gp", "er", "a&e", "emergency", "hospital", "urgent", "urgently"}
    | {"ambulance", "physio", "physiotherapist", "nurse", "clinic", "serious", "seriously"}
    | {"worried", "worry", "worrying", "dangerous", "someone", "somebody", "checked", "seen"}
    | {"medical", "help", "911", "999", "112", "e", "casualty", "surgery", "walk", "looked"}
    | {"emerg"}  # Canadian for the emergency department
)
# "remind me 4 hours before my massage": a lead of any count (REMINDER_LEAD ids
# hours_N and minutes_N)
HOURS_AHEAD = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|forty five) (hours?|hrs?|minutes?|mins?) (?:before|ahead|earlier|prior)\b"
)
THINGS_FOR_A_BACK = frozenset(
    {"chair", "desk", "mattress", "pillow", "bed", "shoes", "seat", "sofa", "backpack", "bag"}
)
# "do i need a doctor right now", "should i ring 111", "is this an ed thing":
# whether to get care now, asked outright (a tip's topic words are in it)
URGENT_ASKED = re.compile(
    r"\b(?:do i need|i need|should i (?:go to|see|call|ring|phone|get)|is (?:this|it) an?)\b"
    r"(?: \w+){0,4} (?:doctor|gp|er|ed|a&e|hospital|emergency|emerg|urgent care|111|811|911|999|000"
    r"|healthdirect|ambulance)\b"
)
ROUTINE_STOPPED = re.compile(
    r"(?:stop|end|quit|finish|cancel) (?:the|this|these|my) "
    r"(?:stretches|stretch|stretching|routine|exercises?|workout|session)(?: now| for now)?"
)
HEAT_OR_ICE = re.compile(
    r"\b(?:heat|hot|warm|warmth|heating)\b(?: \w+)? or (?:an? )?(?:ice|cold)\b"
    r"|\b(?:ice|cold)\b(?: \w+)? or (?:an? )?(?:heat|hot|warm|warmth|heating)\b"
)
TIP_OFFERS = frozenset({"tip_offer", "another_tip"})
# "which ones do you know", "what are my options" at a choice: the list
OPTIONS_ASKED = re.compile(
    r"\b(?:which (?:ones|all|kinds|types)|what (?:are )?(?:my |the )?options|what (?:ones|kinds"
    r"|types|sorts)(?: of \w+)? (?:do you|are there|have you|you have|can i)"
    r"|what(?:'s| is) in (?:each|them|each of them)|what (?:do you|have you) got)\b"
)
OPTIONS_OF = {"massage_name": "ListMassageIntent", "which_routine": "ListRoutinesIntent"}
CANCELLING = re.compile(r"\b(?:cancel|delete|remove|get rid of|turn off|drop|scrap)\b")
# a word that takes in what was said, with a little more ("ha ok", "okay i'll
# tell him", "fair enough"), when nothing else is understood
ACK = re.compile(
    r"(?:ha |haha |lol |oh )?(?:ok|okay|alright|all right|right|cool|fair enough|got it|noted"
    r"|i see|great|nice|good to know|no worries|gotcha|understood|makes sense|thanks|cheers)\b"
)
MAX_ACK_WORDS = 7
# the user's own back told as aching (the upper back and neck too: "my upper
# back and neck are killing me")
# pain in a leg, said outside a step with a question about going on
LEG_PAIN = re.compile(
    r"\b(?:leg|legs|calf|thigh)(?: has been| is| has| keeps)? (?:\w+ )?"
    r"(?:hurts?|hurting|aches?|aching|pains?|paining|sore)\b"
    r"|\b(?:pain|ache|aching|pains)\b(?: \w+)? (?:in|down) (?:my|the) (?:leg|legs|calf|thigh)\b"
    r"|\bleg pain\b"
)
# a massage moved "from tuesday to wednesday": the day after "to"
FROM_TO = re.compile(
    r"\bfrom (?:this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|today|tomorrow) to ((?:this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|tomorrow))\b"
)
# a fall seen to that still says harm: never only asked about
STILL_HURT = frozenset(
    {"broke", "break", "broken", "crack", "cracked", "fracture", "fractured", "head", "walk"}
    | {"walking", "worse", "severe", "bad", "agony", "ribs", "rib", "bleeding", "numb"}
)
# an animal a sign is said of ("my dog lost weight"; not "tripped over the
# dog and fell"): no one the skill advises
PET_SAID = re.compile(
    r"\b(?:my|our|the|his|her)(?: old| little)? (?:dog|puppy|pup|cat|kitten|horse|pony|rabbit"
    r"|bunny|parrot|hamster|pet)(?:'s)? (?:has|had|is|was|lost|keeps|got|seems|has been|won't"
    r"|can't|isn't)\b"
)
# "fine, what about the desk break one": a routine named as the one wanted
WHAT_ABOUT = re.compile(r"^(?:(?:fine|ok|okay|well|so|right|alright) )*(?:what|how) about\b")
SEVERE = frozenset(
    {"agony", "killing", "unbearable", "excruciating", "worst", "severe", "months", "weeks"}
    | {"years", "terrible", "awful", "screaming"}
)
# what the skill has for it, asked: "what have you got", "anything for that"
WHAT_HELPS = re.compile(
    r"\bwhat (?:have you got|you got|have you|do you have|can you do|do you suggest"
    r"|would you suggest|do you recommend|would you recommend|should i do|can i do|helps?)\b"
    r"|\banything (?:for (?:it|that|this)|that helps|to help)\b|\bany (?:ideas|suggestions)\b"
)
BACK_ACHING = re.compile(
    r"\b(?:my|me) (?:lower |low |upper |mid |middle )?back(?: and neck| and shoulders)?"
    r"(?:'s| is| are| has been| have been| been)? (?:\w+ ){0,2}(?:killing me|aching"
    r"|sore|stiff|hurting|playing up|giving me grief|in bits|wrecked|toast|agony|stuffed"
    r"|rooted|buggered|knackered|cooked|crook)\b"
    r"|\bmy (?:lower |low |upper |mid |middle )?back (?:hurts|aches)\b"
    r"|\bmy neck and (?:upper )?back (?:are |is )?(?:\w+ ){0,2}(?:killing me|aching|sore|stiff"
    r"|hurting|hurt|ache)\b"
)
MUSIC = re.compile(
    r"\b(?:play|put on|turn on|stream|queue up)\b(?: \w+){0,3} "
    r"(?:music|songs?|playlist|radio|podcast|spotify|tunes|audiobook)\b"
)
PLAYS_INSTEAD = frozenset(
    {"StartRoutineIntent", "AMAZON.ResumeIntent", "AMAZON.NextIntent", "ListRoutinesIntent"}
)
# someone else's back trouble ("my wife's back hurts", "he has a bad back")
THEIR_BACK = re.compile(
    r"\b(?:lower |low )?back ?(?:pain|ache|aches|problems?|issues?|trouble|hurts|hurting)\b"
    r"|\b(?:bad|sore|stiff|dodgy|crook|painful|aching|tight) (?:lower )?back\b"
    r"|\b(?:his|her|their|'s) (?:lower |low )?back(?:'s| is)? (?:\w+ )?(?:killing|sore|stiff|bad"
    r"|aching|playing up|hurting|giving)\b"
)
DAY_OF_IT = re.compile(
    r"\b(?:same day as|the day of|the morning of|on the day of) (?:the|my) "
    r"(?:massage|session|appointment|booking)\b"
)
TO_THE_LAST = re.compile(
    r"\b(?:skip|go|jump|move|take me|get)(?: \w+)? to the (?:last|final) (?:one|step|stretch)$"
    r"|^(?:no )?i said the (?:last|final) (?:one|step|stretch)$"
    r"|\bjust (?:go|skip|jump) to the (?:last|final) (?:one|step|stretch)$"
)
SKIP_COUNTS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
SKIP_AHEAD = re.compile(
    r"\b(?:ahead|forward|on|skip|past) (two|three|four|2|3|4)\b"
    r"(?: steps| stretches| of them| ones)?$"
)
# "next" as a speech recogniser may write it, said alone at a step ("neck"
# is not: it may be where it hurts)
NEXT_MISHEARD = frozenset({"necks", "nex", "nexts", "next's", "text", "knex", "nexxt"})
# a routine's step said again or picked up: never when a skip is said with it
REDOES = frozenset({"AMAZON.ResumeIntent", "AMAZON.RepeatIntent", "AMAZON.StartOverIntent"})
# the step asked for again ("can you do that one again", "one more go")
AGAIN_SAID = re.compile(
    r"\b(?:do|try|have) (?:it|that|this|that one|this one|the step|the stretch) again\b"
    r"|\bone more (?:go|time|try)\b|\b(?:again|once more) (?:please )?$"
)
STEPPING = REDOES | {"SkipStepIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent"}
SKIP_SAID = re.compile(r"\b(?:skip|skipping|miss|miss out|leave out|pass on|without the|not the)\b")
KEEP_SAID = re.compile(
    r"\b(?:don't|dont|do not|no need to|won't|without|let's not|i'd rather not) (?:skip|skipping)\b"
)
# "skip this one and the next one too": two steps
SKIP_TWO = re.compile(
    r"\bskip (?:this|that|the)(?: one| step| stretch)? and (?:the )?next(?: one| step| stretch)?\b"
)
# what a set-up question is about, first match wins (a chair or ball lacked
# before a chair or a bed named)
SET_UP_WORDS = (
    (
        "no_chair",
        re.compile(
            r"\b(?:no|don't have a|haven't got a|without a|got no) (?:\w+ )?chairs?\b"
            r"|\b(?:wheels|wheelie chair|swivel chair|office chair)\b"  # "my chair's got wheels"
        ),
    ),
    (
        "no_ball",
        re.compile(r"\b(?:no|don't have a|haven't got a|without a|got no) (?:tennis )?balls?\b"),
    ),
    ("bed", re.compile(r"\b(?:bed|couch|sofa|mattress)\b")),
    ("standing", re.compile(r"\b(?:standing|stand up|stand|on my feet)\b")),
    ("mat", re.compile(r"\b(?:mat|yoga mat|rug|carpet)\b")),
)
# soreness said with a no at the warning signs ("nope just sore"): no sign
MILD_ONLY = frozenset(
    {"just", "a", "bit", "little", "only", "the", "usual", "my", "back", "normal", "of"}
    | {"sore", "stiff", "achy", "tight", "tired", "aching", "soreness", "stiffness", "thanks"}
)
# where someone else's back pain may be told and get a tip for them: no
# question open about the user's own health or a routine's step
THEIR_BACK_QUESTIONS = frozenset({None, "tip_offer", "another_tip", "massage_more", "booking"})
# words of a health matter beyond an ordinary sore back, said of anyone
SERIOUS = frozenset(
    {"chemo", "chemotherapy", "cancer", "tumour", "tumor", "steroids", "steroid", "prednisone"}
    | {"transplant", "hiv", "aids", "immune", "immunity", "breath", "breathing", "chest"}
    | {"wobbly", "unsteady", "dizzy", "faint", "fainted", "lying", "night", "nights", "sleep"}
    | {"peeing", "pee", "wee", "bladder", "bowel", "bowels", "toilet", "numb", "numbness"}
    | {"tingling", "tingly", "saddle", "groin", "fever", "temperature", "weight", "fell"}
    | {"fall", "crash", "accident", "pushed", "hit", "injury", "injured", "pulsing", "belly"}
    | {"tummy", "stomach", "weak", "weakness", "worse", "worst", "agony", "unbearable"}
    | {"blood", "drugs", "inject", "surgery", "operation", "osteoporosis", "fracture"}
)
CAUSED_BY = frozenset({"from", "after", "carrying", "lifting", "holding", "picking", "gave"})
MY_BACK = re.compile(
    r"\bmy (?:lower |low )?back\b|\b(?:i|we)(?: both)? (?:have|got)\b|\b(?:i've|we've)\b"
)
CHECKING_GONE = re.compile(
    r"\b(?:gone|cancelled|canceled|deleted|removed|off)\b.*\b(?:right|yeah|correct|isn't it"
    r"|hasn't it|yes)$|^(?:so )?(?:is|has|was|did|have|will) (?:the|my|that|you|it|both)\b"
)
ACKNOWLEDGED = "AcknowledgedIntent"
# a greeting and nothing else: greeted back, then the open question again
HOW_ARE_YOU = (
    r"(?:how are you(?: doing)?(?: today| this morning)?|how's it going|how are things"
    r"|how (?:are |r )?(?:ya|you) going|how have you been|how do you do|what's up"
    r"|how (?:are |r )?(?:ya|you) (?:doing|going) (?:today|mate)|how's things|you alright)"
)
GREETING = re.compile(
    r"(?:(?:hi|hello|hey|hiya|howdy|namaste|g'day|good (?:morning|afternoon|evening|day)"
    r"|morning|evening)(?: there| mate| alexa| coach| back care coach)? ?)?"
    rf"{HOW_ARE_YOU}?"
    # "alright mate, how's it going" ("alright" is a filler): alright alone is a yes
    rf"|(?:alright )?(?:mate|there) {HOW_ARE_YOU}"
)
# the whole line a sign the reply was not heard ("what", "huh", "eh?")
NOT_HEARD = re.compile(r"(?:sorry )?(?:what|huh|eh|what was that|you what)(?: sorry| again)?")
# who the skill is, asked with or without a greeting: "hello is this the back lady"
IDENTITY = re.compile(
    r"(?:(?:hi|hello|hey|hiya|g'day|good (?:morning|afternoon|evening))(?: there)? )?"
    r"(?:(?:is this|is that|are you|am i (?:talking|speaking) (?:to|with)) (?:the |a )?"
    r"(?:back (?:care )?(?:coach|lady|man|guy|person|app|skill)|massage (?:place|studio|people"
    r"|app|skill|coach)|coach)"
    r"|who (?:am i (?:talking|speaking) (?:to|with)|are you|is this|is that)|what are you"
    r"|what is this (?:thing|app|skill))(?: then| exactly| again)?"
)
# whether the skill is a doctor or a person: it is neither, and says so
PROFESSION = re.compile(
    r"(?:(?:so|um|wait|hey) )*(?:are you|is this|am i (?:talking|speaking) (?:to|with)) (?:a |an )?"
    r"(?:real |actual |qualified |proper )?(?:doctor|gp|physio|physiotherapist|therapist"
    r"|massage therapist|nurse|chiropractor|medical professional|person|human|robot|bot|ai"
    r"|computer|machine)(?: or (?:a |an )?(?:robot|bot|ai|computer|machine|person|human|what))?"
    r"(?: (?:by the way|btw|then|though|actually|or not|really))*"
)
# the user says they'll have it checked: "i think i'll ring my midwife just in case"
GETTING_CHECKED = re.compile(
    r"(?:(?:ok|okay|right|alright|yeah|well) )*(?:i think |maybe )?"
    r"(?:i'll|i will|i'm going to|i'm gonna|i'm gonna go and|i'll go and|i'd better|i better"
    r"|i should|i'm calling|i'm ringing|i'll just) (?:call|ring|phone|see|go to|contact|speak to"
    r"|talk to|check with|message|book in with) (?:my|the|a|our) (?:midwife|doctor|gp|physio"
    r"|physiotherapist|nurse|obstetrician|ob|ob gyn|chiropractor|osteopath|surgeon|specialist"
    r"|hospital|clinic|maternity unit|health visitor)(?: (?:then|now|today|tomorrow|first"
    r"|just in case|to be safe|to be sure|about it|about that))*"
)
# the last words after the step: "...so next", "anyway, next one please"
NEXT_SAID = re.compile(
    r"\b(?:so|okay|ok|right|alright|anyway|and|then) next(?: one| step)?(?: please)?$"
)
# the last words at "say ready when you're in position"
READY_SAID = re.compile(
    r"\b(?:i'm |i am |we're |all )?(?:ready|set|in position|good to go)(?: now| then| coach)?$"
)
# said with the set-up and "ready" or "resume", what keeps the step waiting:
# tightening, a knee gone funny (a step goes on only on plain words)
NOT_ONWARD = frozenset(
    {"tight", "tightening", "tightens", "hard", "funny", "weird", "odd", "strange", "wrong"}
    | {"bleeding", "blood", "spotting", "leaking", "waters", "contractions", "cramping"}
)
# the last words after a pause: on with the step ("...put a cushion down, resume")
RESUME_SAID = re.compile(r"\b(?:resume|carry on|continue|keep going)(?: now| then| please)?$")
# a routine put off: "nope, i'll do the stretches later"
LATER = re.compile(r"\b(?:later|tomorrow|another time|some other time|next time|after work)\b")
THE_ONE = re.compile(r"^(?:the|my|that) |(?: one| reminder)$")
# "don't cancel the 7 am one", "keep the 7 am one", "all except the 7 am one"
ANOTHER = frozenset({"also", "another", "second", "add", "extra", "too", "additional"})
KEEPING = frozenset({"don't", "dont", "not", "keep", "except", "but", "apart", "besides"})
REMINDED = frozenset({"one", "reminder", "reminders", "alarm", "nudge", "nudges"})
SESSION_WORDS = frozenset({"massage", "appointment", "session", "booking"})
# words that ask how urgent, besides CARE's: without any, no urgency is asked
URGENCY = frozenset(
    {"wait", "waiting", "bad", "sign", "signs", "concerned", "concerning", "now", "tonight"}
    | {"today", "tomorrow", "normal", "ok", "okay", "alright", "fine", "safe", "call"}
)
# a back-care tip's subjects asked as a choice ("heat or ice", "move or rest")
ADVISED = frozenset(
    {"heat", "ice", "cold", "hot", "rest", "resting", "moving", "active", "walk", "walking"}
    | {"bed", "exercise", "exercising", "sit", "sitting", "lift", "lifting", "sleep"}
)
A_MASSAGE = frozenset({"massage", "massages", "one", "book", "booking", "appointment", "session"})


def _concern_said(
    concern: Span,
    words: list[str],
    reading: tuple[float, list[tuple[str, float]], str],
    today: date,
) -> Understood:
    """A safety concern named outright (surer than the classifier's guess);
    said as none ("i am not pregnant"), or of someone else ("my wife is
    pregnant, can she have a massage": the advice, for them)."""
    confidence, top, shape = reading
    fill = _custom("SAFETY_CONCERN", concern)
    if fill is not None and _said_as_none(words, concern.start):
        asked_too = top[0] if top else ("", 0.0)
        if asked_too[0] in SECOND and asked_too[1] >= SECOND_SURE:
            # "i'm not on blood thinners no so which would you recommend":
            # the request (nothing of a concern none has is kept), with what
            # the words after the concern name ("...the steps in the desk break")
            rest = understand(" ".join(words[concern.end :]), today)
            if rest.intent == asked_too[0]:
                return rest
            return Understood(asked_too[0], {}, asked_too[1], "classifier", top, shape)
        return Understood(NO_CONCERN, {"Concern": fill}, 1.0, "concern", top, shape)
    slots = {"Concern": fill} if fill else {}
    if someone_else(words) and not set(words) & SPEAKER_SUBJECT:
        slots["Person"] = Fill("someone", "PERSON")
    return Understood(CONCERN, slots, max(confidence, CONCERN_SURE), "concern", top, shape)


def _concern_span(words: list[str], spans: list[Span]) -> Span | None:
    """The safety concern named outright; of two, the one said as had ("i'm
    not pregnant but i have osteoporosis")."""
    concerns = [s for s in spans if "SAFETY_CONCERN" in s.kinds and stands_alone(words, s)]
    had = next((s for s in concerns if not _said_as_none(words, s.start)), None)
    return had or next(iter(concerns), None)


def _why_screened(words: list[str], asked: Asked) -> bool:
    """ "Why do you keep asking me that?" of the safety question: at it, or
    naming it; not when a sign is said with it ("why do you ask, i do have
    some numbness" is a yes)."""
    said = set(words)
    if asked.question in SIGN_QUESTIONS and ASKING_WHAT.search(" ".join(words)):
        return True  # "what counts as bladder changes": a question about the question
    if not WHY_ASKED.search(" ".join(words)):
        return False
    if asked.question in SIGN_QUESTIONS:
        return not said & SIGNS or bool(said & {"question", "questions"})
    return bool(said & SCREEN_WORDS)


def _none_then_next(words: list[str], asked: Asked | None, today: date) -> bool:
    """At a step, a concern said as none, then "next"."""
    if asked is None or asked.question not in STEP_QUESTIONS or words[-1:] != ["next"]:
        return False
    if set(words) & DOUBTING:  # "i'm not pregnant but i might be, next"
        return False
    spans = lexicon().find(words, today)
    concerns = [s for s in spans if "SAFETY_CONCERN" in s.kinds]
    return bool(concerns) and all(_said_as_none(words, s.start) for s in concerns)


def _said_as_none(words: list[str], start: int) -> bool:
    """ "i'm not pregnant", "i'm not on warfarin", "i don't have
    osteoporosis", "no longer on blood thinners": the concern just after
    its denial ("no, i'm pregnant" and "not sure i'm pregnant" are not)."""
    before = words[max(0, start - 2) : start]
    return before[-1:] in (["not"], ["never"]) or before in DENIED_BEFORE


def _settled(
    intent: str, words: list[str], asked: Asked, probs: dict[str, float]
) -> tuple[str, float]:
    """The classifier's intent, with what its words plainly say over it, and
    how sure it is (the intent the words say takes its own share too)."""
    if URGENT_ASKED.search(" ".join(words)) and not set(words) & A_MASSAGE:
        return "UrgentQuestionIntent", 1.0  # "do i need a doctor right now"
    if ROUTINE_STOPPED.fullmatch(" ".join(words)):
        return STOP_INTENT, 1.0  # "stop the stretches"
    if HEAT_OR_ICE.search(" ".join(words)):
        return "TipIntent", 1.0  # "is heat or ice better for a sore back": not hot stones
    if asked.question in OPTIONS_OF and OPTIONS_ASKED.search(" ".join(words)):
        return OPTIONS_OF[asked.question], 1.0  # "which ones do you know" at "which massage?"
    settled = _said_plainly(intent, words, asked)
    if settled == "PaymentIntent" and COVERED.search(" ".join(words)):
        settled = STUDIO_QUESTION  # "do you take insurance": the profile does not say
    share = probs.get(settled, 0.0) if settled != intent else 0.0
    return settled, probs.get(intent, 0.0) + share


def _said_plainly(intent: str, words: list[str], asked: Asked) -> str:
    said = set(words)
    if intent == "UrgentQuestionIntent" and said & A_MASSAGE and not said & CARE:
        return NOT_UNDERSTOOD
    if intent == "UrgentQuestionIntent" and not said & (CARE | URGENCY):
        # "should i use heat or ice", "keep moving or rest it": advice
        # asked, not how urgent something is
        return "TipIntent" if said & ADVISED else NOT_UNDERSTOOD
    if asked.question in CHOICES and intent == NUMBER and not _numbers(words):
        return CHOICES[asked.question]  # "the one at my desk": no place said, a name
    if intent == "RecommendMassageIntent" and said & THINGS_FOR_A_BACK and not said & A_MASSAGE:
        return "TipIntent"  # "what sort of chair is best for my back": a tip, no massage
    if intent == "StartRoutineIntent" and said & REMINDER_WORDS and not said & SESSION_WORDS:
        return "StretchReminderIntent"  # "nag me to do my exercises every evening"
    moved = said & {"move", "moved", "shift", "push", "reschedule", "switch"}
    if intent == "CancelRemindersIntent" and moved and not CANCELLING.search(" ".join(words)):
        # "can you move the reminder to thursday evening": moved, never cancelled
        stretch = said & {"stretch", "stretching", "stretches", "exercise", "exercises", "daily"}
        return "StretchReminderIntent" if stretch else SESSION_REMINDER
    if intent == "CancelRemindersIntent" and "remind" in said and said & {"instead", "change"}:
        return "StretchReminderIntent"  # "stop the 7 one and remind me at 9 instead": moved
    if intent in REMINDING and CANCELLING.search(" ".join(words)) and not said & NEW_TIME:
        return "CancelRemindersIntent"  # "cancel the wednesday reminder": not a new one
    if intent == "SkipStepIntent" and "again" in words and not set(words) & SKIPPING:
        return "AMAZON.RepeatIntent"  # "can we do that stretch again": the same one
    if (
        intent == "StartRoutineIntent"
        and said & PARTS_OF_DAY
        and said & {"before", "at"}
        and not said & ROUTINE_WORDS
    ):
        return NOT_UNDERSTOOD  # "the evening before at 7": a time, not the evening routine
    return intent


def _unclear(
    current: Model,
    words: list[str],
    spans: list[Span],
    today: date,
    reading: tuple[float, list[tuple[str, float]], str],
) -> Understood:
    """Not understood, unless a long line holds one clear question."""
    confidence, top, shape = reading
    said = " ".join(words)
    within = _within(current, shape, said) if len(words) >= LONG_LINE else None
    if within is None:
        return Understood(NOT_UNDERSTOOD, {}, confidence, "classifier", top, shape)
    intent, sure = within
    return Understood(intent, _slots(intent, words, spans, today), sure, "within", top, shape)


# Over about fifty with new back pain: the sources' see-soon list (a weaker
# sign alone; new pain can come from other organs). Said with an age.
OLDER = re.compile(
    r"\b(?:i'm|i am|im|aged|age|at|is|he's|she's|he is|she is|turned|i'm a|she's a|he's a) "
    r"(?:(?:over|nearly|almost|about|past|turning) )?"
    r"(?:fifty|sixty|seventy|eighty|ninety|[5-9]\d)\b"
    r"|\b(?:in my|over) (?:fifties|sixties|seventies|eighties|nineties|fifty|sixty|seventy)\b"
)
NEW_PAIN = re.compile(
    r"\b(?:new|brand new|sudden)(?: (?!for\b|to\b|with\b|in\b|about\b)[\w']+){0,2}"
    r" (?:pain|ache|backache)\b"
    r"(?! (?:routine|relief|stretch|stretches|massage|tips?|exercises?|advice|treatments?"
    r"|remed\w+|options|ideas|products))"
    r"|\b(?:pain|ache|backache|it)(?: [\w']+){0,3} (?:is|it's|feels)"
    r" (?:brand |totally |completely )?new\b"
    r"|\bfirst time\b(?: [\w']+){0,5} (?:pain|ache|backache|back pain|back ache|bad back"
    r"|back (?:has |is )?(?:hurt|hurting|hurts|ached|aching))\b"
    r"|\bnever (?:ever )?had\b(?: [\w']+){0,3} (?:pain|ache|backache|back pain|bad back"
    r"|back trouble|back problems)\b"
    r"|\b(?:pain|ache|backache)(?: [\w']+){0,2} (?:just|only) started"
    r" (?:this|last|yesterday|today|a few|two|three)\b"
    r"|\b(?:pain|ache|backache|back)\b.{0,40}\b(?:out of nowhere|out of the blue)\b"
)
OLDER_NEW_PAIN = Fill("new back pain over about fifty", "RED_FLAG", "new_pain_older", None)


# new pain said as not new ("it's not the first time", "no new pain")
NOT_NEW = re.compile(
    r"\bno new (?:back )?pain\b|\b(?:isn't|is not|not|wasn't) (?:a )?new (?:back )?pain\b"
    r"|\b(?:it's|it is|is) not new\b|\bisn't new\b|\bnot the first time\b|\bnothing new\b"
)
# the new pain another's ("my husband has new back pain")
THEIR_PAIN = re.compile(
    r"\b(?:his|her|their)(?: [\w']+){0,2} (?:pain|back)\b|\b(?:wife|husband|partner|dad|mum"
    r"|mom|mother|father|son|daughter|friend|brother|sister)(?:'s got| has| has got| is having)\b"
)


def _older_new_pain(said: str) -> bool:
    """ "i'm seventy two and this back pain is brand new": said of the
    speaker or another (whose is read after, as for any sign); not when the
    age is the speaker's and the pain someone else's."""
    older = OLDER.search(said)
    if older is None or NOT_NEW.search(said) or not NEW_PAIN.search(said):
        return False
    # "i'm 70, my husband has new back pain": the age mine, the pain his
    return not (older.group(0).startswith(("i'm", "i am", "im ")) and THEIR_PAIN.search(said))


def _symptoms(
    words: list[str], spans: list[Span], today: date, of_a_person: bool
) -> tuple[Fill | None, bool, bool]:
    """(the red flag named, if it is someone's; whether the words are no
    one's symptom; whether they could say a symptom at all: the classifier's
    red-flag class counts only then, "sort of" is no alarm)."""
    unflagged = not of_a_person and of_no_person(words)
    # "weight loss tips" is no flag, but another said with it still is
    skip = frozenset({"weight_loss"}) if meant_loss(words) else frozenset()
    said = " ".join(words)
    if ALL_CLEAR.search(said) and not _back_named(words):
        # "i had cancer years ago but i'm all clear now, just after a
        # stretch": the request stands (a routine's screen asks the signs)
        skip |= {"cancer_history"}
    flag = None if unflagged else _red_flag_value(words, spans, today, skip)
    if flag is None and not unflagged and _older_new_pain(said):
        flag = replace(OLDER_NEW_PAIN, name=OLDER_NEW_PAIN.value)
    bare = {w.removesuffix("'s") for w in words}  # "my bladder's": bladder
    symptomatic = bool(bare & _flag_words()) and not unflagged and not (skip and flag is None)
    return flag, unflagged, symptomatic


def _yes_or_no(
    current: Model, shape: str, spans: list[Span], asked: Asked, words: list[str]
) -> list[tuple[str, float]] | None:
    """A yes or no said with more: the request it carries, or (a "no" that
    corrects what was just done, "no i meant just today", at "anything
    else?") not goodbye: asked again, the session stays open."""
    said = " ".join(words)
    # (a day said as not it, "no not sunday", is no new day; "not thursday,
    # i meant friday" says one)
    dated = sum(1 for s in spans if {"DATE", "TIME", "BUSINESS_DAY"} & set(s.kinds))
    when_said = dated > len(NOT_THAT.findall(said))
    # "oh shoot no i meant friday", "negative, next week tuesday": the no
    # among the first words; with nothing open, a fix said as one, or short
    led = set(words[:3]) & (LEADING_NO | {"wait", "oh", "negative", "sorry"}) or "i meant" in said
    inside = {
        i
        for sp in spans
        if {"DATE", "TIME", "BUSINESS_DAY"} & set(sp.kinds)
        for i in range(sp.start, sp.end)
    }
    bare = all(w in FIX_WORDS for i, w in enumerate(words) if i not in inside)
    bare = bare and not set(words) & ASKED_OF_A_DAY  # "no, the hours on sunday"
    fixing = FIXING.search(said) or bare
    if (
        led
        and when_said
        and (asked.question == "session_reminder" or (not asked.question and fixing))
    ):
        # "wait no, this thursday, the tenth" to "want a reminder?" just after
        # the massage was noted, "no it's thursday at 2:30, fix that" to
        # "anything else?": its day or time corrected, not "no" or goodbye
        return [("MoveSessionIntent", 1.0)]
    ranked = _request_with_yes(current, shape, spans, asked)
    if ranked is not None or asked.question is not None:
        return ranked
    if CORRECTION.search(said) or NOT_THAT.search(said):
        return [(NOT_UNDERSTOOD, 1.0)]
    return None


def _request_with_yes(
    current: Model, shape: str, spans: list[Span], asked: Asked
) -> list[tuple[str, float]] | None:
    """ "okay yes let's do a routine instead", "yeah let's do the desk
    break": a clear request said with the yes is served, not taken as the
    answer; naming what it is about makes it clear. None: it is the answer."""
    head, _, tail = shape.partition(" ")
    if head == "not" and tail.split()[:1] in (["yet"], ["now"], ["today"]):
        head, tail = "no", tail.partition(" ")[2]  # "not yet, can we do a stretch now"
    if head in LEADING_NO:  # "no thanks, tell me a joke": the thanks goes with the no
        tail = THANKED.sub("", tail)
    corrected = CORRECTING.match(shape)
    # "no. next stretch" to "another tip?": the no closes the offer, the
    # request is what they want (not at the safety screen: a no there is
    # its answer, and the request waits for it)
    declined = (
        head in LEADING_NO
        and asked.question not in SIGN_QUESTIONS
        and not set(tail.split()) & NOT_A_REQUEST  # "no don't cancel", "no more ta"
    )
    if corrected or (head in LEADING_YES and len(tail.split()) >= 3) or declined:
        # "okay yes let's do a routine instead", "no wait, actually the
        # evening one": what follows the yes or the correction, alone
        tail = corrected.group(1) if corrected else tail
        after = _plain(current, tail)
        first, clear = max(after.items(), key=lambda kv: kv[1])
        takes = {token(t) for t in _schema(first).values()}
        correcting = corrected is not None and bool(takes & set(tail.split()))
        # after a no, "next" or "carry on" is a request of its own
        answers = ANSWER_LIKE - ONWARD_INTENTS if declined and not corrected else ANSWER_LIKE
        if declined and not corrected and not DECLINING.match(tail):
            answers -= {"OutOfScope"}  # "nah, tell me a joke": said it can't, not "okay"
        if declined and not corrected:
            answers |= {STOP_INTENT, "AMAZON.CancelIntent"}  # "no, i'm done": the no says it
        sample = current.meta.get("samples", {}).get(tail)
        if isinstance(sample, str) and sample not in answers:
            return [(sample, 1.0)]  # "no. next stretch": a sample of its own, whatever the weights
        # a request said at length after the no is what they want instead
        instead = (
            declined
            and asked.question not in STEP_QUESTIONS  # "no, it feels wrong, what's next"
            and clear >= DECLINED_SURE
            and len(tail.split()) >= 4
            and not DECLINING.match(tail)  # "nope i'll do the stretches later": why not
        )
        if first not in answers and (
            clear >= CLEAR_REQUEST or (correcting and clear >= 0.5) or instead
        ):
            return [(first, clear), *((k, v) for k, v in after.items() if k != first)]
    if head in LEADING_NO and asked.question in SIGN_QUESTIONS:
        return None  # "no nothing like that, tell me a tip": the no answers the signs first
    plain = _plain(current, shape)
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
            return [(request, max(sure, REQUEST_AT_QUESTION)), *rest]
    return None


def _within(current: Model, shape: str, said: str) -> tuple[str, float] | None:
    """A long, chatty line ("oh hello dear, my granddaughter set this up,
    i wanted to ask what sorts of massage there are") whose whole is unclear:
    the one question that some run of its words asks clearly, if only one does."""
    tokens = shape.split()
    found: dict[str, float] = {}
    for size in range(WINDOW[0], min(WINDOW[1], len(tokens) - 1) + 1):
        for start in range(len(tokens) - size + 1):
            part = _plain(current, " ".join(tokens[start : start + size]))
            intent, sure = max(part.items(), key=lambda kv: kv[1])
            if sure >= WINDOW_SURE and intent in ASKING and _cued(intent, said):
                found[intent] = max(found.get(intent, 0.0), sure)
    if len(found) != 1:
        return None  # nothing clear, or two requests: asked again
    return next(iter(found.items()))


def _plain(current: Model, shape: str) -> dict[str, float]:
    """The classifier's reading with its red-flag class left out."""
    plain = current.probabilities(current.logits(shape))
    share = max(1e-9, 1.0 - plain.pop(RED_FLAG, 0.0))  # never a red flag alone
    return {k: v / share for k, v in plain.items()}


def _warning(words: list[str], red: float, symptomatic: bool) -> float:
    """How much the words sound like a warning sign no value names."""
    bare = {w.removesuffix("'s") for w in words}
    if bare & WARNING_WORDS and not of_no_person(words):
        return max(red, RED_FLAG_ASK)  # "my bladder is acting up": always asked about
    if IN_WAVES.search(" ".join(words)) and bare & (HURTING | {"pain", "tightening", "cramps"}):
        return max(red, RED_FLAG_ASK)  # "the pain comes in waves": asked (labour's sign too)
    if COULD_NOT_PEE.search(" ".join(words)):
        return max(red, RED_FLAG_ASK)  # "after the last massage i couldn't pee": asked
    if not symptomatic:
        return 0.0
    plain = NIGHT_WORK.sub(" ", " ".join(words))  # a shift worked at night: no night pain
    if BACK_ACHING.search(plain) and not set(BACK_ACHING.sub(" ", plain).split()) & _flag_words():
        return 0.0  # "off a twelve hour night shift and my back is killing me": an ache, told
    if (bare & EXERTION or "leg day" in " ".join(words)) and bare & TIRED:
        return 0.0  # "legs dead tired after a ten k run": tired, not a warning sign
    return red


# requests whose slots are all optional: the classifier's second reading
# stands alone when its first is a yes that answers nothing
UNASKED_INSTEAD = frozenset({"TipIntent", "ProgressIntent", "ListRoutinesIntent"})
UNASKED_INSTEAD |= {"ServicesIntent", "HoursIntent", "LocationIntent", "BookingIntent"}


def _no_yes_unasked(meant: Understood) -> Understood | None:
    if meant.intent != YES or meant.how != "classifier" or len(meant.candidates) < 2:
        return None
    second, sure = meant.candidates[1]
    if second not in UNASKED_INSTEAD or sure < CONFIDENT - 0.2:
        return None
    return Understood(second, {}, sure, "classifier", meant.candidates)


def _felt_with_concern(meant: Understood, said: str, asked: Asked | None) -> Understood | None:
    """ "i feel dizzy, i'm pregnant" mid-step: the concern, said with unease
    (`Felt`): the step stops, with the concern's advice (the routines
    room's LegAtStepHandler)."""
    if asked is None or asked.question not in STEP_QUESTIONS:
        return None
    if meant.intent != CONCERN or not meant.slots:
        return None
    if not _felt(_not_of_unease(said).split()) & UNEASE:
        return None
    return replace(meant, slots={**meant.slots, "Felt": Fill("yes", "")})


# how to do the step, asked mid-step ("should my knees be straight or bent")
HOW_ASKED = re.compile(
    r"^(?:(?:wait|um|so|ok|okay|and|hang on) )*(?:should (?:i|my)|do i|how (?:do|should|far|much) i"
    r"|am i (?:supposed|meant) to|is it (?:ok|okay|alright|fine) (?:to|if)|where do i"
    r"|which (?:way|side|leg|knee|foot|arm|direction) (?:do|should) i|does it matter (?:which|if)"
    r"|(?:do|should) (?:i|we) (?:start|go) (?:with|on) (?:the )?(?:left|right))\b"
)


REMINDER_SAID = REMINDER_WORDS | {"alarm"}


def _reminder_moved(
    meant: Understood, heard: list[str], said: str, today: date, asked: Asked | None
) -> Understood:
    stretch = bool(set(heard) & {"stretch", "stretching", "stretches", "exercise", "exercises"})
    kept = {k: f for k, f in meant.slots.items() if k in ("Date", "Time")}
    if stretch:  # the one just set, as moved_slots moves it
        kept = moved_slots(STRETCH_REMINDER, kept, asked or Asked())
        return Understood("StretchReminderIntent", kept, 1.0, "reminder moved", meant.candidates)
    lead = resolve_within("REMINDER_LEAD", said, today)
    if lead is None and DAY_OF_IT.search(said):
        lead = resolve("REMINDER_LEAD", "same day")
    if lead is not None:  # "the same day at noon": no day of its own
        kept = {k: f for k, f in kept.items() if k == "Time"} | {"Lead": lead}
    return Understood(SESSION_REMINDER, kept, 1.0, "reminder moved", meant.candidates)


def _not_ours_to_remind(intent: str, heard: list[str]) -> bool:
    """A reminder of something the skill does not remind of ("my pills");
    with nothing understood, only when a reminder is asked ("is a hot water
    bottle good for my back" is no reminder)."""
    said = set(heard)
    asked = intent != NOT_UNDERSTOOD or bool(said & {"remind", "reminder", "nag", "ping"})
    return asked and bool(said & NOT_OURS_TO_REMIND)


# words that say a massage is meant, not a routine ("which massage is best for knots")
MASSAGE_SAID = A_MASSAGE - {"one", "session"} | {"therapist"}  # ("the morning one" is a routine)
ROUTINE_SAID = frozenset({"routine", "routines", "stretch", "stretches", "stretching"})
ROUTINE_SAID |= {"exercise", "exercises", "workout"}


NOT_A_MASSAGE = re.compile(r"\bnot (?:a |the )?massages?\b")  # "not a massage, a stretch"


def routine_recommended(
    intent: str, slots: dict[str, Fill], heard: list[str], asked: Asked | None
) -> str | None:
    """Which routine suits a goal, asked as a massage recommendation ("which
    routine is best for a stiff back"; "which of those is best for stress"
    just after the routines were listed): the routines room's answer."""
    if intent != "RecommendMassageIntent" or "MassageType" in slots:
        return None
    said = {w.removesuffix("'s") for w in heard}
    if said & MASSAGE_SAID and not NOT_A_MASSAGE.search(" ".join(heard)):
        return None
    routines_open = asked is not None and asked.question == "which_routine"
    return RECOMMEND_ROUTINE if said & ROUTINE_SAID or routines_open else None


def _asked_for(
    meant: Understood, said: str, heard: list[str], today: date, asked: Asked | None
) -> Understood | None:
    """What a request said with more means: a yes with a time, a routine
    for a goal, a concern's word on a massage type, a reminder (not the
    massage) moved."""
    if (timed := _yes_at_a_time(meant, heard, today, asked)) is not None:
        return timed
    if (routine_for := routine_recommended(meant.intent, meant.slots, heard, asked)) is not None:
        return replace(meant, intent=routine_for, how="routine asked")
    if meant.intent == MOVE_SESSION and (moved_to := FROM_TO.search(said)):
        # "move my massage from tuesday to wednesday same time": to wednesday
        day = spoken_date(moved_to.group(1), today)
        if day is not None:
            slots = {**meant.slots, "Date": Fill(day, "AMAZON.DATE")}
            return replace(meant, slots=slots, how="moved to")
    mine = "Person" not in meant.slots
    if (
        meant.intent == CONCERN
        and mine
        and "Concern" in meant.slots
        and "MassageType" not in meant.slots
    ):
        # "is hot stone okay while i'm pregnant": the concern's word on that type
        massage = resolve_within("MASSAGE_TYPE", said, today)
        return replace(meant, slots={**meant.slots, "MassageType": massage}) if massage else None
    reminded = set(heard) & REMINDER_SAID or DAY_OF_IT.search(said)
    # (a massage told with "can you remind me" is the massage, its reminder offered after)
    if meant.intent == MOVE_SESSION and reminded:
        # "move my massage reminder to friday at six pm", "nah remind me the
        # same day at noon": the reminder, never the massage
        return _reminder_moved(meant, heard, said, today, asked)
    mid_step = asked is not None and asked.question in STEP_QUESTIONS | {"discomfort"}
    if meant.intent == CONCERN and not meant.slots and not mid_step and LEG_PAIN.search(said):
        # "my leg hurts, is it okay to do the routine": the leg concern, whose
        # advice is to get it checked
        leg = resolve("SAFETY_CONCERN", "pain down my leg")
        return replace(meant, slots={"Concern": leg}) if leg else None
    aching = meant.intent in (OUT_OF_SCOPE, NOT_UNDERSTOOD, "DiscomfortIntent") or (
        meant.intent in MASSAGE_ASKED and not set(heard) & MASSAGE_SAID
    )
    mild = bool(set(heard) & {"stiff", "tight", "achy", "stiffness", "tightness"})
    severe = bool(set(heard) & SEVERE)  # "in agony", "for months": a check first, not a routine
    helps = mild and not severe and WHAT_HELPS.search(said)
    if aching and not mid_step and helps and BACK_ACHING.search(said):
        # "my lower back is stiff from sitting at my desk all day, what have
        # you got": the routine for it, offered
        goal = resolve_within("MASSAGE_GOAL", said, today)
        slots = {"Goal": goal} if goal is not None else {}
        return Understood(RECOMMEND_ROUTINE, slots, 1.0, "back aching", meant.candidates)
    return None


def _yes_at_a_time(
    meant: Understood, heard: list[str], today: date, asked: Asked | None
) -> Understood | None:
    """ "yes please, around six in the evening" to "want a reminder the day
    before?": the reminder at the time said, not at the massage's own."""
    said_yes = meant.intent in (YES, "BookSessionIntent", MOVE_SESSION)
    if asked is None or asked.question != "session_reminder" or not said_yes:
        return None
    if not heard or heard[0] not in LEADING_YES:
        return None
    timed = _understand(
        " ".join(heard),
        today,
        Asked(question=asked.question, elicit_intent=SESSION_REMINDER, elicit_slot="Time"),
        False,
    )
    if timed.intent != SESSION_REMINDER or "Time" not in timed.slots:
        return None
    # "yes, thursday at 6 pm": the day too, when one is said
    dated = _understand(
        " ".join(heard),
        today,
        Asked(question=asked.question, elicit_intent=SESSION_REMINDER, elicit_slot="Date"),
        False,
    )
    day = {k: f for k, f in dated.slots.items() if k == "Date" and dated.intent == SESSION_REMINDER}
    return replace(timed, slots={**timed.slots, **day})


def _routine_in_words(
    meant: Understood, said: str, today: date, asked: Asked | None
) -> Understood | None:
    """A routine named in words read otherwise: picked up or begun ("well
    carry on with the morning one then", "fine, what about the desk break
    one"), else, asked about outside a step, what it holds ("do you have any
    self massage for that")."""
    top = meant.candidates[0][0] if meant.candidates else ""
    going_on = (
        meant.intent == "AMAZON.ResumeIntent"
        or (meant.intent == NOT_UNDERSTOOD and top in ("AMAZON.ResumeIntent", "AMAZON.NextIntent"))
        or (meant.intent in (OUT_OF_SCOPE, NOT_UNDERSTOOD) and bool(WHAT_ABOUT.search(said)))
    )
    unplaced = meant.intent in (OUT_OF_SCOPE, NOT_UNDERSTOOD)
    if not (going_on or unplaced) or (routine := _routine_named(said, today)) is None:
        return None
    slots = {"RoutineName": routine}
    if going_on:
        return Understood("StartRoutineIntent", slots, meant.confidence, "named", meant.candidates)
    if asked is not None and asked.question in STEP_QUESTIONS | {"discomfort"}:
        return None
    return Understood("RoutineStepsIntent", slots, 1.0, "named", meant.candidates)


def _to_the_last(intent: str, said: str) -> bool:
    """A reading that "the last step" may correct ("go back to the last one"
    is the one before)."""
    skipping = intent in (NOT_UNDERSTOOD, "SkipStepIntent", "AMAZON.NextIntent")
    skipping = skipping or intent == "AMAZON.ResumeIntent"
    return skipping or (intent == "AMAZON.PreviousIntent" and not GOING_BACK.search(said))


GOING_BACK = re.compile(r"\b(?:go|going|get|take me|jump|skip) back\b|\bback to\b")


GOING_ON = frozenset({YES, "AMAZON.NextIntent", "AMAZON.ResumeIntent"})
# a why asked at a step ("why in a sock"), not "why not skip this one"
WHY_AT_A_STEP = re.compile(r"(?:(?:but|so|um|wait|and|ok|okay) )*why\b(?! not\b)")
# how the move is done, asked anywhere in the line ("...how fast do i rock")
HOW_DONE = re.compile(
    r"\bhow (?:fast|slow|slowly|quickly|far|hard|deep|high|low|many times|often) (?:do|should|can)"
    r" i\b|\b(?:once|twice) a second\b"
)
MASSAGE_ASKED = frozenset(
    {"MassageSessionIntent", "MassagePressureIntent", "MassageDetailIntent"}
    | {"MassageAftercareIntent", "MassageAvoidIntent"}
)


def _how_asked(meant: Understood, said: str, asked: Asked | None) -> Understood | None:
    """A question about how to do the step, not understood otherwise: the
    step's own instructions (the routines room's StepHowHandler)."""
    if asked is None or asked.question not in STEP_QUESTIONS:
        return None
    # a massage question mid-step with no massage said ("how many times should
    # i be rocking" is no session of hot rocks): about the step
    of_a_massage = meant.intent in MASSAGE_ASKED and not set(said.split()) & MASSAGE_SAID
    unplaced = meant.intent in (NOT_UNDERSTOOD, OUT_OF_SCOPE, "AMAZON.HelpIntent")
    if of_a_massage or (unplaced and (HOW_ASKED.search(said) or HOW_DONE.search(said))):
        return Understood("StepHowIntent", {}, 1.0, "at a step", meant.candidates)
    if unplaced and asked.question == "ready" and (asks := _set_up_asked(said)):
        # "my chair's got wheels, does that matter": the set-up asked about
        fill = Fill(asks, "SET_UP_ASK", asks, asks)
        return Understood(SET_UP, {"About": fill}, 1.0, "at a step", meant.candidates)
    if WHY_AT_A_STEP.match(said) and meant.intent in GOING_ON:
        # "why in a sock" at "say ready": asked, not ready; the set-up, or
        # what the step is for
        about = SET_UP if asked.question == "ready" else "StepPurposeIntent"
        return Understood(about, {}, 1.0, "at a step", meant.candidates)
    return None


def _moved_by_it(meant: Understood, heard: list[str], asked: Asked) -> Understood:
    """ "make it sunday arvo instead" right after a reminder was set: that
    reminder (a daily stretch reminder moved keeps ringing daily); a massage
    named is the massage."""
    moved = MOVED_BY_IT.get(asked.reminded or "", MOVE_SESSION)
    if set(heard) & SESSION_WORDS:
        moved = MOVE_SESSION
    if moved == meant.intent:
        return meant
    return replace(meant, intent=moved, slots=moved_slots(moved, meant.slots, asked), how="it")


def _concern_read(
    meant: Understood, heard: list[str], said: str, asked: Asked | None
) -> Understood | None:
    """A concern said as checked, or with a yes at the screen ("yes i had a
    fracture last week": a yes to the signs, with what)."""
    if _checked(said):
        return _concern_checked(meant, asked)
    if asked is None or asked.question != "screen":
        return None
    signs = {w for i, w in enumerate(heard) if heard[i + 1 : i + 2] not in (["bones"], ["bone"])}
    if signs & (SIGNS | BROKEN | {"leaking", "bleeding", "spotting", "tightening", "contractions"}):
        # "i have osteoporosis and some numbness", "only a cracked vertebra"
        return Understood(YES, {}, 1.0, "sign named", meant.candidates)
    if heard[0] in LEADING_YES | {"yea", "haan"}:
        # "yes i had back surgery": the handler weighs it (a concern that is
        # no sign passes the screen; another is a yes to it)
        said_yes = {**meant.slots, "Yes": Fill("yes", "")}
        return replace(meant, slots=said_yes)
    return None


def _concern_checked(meant: Understood, asked: Asked | None) -> Understood:
    """A concern said as checked: at the clearance question a yes ("the gp
    said it's a trapped nerve and i'm fine"), else the concern, checked."""
    if asked is not None and asked.question == "clearance":
        return Understood(YES, {}, 1.0, "sign named", meant.candidates)
    if "Person" in meant.slots:  # someone else's
        return meant
    return replace(meant, slots={**meant.slots, "Checked": Fill("checked", "")})


def _routine_said(said: str, asked: Asked) -> Understood | None:
    """ "morning" at "which routine?": the routine, not a greeting."""
    if asked.question != "which_routine" or len(said.split()) > 2:
        return None
    routine = resolve("ROUTINE_NAME", f"{said} routine")
    start = "StartRoutineIntent"
    return Understood(start, {"RoutineName": routine}, 1.0, "answer") if routine else None


def _fixed_reading(
    current: Model, said: str, spans: list[Span], seen: tuple[list[tuple[str, float]], str]
) -> Understood | None:
    """A sample once the fillers are off ("okay i'm ready"), or a reminder
    cancelled by its time ("cancel the 7 am one": that one, not a goodbye)."""
    top, shape = seen
    sample: str | None = current.meta.get("samples", {}).get(said)
    if sample is not None:
        return Understood(sample, {}, 1.0, "sample", top, shape)
    if said and GREETING.fullmatch(said):  # "good morning how are you doing today"
        return Understood(GREETING_INTENT, {}, 1.0, "sample", top, shape)
    if said and NOT_HEARD.fullmatch(said):  # "what?", "huh?": said again
        return Understood("AMAZON.RepeatIntent", {}, 1.0, "sample", top, shape)
    if said and IDENTITY.fullmatch(said):
        return Understood(IDENTITY_INTENT, {}, 1.0, "sample", top, shape)
    if said and PROFESSION.fullmatch(said):  # "are you a real doctor"
        return Understood(PROFESSION_INTENT, {}, 1.0, "sample", top, shape)
    if said and GETTING_CHECKED.fullmatch(said):
        return Understood(GETTING_CHECKED_INTENT, {}, 1.0, "sample", top, shape)
    words = said.split()
    cancel = CANCELLING.search(said)
    if not cancel or not set(words) & REMINDED or set(words) & (SESSION_WORDS | KEEPING):
        return None
    # the time named right after the word that cancels ("cancel the 8 am one")
    start = len(said[: cancel.end()].split())
    at = next((s for s in spans if "TIME" in s.kinds and 0 <= s.start - start <= 1), None)
    # "the 8 am one": the time without its article or "one"
    value = spoken_time(THE_ONE.sub("", at.said)) if at is not None else None
    if value is None:
        return None
    slots = {"Time": Fill(value, "AMAZON.TIME")}
    half = next((HALF_OF_DAY[w] for w in words if w in HALF_OF_DAY), None)
    if half is not None:  # "the 7 am one" is not the 7 PM one
        part = "morning" if half == "am" else "evening"
        slots["DayPart"] = Fill(part, "DAY_PART", part, part)
    return Understood("CancelRemindersIntent", slots, 1.0, "sample", top, shape)


def _early(text: str, words: list[str], asked: Asked, best: tuple[str, float]) -> Understood | None:
    """Thanks and leave-taking (read from the words as heard, thanks kept),
    a sign named at the questions naming them, then discomfort at a step
    (said with no clear request, or with a question about the step, it
    decides), else "ready" or "next" said after the set-up."""
    heard = " ".join(fluent(normalize(text)).split()[:MAX_WORDS])
    said = " ".join(words)
    # "just a bit of numbness, that's all" at the screen, "a 2, that's all" at
    # the pain question: the answer, never a goodbye
    answered = (asked.question in SIGN_QUESTIONS and set(words) & SIGNS) or (
        asked.question in SCORES and _numbers(words)
    )
    closing = None if answered else _closing(heard, asked, best)
    if closing is not None:
        return closing
    if asked.question == "ampm":  # "is that 9 PM?" - "no, nine in the morning"
        halves = {half for w in words if (half := HALF_OF_DAY.get(w))}
        if len(halves) == 1:
            return Understood(YES if halves == {"pm"} else NO, {}, 1.0, "half of the day")
    named = {w for w in words if w in SIGNS}
    if asked.question == "screen" and named <= FALL_WORDS and _checked(said):
        # "no, the doctor saw me after the fall", "just the leg thing but
        # that's been checked": the screen asks for signs not yet checked
        # (a red flag's own words were heard before this)
        return Understood(NO, {}, 1.0, "sign named")
    if asked.question == "clearance" and (CHECKED.search(said) or NOT_DONE.search(said)):
        # "the gp said it's fine": checked since; "the doctor hasn't seen it
        # yet", "remind me to get it checked", a sign still there: not
        cleared = _checked(said) and not named - FALL_WORDS
        return Understood(YES if cleared else NO, {}, 1.0, "sign named")
    back = SIGN_BACK.search(said)
    if (
        asked.question in SIGN_QUESTIONS
        and back
        and not set(said[: back.start()].split()) & DENIALS
    ):
        return Understood(YES, {}, 1.0, "sign named")  # "only the leg thing i told you"
    if (
        asked.question in SIGN_QUESTIONS
        and not ASKING_WHAT.search(" ".join(words))
        and any(
            (w in SIGNS or (asked.question == "warning_signs" and w in PREGNANCY_SIGNS))
            and not set(_clause_before(words, i)) & DENIALS
            and words[i + 1 : i + 2] not in (["bones"], ["bone"])  # "weak bones": a concern
            for i, w in enumerate(words)
        )
    ):
        # (the warning-signs question asks someone pregnant about bleeding,
        # spotting and tightening: "some bleeding", "not bleeding but tightening")
        return Understood(YES, {}, 1.0, "sign named")
    stopped = _at_a_step(words, asked)
    if stopped is None:
        return _onward_after_set_up(words, asked, best)
    if best[0] == stopped.intent or best[0] in ABOUT_THE_STEP:
        # the same request, with the concern named; "is it normal to feel
        # pain in my hamstring": a question about the step that names pain
        # stops it all the same
        return stopped
    return None if best[0] not in ANSWER_LIKE and best[1] >= CLEAR_REQUEST else stopped


def _score_with_a_comment(words: list[str], asked: Asked) -> bool:
    """ "nine, it didn't help at all" at the pain question: its score, with a
    word on how it went and nothing else ("two, but i'm going to the toilet
    without knowing" is still asked about the signs)."""
    if asked.question not in SCORES or not words or not _numbers(words[:1]):
        return False
    return bool(SCORE_COMMENT.fullmatch(" ".join(words[1:])))


def _meaning_asked(words: list[str]) -> bool:
    """Only a question about what a sign means, nothing of the speaker's."""
    return bool(MEANING_ASKED.fullmatch(" ".join(words))) and not set(words) & (
        SPEAKER_SUBJECT | {"my", "mine", "we", "he", "she", "they"}
    )


def _clause_before(words: list[str], i: int) -> list[str]:
    """Up to four words before word `i`, from the last "but" on ("not
    bleeding but tightening": the tightening is not denied)."""
    window = words[max(0, i - 4) : i]
    return window[len(window) - window[::-1].index("but") :] if "but" in window else window


def _closing(said: str, asked: Asked, best: tuple[str, float]) -> Understood | None:
    """Thanks, leave-taking and "stop" said among other words (`said`: as
    heard, fillers off, thanks kept): "cheers for that" to an offer is a no,
    "actually i'll do it tomorrow, bye" is stop, and so is "yes stop, i'll
    sit down" when stopping was offered."""
    skipping = set(said.split()) & SKIPPING  # "skip it, i'm done with that one"
    picked_up = (
        asked.question == "discomfort"
        and best[0] in ("AMAZON.ResumeIntent", "StartRoutineIntent")
        and not set(said.split()) & UNEASE  # "...i'm a bit wobbly": unease ends it for today
    )
    if asked.question == "discomfort" and (
        KEEP_SAID.search(said)
        or AGAIN_SAID.search(said)
        # ("no, i'll carry on" is on, past the step that hurt: below)
        or (picked_up and not STOPPING.search(said) and not ONWARD.search(said))
    ):
        # "no don't skip it", "can you do that one again": the step that hurt
        # is not guided again today; the choice is said again with why
        return Understood("AMAZON.RepeatIntent", {}, 1.0, "closing")
    if (
        asked.question == "discomfort"
        and STOPPING.search(said)
        and not NOT_STOPPING.search(said)
        and not skipping
    ):
        return Understood(STOP_INTENT, {}, 1.0, "closing")
    if asked.question == "discomfort" and FROM_THE_TOP.search(said):
        # "nah it's gone now, can we just start the whole thing over"
        return Understood("AMAZON.StartOverIntent", {}, 1.0, "closing")
    if asked.question == "discomfort" and (
        ONWARD.search(said) or NOT_STOPPING.search(said) or skipping
    ):
        # "no, i'll carry on", "i don't want to stop": on with the routine,
        # past this step (the step that hurt never goes on), however sure
        # the classifier is of a stop
        return Understood("SkipStepIntent", {}, 1.0, "closing")
    leaving = LEAVING.search(said)
    tired = leaving is not None and TIRED_OUT.fullmatch(leaving.group(0).strip())
    if best[0] == "SkipStepIntent" and skipping & {"skip", "skipping"} and tired:
        return None  # "skip this one and the next one too, i'm knackered": a skip, not goodbye
    led_by_no = said.split(maxsplit=1)[0] in ("no", "nah", "nope") and not NO_WORRIES.match(said)
    short = len(said.split()) <= SHORT_LEAVING or led_by_no
    if LEAVING.search(said) and short:  # "nah i'm off to bed": not the bedtime routine
        return Understood(STOP_INTENT, {}, 1.0, "closing")
    if best[0] not in ANSWER_LIKE and best[1] >= CLEAR_REQUEST:
        return None  # "thanks, and how much is a swedish massage?"
    if LEAVING.search(said):
        return Understood(STOP_INTENT, {}, 1.0, "closing")
    settled = said.split(maxsplit=1)
    if (
        settled[0] in ("no", "nah", "nope")
        and len(settled) > 1
        and (
            (asked.question and SORTED.fullmatch(settled[1]))  # "nah i'm all set"
            or (
                # "no ta" to a question
                (SORTED.search(said) or (asked.question and len(settled[1].split()) <= 2))
                and THANKS_ONLY.fullmatch(settled[1])
                and THANKING.search(said)
            )
        )
    ):
        # "nah mate i'm good cheers": a no to a question, else goodbye
        yes_no = asked.question and asked.question not in VALUE_QUESTIONS
        return Understood(NO if yes_no else STOP_INTENT, {}, 1.0, "closing")
    if THANKS_ONLY.fullmatch(said) and THANKING.search(said):
        yes_no = asked.question and asked.question not in VALUE_QUESTIONS
        return Understood(NO if yes_no else STOP_INTENT, {}, 1.0, "closing")
    return None


def _alone(flag: Fill, words: list[str], spans: list[Span], today: date) -> bool:
    """No other red flag is said (a fall is often also read as an injury)."""
    same = INJURIES if flag.id in INJURIES else frozenset({flag.id or ""})
    return _red_flag_value(words, spans, today, same) is None


def _named_flag(
    flag: Fill, words: list[str], of_a_person: bool, alone: bool, heard: str
) -> Understood:
    """A red flag named in the words: urgent when said of a person. The
    softer readings (gone now, tired after a run) only when it is the one
    flag said (`alone`); an injury said as unhurt is read in the words as
    heard ("he's ok now" loses its last words as fillers)."""
    said = " ".join(words)
    if _meaning_asked(words):
        # "um what do you mean by leg weakness": what the sign means, not one had
        return Understood(SCREEN_WHY, {"Meant": Fill("meaning", "SCREEN_ASK")}, 1.0, "why asked")
    theirs = Understood(OUT_OF_SCOPE, {OTHERS: OTHERS_FILL}, 1.0, "someone else's")
    if PET_SAID.search(said) and not set(words) & SPEAKER_SUBJECT and not _back_named(words):
        # "my dog lost weight since we changed his food": a vet's, not the skill's
        return Understood(OUT_OF_SCOPE, {}, 1.0, "red flag")
    if someone_else(words) and not _speaker_has_it(words, said):
        # another's sign, nothing of the speaker's own ("my grandpa can't
        # hold his pee anymore", "my mum fell down the stairs"): advice for
        # them, graded by the sign, and the user's routines stay open; over
        # or only a limb hurt ("slipped and hurt his wrist"): their doctor's
        if _over_for_them(flag, words, said, heard):
            return theirs
        return Understood(
            OUT_OF_SCOPE, {OTHERS: OTHERS_FILL, "Symptom": flag}, 1.0, "someone else's"
        )
    back = _back_named(words)
    past = GONE.search(said) or LONG_AGO.search(said) or PAST_SAID.search(said)
    if flag.id == "fever" and not back and past:
        # "i had the flu with a fever back in january": over, and no back pain
        return Understood(OUT_OF_SCOPE, {}, 1.0, "red flag")
    pained = set(words) & (HURTING | {"pain", "painful", "ache", "aches", "aching", "sore"})
    if flag.id == "night_pain" and not back and not pained and someone_else(words):
        # "my partner snores and keeps me up all night": no pain at all
        return Understood(OUT_OF_SCOPE, {}, 1.0, "red flag")
    if flag.id == "night_pain" and not back and set(words) & ELSEWHERE:
        # "the pain in my tooth is worse at night": not the back's
        return Understood(OUT_OF_SCOPE, {}, 1.0, "red flag")
    if not alone:
        return Understood(RED_FLAG, {"Symptom": flag}, 1.0, "red flag")
    if GONE.search(said) and not JOINED.search(GONE_CLAUSE.sub(" ", said)):
        # "no the numbness has gone completely": said as past; asked, not alarmed
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag")
    # "i tripped over my son's toys", "he fell on my back", "and so do i";
    # not "what can i give him"
    mine = _speaker_has_it(words, said)  # one reading of "the speaker has it"
    # anything worse than a fall seen to: a bone, a head, walking, pain now
    still_hurt = bool({w.removesuffix("'s") for w in words} & STILL_HURT) or bool(
        CHANGED_SINCE.search(said)
    )
    # a fall long past, unless one now is told with it ("...today, and when we were young")
    long_ago = LONG_AGO.search(said) and not RECENT.search(said)
    seen_to = flag.id == "fall_injury" and WEEKS_PAST.search(said) and _checked(said)
    if seen_to and not RECENT.search(said) and not still_hurt:
        # "a little fall last month but the doctor checked me over": weeks
        # past, seen to, nothing found; the signs are asked, never alarmed
        # (nor passed by)
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag")
    if flag.id in INJURIES and (long_ago or UNHURT.search(heard)):
        when = " ".join(LONG_AGO.sub(" ", said).split())  # "when we were kids" is not "we" hurt
        if someone_else(words) and not _speaker_has_it(when.split(), when):
            return theirs
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag")
    tired = set(words) & TIRED
    leg_day = "leg day" in said  # "weak cause i skipped leg day": training, not a sign
    # a walking aid used for years, nothing new: asked, not alarmed
    aid = bool(set(words) & AIDS) and bool(LONG_USE.search(said)) and not WORSE.search(said)
    if flag.id == "leg_weakness" and ((tired and EXERTION & set(words)) or leg_day or aid):
        # "legs like jelly after leg day": tired legs after exercise are not
        # leg weakness getting worse; asked, never alarmed or passed over
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag")
    if flag.id in WITH_BACK_PAIN and someone_else(words) and not set(words) & BACK_WORDS:
        # "my little one has a fever": someone's fever is a back red flag with back pain
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag") if mine else theirs
    if flag.id in WITH_BACK_PAIN and _theirs_first(words):
        # "my wife has got a temperature and my back is killing me": whose
        # fever is unclear, so the signs are asked, never passed by
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag")
    hurt_elsewhere = set(words) & LIMBS and not set(words) & SPINE  # "hurt his knee"
    if (
        flag.id == "fall_injury"
        and of_a_child(words)
        and not mine
        and (hurt_elsewhere or not set(words) & BACK_WORDS)
    ):
        # "the neighbour's kid fell off his bike": a child's tumble, no back
        # named, is theirs (an older person's fall stays urgent)
        return theirs
    if flag.id == "saddle_numbness" and set(words) & SITTING and _only_seat(words):
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag")  # "numb bum on long drives"
    owned = re.search(r"\b(?:my|his|her|their|your) cancer\b", " ".join(words))
    if flag.id == "cancer_history" and not set(words) & HAD_IT and not owned:
        return Understood(WARNING_SIGNS, {}, 1.0, "red flag")
    if _key_words(flag.name or "") >= 2 or of_a_person or _of_a_person(words):
        return Understood(RED_FLAG, {"Symptom": flag}, 1.0, "red flag")
    # "the horoscope for cancer": one word, said of no one
    return Understood(WARNING_SIGNS, {}, 1.0, "red flag")


def _theirs_first(words: list[str]) -> bool:
    """Someone else is named before the sign ("my wife has a temperature")."""
    person = person_at(words)
    sign = next((i for i, w in enumerate(words) if w.removesuffix("'s") in _flag_words()), None)
    return person is not None and sign is not None and person < sign


def _over_for_them(flag: Fill, words: list[str], said: str, heard: str) -> bool:
    """Another's sign said as over or minor: a crash weeks ago, a fall they
    are fine after, a fever gone, a limb hurt and no back."""
    if HAPPENING.search(said) or flag.id not in INJURIES | WITH_BACK_PAIN:
        return False  # "recovering from a fall but now numbness in his groin": urgent
    if GONE.search(said) or LONG_AGO.search(said) or UNHURT.search(heard):
        return True
    back = _back_named(words)
    if flag.id in WITH_BACK_PAIN:
        return not back  # "my toddler has a fever": a back sign only with back pain
    if flag.id not in INJURIES:
        return False
    # a child's tumble or a limb hurt, no back named ("the neighbour's kid
    # fell off his bike"), or weeks past
    limb_only = bool(set(words) & LIMBS) and not back
    return limb_only or (of_a_child(words) and not back) or bool(WEEKS_PAST.search(said))


def _denied_at_screen(named: Understood, words: list[str], asked: Asked) -> Understood:
    """ "My mum had a fall last week but i'm fine", "a fever back in january
    but nothing now" at the question naming the signs: another's or past; a no."""
    if asked.question not in SIGN_QUESTIONS or not _denies(words):
        return named
    said = " ".join(words)
    # another's, or over: a no ("my mum had a fall but i'm fine"); the user's
    # own recent sign said as fine ("i fell yesterday but i'm fine") is asked
    if named.intent == OUT_OF_SCOPE or (named.intent == WARNING_SIGNS and LONG_AGO.search(said)):
        return Understood(NO, {}, 1.0, "answer")
    return named


def _denies(words: list[str]) -> bool:
    """The speaker says no for themselves ("so no", "nothing now", "i'm fine")."""
    said = " ".join(words)
    return bool(set(words) & {"no", "nope", "nah", "nothing"} or MINE_FINE.search(said))


def _back_named(words: list[str]) -> bool:
    """The back itself is named ("my back", "backache"), not "back in january"."""
    return any(
        w in SPINE and not (w == "back" and words[i + 1 : i + 2] and words[i + 1] in NOT_THE_BACK)
        for i, w in enumerate(words)
    )


def _speaker_has_it(words: list[str], said: str) -> bool:
    """The speaker says it of themselves too ("i", "me and my wife", "my
    back", "so do i", "neither can i", "rear ended me"), or names the sign
    before anyone else ("numb down there since giving birth to my
    daughter"); not "listen to me", "do i take him"."""
    person = person_at(words)
    sign = next((i for i, w in enumerate(words) if w.removesuffix("'s") in _flag_words()), None)
    if person is None or (sign is not None and sign < person):
        return True
    return (
        any(
            (
                w in SPEAKER_ITSELF
                and not (i and words[i - 1] in QUESTION_WORDS)
                and words[i + 1 : i + 2] not in ([f] for f in FINE)  # "but i'm fine"
            )
            or (w in SPEAKER_OBJECT and not (i and words[i - 1] in TOLD))
            for i, w in enumerate(words)
        )
        or bool(MY_BODY.search(said))
        or bool(ME_TOO.search(said))
    )


def resolve(slot_type: str, said: str) -> Fill | None:
    """A custom slot's words Alexa could not resolve, matched against the
    content's names and synonyms ("the desk stretch", "deep tissues")."""
    row = lexicon().resolve(slot_type, said)
    return None if row is None else Fill(said, slot_type, row[1], row[2])


def resolve_within(slot_type: str, said: str, today: date) -> Fill | None:
    """The one value of a custom type named inside words Alexa could not
    resolve ("relax which massage should i get" for "i just want to {Goal}")."""
    words, _ = prepare(said, today, lexicon(), str(model().meta["invocation"]))
    found: dict[str, Fill] = {}
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + 4) + 1):
            part = " ".join(words[start:end])
            for _, value_id, name in lexicon().rows(part, slot_type):
                found.setdefault(value_id, Fill(part, slot_type, value_id, name))
    return next(iter(found.values())) if len(found) == 1 else None


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


def _red_flag_value(
    words: list[str], spans: list[Span], today: date, skip: frozenset[str] = frozenset()
) -> Fill | None:
    """A red flag named in the words (not one of `skip`); its `name` is the
    synonym matched."""
    found = _flag_in(spans, skip, words)
    urgent = set(model().meta.get("urgent_flags", ()))
    if found is not None and found.id in urgent:
        return found
    plain = reported(words)  # someone else's, slang, a tumble
    reread = _flag_in(lexicon().find(plain, today), skip, plain) if plain != words else None
    # "i fell last week and the insides of my legs have gone dead": the
    # numbness, read in plain words, is the one that means help now
    if found is None or (reread is not None and reread.id in urgent):
        return reread
    return found


def _flag_in(spans: list[Span], skip: frozenset[str], words: list[str]) -> Fill | None:
    """The first red flag said and not denied, or, of several, the first
    that means help now ("the fall's checked, but some difficulty passing
    urine" is the bladder's)."""
    found: list[Fill] = []
    for span in spans:
        if _denied(words, span.start):
            continue  # "no, i haven't had a fall"
        fill = _custom("RED_FLAG", span) if "RED_FLAG" in span.kinds else None
        if fill is not None and fill.id not in skip:
            fill.name = span.value
            found.append(fill)
    urgent = set(model().meta.get("urgent_flags", ()))
    return next((f for f in found if f.id in urgent), found[0] if found else None)


def _denied(words: list[str], start: int) -> bool:
    """A red flag said as not had: "no fall", "i haven't had a fall", "never
    had any numbness". Only words that deny having it, right before it: a
    "not" or "don't" may belong to the flag itself ("not able to pee")."""
    before = words[max(0, start - 3) : start]
    pairs = {" ".join(before[i : i + 2]) for i in range(len(before) - 1)}
    return bool(
        (before and before[-1] in {"no", "without"})
        or pairs & HAD_NONE
        or (len(before) >= 2 and before[-1] in {"a", "any"} and before[-2] == "no")
    )


@cache
def _flag_words() -> frozenset[str]:
    """Words that could say a symptom (chosen when the model is trained:
    `flag_words`), and the plain words for the toilet."""
    return frozenset(model().meta.get("flag_words", ())) | LOO


def could_be_a_sign(said: str) -> bool:
    """Whether words hold any word that could say a symptom."""
    return bool({w.removesuffix("'s") for w in said.lower().split()} & _flag_words())


@cache
def known_words() -> frozenset[str]:
    """Words the classifier was trained on (`known_words` in the model)."""
    return frozenset(model().meta.get("known_words", ()))


def _hedged(words: list[str]) -> bool:
    said = " ".join(words)
    if not HEDGES.search(said):
        return False
    if re.search(r"\b(?:not now|not today|later)\b", said):
        return False  # "maybe later, not now": a no
    return not OUTRIGHT & set(HEDGES.sub(" ", said).split())


def _cued(intent: str, said: str) -> bool:
    cue = CUES.get(intent)
    return cue is None or bool(cue.search(said))


def _off_topic(words: list[str], spans: list[Span], no_concern: bool) -> bool:
    """A concern that is no one's to ask about, or a sum to work out."""
    summed = SUM.search(" ".join(words)) and sum("NUMBER" in s.kinds for s in spans) >= 2
    return no_concern or bool(summed)


def _news_of_others(words: list[str], spans: list[Span]) -> bool:
    """Someone else's condition told, asking nothing of the skill (a massage
    or a routine named is asked about: "who should avoid deep tissue, my
    mother is on blood thinners")."""
    said = set(words)
    named = any(k in NAMED for s in spans for k in s.kinds)
    return (
        someone_else(words)
        and not said & (FIRST_PERSON - {"my"})
        and not said & ACTIVITY
        and not named
    )


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
    fill = _fill(slot_type, " ".join(words), spans, today)
    # a day or a time said in words the classifier finds odd ("three in the
    # arvo") still answers; another clear request does not
    odd = intent == "OutOfScope" and fill is not None and slot_type.startswith("AMAZON.")
    # a day or a time and nothing else is the answer, whatever the classifier leans to
    odd = odd or (fill is not None and _only_the_value(words, spans, slot_type))
    # "what about hot stone" asked for a price: the name answers, not "what is it"
    odd = odd or (intent == EXPLAIN and fill is not None and slot_type == "MASSAGE_TYPE")
    # "they said come in for twenty past four": no yes/no was asked
    odd = odd or (intent == YES and fill is not None and slot_type.startswith("AMAZON."))
    # "let's do 12 30" to "what time?": the time, not a routine (none is named)
    odd = odd or (
        intent == "StartRoutineIntent"
        and fill is not None
        and slot_type in ("AMAZON.TIME", "AMAZON.DATE")
        and not any("ROUTINE_NAME" in s.kinds for s in spans)
    )
    if (
        intent not in (asked.elicit_intent, "NumberIntent", "PainScoreIntent")
        and confidence >= 0.9
        and not odd
    ):
        return None
    if asked.elicit_intent == COMPARE and (both := _compared(COMPARE, spans)) is not None:
        return both  # "the swedish and the deep tissue" to "which two?"
    if fill is None:
        return None
    slots = {asked.elicit_slot: fill}
    if slot_type == "AMAZON.DATE":  # "thursday, at half two": the time too, as Alexa fills both
        slots.update(_time_with(asked.elicit_intent, words, spans))
    return Understood(asked.elicit_intent, slots, confidence, "elicited")


def _only_the_value(words: list[str], spans: list[Span], slot_type: str) -> bool:
    """The words are a day or a time and small words ("three in the arvo")."""
    if slot_type not in ("AMAZON.TIME", "AMAZON.DATE"):
        return False
    span = next((s for s in spans if token(slot_type) in s.kinds), None)
    if span is None:
        return False
    rest = words[: span.start] + words[span.end :]
    return all(w in STOP for w in rest)


def _time_with(intent: str, words: list[str], spans: list[Span]) -> dict[str, Fill]:
    """A time said with an elicited day, where the intent takes one ("tonight 8": 20:00)."""
    name = next((n for n, t in _schema(intent).items() if t == "AMAZON.TIME"), None)
    span = next((s for s in spans if "TIME" in s.kinds), None)
    value = spoken_time(span.said) if span is not None and name else None
    return _later_in_day({name: Fill(value, "AMAZON.TIME")}, words) if name and value else {}


def _ordinal(words: list[str], count: int) -> int | None:
    for i, word in enumerate(words):
        if word in ORDINALS:
            return ORDINALS[word]
        if word == "last" and count:
            return count
        if word == "number" and i + 1 < len(words):
            return spoken_number(words[i + 1])
    return None


def _numbers(words: list[str]) -> list[int]:
    """The numbers of one word said, but those that count something else
    ("3 days") and "one" said as a word for a thing ("the worst one")."""
    out = []
    for i, word in enumerate(words):
        if word not in SCORE_WORDS and not word.isdigit():
            continue
        if (words[i + 1 : i + 2] and words[i + 1] in UNITS) or (i and words[i - 1] == "not"):
            continue  # "3 days", "not zero"
        if word == "one" and not _counted_one(words, i):
            continue
        number = spoken_number(word)
        if number is not None:
            out.append(number)
    return out


def _counted_one(words: list[str], i: int) -> bool:
    """ "one" as a number ("one", "about a one", "one out of ten"), not as a
    word for a thing ("the office one", "the one with the ball")."""
    after = words[i + 1 : i + 2]
    if after:  # "one out of ten"; "one lovely", "one now": said first, then a word on it
        return after == ["out"] or (i == 0 and after[0] in SAID_ON_AFTER_ONE)
    return i == 0 or words[i - 1] in COUNTED_AFTER


def _lead_ahead(words: list[str]) -> Fill | None:
    """ "4 hours before", "five hours before": a reminder's lead of any count
    (REMINDER_LEAD ids hours_N and minutes_N)."""
    ahead = HOURS_AHEAD.search(" ".join(words))
    if ahead is None:
        return None
    count, unit = spoken_number(ahead.group(1)) or 0, ahead.group(2)
    unit = "minutes" if unit.startswith("min") else "hours"
    return Fill(ahead.group(0), "REMINDER_LEAD", f"{unit}_{count}", ahead.group(0))


def _value_answer(words: list[str], spans: list[Span], asked: Asked) -> Understood | None:
    """The value an open question asks for, said among other words: "oh
    it's terrible today, nine" at the pain question, "the second one" or
    "the last one" at a choice of routines."""
    topic = next((s for s in spans if "TIP_TOPIC" in s.kinds), None)
    negated = topic is not None and bool(
        set(words[max(0, topic.start - 2) : topic.start]) & NEGATED
    )
    if asked.question in TIP_OFFERS and topic and not negated and set(words) & {"about", "on"}:
        # "give me one about sleeping" at "want a tip?": a tip on that
        fill = _custom("TIP_TOPIC", topic)
        if fill is not None:
            return Understood("TipIntent", {"Topic": fill}, how="answer")
    lead = next((s for s in spans if "REMINDER_LEAD" in s.kinds), None)
    declined = words[0] in LEADING_NO or "don't" in words  # "nah don't remind me, i'll be there"
    if asked.question == "session_reminder" and lead is not None and not declined:
        # "two hours before" at "remind you the day before?": that lead
        fill = _lead_ahead(words) or _custom("REMINDER_LEAD", lead)  # "five hours before"
        if fill is not None:
            return Understood("SessionReminderIntent", {"Lead": fill}, how="answer")
    if asked.question in CHOICES:
        named = next((s for s in spans if "ROUTINE_NAME" in s.kinds), None)
        fill = _custom("ROUTINE_NAME", named) if named is not None else None
        if fill is not None:  # "evening wind down sounds good"
            return Understood(CHOICES[asked.question], {"RoutineName": fill}, how="answer")
        offered = len(model().meta["types"].get("ROUTINE_NAME", []))
        nth = _ordinal(words, offered)
        if nth is None or not 1 <= nth <= offered:
            return None
        return Understood(NUMBER, {"Number": Fill(str(nth), "AMAZON.NUMBER")}, how="answer")
    if asked.question in SCORES:
        said = " ".join(words)
        if NO_SCORE.search(said):  # "i'd rather not rate it": the skip it offers
            return Understood("SkipStepIntent", {}, how="answer")
        said = FOUR_MISHEARD.sub(" 4", said)  # "about a for"
        scores = [n for n in _numbers(SCALE.sub(" ", said).split()) if 0 <= n <= 10]
        scores = scores or ([0] if NO_PAIN.search(said) else [])  # a number said wins
        if not scores:
            return None  # "like a six or seven": the first said
        return Understood(NUMBER, {"Number": Fill(str(scores[0]), "AMAZON.NUMBER")}, how="answer")
    return None


def _concern_at_a_step(words: list[str], asked: Asked | None) -> Fill | None:
    """A safety concern said as had, mid-step (not "i'm not pregnant")."""
    if asked is None or asked.question not in STEP_QUESTIONS or someone_else(words):
        return None  # (not "my wife is pregnant, next")
    # named anywhere in the line ("a bit of osteoporosis actually"), said as had
    spans = lexicon().find(words, None)
    had = (s for s in spans if "SAFETY_CONCERN" in s.kinds and not _said_as_none(words, s.start))
    span = next(had, None)
    return _custom("SAFETY_CONCERN", span) if span is not None else None


# Words of unease that are no unease: a step's name ("is the knee to chest
# next?") and how to breathe, asked ("should i breathe in or out?")
NOT_UNEASE = re.compile(
    r"\b(?:single )?knees? to (?:your |my )?chest\b|\bchest of drawers\b"
    r"|\b(?:how|when|where) (?:do|should|can|shall) i (?:be )?breath(?:e|ing)\b"
    r"|\bshould i (?:be )?breath(?:e|ing) (?:in|out)\b"
    r"|\bbreath(?:e|ing) (?:in|out) or (?:in|out)\b"
)


def _not_of_unease(said: str) -> str:
    return NOT_UNEASE.sub(" ", said)


def _felt(words: list[str]) -> set[str]:
    """The words not said as none ("no pain", "it wasn't sore" lose theirs)."""
    return {w for i, w in enumerate(words) if not set(words[max(0, i - 2) : i]) & UNEASE_DENIED}


def _onward_after_set_up(
    words: list[str], asked: Asked, best: tuple[str, float]
) -> Understood | None:
    """ "ok i moved to the kitchen chair, ready" at "say ready", "i haven't
    got a roller so next" after a step: where the user is or what they
    have, then on. Only with words of the set-up and nothing of unease, a
    concern, a refusal or a wait ("i feel a bit sick, ready" is not on)."""
    if asked.question not in STEP_QUESTIONS:
        return None
    ending = READY_SAID if asked.question == "ready" else NEXT_SAID
    line = " ".join(words)
    said = set(words)
    if (
        not said & SET_UP_TOLD
        or said & (UNEASE | NOT_YET | NOT_ONWARD)
        or best[0] in WITH_A_CONCERN
    ):
        return None
    if RESUME_SAID.search(line):  # "right i've put a cushion down, resume"
        return Understood("AMAZON.ResumeIntent", {}, 1.0, "answer")
    return Understood("AMAZON.NextIntent", {}, 1.0, "answer") if ending.search(line) else None


def _at_a_step(words: list[str], asked: Asked) -> Understood | None:
    """Mid-step, words of pain, dizziness or nerves stop the step, whatever
    else the classifier makes of them: down a leg they are the leg concern
    ("ow it shot right down my leg"), else discomfort ("oof, not nice")."""
    if asked.question not in STEP_QUESTIONS:
        return None
    if len(words) == 1 and words[0] in NEXT_MISHEARD:
        return Understood("AMAZON.NextIntent", {}, 1.0, "at a step")
    said = {w.removesuffix("'s") for w in words}  # "my left foot's all pins and needles"
    if said & NERVES and said & LEGS:
        fill = resolve("SAFETY_CONCERN", "pain down my leg")
        return Understood(CONCERN, {"Concern": fill} if fill else {}, 1.0, "at a step")
    # "no pain, next", "it's not sore": a word of pain said as none
    if _felt(words) & HURTING or OUCH.search(" ".join(words)):
        return Understood("DiscomfortIntent", {}, 1.0, "at a step")
    if said & LAUGHING and not said & NOT_A_JOKE:
        # "haha this beats my two o'clock meeting": a joke; "haha my back locked up" is not
        return Understood(OUT_OF_SCOPE, {}, 1.0, "at a step")
    if said & LAUGHING and said & DISTRESS:  # "haha i can't get up": laughed off, still stuck
        return Understood("DiscomfortIntent", {}, 1.0, "at a step")
    return None


def _compared(intent: str, spans: list[Span]) -> Understood | None:
    """Two massage types named where one was asked about ("swedish vs
    thai", "what sets acupuncture apart from cupping") is a comparison;
    two prices asked at once are both prices."""
    if intent not in COMPARABLE and intent != PRICE:
        return None
    fills: list[Fill] = []
    for span in spans:
        if "MASSAGE_TYPE" in span.kinds:
            fill = _custom("MASSAGE_TYPE", span)
            if fill is not None and fill.id not in {f.id for f in fills}:
                fills.append(fill)
    if len(fills) != 2:
        return None
    if intent == PRICE:
        both = {"MassageType": fills[0], "MassageTypeB": fills[1]}
        return Understood(PRICE, both, how="compared")
    return Understood(COMPARE, {"MassageTypeA": fills[0], "MassageTypeB": fills[1]}, how="compared")


def _schema(intent: str) -> dict[str, str]:
    schema: dict[str, dict[str, str]] = model().meta["intents"]
    return schema.get(intent, {})


def _slots(intent: str, words: list[str], spans: list[Span], today: date) -> dict[str, Fill]:
    slots: dict[str, Fill] = {}
    free = list(spans)
    # A word that named another value ("relax", a goal) names nothing else.
    kinds = {token(t) for t in _schema(intent).values()}
    taken = {i for s in spans if set(s.kinds) & kinds for i in range(s.start, s.end)}
    loose = [w for i, w in enumerate(words) if i not in taken]
    # One word names a value only where the intent takes one such name: with
    # two ("is {MassageType} good for {Goal}"), which one it names is a guess.
    single = sum(not t.startswith("AMAZON.") for t in _schema(intent).values()) == 1
    for name, slot_type in _schema(intent).items():
        fits = [s for s in free if token(slot_type) in s.kinds]
        if slot_type == "AMAZON.NUMBER":  # "the worst one": no number
            fits = [s for s in fits if s.said != "one" or _counted_one(words, s.start)]
        if name == "Minutes":  # "the ball one for eight minutes": a number said with minutes
            fits = [s for s in fits if words[s.end : s.end + 1] in (["minutes"], ["minute"])]
        # "not thursday, friday": the day said as not it is passed over
        span = next(iter([f for f in fits if not _said_as_not(words, f)] or fits), None)
        nth = _ordinal(words, 0) if slot_type == "AMAZON.NUMBER" else None
        if span is None and nth is not None:  # "the first one"
            slots[name] = Fill(str(nth), slot_type)
            continue
        if span is None and slot_type == "STEP_NAME" and {"last", "final"} & set(words):
            slots[name] = Fill("the last one", slot_type)  # "skip to the last one": the final step
            continue
        if slot_type == "REMINDER_LEAD" and (ahead := _lead_ahead(words)) is not None:
            slots[name] = ahead  # "4 hours before": any count
            continue
        if (
            span is None and slot_type == "AMAZON.DATE"
        ):  # "tomorrow afternoon" read as a business day
            days = [s for s in free if "BUSINESS_DAY" in s.kinds and not _said_as_not(words, s)]
            day = next((d for s in days if (d := _day_of(s, today))), None)
            if day is not None:
                slots[name] = Fill(day, slot_type)
            continue
        if span is None and slot_type == "DAY_PART":  # "the afternoon" read as a business day
            said = ["morning" if w in ("am", "a.m.") else w for w in words]  # "9 am": morning
            part = next(((w, r) for w in said for r in lexicon().rows(w, slot_type)), None)
            if part is not None:
                slots[name] = Fill(part[0], slot_type, part[1][1], part[1][2])
            continue
        if span is None:
            found = lexicon().distinctive(slot_type, loose) if single else None
            if found is not None:  # "the desk thingy": a word only one name has
                slots[name] = Fill(found[0], slot_type, found[1][1], found[1][2])
            continue
        free.remove(span)
        fill = _fill_span(slot_type, span, today)
        if fill is not None:
            slots[name] = fill
    if intent == "StretchReminderIntent" and set(words) & ANOTHER:
        slots["Also"] = Fill("yes", "")  # "also remind me at 6 pm": a second one, kept
    return _later_in_day(slots, words)


def _said_as_not(words: list[str], span: Span) -> bool:
    """ "not thursday", "instead of the 12th": a value said as not meant."""
    before = words[max(0, span.start - 2) : span.start]
    return before[-1:] in (["not"], ["no"]) or before == ["instead", "of"]


def _day_of(span: Span, today: date) -> str | None:
    """The date a business day names ("tomorrow afternoon"), if it names one."""
    return spoken_date(span.said, today) or spoken_date(span.said.split()[0], today)


def _fill(slot_type: str, said: str, spans: list[Span], today: date) -> Fill | None:
    """The elicited slot's value: a span of its type, else the whole answer."""
    if slot_type == "AMAZON.TIME" and (oh := _oh_time(said)):
        return Fill(oh, slot_type)  # "seven oh five p m": 19:05, not "five pm"
    span = next((s for s in spans if token(slot_type) in s.kinds), None)
    if span is not None:
        return _fill_span(slot_type, span, today)
    if slot_type == "AMAZON.TIME":
        value = spoken_time(said) or _time_in_numbers(said.split(), spans)
        return Fill(value, slot_type) if value else None
    if slot_type == "AMAZON.DATE":
        value = spoken_date(said, today)
        return Fill(value, slot_type) if value else None
    return None


OH_TIME = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|1[0-2]|[1-9])"
    r" (?:oh|o) (one|two|three|four|five|six|seven|eight|nine|[1-9])\b(?: ([ap]m))?"
)


def _oh_time(said: str) -> str | None:
    """A time said with "oh" for its zero ("eight oh five", "seven oh five
    pm"), as HH:MM."""
    found = OH_TIME.search(said)
    if found is None:
        return None
    hour, minute = spoken_number(found.group(1)), spoken_number(found.group(2))
    if hour is None or minute is None:
        return None
    if found.group(3) == "pm" and hour < 12:
        hour += 12
    return f"{hour % 24:02d}:{minute:02d}"


def _time_in_numbers(words: list[str], spans: list[Span]) -> str | None:
    """A time said as numbers among other words, to a time question ("um
    eight thirty i guess", "let's do 12 30"): the first run of numbers,
    with an am or pm said after it."""
    numbers = [s for s in spans if "NUMBER" in s.kinds]
    if not numbers:
        return None
    start = end = numbers[0].start
    for span in numbers:
        if span.start > end:
            break
        end = span.end
    if end < len(words) and words[end] in ("am", "pm"):
        end += 1
    return spoken_time(" ".join(words[start:end]))


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
    later = {"evening", "evenings", "night", "tonight", "afternoon", "arvo", "afternoons"}
    if not said & later or said & {"am", "pm"}:
        return slots
    for fill in slots.values():
        if fill.slot_type == "AMAZON.TIME" and 1 <= int(fill.value[:2]) <= 11:
            fill.value = f"{int(fill.value[:2]) + 12:02d}{fill.value[2:]}"
    return slots
