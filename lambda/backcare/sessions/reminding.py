"""Alexa reminders the skill sets: the day before a session, a daily stretch;
listing and cancelling them."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta, tzinfo

import msgspec
from ask_sdk_model.response import Response

from .. import asking, numbers
from ..answers import answers
from ..context import BookingKind, Elicit, PendingTime, Question, Reminded
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..spoken import clock, count_of, spoken_list
from ..state import Reminder
from ..turn import Turn
from . import ampm, reminder_api, when
from .booking import booked_at, set_booking, settle, zone_notice
from .permissions import PermissionFor, ask_permission, when_granted

STRETCH_FROM = 5  # an ambiguous stretch time from 5 to 11 is taken as morning
# A part of the day said with a time (DAY_PART ids, or AMAZON.TIME's own
# "MO", "AF", "EV", "NI" said alone) and the hour it means when no time is.
PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}
PART_HOURS = {"morning": 9, "afternoon": 14, "evening": 18, "night": 20}
PART_WORDS = {"mornings": "morning", "afternoons": "afternoon", "evenings": "evening"}
PART_WORDS |= {"nights": "night", "arvo": "afternoon", "arvos": "afternoon"}
# REMINDER_LEAD ids: that day ("the morning of"), or hours_N / minutes_N before.
SAME_DAY = "same_day"
STRETCH_ONCE = "stretch_once"  # a stretch reminder on one day ("tomorrow at four")
LEAD_ID = re.compile(r"(hours|minutes)_(\d{1,4})")
LONGEST_LEAD = timedelta(days=1)
WAKING = range(6, 23)  # an hour inferred without AM or PM is one people are up at
# The days a repeating stretch reminder rings on (REPEAT_DAYS ids, as weekday()).
RING_DAYS = {"weekdays": range(5), "weekends": range(5, 7)}

log = logging.getLogger(__name__)


def in_part(moment: time, part: str) -> time:
    """A clock hour as meant in a part of the day: "every evening at nine"
    is 21:00, "every night at two" 02:00 and "at twelve" midnight; "every
    morning at four" 04:00. A time already past noon is kept."""
    hour = moment.hour
    if part == "night":
        hour = 0 if hour == 12 else hour + 12 if 5 <= hour < 12 else hour
    elif part in ("afternoon", "evening") and hour < 12:
        hour += 12
    elif part == "morning" and hour == 12:
        hour = 0 if moment.minute == 0 else 12
    return moment.replace(hour=hour)


def part_of(slot_id: str | None, heard: str) -> str:
    """The DAY_PART said: its id, else the words (an elicited answer carries
    the intent's other slots back as words only)."""
    words = (slot_id or heard).strip().lower()
    return PART_WORDS.get(words, words) if words in PART_HOURS or words in PART_WORDS else ""


def part_in(words: str) -> str:
    """The part of the day named among words ("the arvo of": afternoon)."""
    return next((p for w in words.split() if (p := part_of(None, w))), "")


def reminder_failed(
    turn: Turn, err: reminder_api.ReminderError, purpose: PermissionFor
) -> Response:
    say = turn.say
    if err.kind == "permission":  # what was asked waits in ctx.pending_time
        return ask_permission(turn, purpose)
    setting = purpose in (PermissionFor.SESSION, PermissionFor.STRETCH)
    unavailable = "reminder_unavailable" if setting else "reminders_unreachable"
    return turn.answer(say("reminder_throttled" if err.kind == "throttled" else unavailable))


@when_granted(PermissionFor.SESSION)
def session_reminder(turn: Turn) -> Response:
    """The day before the session at its time, or at the time the user
    chose (kept in the context while the permission is asked)."""
    pending, turn.ctx.pending_time = turn.ctx.pending_time, None
    if pending is not None and pending.kind is BookingKind.SESSION_REMINDER:
        return remind_at(turn, pending)
    return remind_at(turn, None)


