"""What the screen shows after a reply: a document's name and its datasource.

Everything on screen comes from the turn's typed state, the content and
the business profile, or from the reply itself (a tip, an answer). Every
text is cut to MAX_TEXT and every list to MAX_ITEMS, so a response with
its document stays far under Alexa's 24 KB.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from ask_sdk_core.utils.viewport import ViewportProfile

from ..content import MassageType, Routine
from ..context import Question
from ..speech import pauses, to_text
from ..spoken import clock, count_of, ordinal, sentence
from ..state import RoutineProgress
from ..turn import Turn

MAX_TEXT = 700  # characters of one text on screen
MAX_ITEMS = 12  # rows of one list
LINE = "<br>"  # a line break in APL Text's markup
WORDS_PER_SECOND = 2.6  # Alexa's speaking rate, for when a hold starts on screen
# Where a step waits: its get-ready moment, the step said, or the choice
# after discomfort.
AT_STEP = (Question.READY, Question.NEXT_STEP, Question.DISCOMFORT)
MASSAGE_INTENTS = frozenset(
    {"ExplainMassageIntent", "MassageDetailIntent", "MassagePressureIntent"}
    | {"MassageSessionIntent", "MassageAftercareIntent", "MassageAvoidIntent"}
    | {"RecommendMassageIntent", "PriceIntent"}
)
BUSINESS_INTENTS = frozenset(
    {"ServicesIntent", "PriceIntent", "HoursIntent", "BookingIntent"}
    | {"LocationIntent", "PaymentIntent"}
)
SESSION_INTENTS = frozenset(
    {"NextSessionIntent", "BookSessionIntent", "MoveSessionIntent", "CancelSessionIntent"}
    | {"SessionReminderIntent", "StretchReminderIntent", "ListRemindersIntent"}
    | {"CancelRemindersIntent"}
)
MENU_INTENTS = frozenset({"ListRoutinesIntent", "AMAZON.NavigateHomeIntent"})


class Screen(NamedTuple):
    document: str  # a name in documents.NAMES
    data: dict[str, Any]  # the "screen" datasource


class Before(NamedTuple):
    """What the record held when the turn began (set by show.Remember)."""

    disclaimer_heard: bool
    completions: int


def cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


def section(heading: str, text: str) -> dict[str, str]:
    return {"heading": heading, "text": cut(text)}


def page(title: str, sections: list[dict[str, str]], subtitle: str = "", hint: str = "") -> Screen:
    data = {"title": cut(title), "subtitle": cut(subtitle), "hint": cut(hint)}
    return Screen("text", {**data, "sections": sections[:MAX_ITEMS]})


def choose(
    turn: Turn,
    ssml: str,
    card: tuple[str, str] | None,
    before: Before,
    profile: ViewportProfile,
    ended: bool,
) -> Screen:
    """The screen for this reply. `card` is the reply's card (title, text);
    `ended`: the reply closes the session (no question is shown)."""
    state = turn.state
    said = to_text(ssml)
    intent = turn.request.intent or turn.request.request_type
    hint = "" if ended else _reprompt(turn)
    if card is not None and state.clearance_at == turn.now.isoformat(timespec="milliseconds"):
        return Screen("safety", {"title": cut(card[0]), "message": cut(card[1])})
    running = turn.running
    if running is not None and turn.question is Question.DISCOMFORT:
        return stopped(turn, *running, said, profile)
    if running is not None and turn.question in AT_STEP:
        return step(turn, *running, ssml, profile)
    if state.total_completions > before.completions:
        return done(turn, said)
    if not before.disclaimer_heard and state.disclaimer_heard:
        prompts = turn.content.prompts
        return page(prompts("screen_disclaimer"), [section("", prompts("disclaimer"))])
    if intent == "CompareMassageIntent":
        pair = [_massage(turn, name) for name in ("MassageTypeA", "MassageTypeB")]
        if pair[0] is not None and pair[1] is not None:
            return compare(turn, pair[0], pair[1])
    if intent in MASSAGE_INTENTS and (massage := _massage(turn, "MassageType")) is not None:
        return about_massage(turn, massage)
    if intent in BUSINESS_INTENTS:
        return studio(turn)
    if intent in SESSION_INTENTS and state.next_session is not None:
        return sessions(turn, said)
    if intent == "TipIntent":
        return page(turn.content.prompts("screen_tip"), [section("", said)])
    listing = intent in MENU_INTENTS or turn.question is Question.WHICH_ROUTINE
    if not ended and (listing or (intent == "LaunchRequest" and turn.question is None)):
        return menu(turn, said, hint)
    return page(turn.business.name, [section("", said)], hint=hint)


def _buttons(turn: Turn, actions: list[str]) -> list[dict[str, str]]:
    prompts = turn.content.prompts
    buttons = [
        {"label": prompts(f"screen_button_{a}"), "action": a, "style": "ingress"} for a in actions
    ]
    buttons[-1]["style"] = "contained"
    return buttons


def _frame(turn: Turn, routine: Routine, progress: RoutineProgress) -> dict[str, Any]:
    """What every step screen shows: where the user is in the routine."""
    prompts = turn.content.prompts
    current = routine.steps[progress.step]
    return {
        "token": step_token(turn, routine, progress),
        "title": sentence(routine.name),
        "position": prompts("screen_step", step=progress.step + 1, total=len(routine.steps)),
        "done": progress.step,
        "total": len(routine.steps),
        "step": sentence(current.name),
        "paused": False,
        "pausedText": prompts("screen_paused"),
        "holdSeconds": 0,
        "holdMs": 0,
        "holdStartMs": 0,
        "secondStartMs": 0,
        "secondMs": 0,
        "countdownLabel": "",
    }


def step(
    turn: Turn, routine: Routine, progress: RoutineProgress, ssml: str, profile: ViewportProfile
) -> Screen:
    """Step n of m, what to do, feel and stop on, the hold's countdown (it
    runs on the device from when each hold starts in the speech) and the
    buttons that fit where the user is."""
    prompts = turn.content.prompts
    current = routine.steps[progress.step]
    paused = turn.question is Question.READY and progress.paused
    waiting = turn.question is Question.READY and not paused  # the get-ready moment
    holds = _holds_in(ssml, current.hold, current.sides)
    if paused:
        cue = prompts("screen_paused_hint")
    elif waiting:
        cue = prompts("screen_ready")
    else:
        cue = current.cue
    actions = ["back", "resume" if paused else "pause", "repeat", "next"]
    if profile is ViewportProfile.HUB_ROUND_SMALL:
        actions = ["resume" if paused else "pause", "next"]  # room for two
    data = _frame(turn, routine, progress)
    data.update(
        {
            "cue": cut(cue),
            "feel": cut(prompts("screen_feel", feel=current.feel)),
            "stop": cut(prompts("screen_stop", stop_if=current.stop_if)),
            "paused": paused,
            "buttons": _buttons(turn, actions),
        }
    )
    if holds or waiting:
        # Each side's hold counts down on the device from where it starts in
        # this reply's speech, over as long as the speech takes (its pauses
        # and the counts between them), so the number on screen meets each
        # spoken count. Before the step is said, the hold's length waits.
        (start, length), (second, second_length) = [*holds, (0, 0), (0, 0)][:2]
        data.update(
            {
                "holdSeconds": current.hold,
                "holdMs": length or current.hold * 1000,
                "holdStartMs": start if holds else FAR,
                "secondStartMs": second,
                "secondMs": second_length,
                "countdownLabel": prompts("screen_countdown", seconds=current.hold),
            }
        )
    return Screen("step", data)


def stopped(
    turn: Turn, routine: Routine, progress: RoutineProgress, said: str, profile: ViewportProfile
) -> Screen:
    """Discomfort at a step: the step has stopped; what was said (its stop
    advice) and the one choice, never the exercise or a countdown."""
    data = _frame(turn, routine, progress)
    data.update(
        {"cue": cut(said), "feel": "", "stop": "", "buttons": _buttons(turn, ["skip", "end"])}
    )
    return Screen("step", data)


FAR = 24 * 3600 * 1000  # a start no screen reaches: the count waits


def step_token(turn: Turn, routine: Routine, progress: RoutineProgress) -> str:
    """What a step screen shows: the step, the question open and whether it
    is paused. A tap on a screen that no longer matches is out of date."""
    question = turn.question.value if turn.question else ""
    return f"{routine.id}.{progress.step}.{question}.{int(progress.paused)}"


def _holds_in(ssml: str, hold: int, sides: int) -> list[tuple[int, int]]:
    """(start, length) in ms of each side's hold in the speech: the pauses
    of one side add up to `hold` seconds. [] when the speech holds none."""
    timeline = _pauses_in(ssml)
    holds: list[tuple[int, int]] = []
    counted = 0.0
    start = end = 0.0
    for at, seconds in timeline:
        if counted == 0:
            start = at
        counted += seconds
        end = at + seconds * 1000
        if counted >= hold - 0.001:
            holds.append((int(start), int(end - start)))
            counted = 0
            if len(holds) == sides:
                break
    return holds


def _pauses_in(ssml: str) -> list[tuple[float, float]]:
    """(when in ms, seconds) of each pause: the words before it at Alexa's rate."""
    out = []
    at = 0.0
    for words, seconds in pauses(ssml):
        at += words / WORDS_PER_SECOND * 1000
        out.append((at, seconds))
        at += seconds * 1000
    return out


