"""The studio's privacy policy (privacy.md and privacy.html), from what the
skill stores for its profile.

Every field of the stored record (backcare.state.UserState) is described
here, in plain words, once: a field the record gains without a description
stops init, so the page never falls behind the skill. The health facts
(backcare.health.Health) are stored only with `health_data: kept`; by
default they live in the session (docs/privacy.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from backcare.business.profile import Business
from backcare.health import Health
from backcare.state import UserState

from . import InitError
from .templating import render


@dataclass(frozen=True)
class Item:
    what: str
    why: str
    fields: tuple[str, ...]  # the UserState fields it covers


KEPT = (
    Item(
        "Where you are in a routine, and when that last changed",
        "so you can stop and carry on later, on any of your devices",
        ("progress", "progress_at"),
    ),
    Item(
        "How many times you finished each routine, and your daily streak",
        "to tell you how you are doing",
        ("completions", "streak"),
    ),
    Item(
        "Which tips and massage types you have heard, and the day of the last tip of the day",
        "so you hear something new",
        ("tips_heard", "massage_asked", "tip_day"),
    ),
    Item(
        "That you have heard the skill's note that it gives no medical advice",
        "so it is said in full the first time only",
        ("disclaimer_heard",),
    ),
    Item(
        "Your next massage appointment (its time and time zone), the times of your past "
        "appointments, and when you last changed them",
        "to tell you when your next session is and how your course of sessions is going",
        ("next_session", "past_sessions", "session_at"),
    ),
    Item(
        "The Alexa reminders the skill set for you (Alexa's reference for each, and when it rings)",
        "to read them back to you and cancel them when you ask",
        ("reminders",),
    ),
    Item(
        "That you were told your device's time zone could not be read",
        "so you are told once",
        ("tz_notice",),
    ),
    Item(
        "A version number, references to the last saves and a deletion marker",
        "so two devices never overwrite each other's changes, and a deleted record stays deleted",
        ("version", "writes", "generation"),
    ),
)
HEALTH = (
    Item(
        "Your pain check-ins: a score from 0 to 10 and its date",
        "to tell you how your pain has been over the last two weeks",
        ("pain_checkins",),
    ),
    Item(
        "The day you were last offered the pain check-in, and a day your pain was too high "
        "for a routine",
        "so you are asked once a day, and no routine is offered that day",
        ("pain_asked_day", "rest_day"),
    ),
    Item(
        "That you answered no to the safety question about warning signs",
        "so the question is not asked before every routine",
        ("screened",),
    ),
    Item(
        "If you reported a warning sign: the date, until you tell the skill a doctor has "
        "checked you (never which sign it was)",
        "so routines stay closed until then",
        ("clearance_since", "clearance_at"),
    ),
)


def check_coverage() -> None:
    """Every stored field is described once, health facts among HEALTH."""
    described = [name for item in (*KEPT, *HEALTH) for name in item.fields]
    health = {name for item in HEALTH for name in item.fields}
    fields = set(UserState.__struct_fields__)
    if sorted(described) != sorted(fields) or health != set(Health.__struct_fields__):
        missing = sorted(fields - set(described)) or sorted(set(described) - fields)
        raise InitError(f"the privacy page does not describe the record's fields: {missing}")


def values(business: Business, today: date) -> dict[str, object]:
    check_coverage()
    return {
        "business": business.name,
        "skill": business.skill_name or business.name,
        "phone": business.phone,
        "address": business.address,
        "privacy_url": business.privacy_url,
        "kept": KEPT,
        "health": HEALTH,
        "keeps_health": business.keeps_health,
        "today": today.strftime("%d %B %Y").lstrip("0"),
    }


def write(folder: Path, business: Business, today: date) -> list[Path]:
    found = values(business, today)
    written = []
    for name in ("privacy.md", "privacy.html"):
        path = folder / name
        path.write_text(render(f"{name}.j2", **found), encoding="utf-8")
        written.append(path)
    return written