def remind_at(turn: Turn, chosen: PendingTime | None) -> Response:
    say = turn.say
    settle(turn)
    at = booked_at(turn)
    booked = turn.state.next_session
    if at is None or booked is None:
        return turn.answer(say("session_none"))
    if chosen is None:
        rings = at - timedelta(days=1)
        text = say("reminder_session_text", business=turn.business.name, time=clock(at.timetz()))
    else:
        day = date.fromisoformat(chosen.day)
        rings = datetime.combine(day, time(chosen.hour, chosen.minute), tzinfo=at.tzinfo)
        if rings >= at:
            return turn.answer(say("reminder_after_session", when=when.day_and_time(at, turn.now)))
        text = say(
            "reminder_session_text_at",
            business=turn.business.name,
            when=when.day_and_time(at, rings),
        )
    if rings <= turn.now:
        return turn.answer(say("reminder_too_soon" if chosen is None else "reminder_passed"))
    if not reminder_api.has_permission(turn):
        turn.ctx.pending_time = chosen  # the time waits for the user's consent
        return ask_permission(turn, PermissionFor.SESSION)
    try:
        reminder_id = reminder_api.create_once(turn, rings, text)
    except reminder_api.ReminderError as err:
        turn.ctx.pending_time = chosen  # a permission taken back: asked again, time kept
        return reminder_failed(turn, err, PermissionFor.SESSION)
    if booked.reminder:
        reminder_api.forget(turn, booked.reminder)
    set_booking(turn, msgspec.structs.replace(booked, reminder=reminder_id))
    entry = Reminder(id=reminder_id, kind="session", at=when.stamp(rings))
    turn.state.reminders = [*turn.state.reminders, entry]
    response = turn.answer(say("reminder_set", when=when.day_and_time(rings, turn.now)))
    turn.ctx.reminded = Reminded.SESSION  # "make it four instead", said next, moves it
    return response


def session_reminder_at(
    turn: Turn, day: date | None, moment: time | None, part: str, keep_day: bool = False
) -> Response:
    """ "Remind me the evening before at seven": that day (default the day
    before the session) at that time (default the session's), its AM or
    PM from the part of the day said, else asked."""
    settle(turn)
    at = booked_at(turn)
    if at is None:
        return turn.answer(turn.say("session_none"))
    # "change the reminder to two in the afternoon": the day it already has
    kept = _reminder_day(turn, at) if keep_day else None
    day = day or kept or (at - timedelta(days=1)).date()
    said_time = moment is not None
    if moment is None:  # "the evening before": that part's hour, else the session's
        moment = time(PART_HOURS[part], 0) if part else time(at.hour, at.minute)
    elif part:
        moment = in_part(moment, part)
    pending = PendingTime(
        kind=BookingKind.SESSION_REMINDER,
        hour=moment.hour,
        minute=moment.minute,
        day=day.isoformat(),
    )
    if when.is_ambiguous(moment) and said_time and not part:
        # "9 on thursday" for a 2:30 PM massage: 9 PM would be after it
        halves = [
            datetime.combine(day, time(h, moment.minute), tzinfo=at.tzinfo)
            for h in (
                moment.hour,
                moment.hour + 12,
            )
        ]
        fits = [h for h in halves if turn.now < h < at and h.hour in WAKING]
        if len(fits) != 1:
            return ampm.ask(turn, pending)
        pending = msgspec.structs.replace(pending, hour=fits[0].hour)
    return remind_at(turn, pending)


def _reminder_day(turn: Turn, session: datetime) -> date | None:
    """The session's own day, when its reminder already rings that day (the
    day before is the default anyway)."""
    for reminder in reversed(turn.state.reminders):
        if reminder.kind != "session":
            continue
        try:
            rings = datetime.fromisoformat(reminder.at)
        except ValueError:
            continue
        if rings <= session and rings.date() == session.date():
            return rings.date()
    return None


def session_reminder_ahead(turn: Turn, lead: str, heard: str, part: str) -> Response:
    """ "The morning of my appointment" (that day, in the part said, before
    the session), "two hours before": a REMINDER_LEAD id."""
    settle(turn)
    at = booked_at(turn)
    if at is None:
        return turn.answer(turn.say("session_none"))
    if lead == SAME_DAY:
        part = part or part_in(heard) or "morning"
        rings = datetime.combine(at.date(), time(PART_HOURS[part], 0), tzinfo=at.tzinfo)
        rings = min(rings, at - timedelta(hours=1))  # a 9 AM session: 8 AM
    else:
        found = LEAD_ID.fullmatch(lead)
        count = int(found.group(2)) if found else 1
        ahead = timedelta(minutes=count) if found and found.group(1) == "minutes" else None
        rings = at - min(ahead or timedelta(hours=count), LONGEST_LEAD)
    pending = PendingTime(
        kind=BookingKind.SESSION_REMINDER,
        hour=rings.hour,
        minute=rings.minute,
        day=rings.date().isoformat(),
    )
    return remind_at(turn, pending)


