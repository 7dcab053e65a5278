"""Handlers for the next massage session, the program, and reminders."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.response import Response

from ..answers import answers
from ..intent_handler import IntentHandler
from ..routines.engine import spoken_list
from ..slots import slot
from ..speech import Speech
from ..turn import Turn
from . import reminders, when
from .zone import device_zone

STRETCH_FROM = 5  # an ambiguous stretch time from 5 to 11 is taken as morning


def settle(turn: Turn) -> None:
    """A session whose time has passed moves into the history."""
    booked = turn.state.next_session
    if not booked:
        return
    try:
        at = when.unstamp(str(booked["at"]), str(booked["zone"]))
    except (KeyError, ValueError):
        turn.state.next_session = None
        return
    if at <= turn.now:
        turn.state.past_sessions = [*turn.state.past_sessions, str(booked["at"])][-50:]
        turn.state.next_session = None
        fired = str(booked.get("reminder") or "")
        turn.state.reminders = [r for r in turn.state.reminders if r["id"] != fired]


def program_done(turn: Turn) -> int:
    since = turn.now - timedelta(weeks=turn.business.program_weeks)
    return sum(1 for s in turn.state.past_sessions if datetime.fromisoformat(s) >= since)


def booked_at(turn: Turn) -> datetime | None:
    booked = turn.state.next_session
    return when.unstamp(str(booked["at"]), str(booked["zone"])) if booked else None


def zone_notice(turn: Turn, speech: Speech) -> Any:
    zone, fell_back = device_zone(turn)
    if fell_back and not turn.state.tz_notice:
        turn.state.tz_notice = True
        place = zone.key.split("/")[-1].replace("_", " ")
        speech.say(turn.say("tz_default", place=place))
    return zone


# --- booking -------------------------------------------------------------


def book(turn: Turn, kind: str) -> Response:
    say = turn.say
    handler_input = turn.handler_input
    date_value, time_value = slot(handler_input, "Date"), slot(handler_input, "Time")
    day, moment = when.parse_date(date_value.heard), when.parse_time(time_value.heard)
    if day is None:
        prompt = "session_which_day" if date_value.heard else "session_ask_day"
        return turn.elicit("Date", say(prompt))
    if moment is None:
        return turn.elicit("Time", say("session_ask_time"))
    if when.is_ambiguous(moment):
        settled = when.settle_meridiem(day, moment, turn.business)
        if settled is None:
            turn.ctx["booking"] = {
                "day": day.isoformat(),
                "hour": moment.hour,
                "minute": moment.minute,
                "kind": kind,
            }
            question = say("ampm_question", time=when.clock(moment.replace(hour=moment.hour + 12)))
            return turn.ask(Speech().say(question), question, question="ampm")
        moment = settled
    return store(turn, day, moment, kind)


def store(turn: Turn, day: date, moment: time, kind: str) -> Response:
    say = turn.say
    speech = Speech()
    zone = zone_notice(turn, speech)
    settle(turn)
    placed = when.place(day, moment, zone, turn.now)
    if placed is None:
        return turn.elicit("Date", speech.text() + " " + say("session_past"))
    old = turn.state.next_session
    turn.state.next_session = {"at": when.stamp(placed.at), "zone": zone.key, "reminder": ""}
    if old and old.get("reminder"):
        _drop_reminder(turn, str(old["reminder"]))
    key = "session_moved" if kind == "move" and old else "session_saved"
    speech.say(say(key, when=when.describe(placed.at, turn.now)))
    if placed.moved_a_week:
        speech.say(say("session_next_week"))
    number = program_done(turn) + 1
    business = turn.business
    if number <= business.program_sessions:
        speech.say(
            say(
                "program_position",
                number=number,
                total=business.program_sessions,
                weeks=business.program_weeks,
            )
        )
    if placed.at - timedelta(days=1) <= turn.now:
        speech.say(say("reminder_too_soon"), say("menu_short"))
        return turn.ask(speech, say("menu_short"))
    speech.say(say("reminder_offer"))
    return turn.ask(speech, say("reminder_offer"), question="session_reminder")


def _drop_reminder(turn: Turn, reminder_id: str) -> None:
    try:
        reminders.delete(turn, reminder_id)
    except reminders.ReminderError:
        return  # keep the id; "cancel my reminders" can try again
    turn.state.reminders = [r for r in turn.state.reminders if r["id"] != reminder_id]


class BookSessionHandler(IntentHandler):
    intents = frozenset({"BookSessionIntent"})

    def respond(self, turn: Turn) -> Response:
        return book(turn, "book")


class MoveSessionHandler(IntentHandler):
    intents = frozenset({"MoveSessionIntent"})

    def respond(self, turn: Turn) -> Response:
        return book(turn, "move")


@answers("ampm")
def _ampm(turn: Turn, yes: bool) -> Response:
    pending = turn.ctx.pop("booking", None) or {}
    try:
        hour = int(pending["hour"]) + (12 if yes else 0)
        moment = time(hour % 24, int(pending["minute"]))
        kind = str(pending["kind"])
    except (KeyError, ValueError, TypeError):
        say = turn.say
        return turn.ask(Speech().say(say("menu_question")), say("menu_short"))
    if kind == "stretch":
        return stretch_reminder(turn, moment)
    return store(turn, date.fromisoformat(str(pending["day"])), moment, kind)


class NextSessionHandler(IntentHandler):
    intents = frozenset({"NextSessionIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        settle(turn)
        speech = Speech()
        zone_notice(turn, speech)
        at = booked_at(turn)
        if at is None:
            speech.say(say("session_none"), say("menu_short"))
            return turn.ask(speech, say("menu_short"))
        speech.say(say("session_next", when=when.describe(at, turn.now)))
        if turn.state.next_session and turn.state.next_session.get("reminder"):
            speech.say(say("session_has_reminder"))
        speech.say(say("menu_short"))
        return turn.ask(speech, say("menu_short"))


class CancelSessionHandler(IntentHandler):
    intents = frozenset({"CancelSessionIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        settle(turn)
        at = booked_at(turn)
        if at is None:
            return turn.answer(say("session_none"))
        question = say("cancel_session_confirm", when=when.describe(at, turn.now))
        return turn.ask(Speech().say(question), question, question="cancel_session")


@answers("cancel_session")
def _cancel_session(turn: Turn, yes: bool) -> Response:
    say = turn.say
    booked = turn.state.next_session
    if not yes or not booked:
        return turn.answer(say("session_kept"))
    reminder_id = str(booked.get("reminder") or "")
    turn.state.next_session = None
    speech = Speech().say(say("session_cancelled"))
    if reminder_id:
        _drop_reminder(turn, reminder_id)
        if any(r["id"] == reminder_id for r in turn.state.reminders):
            speech.say(say("reminder_not_deleted"))
    speech.say(say("menu_short"))
    return turn.ask(speech, say("menu_short"))


class ProgramHandler(IntentHandler):
    intents = frozenset({"ProgramIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        settle(turn)
        business = turn.business
        speech = Speech().say(
            say(
                "program_done",
                done=program_done(turn),
                total=business.program_sessions,
                weeks=business.program_weeks,
            )
        )
        at = booked_at(turn)
        if at is not None:
            speech.say(say("session_next", when=when.describe(at, turn.now)))
        speech.say(say("menu_short"))
        return turn.ask(speech, say("menu_short"))


# --- reminders -----------------------------------------------------------


def ask_permission(turn: Turn, purpose: str) -> Response:
    """Ask by voice (Connections.SendRequest AskFor); Alexa answers with a
    Connections.Response that names `purpose` in its token."""
    from ask_sdk_model.interfaces.connections.send_request_directive import (
        SendRequestDirective,
    )

    turn.ctx["question"] = None
    payload: dict[str, object] = {
        "@type": "AskForPermissionsConsentRequest",
        "@version": "2",
        "permissionScopes": [{"permissionScope": reminders.PERMISSION, "consentLevel": "ACCOUNT"}],
    }
    builder = turn.handler_input.response_builder
    builder.add_directive(SendRequestDirective(name="AskFor", payload=payload, token=purpose))
    return builder.response


def reminder_failed(turn: Turn, err: reminders.ReminderError, purpose: str) -> Response:
    say = turn.say
    if err.kind == "permission":
        return ask_permission(turn, purpose)
    unavailable = (
        "reminder_unavailable"
        if purpose in ("session",) or purpose.startswith("stretch")
        else "reminders_unreachable"
    )
    key = "reminder_throttled" if err.kind == "throttled" else unavailable
    return turn.answer(say(key))


def session_reminder(turn: Turn) -> Response:
    say = turn.say
    settle(turn)
    at = booked_at(turn)
    if at is None:
        return turn.answer(say("session_none"))
    remind_at = at - timedelta(days=1)
    if remind_at <= turn.now:
        return turn.answer(say("reminder_too_soon"))
    if not reminders.has_permission(turn):
        return ask_permission(turn, "session")
    text = say("reminder_session_text", business=turn.business.name, time=when.clock(at.timetz()))
    try:
        reminder_id = reminders.create_once(turn, remind_at, text)
    except reminders.ReminderError as err:
        return reminder_failed(turn, err, "session")
    booked = turn.state.next_session or {}
    old = str(booked.get("reminder") or "")
    if old:
        _drop_reminder(turn, old)
    booked["reminder"] = reminder_id
    entry = {"id": reminder_id, "kind": "session", "at": when.stamp(remind_at)}
    turn.state.reminders = [*turn.state.reminders, entry]
    speech = Speech().say(
        say("reminder_set", when=when.describe(remind_at, turn.now).split(",")[0])
    )
    speech.say(say("menu_short"))
    return turn.ask(speech, say("menu_short"))


@answers("session_reminder")
def _session_reminder(turn: Turn, yes: bool) -> Response:
    if yes:
        return session_reminder(turn)
    say = turn.say
    return turn.answer(say("reminder_declined"))


class SessionReminderHandler(IntentHandler):
    intents = frozenset({"SessionReminderIntent"})

    def respond(self, turn: Turn) -> Response:
        return session_reminder(turn)


def stretch_reminder(turn: Turn, moment: time) -> Response:
    say = turn.say
    if not reminders.has_permission(turn):
        return ask_permission(turn, f"stretch:{moment.hour:02d}:{moment.minute:02d}")
    speech = Speech()
    zone = zone_notice(turn, speech)
    local_now = turn.now.astimezone(zone)
    first = datetime.combine(local_now.date(), moment, tzinfo=zone)
    if first <= local_now:
        first += timedelta(days=1)
    try:
        reminder_id = reminders.create_daily(turn, first, say("reminder_stretch_text"))
    except reminders.ReminderError as err:
        return reminder_failed(turn, err, f"stretch:{moment.hour:02d}:{moment.minute:02d}")
    entry = {"id": reminder_id, "kind": "stretch", "at": when.stamp(first)}
    turn.state.reminders = [*turn.state.reminders, entry]
    speech.say(
        say("reminder_daily_set", time=when.clock(moment), first=when.day_words(first, turn.now)),
        say("menu_short"),
    )
    return turn.ask(speech, say("menu_short"))


class StretchReminderHandler(IntentHandler):
    intents = frozenset({"StretchReminderIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        moment = when.parse_time(slot(turn.handler_input, "Time").heard)
        if moment is None:
            return turn.elicit("Time", say("stretch_ask_time"))
        if when.is_ambiguous(moment) and moment.hour < STRETCH_FROM:
            turn.ctx["booking"] = {"hour": moment.hour, "minute": moment.minute, "kind": "stretch"}
            question = say("ampm_question", time=when.clock(moment.replace(hour=moment.hour + 12)))
            return turn.ask(Speech().say(question), question, question="ampm")
        return stretch_reminder(turn, moment)


def reminder_words(turn: Turn, reminder: dict[str, str]) -> str:
    say = turn.say
    try:
        at = datetime.fromisoformat(reminder.get("at", ""))
    except ValueError:
        return say(f"reminder_kind_{reminder['kind']}")
    if reminder["kind"] == "stretch":
        return say("reminder_kind_stretch_at", time=when.clock(at.timetz()))
    return say("reminder_kind_session_at", when=when.describe(at, turn.now).split(",")[0])


class ListRemindersHandler(IntentHandler):
    intents = frozenset({"ListRemindersIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        if not turn.state.reminders:
            return turn.answer(say("reminders_none"))
        if not reminders.has_permission(turn):
            return ask_permission(turn, "list")
        try:
            live = {r.id for r in reminders.listed(turn) if r.status.upper() == "ON"}
        except reminders.ReminderError as err:
            return reminder_failed(turn, err, "list")
        # Reconcile: forget reminders the user deleted or that have fired.
        ours = [r for r in turn.state.reminders if r["id"] in live]
        turn.state.reminders = ours
        names = [reminder_words(turn, r) for r in ours]
        if not names:
            return turn.answer(say("reminders_none"))
        speech = Speech().say(
            say("reminders_list", count=len(names), items=spoken_list(names, "and"))
        )
        return turn.ask(speech.say(say("menu_short")), say("menu_short"))


class CancelRemindersHandler(IntentHandler):
    intents = frozenset({"CancelRemindersIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        ours = list(turn.state.reminders)
        if not ours:
            return turn.answer(say("reminders_none"))
        if not reminders.has_permission(turn):
            return ask_permission(turn, "cancel")
        for reminder in ours:
            try:
                reminders.delete(turn, reminder["id"])
            except reminders.ReminderError as err:
                return reminder_failed(turn, err, "cancel")
            turn.state.reminders = [r for r in turn.state.reminders if r["id"] != reminder["id"]]
        if turn.state.next_session:
            turn.state.next_session["reminder"] = ""
        speech = Speech().say(say("reminders_cancelled", count=len(ours)), say("menu_short"))
        return turn.ask(speech, say("menu_short"))


class PermissionResponseHandler(AbstractRequestHandler):
    """Alexa's answer to our AskFor: carry on with what was asked for."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not is_request_type("Connections.Response")(handler_input):
            return False
        return getattr(handler_input.request_envelope.request, "name", None) == "AskFor"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        say = turn.say
        request = handler_input.request_envelope.request
        payload = getattr(request, "payload", None) or {}
        status = str(payload.get("status", "")) if isinstance(payload, dict) else ""
        purpose = str(getattr(request, "token", "") or "")
        if status != "ACCEPTED":
            from ask_sdk_model.ui.ask_for_permissions_consent_card import (
                AskForPermissionsConsentCard,
            )

            handler_input.response_builder.set_card(
                AskForPermissionsConsentCard(permissions=[reminders.PERMISSION])
            )
            speech = Speech().say(say("permission_denied"), say("menu_short"))
            return turn.ask(speech, say("menu_short"))
        if purpose == "session":
            return session_reminder(turn)
        if purpose.startswith("stretch:"):
            hour, minute = (int(p) for p in purpose.split(":")[1:3])
            return stretch_reminder(turn, time(hour, minute))
        if purpose == "list":
            return ListRemindersHandler().respond(turn)
        if purpose == "cancel":
            return CancelRemindersHandler().respond(turn)
        return turn.answer(say("permission_thanks"))


HANDLERS = [
    BookSessionHandler(),
    MoveSessionHandler(),
    NextSessionHandler(),
    CancelSessionHandler(),
    ProgramHandler(),
    SessionReminderHandler(),
    StretchReminderHandler(),
    ListRemindersHandler(),
    CancelRemindersHandler(),
    PermissionResponseHandler(),
]
