"""Questions about the business: services, prices, booking, opening hours,
where it is and how clients pay."""

from __future__ import annotations

from datetime import timedelta

from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from ..answers import answers
from ..context import Question
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..spoken import clock, sentence, spoken_list
from ..turn import Turn
from .profile import WEEKDAYS, Business, Opening, Service

MAX_SAID = 4  # services said for one length: a spoken list stays short


def options_text(business: Business, service: Service) -> str:
    """'95 dollars for 60 minutes, or 135 for 90'."""
    first, *more = service.options
    parts = [f"{first.price} {business.currency} for {first.minutes} minutes"]
    parts += [f"{o.price} for {o.minutes}" for o in more]
    return spoken_list(parts, "or")


def hours_text(opening: Opening | None) -> str:
    if opening is None:
        return "closed"
    return f"open from {clock(opening.opens)} to {clock(opening.closes)}"


def week_text(business: Business) -> str:
    """Days with the same hours said together: 'Monday to Wednesday 9 AM to
    7 PM; ...; closed Sunday'."""
    runs: list[tuple[str, str, Opening | None]] = []
    for day in WEEKDAYS:
        opening = business.hours[day]
        if runs and runs[-1][2] == opening:
            runs[-1] = (runs[-1][0], day, opening)
        else:
            runs.append((day, day, opening))
    parts = []
    for first, last, opening in runs:
        days = first.title() if first == last else f"{first.title()} to {last.title()}"
        if opening is None:
            parts.append(f"closed {days}")
        else:
            parts.append(f"{days} {clock(opening.opens)} to {clock(opening.closes)}")
    return "; ".join(parts)