def done(turn: Turn, said: str) -> Screen:
    prompts = turn.content.prompts
    state = turn.state
    streak = prompts("screen_streak", days=count_of(state.streak.current, "day"))
    counted = prompts("screen_done_count", routines=count_of(state.total_completions, "routine"))
    return page(prompts("screen_done"), [section("", said), section("", f"{streak} {counted}")])


def menu(turn: Turn, said: str, hint: str) -> Screen:
    """The routines with their minutes, each one a tap to start it; with
    routines closed, what was said (tips and massage stay open)."""
    prompts = turn.content.prompts
    if turn.routines_closed:
        return page(turn.business.name, [section("", said)], hint=hint)
    items = [
        {
            "primaryText": sentence(r.name),
            "secondaryText": prompts("screen_minutes", minutes=r.minutes),
            "action": "start",
            "value": r.id,
        }
        for r in turn.content.routines[:MAX_ITEMS]
    ]
    return Screen(
        "list",
        {
            "token": "menu",
            "title": turn.business.name,
            "subtitle": prompts("screen_menu"),
            "items": items,
        },
    )


def about_massage(turn: Turn, massage: MassageType) -> Screen:
    prompts = turn.content.prompts
    return page(
        sentence(massage.name),
        [
            section(prompts("screen_what"), massage.summary),
            section(prompts("screen_pressure"), massage.pressure),
            section(prompts("screen_session"), massage.session),
            section(prompts("screen_avoid"), massage.avoid),
        ],
    )


