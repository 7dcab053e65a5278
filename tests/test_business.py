"""The business profile: answers from it, a booking card, and a malformed
profile refused at start-up with the field named."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from backcare.business.profile import SAMPLE, ProfileError, load_profile
from backcare.settings import Settings
from backcare.skill import build_skill, lambda_handler_for
from backcare.store import open_store
from backcare_tools.console.device import SlotFill
from tests.conftest import Clock, Rig
from tests.helpers import check_response, pending_question, says, text


def ask(rig: Rig, intent: str, **slots: SlotFill) -> str:
    device = rig.device()
    device.launch()
    reply = device.intent(intent, slots)
    check_response(reply)
    return text(reply)


def test_services(rig: Rig) -> None:
    spoken = ask(rig, "ServicesIntent")
    assert "Harbor Street Massage offers Swedish massage" in spoken
    assert "and hot stone massage" in spoken


def test_price_of_one_type(rig: Rig) -> None:
    deep = SlotFill("deep tissue", "MASSAGE_TYPE", "deep_tissue", "deep tissue massage")
    spoken = ask(rig, "PriceIntent", MassageType=deep)
    assert "95 dollars for 60 minutes or 135 for 90" in spoken


def test_two_prices_asked_at_once_are_both_said(rig: Rig) -> None:
    # The value Alexa could not resolve ("how much is {MassageType}" for two
    # types) is read by the skill: both prices, the second once.
    two = SlotFill("a swedish and a deep tissue", "MASSAGE_TYPE")
    spoken = ask(rig, "PriceIntent", MassageType=two)
    assert "Swedish massage is 85 dollars for 60 minutes" in spoken
    assert "Deep tissue massage is 95 dollars for 60 minutes" in spoken
    cupping = SlotFill("cupping", "MASSAGE_TYPE", "cupping", "cupping")
    swedish = SlotFill("swedish", "MASSAGE_TYPE", "swedish", "swedish massage")
    spoken = ask(rig, "PriceIntent", MassageType=swedish, MassageTypeB=cupping)
    assert "Swedish massage is 85 dollars" in spoken and says(
        spoken, "not_offered_short", name="cupping"
    )
    assert text_once(spoken, "85 dollars")


def text_once(spoken: str, part: str) -> bool:
    return spoken.count(part) == 1


def test_price_without_a_type(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    ranged = device.intent("PriceIntent")
    assert says(ranged, "price_range", low=80, high=135, currency="dollars")
    assert pending_question(device) == "massage_name"
    deep = SlotFill("deep tissue", "MASSAGE_TYPE", "deep_tissue", "deep tissue massage")
    device.intent("ExplainMassageIntent", {"MassageType": deep})
    assert "95 dollars for 60 minutes" in text(device.intent("PriceIntent"))  # the one discussed


def test_price_of_a_type_not_offered(rig: Rig) -> None:
    cupping = SlotFill("cupping", "MASSAGE_TYPE", "cupping", "cupping")
    spoken = ask(rig, "PriceIntent", MassageType=cupping)
    assert says(spoken, "not_offered", name="cupping")
    assert "cupping" in spoken and "Swedish massage" in spoken


def test_booking_sends_a_card(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("BookingIntent")
    check_response(reply)
    assert "555 0142" in text(reply)
    card = reply["response"]["card"]
    assert card["type"] == "Simple" and "https://example.com" in card["content"]


def test_booking_offered_after_prices(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    deep = SlotFill("deep tissue", "MASSAGE_TYPE", "deep_tissue", "deep tissue massage")
    device.intent("PriceIntent", {"MassageType": deep})
    assert "card" in device.intent("AMAZON.YesIntent")["response"]
    again = device.intent("BookingIntent")  # asked again: the number, briefly
    assert says(again, "booking_again", phone="555 0142")


@pytest.mark.parametrize(
    "day,expect",
    [
        ("sunday", "On Sunday we're closed"),
        ("thursday", "On Thursday we're open from 9 AM to 8 PM"),
        ("saturday", "On Saturday we're open from 10 AM to 4 PM"),
    ],
)
def test_hours_for_a_day(rig: Rig, day: str, expect: str) -> None:
    assert expect in ask(rig, "HoursIntent", Day=SlotFill(day, "BUSINESS_DAY", day, day))


def test_today_is_the_business_days_today(clock: Clock, rig: Rig) -> None:
    # 03:00 UTC on a Monday is still Sunday evening in New York.
    clock.now = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    spoken = ask(rig, "HoursIntent", Day=SlotFill("today", "BUSINESS_DAY", "today", "today"))
    assert "Today we're closed" in spoken


def test_whole_week(rig: Rig) -> None:
    spoken = ask(rig, "HoursIntent")
    assert "Monday to Wednesday 9 AM to 7 PM; Thursday 9 AM to 8 PM" in spoken
    assert "closed Sunday" in spoken


def test_where_the_studio_is_with_parking_then_booking_offered(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("LocationIntent")
    check_response(reply)
    assert says(reply, "location", business="Harbor Street Massage", address="24 Harbor Street")
    assert "free parking behind the building" in text(reply)
    assert pending_question(device) == "booking"
    assert "card" in device.intent("AMAZON.YesIntent")["response"]


def test_how_to_pay(rig: Rig) -> None:
    assert "cards, cash and gift cards" in ask(rig, "PaymentIntent")


def test_a_profile_without_address_or_payment_offers_the_phone(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    kept = [
        line
        for line in SAMPLE.read_text().splitlines()
        if not line.startswith(("address:", "parking:", "payment:"))
    ]
    path.write_text("\n".join(kept))
    settings = Settings("memory://", None, str(path), "INFO")
    store = open_store("memory://")
    handler = lambda_handler_for(build_skill(settings, store=store))
    rig = Rig(store=store, clock=Clock(), handler=handler)
    assert says(ask(rig, "LocationIntent"), "location_unknown", phone="555 0142")
    assert says(ask(rig, "PaymentIntent"), "payment_unknown", phone="555 0142")


def test_a_question_the_profile_cannot_answer_is_the_studios(rig: Rig) -> None:
    """ "Does the price include tax?" (the understanding's StudioQuestionIntent):
    said plainly that the skill does not have it, and whom to call."""
    spoken = ask(rig, "StudioQuestionIntent")
    assert says(spoken, "studio_unknown", business="Harbor Street Massage", phone="555 0142")


BROKEN = [
    ("address: " + "x" * 301, "'address'"),
    ("name: ''", "'name'"),
    ("timezone: Mars/Olympus", "'timezone'"),
    ("booking_url: http://insecure.example.com", "'booking_url'"),
    ("  sunday: sometimes", "'hours.sunday'"),
    ("      - {minutes: 60, price: 85}", "'services[0].options[0].price'"),
    ("health_data: always", "'health_data'"),
    ("privacy_url: http://harbourmassage.co.uk/privacy", "'privacy_url'"),
    ("terms_url: ftp://harbourmassage.co.uk/terms", "'terms_url'"),
]


@pytest.mark.parametrize("edit,field", BROKEN)
def test_malformed_profile_names_the_field(tmp_path: Path, edit: str, field: str) -> None:
    source = SAMPLE.read_text()
    key = edit.split(":", maxsplit=1)[0]
    lines = source.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(key + ":") or (key.strip() and line.startswith(key + ":")):
            lines[i] = edit
            break
    else:
        raise AssertionError(f"sample has no {key!r}")
    if "price" in field:
        lines[i] = "      - {minutes: 60, price: eighty}"
    path = tmp_path / "profile.yaml"
    path.write_text("\n".join(lines))
    with pytest.raises(ProfileError, match=field.replace("[", r"\[").replace("]", r"\]")):
        load_profile(str(path))


def test_the_studios_pages_and_skill_name_are_read() -> None:
    sample = load_profile(None)
    assert sample.privacy_url == "https://example.com/harbor-street-massage/privacy"
    assert sample.terms_url == "https://example.com/harbor-street-massage/terms"
    assert sample.skill_name is None  # greets as Back Care Coach


def test_a_studio_skill_greets_by_its_own_name(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(SAMPLE.read_text() + "\nskill_name: Kneady Hands Back Care\n")
    settings = Settings("memory://", None, str(path), "INFO")
    store = open_store("memory://")
    rig = Rig(store=store, clock=Clock(), handler=lambda_handler_for(build_skill(settings, store)))
    device = rig.device()
    assert says(device.launch(), "welcome_new", skill="Kneady Hands Back Care")
    path.write_text(SAMPLE.read_text() + "\nskill_name: " + "x" * 51 + "\n")
    with pytest.raises(ProfileError, match="'skill_name'"):
        load_profile(str(path))


def test_bad_profile_stops_the_skill_at_start_up(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("name: Spa\n")
    settings = Settings("memory://", None, str(path), "INFO")
    with pytest.raises(ProfileError, match="business profile field"):
        build_skill(settings, store=open_store("memory://"))


def test_backcare_business_points_at_another_profile(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(SAMPLE.read_text().replace("Harbor Street Massage", "Kneady Hands"))
    assert load_profile(str(path)).name == "Kneady Hands"
    assert Settings.from_env({"BACKCARE_BUSINESS": str(path)}).business_path == str(path)
