"""`backcare models blind FILE`: score a blind set (written by someone who
never saw the grammar) on what the skill acts on, through the Echo path:
Alexa's sample matching (with a Dialog.ElicitSlot answered as Alexa fills
it), then the skill's own understanding of raw words.

The file has three parts: `requests` ({text, intent, slots, grade}),
`discomfort` said mid-step ({text, kind: discomfort | leg_symptom |
red_flag, grade}) and `answers` to an open question ({state, text,
answer}; at `discomfort`, "skip this step, or stop for today?", the
answer is skip_step or end). A blind set is scored, never trained or tuned on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import yaml

from backcare.content.loader import load
from backcare.routines.handlers import GO_ON_IS_YES as _GO_ON
from backcare.spoken import ordinal_day
from backcare.understanding import Asked

from .console.device import SlotFill
from .console.nlu import Nlu, Parsed

NO_ACTION = {"AMAZON.FallbackIntent", "OutOfScopeIntent"}
# Where Alexa's NextIntent does what a yes does: the offers, and "pick up
# there?" (the step waiting is said); where a tip asked for is the yes.
GO_ON_IS_YES = {q.value for q in _GO_ON} | {"resume"}
# The briefs fold the studio's address and payment into "how do I book";
# the skill answers them on their own.
PARTS_OF = {"LocationIntent": "BookingIntent", "PaymentIntent": "BookingIntent"}
# Payment by an insurer or a health fund, which no studio profile states:
# the skill says it does not know and gives the studio's number.
PARTS_OF |= {"StudioQuestionIntent": "PaymentIntent"}
TIP_IS_YES = {"tip_offer", "another_tip"}
RED_FLAG = "RedFlagIntent"
ASKS_SIGNS = "WarningSignsIntent"
ROUTINES = ["morning_mobility", "desk_break", "evening_wind_down", "ball_self_massage"]
# What each state elicits, as the skill asks it (intent, slot), if it elicits.
ELICITS = {
    "session_day": ("BookSessionIntent", "Date"),
    "session_time": ("BookSessionIntent", "Time"),
    "massage_name": ("ExplainMassageIntent", "MassageType"),
    "reminder_time": ("StretchReminderIntent", "Time"),
}
# "Skip this step, or stop for today?" after discomfort: a yes skips, a no ends.
SKIPS_STEP = {"SkipStepIntent", "AMAZON.NextIntent", "AMAZON.YesIntent"}
# Words that say which half of the day a time is in.
MARKED = frozenset(
    {"am", "pm", "a.m.", "p.m.", "morning", "afternoon", "evening", "night", "tonight"}
    | {"noon", "midday", "arvo"}
)
ENDS = {"AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NoIntent", "AMAZON.NavigateHomeIntent"}


@dataclass
class Row:
    part: str
    kind: str  # intent, discomfort kind, or state
    text: str
    right: bool
    wrong_intent: bool
    got: str


def _time_right(want: str, got: str | None) -> bool:
    if got is None:
        return False
    if want.endswith("?"):
        hour, minute = want[:-1].split(":")
        return got in (f"{int(hour):02d}:{minute}", f"{int(hour) % 12 + 12:02d}:{minute}")
    hour, minute = want.split(":")
    return got == f"{int(hour):02d}:{minute}"


def _slot(parsed: Parsed, name: str) -> SlotFill | None:
    return parsed.slots.get(name)


def _slots_right(parsed: Parsed, slots: dict[str, Any], text: str = "") -> bool:
    # A time said with no AM or PM ("friday at three") is settled after by
    # the studio's hours or a question ("is that 3 PM?"): either reading.
    unmarked = not set(text.split()) & MARKED
    for name, want in slots.items():
        fill = _slot(parsed, name)
        if fill is None:
            return False
        if fill.slot_type == "AMAZON.TIME":
            said = str(want)
            hour, _, minute = said.partition(":")
            if unmarked and not said.endswith("?") and int(hour) >= 12:
                said = f"{int(hour) - 12}:{minute}?"
            if not _time_right(said, fill.value):
                return False
        elif fill.slot_type in ("AMAZON.DATE", "AMAZON.NUMBER"):
            if fill.value != str(want):
                return False
        elif fill.resolved_id != str(want):
            return False
    return True


class Blind:
    def __init__(self, nlu: Nlu, today: date) -> None:
        self.nlu = nlu
        self.today = today

    def hear(self, text: str, state: str | None = None) -> Parsed:
        """What the skill acts on for `text` said at `state`."""
        elicit = ELICITS.get(state or "")
        if elicit is not None:  # Alexa fills an elicited slot when the answer fits it
            fill = self.nlu.fill(elicit[0], elicit[1], text, self.today)
            if fill is not None:
                return Parsed(elicit[0], {elicit[1]: fill}, "elicited")
        asked = Asked(state, *(elicit or (None, None)))
        return self.nlu.parse(text, self.today, asked)

    def request(self, item: dict[str, Any]) -> Row:
        want = str(item["intent"])
        parsed = self.hear(str(item["text"]))
        got = parsed.intent
        got = want if PARTS_OF.get(got) == want else got
        if want == "OutOfScope":
            right = got in NO_ACTION
        elif want == RED_FLAG:
            right = got in (RED_FLAG, ASKS_SIGNS)
        elif want == "AMAZON.NextIntent" and got == "AMAZON.ResumeIntent":
            right = True  # "carry on": in a routine the skill takes it as next
        else:
            slots = _as_acted(parsed, item.get("slots") or {})
            right = got == want and _slots_right(parsed, slots, str(item["text"]))
        wrong = (
            got not in NO_ACTION and got != want and not (want == RED_FLAG and got == ASKS_SIGNS)
        )
        return Row("requests", want, str(item["text"]), right, wrong, _shown(parsed))

    def discomfort(self, item: dict[str, Any]) -> Row:
        kind = str(item["kind"])
        parsed = self.hear(str(item["text"]), "next_step")
        got = parsed.intent
        stops = {"DiscomfortIntent", RED_FLAG, ASKS_SIGNS, "SafetyConcernIntent"}
        right = got in ({RED_FLAG, ASKS_SIGNS} if kind == "red_flag" else stops)
        return Row("discomfort", kind, str(item["text"]), right, not right, _shown(parsed))

    def answer(self, item: dict[str, Any]) -> Row:
        state, answer = str(item["state"]), str(item["answer"])
        parsed = self.hear(str(item["text"]), state)
        got = parsed.intent
        kind, _, value = answer.partition(":")
        if kind in ("yes", "no"):
            right = got == ("AMAZON.YesIntent" if kind == "yes" else "AMAZON.NoIntent")
            if kind == "yes" and got == "AMAZON.NextIntent":
                right = state in GO_ON_IS_YES  # "go on then" to an offer: the skill's yes
            if kind == "yes" and got == "TipIntent":
                right = state in TIP_IS_YES  # "one more" to "another tip?"
            if kind == "yes" and got == "MassageDetailIntent":
                right = state == "massage_more"  # "tell me more" is what its yes does
            if kind == "yes" and state == "screen":
                right = right or got in (RED_FLAG, ASKS_SIGNS)  # a yes naming the sign
        elif kind == "skip_step":
            right = got in SKIPS_STEP
        elif kind == "end":
            right = got in ENDS
        elif kind == "skip":
            right = got in ("SkipStepIntent", "AMAZON.NextIntent", "AMAZON.NoIntent")
        elif kind == "score":
            fill = _slot(parsed, "Score") or _slot(parsed, "Number")
            right = (
                got in ("PainScoreIntent", "NumberIntent")
                and fill is not None
                and (fill.value == value)
            )
        elif kind == "day":
            fill = _slot(parsed, "Date")
            right = fill is not None and fill.value == value
        elif kind == "time":
            fill = _slot(parsed, "Time")
            right = _slots_right(parsed, {"Time": value}, str(item["text"])) if fill else False
            number = _slot(parsed, "Number")
            if not right and got == "NumberIntent" and number is not None:
                right = _time_right(value, f"{int(number.value) % 24:02d}:00")
        elif kind == "routine":
            fill = _slot(parsed, "RoutineName")
            number = _slot(parsed, "Number")
            right = (fill is not None and fill.resolved_id == value) or (
                got == "NumberIntent"
                and number is not None
                and number.value.isdigit()
                and 1 <= int(number.value) <= len(ROUTINES)
                and ROUTINES[int(number.value) - 1] == value
            )
        elif kind == "massage":
            fill = _slot(parsed, "MassageType") or _slot(parsed, "MassageTypeA")
            right = fill is not None and fill.resolved_id == value
        elif kind == "request":
            right = (
                got == value
                or PARTS_OF.get(got) == value
                or (value == "OutOfScope" and got in NO_ACTION)
            )
        else:  # unclear: nothing is done (at the screen, what a sign means is said)
            right = got in NO_ACTION or (state == "screen" and got == "ScreenWhyIntent")
        return Row("answers", state, str(item["text"]), right, False, _shown(parsed))

    def score(self, data: dict[str, Any]) -> list[Row]:
        rows = [self.request(i) for i in data.get("requests") or []]
        rows += [self.discomfort(i) for i in data.get("discomfort") or []]
        rows += [self.answer(i) for i in data.get("answers") or []]
        return rows


def _as_acted(parsed: Parsed, slots: dict[str, Any]) -> dict[str, Any]:
    """The labels as the skill's own slots say them: "is shiatsu good for my
    back" names a type and no goal, and is answered for back pain; "go to
    the fifth step" is step 5 by its place (StepName); "the morning of my
    appointment" is that morning (Lead same_day, not the day before); "the
    eight minute wind down" names its own length (Minutes)."""
    named = parsed.slots.get("StepName")
    if parsed.intent == "GoToStepIntent" and named is not None and "StepNumber" in slots:
        place = next((d for w in named.value.split() if (d := ordinal_day(w))), None)
        if place is not None and str(place) == str(slots["StepNumber"]):
            return {k: v for k, v in slots.items() if k != "StepNumber"}
    routine = parsed.slots.get("RoutineName")
    if parsed.intent == "StartRoutineIntent" and routine is not None and "Minutes" in slots:
        # "the eight minute evening wind down": the length is the named routine's
        lengths = {r.id: r.minutes for r in load("en-US").routines}
        if str(lengths.get(routine.resolved_id or "")) == str(slots["Minutes"]):
            return {k: v for k, v in slots.items() if k != "Minutes"}
    if parsed.intent == "StartRoutineIntent" and routine is not None and "Minutes" in slots:
        # "a ten minute routine": the routine the skill picks for ten minutes
        fits = load("en-US").routine_by_minutes(int(slots["Minutes"]))
        if "RoutineName" not in slots and fits.id == routine.resolved_id:
            return {k: v for k, v in slots.items() if k != "Minutes"}
    lead = parsed.slots.get("Lead")
    part = str(slots.get("DayPart", ""))
    if lead is not None and lead.resolved_id == "same_day" and part and part in lead.value:
        return {k: v for k, v in slots.items() if k != "DayPart"}
    if (
        parsed.intent == "RecommendMassageIntent"
        and slots.get("Goal") == "lower_back_pain"
        and "Goal" not in parsed.slots
        and "MassageType" in parsed.slots
    ):
        return {k: v for k, v in slots.items() if k != "Goal"}
    return slots


