"""Questions about the business: services, prices, booking, opening hours."""

from __future__ import annotations

from datetime import timedelta

from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from ..answers import answers
from ..context import Question
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..spoken import clock, spoken_list
from ..turn import Turn
from .profile import WEEKDAYS, Business, Opening, Service


def options_text(business: Business, service: Service) -> str:
    parts = [f"{o.minutes} minutes for {o.price} {business.currency}" for o in service.options]
    return spoken_list(parts, "and")


def hours_text(opening: Opening | None) -> str:
    if opening is None:
        return "closed"
    return f"open from {clock(opening.opens)} to {clock(opening.closes)}"


class ServicesHandler(IntentHandler):
    intents = frozenset({"ServicesIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        business = turn.business
        names = spoken_list([s.name for s in business.services], "and")
        speech = Speech().say(
            say("services", business=business.name, services=names), say("booking_offer")
        )
        return turn.ask(speech, say("booking_offer"), question=Question.BOOKING)


class PriceHandler(IntentHandler):
    intents = frozenset({"PriceIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        business = turn.business
        value = turn.request.slot("MassageType")
        massage = turn.content.massage(value.id or "") if value.matched else None
        speech = Speech()
        if massage is None and not value.heard:
            for service in business.services:
                speech.say(
                    say("price", service=service.name, options=options_text(business, service))
                )
        else:
            offer = business.service_for(massage.id) if massage else None
            if offer is None:
                name = massage.name if massage else value.heard
                offered = spoken_list([s.name for s in business.services], "and")
                speech.say(say("not_offered", business=business.name, name=name, services=offered))
            else:
                speech.say(say("price", service=offer.name, options=options_text(business, offer)))
        speech.say(say("booking_offer"))
        return turn.ask(speech, say("booking_offer"), question=Question.BOOKING)


def booking(turn: Turn) -> Response:
    say = turn.say
    business = turn.business
    turn.handler_input.response_builder.set_card(
        SimpleCard(
            title=say("booking_card_title", business=business.name),
            content=say("booking_card", phone=business.phone, url=business.booking_url),
        )
    )
    speech = Speech().say(business.booking, say("booking_card_sent"), say("menu_short"))
    return turn.ask(speech, say("menu_short"))


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
        else:
            week = [f"{d.title()}, {hours_text(business.hours[d])}" for d in WEEKDAYS]
            speech = Speech().say(say("hours_week", business=business.name, week="; ".join(week)))
        speech.say(say("booking_offer"))
        return turn.ask(speech, say("booking_offer"), question=Question.BOOKING)


@answers(Question.BOOKING)
def _booking(turn: Turn, yes: bool) -> Response:
    return booking(turn) if yes else turn.menu()


HANDLERS = [ServicesHandler(), PriceHandler(), BookingHandler(), HoursHandler()]
