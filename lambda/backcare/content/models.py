"""Typed shapes of the content files.

Immutable NamedTuples rather than frozen dataclasses: they are built once,
and a dataclass costs several times more to define, which a Lambda cold
start pays for every class.

Every item that states a health fact carries `sources`: the tags of the
published sources it rests on (keys of content/sources.yaml).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

HOLD_KINDS = ("hold", "reps", "move")


def step_id(name: str) -> str:
    """A step's slot value id, from its name ("child's pose" -> child_s_pose)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


class Step(NamedTuple):
    name: str
    cue: str
    hold: int  # guided seconds per side
    kind: str
    feel: str
    stop_if: str
    sides: int = 1
    switch: str = ""
    sources: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()  # other names people give it ("tennis ball on the glutes")


class Routine(NamedTuple):
    id: str
    name: str
    synonyms: tuple[str, ...]
    minutes: int
    intro: str
    steps: tuple[Step, ...]
    caution: str = ""
    caution_stop: str = ""
    instead: str = ""  # routine offered when the caution answer is yes
    sources: tuple[str, ...] = ()  # the routine as a whole: intro, caution
    # answers to set-up questions by what they ask about (SET_UP_ASKS):
    # "can i do it standing" -> standing
    set_up: dict[str, str] = {}  # noqa: RUF012 - read-only, loaded once
    goals: tuple[str, ...] = ()  # goal ids (massage.yaml) it suits, best fit first


SET_UP_ASKS = ("standing", "bed", "no_chair", "no_ball", "mat")


class Tip(NamedTuple):
    id: str
    category: str
    text: str
    sources: tuple[str, ...] = ()
    # concerns (ids) it is not given to, said this session (on your back: pregnancy)
    unsuited: tuple[str, ...] = ()


class TipTopic(NamedTuple):
    """What a tip can be asked about: a tips category and the words for it."""

    id: str
    name: str
    synonyms: tuple[str, ...]


class MassageType(NamedTuple):
    id: str
    name: str
    synonyms: tuple[str, ...]
    summary: str
    detail: str
    pressure: str
    used_for: str
    avoid: str
    after: str
    session: str
    back: str
    contrast: str  # a short clause for comparisons: "gentle and flowing, ..."
    related: bool = False  # a related treatment, not a massage (acupuncture)
    sources: tuple[str, ...] = ()
    akin: tuple[str, ...] = ()  # other practices taken as this one ("remedial massage")

    def akin_heard(self, heard: str) -> str | None:
        """The other practice's name in `heard`, if the user named one."""
        words = f" {heard.lower()} "
        longest_first = sorted(
            self.akin, key=len, reverse=True
        )  # "remedial therapy", not "remedial"
        return next((a for a in longest_first if f" {a.lower()} " in words), None)


class Goal(NamedTuple):
    id: str
    name: str
    synonyms: tuple[str, ...]
    types: tuple[str, ...]
    say: str
    sources: tuple[str, ...] = ()


class Concern(NamedTuple):
    id: str
    name: str
    synonyms: tuple[str, ...]
    say: str
    sources: tuple[str, ...] = ()
    # Routines that do not suit someone with this concern, said this session:
    # starting one says `unsuited_say` and offers `instead`.
    unsuited: tuple[str, ...] = ()
    unsuited_say: str = ""
    instead: str = ""
    # Steps (by name) left out of any routine once the concern is said this
    # session: the routine goes on past them, saying so.
    leave_out: tuple[str, ...] = ()
    # The advice is to get it checked: said as already checked ("a and e
    # said it's a trapped nerve"), the prompt concern_checked is said instead.
    see_someone: bool = False
    # Not a warning sign the safety screen asks about: said at the screen
    # ("no, but i'm pregnant"), it passes it and steers the routine.
    no_sign: bool = False
    # Said this session, then a massage type asked about: this is said with
    # the answer, unless the type is one of `massage_suits` (pregnant: prenatal).
    massage_note: str = ""
    massage_suits: tuple[str, ...] = ()


RED_FLAG_GRADES = ("emergency", "soon")


class RedFlag(NamedTuple):
    """A red-flag symptom: a value of the RED_FLAG slot type."""

    id: str
    grade: str  # emergency: get help now; soon: see a doctor within a day or two
    name: str
    synonyms: tuple[str, ...]
    sources: tuple[str, ...] = ()


