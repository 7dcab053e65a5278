"""The client's next massage session: book, move, ask, cancel, the program."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ask_sdk_model.response import Response

from .. import asking, numbers
from ..answers import answers
from ..context import BookingKind, Elicit, PendingTime, Question
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..spoken import count_of
from ..state import MAX_PAST_SESSIONS, Booking
from ..turn import Turn
from . import ampm, reminder_api, when
from .zone import device_zone


def settle(turn: Turn) -> None:
    """A session whose time has passed moves into the history."""
    booked = turn.state.next_session
    if not booked:
        return
    try:
        at = when.unstamp(booked.at, booked.zone)
    except (KeyError, ValueError):
        turn.state.next_session = None
        return
    if at <= turn.now:
        turn.state.past_sessions = [*turn.state.past_sessions, booked.at][-MAX_PAST_SESSIONS:]
        turn.state.next_session = None
        turn.state.reminders = [r for r in turn.state.reminders if r.id != booked.reminder]


def set_booking(turn: Turn, booking: Booking | None) -> None:
    """What the user said about their next session, stamped so that the
    latest word wins when two devices changed it."""
    turn.state.next_session = booking
    turn.state.session_at = turn.now.isoformat(timespec="milliseconds")


def program_done(turn: Turn) -> int:
    since = turn.now - timedelta(weeks=turn.business.program_weeks)
    return sum(1 for s in turn.state.past_sessions if datetime.fromisoformat(s) >= since)


def booked_at(turn: Turn) -> datetime | None:
    booked = turn.state.next_session
    return when.unstamp(booked.at, booked.zone) if booked else None


def zone_notice(turn: Turn, speech: Speech) -> ZoneInfo:
    """The device's zone; the first time it falls back, say so once."""
    zone, fell_back = device_zone(turn)
    if fell_back and not turn.state.tz_notice:
        turn.state.tz_notice = True
        place = zone.key.split("/")[-1].replace("_", " ")
        speech.say(turn.say("tz_default", place=place))
    return zone


def book(turn: Turn, kind: BookingKind) -> Response:
    """Book or move at the day and time said; what was said of the other
    before this answer is kept (Alexa keeps it in the dialog, but an answer
    heard through the catch-all comes without it), and a session moved to a
    day alone keeps its time ("move it to friday, same time"), to a time
    alone its day ("make it five pm")."""
    asked, kept = _elicited(turn)
    kept = kept if asked is kind else {}
    date_heard = turn.request.slot("Date").heard or kept.get("Date", "")
    time_heard = turn.request.slot("Time").heard or kept.get("Time", "")
    booked = booked_at(turn)
    if kind is BookingKind.MOVE and date_heard and not time_heard and booked is not None:
        time_heard = booked.strftime("%H:%M")
    if kind is BookingKind.MOVE and time_heard and not date_heard and booked is not None:
        date_heard = booked.date().isoformat()  # "make it five pm": its day, at five
    if (
        kind is BookingKind.MOVE
        and booked is not None
        and turn.question is Question.SESSION_REMINDER
    ):
        # a correction said right after booking ("no, i meant thursday")
        date_heard = _in_its_week(date_heard, booked.date())
    return book_at(turn, kind, date_heard, time_heard)


def _in_its_week(date_heard: str, booked: date) -> str:
    """ "No, I meant Thursday, not Tuesday", said as the session was just
    noted: that day of the session's own week, not this week's, when this
    week's falls in the days just before the session (the reply says the
    date). A move said later ("my massage moved to friday") is as heard."""
    day = when.parse_date(date_heard)
    if day is None or not 0 < (booked - day).days < 7 or day.weekday() <= booked.weekday():
        return date_heard
    return (day + timedelta(days=7)).isoformat()


def book_at(turn: Turn, kind: BookingKind, date_heard: str, time_heard: str) -> Response:
    """Book (or move) the session at an AMAZON.DATE and an AMAZON.TIME value
    as heard; a missing or vague one is elicited."""
    say = turn.say
    day, moment = when.parse_date(date_heard), when.parse_time(time_heard)
    if day is None:
        prompt = "session_which_day" if date_heard else "session_ask_day"
        slots = {"Time": time_heard} if time_heard else {}
        return _ask_for(turn, kind, "Date", say(prompt), slots)
    if moment is None:
        return _ask_for(turn, kind, "Time", say("session_ask_time"), {"Date": date_heard})
    booked = booked_at(turn) if kind is BookingKind.MOVE else None
    if when.is_ambiguous(moment) and booked is not None and booked.hour % 12 == moment.hour % 12:
        moment = moment.replace(hour=booked.hour)  # "sunday at eleven" for an 11 AM massage
    elif when.is_ambiguous(moment):
        settled = when.settle_meridiem(day, moment, turn.business)
        if settled is None:
            pending = PendingTime(
                kind=kind, hour=moment.hour, minute=moment.minute, day=day.isoformat()
            )
            return ampm.ask(turn, pending)
        moment = settled
    return store(turn, day, moment, kind)