def compare(turn: Turn, a: MassageType, b: MassageType) -> Screen:
    prompts = turn.content.prompts
    columns = [
        {
            "name": sentence(m.name),
            "rows": [cut(m.summary), cut(m.pressure), cut(m.session), cut(m.avoid)],
        }
        for m in (a, b)
    ]
    title = prompts("screen_compare", a=sentence(a.name), b=b.name)
    return Screen("compare", {"title": title, "columns": columns})


def studio(turn: Turn) -> Screen:
    """Today's hours in the studio's time zone, the prices, how to book."""
    prompts = turn.content.prompts
    business = turn.business
    local = turn.now.astimezone(business.zone)
    opening = business.hours.get(local.strftime("%A").lower())
    today = (
        f"{clock(opening.opens)} - {clock(opening.closes)}"
        if opening is not None
        else prompts("screen_closed")
    )
    prices = [
        f"{s.name}: "
        + ", ".join(f"{o.minutes} min {o.price} {business.currency}" for o in s.options)
        for s in business.services[:MAX_ITEMS]
    ]
    return page(
        business.name,
        [
            section(prompts("screen_today"), today),
            section(prompts("screen_prices"), LINE.join(prices)),
            section(prompts("screen_booking"), f"{business.booking}{LINE}{business.booking_url}"),
        ],
    )


def sessions(turn: Turn, said: str) -> Screen:
    """The next session and the reminders this skill set, as stored."""
    prompts = turn.content.prompts
    booked = turn.state.next_session
    when = _when(booked.at) if booked is not None else ""
    reminders = [_when(r.at) for r in turn.state.reminders[:MAX_ITEMS] if r.at]
    parts = [
        section("", said),
        section(prompts("screen_next_session"), when or prompts("screen_no_session")),
    ]
    if reminders:
        parts.append(section(prompts("screen_reminders"), LINE.join(reminders)))
    return page(turn.business.name, parts)


def _when(stamp: str) -> str:
    try:
        at = datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    # as said (when.py): each market's own form comes from regional.py
    return f"{at:%A}, {at:%B} {ordinal(at.day)}, {clock(at.timetz())}"


def _massage(turn: Turn, slot: str) -> MassageType | None:
    value = turn.request.slot(slot)
    return turn.content.massage(value.id) if value.id else None


def _reprompt(turn: Turn) -> str:
    """The open question, short."""
    return cut(turn.ctx.reprompt)