@ampm.when_settled(BookingKind.SESSION_REMINDER)
def _session_reminder_settled(turn: Turn, pending: PendingTime, moment: time) -> Response:
    return remind_at(turn, msgspec.structs.replace(pending, hour=moment.hour))


@answers(Question.SESSION_REMINDER)
def _session_reminder(turn: Turn, yes: bool) -> Response:
    if yes:  # the day before: no time chosen earlier (a denied one) applies
        turn.ctx.pending_time = None
        return session_reminder(turn)
    return turn.answer(turn.say("reminder_declined"))


class SessionReminderHandler(IntentHandler):
    intents = frozenset({"SessionReminderIntent"})

    def respond(self, turn: Turn) -> Response:
        request = turn.request
        heard = request.slot("Time").heard
        moment = when.parse_time(heard)
        day = when.parse_date(request.slot("Date").heard)
        said = request.slot("DayPart")
        part = part_of(said.id, said.heard) or PARTS.get(heard, "")
        lead = request.slot("Lead")
        if not lead.id or lead.id == SAME_DAY:  # "the arvo before": a part of the day in words
            part = part or part_in(lead.heard)
        if lead.id == SAME_DAY and moment is not None and day is None:
            # "the morning of my appointment at 7": that day, at 7
            settle(turn)
            at = booked_at(turn)
            day = at.date() if at else None
        elif lead.id and moment is None and day is None:
            return session_reminder_ahead(turn, lead.id, lead.heard, part)
        if moment is None and day is None and not part:
            turn.ctx.pending_time = None
            return session_reminder(turn)
        # a new time alone ("change the reminder to two"): the day it has
        keep = moment is not None and day is None and not lead.heard
        return session_reminder_at(turn, day, moment, part, keep_day=keep)


def _pending_stretch(moment: time, day: date | None, days: str = "") -> PendingTime:
    return PendingTime(
        kind=BookingKind.STRETCH,
        hour=moment.hour,
        minute=moment.minute,
        day=day.isoformat() if day else "",
        days=days,
    )


def repeat_days(slot_id: str | None) -> str:
    """The REPEAT_DAYS id said ("on weekdays"), "" for every day."""
    return slot_id if slot_id in RING_DAYS else ""


def _first_ring(turn: Turn, zone: tzinfo, moment: time, days: str) -> datetime:
    """The first time a repeating reminder rings: today or later, on its days."""
    local_now = turn.now.astimezone(zone)
    first = datetime.combine(local_now.date(), moment, tzinfo=zone)
    if first <= local_now:
        first += timedelta(days=1)
    ring = RING_DAYS.get(days, range(7))
    while first.weekday() not in ring:  # at most six days on
        first += timedelta(days=1)
    return first


def stretch_reminder(turn: Turn, moment: time, day: date | None = None, days: str = "") -> Response:
    say = turn.say
    if not reminder_api.has_permission(turn):
        # The time waits in the context until Alexa says the user agreed.
        turn.ctx.pending_time = _pending_stretch(moment, day, days)
        return ask_permission(turn, PermissionFor.STRETCH)
    if day is not None:
        return _stretch_once(turn, moment, day)
    speech = Speech()
    first = _first_ring(turn, zone_notice(turn, speech), moment, days)
    try:
        reminder_id = reminder_api.create_daily(turn, first, say("reminder_stretch_text"), days)
    except reminder_api.ReminderError as err:
        turn.ctx.pending_time = _pending_stretch(moment, None, days)
        return reminder_failed(turn, err, PermissionFor.STRETCH)
    entry = Reminder(id=reminder_id, kind="stretch", at=when.stamp(first), days=days)
    # one repeating stretch reminder: a new time moves it ("move it to 8 am"),
    # unless another is asked for ("also remind me at 6 pm": Also)
    moved = not turn.request.slot("Also").heard and _drop_stretch_reminders(turn)
    turn.state.reminders = [*turn.state.reminders, entry]
    key = "reminder_daily_moved" if moved else "reminder_daily_set"
    speech.say(
        say(
            key,
            time=clock(moment),
            first=when.day_words(first, turn.now),
            days=say(f"reminder_days_{days or 'every'}"),
        ),
        say("anything_else"),
    )
    response = turn.ask(speech, say("menu_reprompt"))
    turn.ctx.reminded = Reminded.DAILY  # "make it eight instead", said next, moves it
    return response