_INTENT = {BookingKind.BOOK: "BookSessionIntent", BookingKind.MOVE: "MoveSessionIntent"}
_ASKED = {
    "Date": (Question.SESSION_DAY, "session_day_reprompt"),
    "Time": (Question.SESSION_TIME, "session_time_reprompt"),
}


def _ask_for(
    turn: Turn, kind: BookingKind, slot: str, prompt: str, slots: dict[str, str]
) -> Response:
    """Elicit the session's day or time on its intent, keeping what was said
    of the other (the turn may be a number or a yes, not the booking)."""
    question, reprompt = _ASKED[slot]
    elicit = Elicit(intent=_INTENT.get(kind, "BookSessionIntent"), slot=slot, slots=slots)
    return turn.elicit_again(elicit, prompt, question, turn.say(reprompt))


@ampm.when_settled(BookingKind.BOOK, BookingKind.MOVE)
def _settled(turn: Turn, pending: PendingTime, moment: time) -> Response:
    try:
        day = date.fromisoformat(pending.day)
    except ValueError:
        return turn.menu()
    return store(turn, day, moment, pending.kind)


def store(turn: Turn, day: date, moment: time, kind: BookingKind) -> Response:
    say = turn.say
    speech = Speech()
    zone = zone_notice(turn, speech)
    settle(turn)
    placed = when.place(day, moment, zone, turn.now)
    if placed is None:
        prompt = speech.text() + " " + say("session_past")
        return _ask_for(turn, kind, "Date", prompt, {"Time": moment.strftime("%H:%M")})
    old = turn.state.next_session
    set_booking(turn, Booking(at=when.stamp(placed.at), zone=zone.key))
    if old and old.reminder:
        reminder_api.forget(turn, old.reminder)
    key = "session_moved" if kind is BookingKind.MOVE and old else "session_saved"
    speech.say(say(key, when=when.describe(placed.at, turn.now)))
    if placed.moved_a_week:
        speech.say(say("session_next_week"))
    business = turn.business
    odd = when.off_hours(placed.at, business)
    number = program_done(turn) + 1
    if odd is not None:  # "sunday at 2" when the studio is closed on Sundays: that first
        speech.say(say(odd[0], **odd[1]))
    elif not turn.ctx.noted_told:  # then the program's count waits: short replies
        speech.say(say("session_noted_only"))
        turn.ctx.noted_told = True
    elif number <= business.program_sessions:
        speech.say(
            say(
                "program_position",
                number=number,
                total=business.program_sessions,
                weeks=business.program_weeks,
            )
        )
    if placed.at - timedelta(days=1) <= turn.now:
        speech.say(say("reminder_too_soon"), say("anything_else"))
        return turn.ask(speech, say("menu_reprompt"))
    speech.say(say("reminder_offer"))
    return turn.ask(speech, say("reminder_reprompt"), question=Question.SESSION_REMINDER)


@answers(Question.SESSION_DAY)
def _day_wanted(turn: Turn, yes: bool) -> Response:
    """Yes or no to "what day is your massage?": not a day."""
    return asking.miss(turn) if yes else turn.answer(turn.say("session_not_saved"))


@answers(Question.SESSION_TIME)
def _time_wanted(turn: Turn, yes: bool) -> Response:
    return asking.miss(turn) if yes else turn.answer(turn.say("session_not_saved"))


@asking.moves_on(Question.SESSION_DAY)
@asking.moves_on(Question.SESSION_TIME)
def _no_session_yet(turn: Turn, lead: Speech) -> Response:
    """Two replies that were not a day (or a time): nothing is saved."""
    say = turn.say
    return turn.ask(lead.say(say("session_later"), say("anything_else")), say("menu_reprompt"))