class ServicesHandler(IntentHandler):
    intents = frozenset({"ServicesIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        business = turn.business
        names = spoken_list([s.name for s in business.services], "and")
        # "how much is the first one": the types in the order said
        turn.ctx.listed = [s.massage_type for s in business.services if s.massage_type]
        speech = Speech().say(
            say("services", business=business.name, services=names), say("booking_offer")
        )
        return turn.ask(speech, say("booking_reprompt"), question=Question.BOOKING)


class PriceHandler(IntentHandler):
    intents = frozenset({"PriceIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        business = turn.business
        value = turn.request.slot("MassageType")
        massage = turn.content.massage(value.id or "") if value.matched else None
        speech = Speech()
        if massage is None and not value.heard:
            # "How much is it": the type last discussed, else the range.
            massage = turn.content.massage(turn.ctx.massage)
            if massage is None or business.service_for(massage.id) is None:
                prices = [o.price for s in business.services for o in s.options]
                speech.say(
                    say(
                        "price_range", low=min(prices), high=max(prices), currency=business.currency
                    )
                )
                return turn.elicit(
                    "MassageType",
                    speech.text(),
                    Question.MASSAGE_NAME,
                    say("price_which_reprompt"),
                )
        if massage is not None:  # "and the hot stone?" next asks its price too
            turn.ctx.massage, turn.ctx.followed = massage.id, "PriceIntent"
        offer = business.service_for(massage.id) if massage else None
        if offer is None:
            offered = spoken_list([s.name for s in business.services], "and")
            key = "not_offered" if massage else "not_offered_unknown"
            name = massage.name if massage else ""
            return turn.answer(say(key, business=business.name, name=name, services=offered))
        akin = massage.akin_heard(value.heard) if massage else None
        if massage is not None and akin is not None:  # "remedial": said as deep tissue
            speech.say(say("massage_akin", heard=sentence(akin), name=massage.name))
        speech.say(
            say("price", service=sentence(offer.name), options=options_text(business, offer))
        )
        # "how much are swedish and deep tissue": the second price too
        second = turn.request.slot("MassageTypeB")
        other = turn.content.massage(second.id or "") if second.matched else None
        if other is not None and massage is not None and other.id != massage.id:
            also = business.service_for(other.id)
            if also is None:
                speech.say(say("not_offered_short", name=other.name))
            else:
                options = options_text(business, also)
                speech.say(say("price", service=sentence(also.name), options=options))
        speech.say(say("booking_offer"))
        return turn.ask(speech, say("booking_reprompt"), question=Question.BOOKING)


def booking(turn: Turn) -> Response:
    say = turn.say
    business = turn.business
    if turn.ctx.booking_told:  # asked again: the number, not the whole story
        first = say("booking_check_first") if turn.state.clearance_since else ""
        return turn.answer(first, say("booking_again", phone=business.phone))
    turn.ctx.booking_told = True
    turn.handler_input.response_builder.set_card(
        SimpleCard(
            title=say("booking_card_title", business=business.name),
            content=say("booking_card", phone=business.phone, url=business.booking_url),
        )
    )
    speech = Speech()
    if turn.state.clearance_since:  # a warning sign not yet checked: a doctor first
        speech.say(say("booking_check_first"))
    speech.say(business.booking, say("booking_card_sent"), say("anything_else"))
    return turn.ask(speech, say("menu_reprompt"))


class SessionLengthHandler(IntentHandler):
    """ "Do you do thirty minute sessions?": the services of that length and
    their prices, or the lengths there are; with no length, the lengths."""

    intents = frozenset({"SessionLengthIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        business = turn.business
        lengths = sorted({o.minutes for s in business.services for o in s.options})
        said = spoken_list([str(m) for m in lengths], "or")
        minutes = turn.request.number("Minutes")
        speech = Speech()
        fits = [
            f"{s.name} for {o.price} {business.currency}"
            for s in business.services
            for o in s.options
            if o.minutes == minutes
        ]
        if minutes is None:
            speech.say(say("session_lengths", lengths=said))
        elif fits:
            items = spoken_list(fits[:MAX_SAID], "and")
            speech.say(say("session_length_yes", minutes=minutes, items=items))
        else:
            speech.say(say("session_length_no", minutes=minutes, lengths=said))
        speech.say(say("booking_offer"))
        return turn.ask(speech, say("booking_reprompt"), question=Question.BOOKING)


class BookingHandler(IntentHandler):
    intents = frozenset({"BookingIntent"})

    def respond(self, turn: Turn) -> Response:
        return booking(turn)


class HoursHandler(IntentHandler):
    intents = frozenset({"HoursIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        business = turn.business
        value = turn.request.slot("Day")
        local_today = turn.now.astimezone(business.zone).date()
        day = value.id if value.matched else None
        if day in ("today", "tomorrow"):
            date = local_today + timedelta(days=1 if day == "tomorrow" else 0)
            day_name = WEEKDAYS[date.weekday()]
            speech = Speech().say(
                say("hours_day", day=day.title(), hours=hours_text(business.hours[day_name]))
            )
        elif day in WEEKDAYS:
            speech = Speech().say(
                say("hours_day", day=f"On {day.title()}", hours=hours_text(business.hours[day]))
            )
        else:  # the whole week is long enough on its own
            return turn.answer(say("hours_week", week=week_text(business)))
        turn.ctx.followed = "HoursIntent"  # "and sunday?" next asks that day's hours
        speech.say(say("booking_offer"))
        return turn.ask(speech, say("booking_reprompt"), question=Question.BOOKING)


class LocationHandler(IntentHandler):
    """Where the studio is, and parking or transport when the profile says."""

    intents = frozenset({"LocationIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        business = turn.business
        if business.address is None:
            return turn.answer(say("location_unknown", phone=business.phone))
        speech = Speech().say(say("location", business=business.name, address=business.address))
        if business.parking is not None:
            speech.say(business.parking)
        speech.say(say("booking_offer"))
        return turn.ask(speech, say("booking_reprompt"), question=Question.BOOKING)


class PaymentHandler(IntentHandler):
    intents = frozenset({"PaymentIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        business = turn.business
        if business.payment is None:
            return turn.answer(say("payment_unknown", phone=business.phone))
        return turn.answer(say("payment", payment=business.payment))


class StudioQuestionHandler(IntentHandler):
    """A question about the studio its profile cannot answer (the
    therapists' registration, tax, gift cards; named by the skill's
    understanding): said so, and who can answer it, rather than "I didn't
    catch that"."""

    intents = frozenset({"StudioQuestionIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        business = turn.business
        return turn.answer(say("studio_unknown", business=business.name, phone=business.phone))


@answers(Question.BOOKING)
def _booking(turn: Turn, yes: bool) -> Response:
    return booking(turn) if yes else turn.menu()


HANDLERS = [
    ServicesHandler(),
    PriceHandler(),
    SessionLengthHandler(),
    BookingHandler(),
    HoursHandler(),
    LocationHandler(),
    PaymentHandler(),
    StudioQuestionHandler(),
]