def _stretch_once(turn: Turn, moment: time, day: date) -> Response:
    """ "Remind me to stretch tomorrow at four": one reminder, that day; the
    daily one, if any, stays."""
    say = turn.say
    speech = Speech()
    zone = zone_notice(turn, speech)
    at = datetime.combine(day, moment, tzinfo=zone)
    if at <= turn.now.astimezone(zone):
        return turn.answer(say("reminder_once_past", time=clock(moment)))
    try:
        reminder_id = reminder_api.create_once(turn, at, say("reminder_stretch_text"))
    except reminder_api.ReminderError as err:
        turn.ctx.pending_time = _pending_stretch(moment, day)
        return reminder_failed(turn, err, PermissionFor.STRETCH)
    entry = Reminder(id=reminder_id, kind=STRETCH_ONCE, at=when.stamp(at))
    if turn.ctx.reminded == Reminded.ONCE and turn.request.slot("Instead").heard:
        # "no i meant tuesday" just after one was set: that one moves
        _drop_last_once(turn)
    turn.state.reminders = [*turn.state.reminders, entry]
    when_said = when.day_and_time(at, turn.now)
    speech.say(say("reminder_once_set", when=when_said), say("anything_else"))
    response = turn.ask(speech, say("menu_reprompt"))
    turn.ctx.reminded = Reminded.ONCE  # "make it wednesday instead", said next, moves it
    return response


def _last_once(turn: Turn) -> Reminder | None:
    return next((r for r in reversed(turn.state.reminders) if r.kind == STRETCH_ONCE), None)


def _last_once_day(turn: Turn) -> date | None:
    last = _last_once(turn)
    try:
        return datetime.fromisoformat(last.at).date() if last is not None else None
    except ValueError:
        return None


def _drop_last_once(turn: Turn) -> None:
    """Delete the one-off stretch reminder set last."""
    last = _last_once(turn)
    if last is not None:
        _drop(turn, last)


def _drop_stretch_reminders(turn: Turn) -> bool:
    """Delete the daily stretch reminders there were; True if any went (the
    reply then says "moved", not "set")."""
    dropped = [_drop(turn, r) for r in turn.state.reminders if r.kind == "stretch"]
    return any(dropped)


def _drop(turn: Turn, reminder: Reminder) -> bool:
    """Delete one reminder at Alexa, then from the record; one Alexa will
    not delete stays in the record (it still rings)."""
    try:
        reminder_api.delete(turn, reminder.id)
    except reminder_api.ReminderError:
        log.warning("a stretch reminder could not be deleted")
        return False
    turn.state.reminders = [r for r in turn.state.reminders if r.id != reminder.id]
    return True


@answers(Question.REMINDER_TIME)
def _time_wanted(turn: Turn, yes: bool) -> Response:
    """Yes or no to "what time each day?": not a time."""
    return asking.miss(turn) if yes else turn.answer(turn.say("reminder_declined"))


@asking.moves_on(Question.REMINDER_TIME)
def _no_reminder_yet(turn: Turn, lead: Speech) -> Response:
    """Two replies that were not a time: no reminder is set."""
    say = turn.say
    return turn.ask(lead.say(say("reminder_later"), say("anything_else")), say("menu_reprompt"))


def _day_of(pending: PendingTime) -> date | None:
    try:
        return date.fromisoformat(pending.day) if pending.day else None
    except ValueError:
        return None


@ampm.when_settled(BookingKind.STRETCH)
def _stretch_settled(turn: Turn, pending: PendingTime, moment: time) -> Response:
    return stretch_reminder(turn, moment, _day_of(pending), pending.days)