def _elicited(turn: Turn) -> tuple[BookingKind, dict[str, str]]:
    """The booking being asked about: book or move, and the values it has."""
    elicit = turn.ctx.elicit
    if elicit is None:
        return BookingKind.BOOK, {}
    kind = BookingKind.MOVE if elicit.intent == "MoveSessionIntent" else BookingKind.BOOK
    return kind, dict(elicit.slots)


@numbers.hears(Question.SESSION_TIME)
def _hour(turn: Turn, number: int) -> Response | None:
    """ "Three", "around three" for "what time?": that hour (AM or PM then settled)."""
    moment = when.hour_of(number)
    if moment is None:
        return None
    kind, slots = _elicited(turn)
    return book_at(turn, kind, slots.get("Date", ""), moment)


@numbers.hears(Question.SESSION_DAY)
def _day_of_month(turn: Turn, number: int) -> Response | None:
    """ "The twelfth", "twelve" for "what day?": the next date with that day."""
    zone, _ = device_zone(turn)
    day = when.next_day_of_month(number, turn.now.astimezone(zone).date())
    if day is None:
        return None
    kind, slots = _elicited(turn)
    return book_at(turn, kind, day.isoformat(), slots.get("Time", ""))


class BookSessionHandler(IntentHandler):
    intents = frozenset({"BookSessionIntent"})

    def respond(self, turn: Turn) -> Response:
        return book(turn, BookingKind.BOOK)


class MoveSessionHandler(IntentHandler):
    # MoveItIntent is read as the reminder just set, if any (understanding/heard.py)
    intents = frozenset({"MoveSessionIntent", "MoveItIntent"})

    def respond(self, turn: Turn) -> Response:
        return book(turn, BookingKind.MOVE)


class NextSessionHandler(IntentHandler):
    intents = frozenset({"NextSessionIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        settle(turn)
        speech = Speech()
        zone_notice(turn, speech)
        at = booked_at(turn)
        if at is None:
            speech.say(say("session_none"), say("anything_else"))
            return turn.ask(speech, say("menu_reprompt"))
        speech.say(say("session_next", when=when.describe(at, turn.now)))
        booked = turn.state.next_session
        if booked and booked.reminder:  # when it rings, as set: not always the day before
            entry = next((r for r in turn.state.reminders if r.id == booked.reminder), None)
            try:
                rings = datetime.fromisoformat(entry.at).astimezone(at.tzinfo) if entry else None
            except ValueError:
                rings = None
            if rings is None:
                speech.say(say("session_has_reminder"))
            else:
                speech.say(say("session_reminder_when", when=when.day_and_time(rings, turn.now)))
        speech.say(say("anything_else"))
        return turn.ask(speech, say("menu_reprompt"))


class CancelSessionHandler(IntentHandler):
    intents = frozenset({"CancelSessionIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        settle(turn)
        at = booked_at(turn)
        if at is None:
            return turn.answer(say("session_none"))
        question = say("cancel_session_confirm", when=when.describe(at, turn.now))
        return turn.ask(
            Speech().say(question), say("cancel_session_reprompt"), question=Question.CANCEL_SESSION
        )


@answers(Question.CANCEL_SESSION)
def _cancel_session(turn: Turn, yes: bool) -> Response:
    say = turn.say
    booked = turn.state.next_session
    if not yes or not booked:
        return turn.answer(say("session_kept"))
    set_booking(turn, None)
    speech = Speech().say(say("session_cancelled"))
    if booked.reminder:
        reminder_api.forget(turn, booked.reminder)
        if any(r.id == booked.reminder for r in turn.state.reminders):
            speech.say(say("reminder_not_deleted"))
    speech.say(say("anything_else"))
    return turn.ask(speech, say("menu_reprompt"))


class ProgramHandler(IntentHandler):
    intents = frozenset({"ProgramIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        settle(turn)
        business = turn.business
        done = program_done(turn)
        speech = Speech().say(
            say(
                "program_done" if done else "program_none",
                done=count_of(done, "session"),
                total=business.program_sessions,
                weeks=business.program_weeks,
            )
        )
        at = booked_at(turn)
        if at is not None:
            speech.say(say("session_next", when=when.describe(at, turn.now)))
        speech.say(say("anything_else"))
        return turn.ask(speech, say("menu_reprompt"))


HANDLERS = [
    BookSessionHandler(),
    MoveSessionHandler(),
    NextSessionHandler(),
    CancelSessionHandler(),
    ProgramHandler(),
]
