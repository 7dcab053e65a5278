"""The five English markets: one grammar and one content, each market's
model and manifest entry, and replies in the market's forms."""

from __future__ import annotations

import json

import pytest

from backcare.content import ContentError, load
from backcare.content.regions import region, regions
from backcare_tools.console.device import SlotFill
from backcare_tools.interaction_model import locales, model_path, read_grammar
from tests.conftest import ROOT, Rig
from tests.helpers import text

MARKETS = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")


def test_every_market_has_a_model_content_and_a_manifest_entry() -> None:
    assert sorted(regions()) == sorted(MARKETS)
    assert sorted(locales()) == sorted(MARKETS)
    manifest = json.loads((ROOT / "skill.json").read_text())["manifest"]
    assert sorted(manifest["publishingInformation"]["locales"]) == sorted(MARKETS)
    assert sorted(manifest["privacyAndCompliance"]["locales"]) == sorted(MARKETS)
    countries = {regions()[m].country for m in MARKETS}
    assert set(manifest["publishingInformation"]["distributionCountries"]) == countries
    for market in MARKETS:
        assert model_path(ROOT, market).is_file()
        assert load(market).routines, market  # speaks its base's content


def test_a_regional_grammar_is_its_base_plus_its_own_words() -> None:
    base = read_grammar("en-US")["intents"]
    for market in MARKETS[1:]:
        regional = read_grammar(market)["intents"]
        assert set(regional) == set(base)
        for name, spec in base.items():
            assert regional[name]["sentences"][: len(spec["sentences"])] == spec["sentences"]


def test_an_unknown_market_has_no_content() -> None:
    with pytest.raises(ContentError):
        load("en-NZ")


@pytest.mark.parametrize(
    ("market", "said", "heard"),
    [
        ("en-GB", "The usual program is 4 over 6 weeks.", "The usual programme is 4 over 6 weeks."),
        ("en-AU", "Programs vary.", "Programmes vary."),
        ("en-CA", "The usual program is 4.", "The usual program is 4."),
        ("en-GB", "is Friday, January 14th at 3 PM", "is Friday the 14th of January at 3 PM"),
        ("en-IN", "next Monday, March 2nd", "next Monday the 2nd of March"),
        ("en-US", "Friday, January 14th", "Friday, January 14th"),
        ("en-US", "see a doctor or physiotherapist", "see a doctor or physical therapist"),
        ("en-CA", "see a doctor or physiotherapist", "see a doctor or physiotherapist"),
        ("en-GB", "a program-free day in Mayfair", "a programme-free day in Mayfair"),
        ("en-US", "Exercise programmes help.", "Exercise programs help."),
        # a web address is no word: a booking page's path stays as it is
        (
            "en-GB",
            "Book at https://x.co.uk/program/book, or call.",
            "Book at https://x.co.uk/program/book, or call.",
        ),
        ("en-US", "see www.physiotherapist.com", "see www.physiotherapist.com"),
    ],
)
def test_replies_take_the_markets_forms(market: str, said: str, heard: str) -> None:
    found = region(market)
    assert found is not None
    assert found.respell(said) == heard


@pytest.mark.parametrize(
    ("market", "date_said"),
    [("en-GB", "the 14th of January"), ("en-US", "January 14th"), ("en-CA", "January 14th")],
)
def test_a_device_in_each_market_hears_its_own_forms(rig: Rig, market: str, date_said: str) -> None:
    device = rig.device(locale=market)
    device.launch()
    booked = device.intent(
        "BookSessionIntent",
        {
            "Date": SlotFill("2027-01-14", "AMAZON.DATE"),
            "Time": SlotFill("15:00", "AMAZON.TIME"),
        },
    )
    assert date_said in text(booked)
    program = text(device.intent("ProgramIntent"))
    assert ("programme" in program) is (market == "en-GB"), program


@pytest.mark.parametrize(
    ("market", "said", "intent"),
    [
        ("en-GB", "what time do you shut", "HoursIntent"),
        ("en-AU", "are you open this arvo", "HoursIntent"),
        ("en-CA", "do you take interac", "PaymentIntent"),
        ("en-IN", "what is the timing", "HoursIntent"),
        ("en-IN", "which all exercises you have", "ListRoutinesIntent"),
    ],
)
def test_a_markets_own_sentences_are_in_its_model_only(market: str, said: str, intent: str) -> None:
    def owner(locale: str) -> str | None:
        model = json.loads(model_path(ROOT, locale).read_text())
        for found in model["interactionModel"]["languageModel"]["intents"]:
            if said in found["samples"]:
                return str(found["name"])
        return None

    assert owner(market) == intent
    assert owner("en-US") is None