@when_granted(PermissionFor.STRETCH)
def _stretch_granted(turn: Turn) -> Response:
    pending, turn.ctx.pending_time = turn.ctx.pending_time, None
    if pending is None or pending.kind is not BookingKind.STRETCH:
        return turn.answer(turn.say("permission_thanks"))
    return stretch_reminder(
        turn, time(pending.hour, pending.minute), _day_of(pending), pending.days
    )


class StretchReminderHandler(IntentHandler):
    intents = frozenset({"StretchReminderIntent"})

    def respond(self, turn: Turn) -> Response:
        said = turn.request.slot("DayPart")
        heard = turn.request.slot("Time").heard
        part = part_of(said.id, said.heard) or PARTS.get(heard, "")
        day = when.parse_date(turn.request.slot("Date").heard)
        if day is None and turn.request.slot("Instead").heard:
            day = _last_once_day(turn)  # "actually make it 5 pm": the one-off, at 5
        said = turn.request.slot("Days")
        days = repeat_days(said.id or said.heard.lower()) or _days_kept(turn)
        return stretch_at(turn, heard, part, day, days)


@numbers.hears(Question.REMINDER_TIME)
def _hour(turn: Turn, number: int) -> Response | None:
    """ "Eight" for "what time each day?": that hour (AM or PM then settled)."""
    moment = when.hour_of(number)
    elicit = turn.ctx.elicit  # "every evening", then "nine": the evening kept
    part = part_of(None, elicit.slots.get("DayPart", "")) if elicit is not None else ""
    day = when.parse_date(elicit.slots.get("Date", "")) if elicit is not None else None
    days = repeat_days(elicit.slots.get("Days")) if elicit is not None else ""
    return None if moment is None else stretch_at(turn, moment, part, day, days)


def stretch_at(
    turn: Turn, time_heard: str, part: str = "", day: date | None = None, days: str = ""
) -> Response:
    """A daily stretch reminder (or one on `days`, or once on `day`) at an
    AMAZON.TIME value as heard, its AM or PM settled by the part of the day
    said with it; asked for when missing or vague."""
    if turn.state.clearance_since:
        # a warning sign not yet checked: no daily nudge to stretch meanwhile
        return turn.answer(turn.say("reminder_held"))
    moment = when.parse_time(time_heard) or (None if part else _kept_time(turn, days, day))
    if moment is None:
        say = turn.say
        kept = {"DayPart": part} if part else {}
        if day is not None:
            kept["Date"] = day.isoformat()
        if days:
            kept["Days"] = days
        once = "_once" if day is not None else ""  # "tomorrow morning": no "each day"
        return turn.elicit_again(
            Elicit(intent="StretchReminderIntent", slot="Time", slots=kept),
            say(f"stretch_ask_time{once}"),
            Question.REMINDER_TIME,
            say(f"stretch_time{once}_reprompt"),
        )
    if part:
        return stretch_reminder(turn, in_part(moment, part), day, days)
    if when.is_ambiguous(moment) and moment.hour < STRETCH_FROM:
        return ampm.ask(turn, _pending_stretch(moment, day, days))
    return stretch_reminder(turn, moment, day, days)


def _repeating(turn: Turn) -> Reminder | None:
    """The repeating stretch reminder there is (one, unless "also" made two)."""
    return next((r for r in turn.state.reminders if r.kind == "stretch"), None)


def _days_kept(turn: Turn) -> str:
    """A new time for the stretch reminder ("move it to 8 am") keeps the days
    it rings on, unless another reminder is asked for ("also at 6 pm")."""
    kept = None if turn.request.slot("Also").heard else _repeating(turn)
    return kept.days if kept is not None else ""


def _kept_time(turn: Turn, days: str, day: date | None) -> time | None:
    """ "Only on weekdays" with no time: the stretch reminder's own time;
    "no, i meant wednesday" just after a one-off was set: that one's time."""
    kept = _repeating(turn) if days else None
    if day is not None and turn.ctx.reminded == Reminded.ONCE:
        kept = _last_once(turn)
    try:
        return datetime.fromisoformat(kept.at).time() if kept is not None else None
    except ValueError:
        return None