class Safety(NamedTuple):
    screen: dict[str, str]
    red_flags: tuple[RedFlag, ...]
    red_flag: dict[str, str]  # advice, card_title, card (emergency); *_soon (see a doctor soon)
    clearance: dict[str, str]  # asked before a routine after a red flag
    warning_signs: dict[str, str]  # unclear health words: asked about the red flags
    concerns: tuple[Concern, ...]
    pain: dict[str, str]
    discomfort: dict[str, str]  # discomfort said during a routine: advice, outside, rest
    # Per block: screen, red_flag, red_flag_soon (the *_soon texts), clearance,
    # warning_signs, pain, discomfort.
    sources: dict[str, tuple[str, ...]]

    def concern(self, concern_id: str) -> Concern | None:
        return next((c for c in self.concerns if c.id == concern_id), None)

    def red_flag_grade(self, symptom_id: str) -> str:
        """emergency or soon; an unknown or missing symptom counts as an emergency."""
        found = next((r for r in self.red_flags if r.id == symptom_id), None)
        return found.grade if found else "emergency"


BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
CODE_MARK = "#"  # starts a coded prompt (no prompt starts with it)


class Prompts(NamedTuple):
    """Named speech templates, each with one or more variants; `{name}`
    placeholders filled by str.format. Every variant of a key has the same
    placeholders (checked on load). A turn speaks through `voice.Voice`,
    which never says the same variant twice in a row; called directly, the
    first variant is said."""

    texts: dict[str, tuple[str, ...]]
    sources: dict[str, tuple[str, ...]]  # prompt name -> tags, for prompts stating a health fact
    # A short code per prompt name, for what the session carries of them
    # (which variant was said, the pending reprompt): the names and texts
    # themselves would be most of every session's bytes.
    codes: dict[str, str]
    # Each variant without placeholders, by its text: its code and index.
    coded: dict[str, str]
    named: dict[str, str]  # code -> prompt name
    # Which set of codes: codes follow the sorted names, so a deployment
    # that adds a prompt shifts them; a code of another set is never read.
    code_set: str

    def __call__(self, key: str, **values: Any) -> str:
        template = self.texts[key][0]
        return template.format(**values) if values else template

    def variants(self, key: str) -> tuple[str, ...]:
        return self.texts[key]

    def items(self, key: str) -> list[str]:
        return list(self.texts[key])

    def short(self, text: str) -> str:
        """A text that is a whole prompt variant as CODE_MARK, the code set,
        its code and index; a text that starts with CODE_MARK with one more
        in front; any other text as it is."""
        coded = self.coded.get(text)
        if coded is not None:
            return f"{CODE_MARK}{self.code_set}{coded}"
        return CODE_MARK + text if text.startswith(CODE_MARK) else text

    def full(self, text: str) -> str:
        """The inverse of `short`; a code of another set, or one this content
        does not have, is ""."""
        if not text.startswith(CODE_MARK):
            return text
        if text.startswith(CODE_MARK * 2):
            return text[1:]
        size = len(self.code_set)
        if text[1 : 1 + size] != self.code_set or len(text) != size + 4:
            return ""
        variants = self.texts.get(self.named.get(text[1 + size : 3 + size], ""), ())
        index = BASE36.find(text[3 + size])
        return variants[index] if 0 <= index < len(variants) else ""


class Content(NamedTuple):
    locale: str
    routines: tuple[Routine, ...]
    tips: tuple[Tip, ...]
    prompts: Prompts
    massages: tuple[MassageType, ...]
    goals: tuple[Goal, ...]
    safety: Safety
    tip_topics: tuple[TipTopic, ...] = ()

    def routine(self, routine_id: str) -> Routine | None:
        return next((r for r in self.routines if r.id == routine_id), None)

    def massage(self, massage_id: str) -> MassageType | None:
        return next((m for m in self.massages if m.id == massage_id), None)

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def step(self, wanted: str, first: Routine | None = None) -> Step | None:
        """The step with id `wanted`: in `first` (the routine in progress)
        when it has one of that name or a name holding it ("figure four" in
        "seated figure four"), else in any routine."""
        words = wanted.replace("_", " ")
        if first is not None:
            mine = [s for s in first.steps if step_id(s.name) == wanted]
            mine = mine or [s for s in first.steps if words in s.name.lower()]
            if mine:
                return mine[0]
        every = [s for r in self.routines for s in r.steps]
        return next((s for s in every if step_id(s.name) == wanted), None)

    def routine_by_minutes(self, minutes: int) -> Routine:
        """The routine whose length is closest to what was asked for."""
        return min(self.routines, key=lambda r: (abs(r.minutes - minutes), r.minutes))
