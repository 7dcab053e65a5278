"""Load and validate the business profile (BACKCARE_BUSINESS).

A malformed profile stops the skill at start-up with a message that names
the field, so a business never ships a skill that mis-speaks its prices.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

SAMPLE = Path(__file__).with_name("sample_profile.yaml")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_SPOKEN = 300  # an optional line the skill reads out stays one short reply
MAX_URL = 500
MAX_SKILL_NAME = 50  # Alexa's limit for a skill's name
_HOURS = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class ProfileError(ValueError):
    """The business profile is malformed; the message names the field."""


class Option(NamedTuple):
    minutes: int
    price: int


class Service(NamedTuple):
    name: str
    massage_type: str | None
    options: tuple[Option, ...]


class Opening(NamedTuple):
    opens: time
    closes: time


class Business(NamedTuple):
    name: str
    phone: str
    booking_url: str
    booking: str
    currency: str
    timezone: str
    program_sessions: int
    program_weeks: int
    services: tuple[Service, ...]
    hours: dict[str, Opening | None]
    # Optional lines, spoken as written: where the studio is, parking and
    # getting there, how clients pay. None: the skill offers the phone.
    address: str | None = None
    parking: str | None = None
    payment: str | None = None
    # `health_data: kept`: a HIPAA-eligible deployment (US only) that keeps
    # pain check-ins and the red-flag hold across sessions. Otherwise no
    # health fact outlives the session (docs/privacy.md says why).
    keeps_health: bool = False
    # The studio's own published pages and skill name (`backcare init`
    # writes them); the skill greets a new user by `skill_name` when set.
    privacy_url: str | None = None
    terms_url: str | None = None
    skill_name: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def service_for(self, massage_type: str) -> Service | None:
        return next((s for s in self.services if s.massage_type == massage_type), None)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_profile(path: str | None) -> Business:
    source = Path(path) if path else SAMPLE
    try:
        # libyaml's loader when the wheel has it: several times faster, and
        # this file is read on every cold start.
        raw = yaml.load(source.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as err:
        raise ProfileError(f"business profile {source}: {err}") from err
    if not isinstance(raw, dict):
        raise ProfileError(f"business profile {source}: expected a mapping of fields")
    return _business(raw)


def _field(raw: dict[str, Any], key: str, where: str = "") -> str:
    value = raw.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(f"business profile field '{where}{key}' must be non-empty text")
    return value.strip()


def _optional(raw: dict[str, Any], key: str) -> str | None:
    if raw.get(key) is None:
        return None
    value = _field(raw, key)
    if len(value) > MAX_SPOKEN:
        raise ProfileError(
            f"business profile field '{key}' must be at most {MAX_SPOKEN} characters"
        )
    return value


def _whole(raw: dict[str, Any], key: str, where: str) -> int:
    value = raw.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ProfileError(f"business profile field '{where}{key}' must be a positive whole number")
    return value


def _business(raw: dict[str, Any]) -> Business:
    zone = _field(raw, "timezone")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ProfileError(f"business profile field 'timezone': unknown zone {zone!r}") from err
    url = _https(raw, "booking_url")
    program = raw.get("program") or {"sessions": 4, "weeks": 6}
    if not isinstance(program, dict):
        raise ProfileError("business profile field 'program' must have sessions and weeks")
    return Business(
        name=_field(raw, "name"),
        phone=_field(raw, "phone"),
        booking_url=url,
        booking=_field(raw, "booking"),
        currency=_field(raw, "currency"),
        timezone=zone,
        program_sessions=_whole(program, "sessions", "program."),
        program_weeks=_whole(program, "weeks", "program."),
        services=_services(raw.get("services")),
        hours=_hours(raw.get("hours")),
        address=_optional(raw, "address"),
        parking=_optional(raw, "parking"),
        payment=_optional(raw, "payment"),
        keeps_health=_health_data(raw),
        privacy_url=_https(raw, "privacy_url") if raw.get("privacy_url") is not None else None,
        terms_url=_https(raw, "terms_url") if raw.get("terms_url") is not None else None,
        skill_name=_skill_name(raw),
    )


def _https(raw: dict[str, Any], key: str) -> str:
    url = _field(raw, key)
    if not url.startswith("https://") or len(url) > MAX_URL or any(c.isspace() for c in url):
        raise ProfileError(
            f"business profile field '{key}' must be an https:// address "
            f"of at most {MAX_URL} characters"
        )
    return url


def _skill_name(raw: dict[str, Any]) -> str | None:
    if raw.get("skill_name") is None:
        return None
    name = _field(raw, "skill_name")
    if len(name) > MAX_SKILL_NAME:
        raise ProfileError(
            f"business profile field 'skill_name' must be at most {MAX_SKILL_NAME} characters"
        )
    return name


HEALTH_DATA = ("none", "kept")


def _health_data(raw: dict[str, Any]) -> bool:
    value = raw.get("health_data", "none")
    if value not in HEALTH_DATA:
        raise ProfileError("business profile field 'health_data' must be none or kept")
    return bool(value == "kept")


def _services(raw: Any) -> tuple[Service, ...]:
    if not isinstance(raw, list) or not raw:
        raise ProfileError("business profile field 'services' must list at least one service")
    out = []
    for i, item in enumerate(raw):
        where = f"services[{i}]."
        if not isinstance(item, dict):
            raise ProfileError(f"business profile field 'services[{i}]' must be a mapping")
        options = item.get("options")
        if not isinstance(options, list) or not options:
            raise ProfileError(f"business profile field '{where}options' must list durations")
        parsed = []
        for n, option in enumerate(options):
            if not isinstance(option, dict):
                raise ProfileError(f"business profile field '{where}options[{n}]' is not a mapping")
            at = f"{where}options[{n}]."
            parsed.append(
                Option(minutes=_whole(option, "minutes", at), price=_whole(option, "price", at))
            )
        kind = item.get("type")
        out.append(
            Service(
                name=_field(item, "name", where),
                massage_type=str(kind) if kind else None,
                options=tuple(parsed),
            )
        )
    return tuple(out)


def _hours(raw: Any) -> dict[str, Opening | None]:
    if not isinstance(raw, dict):
        raise ProfileError("business profile field 'hours' must map each weekday to hours")
    out: dict[str, Opening | None] = {}
    for day in WEEKDAYS:
        value = str(raw.get(day, "")).strip().lower()
        if value == "closed":
            out[day] = None
            continue
        match = _HOURS.match(value)
        if not match:
            raise ProfileError(
                f"business profile field 'hours.{day}' must be like 9:00-17:00 or closed"
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            opening = Opening(time(h1, m1), time(h2, m2))
        except ValueError as err:
            raise ProfileError(f"business profile field 'hours.{day}': {err}") from err
        if opening.closes <= opening.opens:
            raise ProfileError(f"business profile field 'hours.{day}': closes before it opens")
        out[day] = opening
    unknown = set(raw) - set(WEEKDAYS)
    if unknown:
        raise ProfileError(f"business profile field 'hours': unknown day {sorted(unknown)[0]!r}")
    return out