def reminder_words(turn: Turn, reminder: Reminder) -> str:
    say = turn.say
    try:
        at = datetime.fromisoformat(reminder.at)
    except ValueError:
        return say(f"reminder_kind_{reminder.kind}")
    if reminder.kind == "stretch":
        days = say(f"reminder_days_{repeat_days(reminder.days) or 'every'}")
        return say("reminder_kind_stretch_at", time=clock(at.timetz()), days=days)
    if reminder.kind == STRETCH_ONCE:
        return say("reminder_kind_stretch_once_at", when=when.day_and_time(at, turn.now))
    return say("reminder_kind_session_at", when=when.day_and_time(at, turn.now))


@when_granted(PermissionFor.LIST)
def list_reminders(turn: Turn) -> Response:
    say = turn.say
    if not turn.state.reminders:
        return turn.answer(say("reminders_none"))
    if not reminder_api.has_permission(turn):
        return ask_permission(turn, PermissionFor.LIST)
    try:
        live = {r.id for r in reminder_api.listed(turn) if r.status.upper() == "ON"}
    except reminder_api.ReminderError as err:
        return reminder_failed(turn, err, PermissionFor.LIST)
    # Reconcile: forget reminders the user deleted or that have fired.
    ours = [r for r in turn.state.reminders if r.id in live]
    turn.state.reminders = ours
    names = [reminder_words(turn, r) for r in ours]
    if not names:
        return turn.answer(say("reminders_none"))
    return turn.answer(
        say(
            "reminders_list",
            count=count_of(len(names), "reminder"),
            items=spoken_list(names, "and"),
        )
    )


class ListRemindersHandler(IntentHandler):
    intents = frozenset({"ListRemindersIntent"})

    def respond(self, turn: Turn) -> Response:
        return list_reminders(turn)


@when_granted(PermissionFor.CANCEL)
def cancel_reminders(turn: Turn) -> Response:
    say = turn.say
    kind = turn.request.slot("Kind")  # "cancel the stretch reminders": those only
    which = (kind.id or "") if kind.matched else ""
    if kind.heard and not which:  # "cancel my yoga reminders": never all of them
        return turn.answer(say("reminders_which"))
    # "the stretch reminders": the daily one and any one-off ("stretch_once")
    ours = [r for r in turn.state.reminders if not which or r.kind.split("_")[0] == which]
    at = turn.request.slot("Time").heard  # "cancel the 7 am one": that one
    if at:
        exact = bool(turn.request.slot("DayPart").heard)  # AM or PM said
        ours = [r for r in ours if _rings_at(r, at, exact)]
        if not ours and turn.state.reminders:
            return turn.answer(say("reminders_none_at"))
    if not ours:
        return turn.answer(say("reminders_none"))
    if not reminder_api.has_permission(turn):
        return ask_permission(turn, PermissionFor.CANCEL)
    for reminder in ours:
        try:
            reminder_api.delete(turn, reminder.id)
        except reminder_api.ReminderError as err:
            return reminder_failed(turn, err, PermissionFor.CANCEL)
        turn.state.reminders = [r for r in turn.state.reminders if r.id != reminder.id]
    if turn.state.next_session and which != "stretch":
        set_booking(turn, msgspec.structs.replace(turn.state.next_session, reminder=""))
    key = "reminders_cancelled" if len(ours) > 1 else "reminder_cancelled"
    response = turn.answer(say(key, count=len(ours)))
    if [r.kind for r in ours] == ["session"]:
        # "no, i wanted it moved to thursday at seven": that reminder, set again
        turn.ctx.reminded = Reminded.SESSION
    return response


def _rings_at(reminder: Reminder, heard: str, exact: bool) -> bool:
    """The reminder rings at the HH:MM heard (its own local time; an hour
    said without AM or PM matches either, unless `exact`)."""
    try:
        rings = datetime.fromisoformat(reminder.at).time()
        hour, minute = (int(part) for part in heard.split(":")[:2])
    except ValueError:
        return False
    if rings.minute != minute:
        return False
    return rings.hour == hour or (not exact and hour < 12 and rings.hour == hour + 12)


class CancelRemindersHandler(IntentHandler):
    intents = frozenset({"CancelRemindersIntent"})

    def respond(self, turn: Turn) -> Response:
        return cancel_reminders(turn)


HANDLERS = [
    SessionReminderHandler(),
    StretchReminderHandler(),
    ListRemindersHandler(),
    CancelRemindersHandler(),
]
