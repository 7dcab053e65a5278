"""The studio's business profile: its own file or the sample, the flags
over it, a question at the terminal for each field still missing or still
the sample's, and the skill's own loader (load_profile) to check it all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from backcare.business.profile import MAX_SPOKEN, MAX_URL, SAMPLE, Business, load_profile

from ..certify import PLACEHOLDER_HOSTS
from . import InitError
from .locales import country
from .prompting import Asker, Check
from .templating import render

MAX_NAME = 40  # "<name> Back Care" stays within Alexa's 50 for a skill's name
SKILL_SUFFIX = " Back Care"
MAX_PROFILE_BYTES = 64 * 1024
# The currency each country's clients hear; a studio selling in two
# countries names its own.
CURRENCIES = {"US": "dollars", "CA": "dollars", "AU": "dollars", "GB": "pounds", "IN": "rupees"}
# The sample's street, parking and payment lines describe no real studio.
SAMPLE_ONLY = ("address", "parking", "payment")
# The order business.yaml lists its fields in; a profile's other keys follow.
ORDER = (
    "name",
    "skill_name",
    "phone",
    "booking_url",
    "booking",
    "currency",
    "timezone",
    "privacy_url",
    "terms_url",
    "address",
    "parking",
    "payment",
    "health_data",
    "program",
    "services",
    "hours",
)
_PHONE = re.compile(r"^[0-9+()\-. ]{3,30}$")
_CURRENCY = re.compile(r"^[A-Za-z][A-Za-z ]{0,19}$")


def sample() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    return raw


def _single_line(value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"must be at most {limit} characters"
    if any(ord(c) < 32 for c in value):
        return "must be one line of text"
    return None


def check_name(value: str) -> str | None:
    return _single_line(value, MAX_NAME)


def check_phone(value: str) -> str | None:
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 3:
        return "must be a phone number (digits, spaces, + - ( ) .)"
    if value == str(sample()["phone"]):
        return "is the sample's number: give the studio's own"
    return None


def check_url(value: str) -> str | None:
    parts = urlparse(value)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in value):
        return f"must be an https:// address, not {value[:60]!r}"
    if len(value) > MAX_URL:
        return f"must be at most {MAX_URL} characters"
    if PLACEHOLDER_HOSTS.search(parts.hostname):
        return f"must be a real page, not {parts.hostname[:60]!r}"
    return None


def check_zone(value: str) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f"must be a time zone like Europe/London, not {value[:60]!r}"
    return None


def check_currency(value: str) -> str | None:
    if not _CURRENCY.match(value):
        return "must be the currency as spoken, like pounds or dollars"
    return None


def check_line(value: str) -> str | None:
    return _single_line(value, MAX_SPOKEN)


@dataclass(frozen=True)
class Field:
    key: str
    flag: str
    question: str
    check: Check

    @property
    def label(self) -> str:
        return f"business profile field '{self.key}' ({self.flag})"


# What init asks for when it is missing or still the sample's.
ASKED = (
    Field("name", "--name", "The studio's name, as the skill should say it", check_name),
    Field("phone", "--phone", "The phone number clients call", check_phone),
    Field("booking_url", "--booking-url", "The online booking page (https://...)", check_url),
    Field("timezone", "--timezone", "The studio's time zone (like Europe/London)", check_zone),
    Field("currency", "--currency", "The currency, as spoken (like pounds)", check_currency),
    Field("privacy_url", "--privacy-url", "Where privacy.html will be published", check_url),
    Field("terms_url", "--terms-url", "Where your terms of use are (https://...)", check_url),
)
# Given by flag only: the skill does without them.
OPTIONAL = (
    Field("booking", "--booking", "", check_line),
    Field("address", "--address", "", check_line),
    Field("parking", "--parking", "", check_line),
    Field("payment", "--payment", "", check_line),
)


@dataclass(frozen=True)
class Given:
    """What the command line says about the profile."""

    profile: Path | None
    values: Mapping[str, str]  # profile key -> the flag's value
    health_data: str | None = None


def read_start(profile: Path | None) -> dict[str, Any]:
    if profile is None:
        return sample()
    try:
        text = profile.read_bytes()[: MAX_PROFILE_BYTES + 1].decode("utf-8")
        raw = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise InitError(f"--profile {profile}: {str(err).splitlines()[0]}") from err
    if len(text) > MAX_PROFILE_BYTES:
        raise InitError(f"--profile {profile}: over {MAX_PROFILE_BYTES // 1024} KB")
    if not isinstance(raw, dict):
        raise InitError(f"--profile {profile}: expected a mapping of fields")
    return raw


def assemble(given: Given, locales: tuple[str, ...], asker: Asker | None) -> dict[str, Any]:
    """The profile's fields: the start, the flags over it, then an answer
    for each field still missing or still the sample's."""
    raw = read_start(given.profile)
    from_sample = given.profile is None
    if from_sample:
        for key in SAMPLE_ONLY:
            raw.pop(key, None)
        currencies = {CURRENCIES[country(locale)] for locale in locales}
        if len(currencies) == 1 and "currency" not in given.values:
            raw["currency"] = currencies.pop()
        else:
            raw.pop("currency", None)
        raw.pop("timezone", None)  # the studio's clock is never the sample's
    for field in (*ASKED, *OPTIONAL):
        if field.key in given.values:
            value = " ".join(given.values[field.key].split())
            problem = field.check(value)
            if problem:
                raise InitError(f"{field.label} {problem}")
            raw[field.key] = value
    for field in ASKED:
        why = _unusable(field, raw.get(field.key), from_sample)
        if why is None:
            continue
        if asker is None:
            raise InitError(f"{field.label} {why}")
        raw[field.key] = asker.ask(field.label, field.question, field.check)
    if given.health_data is not None:
        raw["health_data"] = given.health_data
    _booking_names_the_phone(raw, given)
    raw["skill_name"] = str(raw.get("skill_name") or f"{raw['name']}{SKILL_SUFFIX}")
    return raw


def _unusable(field: Field, value: Any, from_sample: bool) -> str | None:
    """Why a field's present value cannot stand (None: it can). A value of
    the studio's own that is malformed is an error, not a question."""
    text = "" if value is None else str(value).strip()
    if not text:
        return "is missing"
    ours = sample()
    if field.key == "name" and from_sample and text == ours["name"]:
        return "is the sample's"
    if field.key == "phone" and text == str(ours["phone"]):
        return "is the sample's number"
    if field.key.endswith("_url"):
        host = urlparse(text).hostname or ""
        if PLACEHOLDER_HOSTS.search(host):
            return f"is a placeholder ({host[:60]})"
    problem = field.check(text)
    if problem:
        raise InitError(f"{field.label} {problem}")
    return None


def _booking_names_the_phone(raw: dict[str, Any], given: Given) -> None:
    """The sample's booking sentence says the sample's number: say the studio's."""
    old = str(sample()["phone"])
    booking = raw.get("booking")
    if "booking" not in given.values and isinstance(booking, str) and old in booking:
        raw["booking"] = booking.replace(old, str(raw["phone"]))


def write(raw: dict[str, Any], path: Path, today: date) -> Business:
    """business.yaml, read back by the skill's own loader: its ProfileError
    names the field."""
    from backcare.business.profile import ProfileError

    ordered = {key: raw[key] for key in ORDER if key in raw}
    ordered.update({key: value for key, value in raw.items() if key not in ordered})
    body = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(
        render("business.yaml.j2", body=body, name=ordered["name"], today=today.isoformat()),
        encoding="utf-8",
    )
    try:
        return load_profile(str(path))
    except ProfileError as err:
        raise InitError(str(err)) from err