def _shown(parsed: Parsed) -> str:
    slots = ", ".join(f"{k}={f.resolved_id or f.value}" for k, f in parsed.slots.items())
    return f"{parsed.intent}({slots}) [{parsed.how}]"


def report(rows: list[Row], out: TextIO, misses: bool = True) -> dict[str, float]:
    def line(name: str, group: list[Row]) -> None:
        n = len(group)
        right = sum(r.right for r in group)
        wrong = sum(r.wrong_intent for r in group)
        share = f"{right / n:.1%}" if n else "-"
        print(f"{name:34} {n:>4} {right:>5} {share:>7} {wrong:>6}", file=out)

    print(f"{'':34} {'n':>4} {'right':>5} {'share':>7} {'wrong':>6}", file=out)
    requests = [r for r in rows if r.part == "requests"]
    own = [
        r
        for r in requests
        if not r.kind.startswith("AMAZON.") and r.kind not in ("OutOfScope", RED_FLAG)
    ]
    line("the skill's own intents", own)
    line("built-in intents", [r for r in requests if r.kind.startswith("AMAZON.")])
    line("red flags", [r for r in requests if r.kind == RED_FLAG])
    line("out of scope", [r for r in requests if r.kind == "OutOfScope"])
    line("all requests", requests)
    by_state: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.part != "requests":
            by_state[f"{row.part}: {row.kind}"].append(row)
    for name in sorted(by_state):
        line(name, by_state[name])
    flags = [r for r in requests if r.kind == RED_FLAG]
    alarms = [r for r in requests if r.kind != RED_FLAG and r.got.startswith(RED_FLAG)]
    asks = [r for r in requests if r.kind != RED_FLAG and r.got.startswith(ASKS_SIGNS)]
    print(
        f"false alarms: {len(alarms)} of {len(requests) - len(flags)} that are no red flag"
        f" (asked about the warning signs: {len(asks)})",
        file=out,
    )
    if misses:
        for row in rows:
            if not row.right:
                print(f"miss [{row.part}: {row.kind}] {row.text!r} -> {row.got}", file=out)
    counts = Counter(r.part for r in rows)
    return {
        "own": sum(r.right for r in own) / len(own) if own else 1.0,
        "wrong": sum(r.wrong_intent for r in requests) / len(requests) if requests else 0.0,
        "false_alarms": float(len(alarms)),
        "flags_missed": float(sum(not r.right for r in flags)),
        "n": float(sum(counts.values())),
    }


def run(path: Path, nlu: Nlu, today: date, out: TextIO, misses: bool = True) -> dict[str, float]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return report(Blind(nlu, today).score(data), out, misses)
