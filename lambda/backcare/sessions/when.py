"""Dates and times for sessions: slot values, AM/PM, past dates, wording.

Everything here is local time in the device's zone; stored times carry
their offset (ISO 8601) and the zone name, so daylight-saving changes
between booking and session come out right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..business.profile import WEEKDAYS, Business
from ..spoken import clock, ordinal

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(\d{2}):(\d{2})$")


def parse_date(value: str) -> date | None:
    """An AMAZON.DATE value naming one day (weeks, months, seasons: None)."""
    match = _DATE.match(value or "")
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_time(value: str) -> time | None:
    """An AMAZON.TIME value naming one clock time ("MO", "EV" and such: None)."""
    match = _TIME.match(value or "")
    if not match:
        return None
    hour, minute = (int(g) for g in match.groups())
    return time(hour, minute) if hour < 24 and minute < 60 else None


def hour_of(number: int) -> str | None:
    """A number said for a clock time, as the AMAZON.TIME value of that
    hour ("3" -> "03:00"); None when no hour is called that."""
    return f"{number:02d}:00" if 0 <= number <= 23 else None


def next_day_of_month(number: int, today: date) -> date | None:
    """The next date (from today) whose day of the month is `number`."""
    if not 1 <= number <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(13):
        try:
            day = date(year, month, number)
        except ValueError:  # no such day in this month
            day = None
        if day is not None and day >= today:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def is_ambiguous(moment: time) -> bool:
    """A 1 to 11 o'clock time could be morning or evening."""
    return 1 <= moment.hour <= 11


def settle_meridiem(day: date, moment: time, business: Business) -> time | None:
    """Pick AM or PM when the business's hours allow only one; else None."""
    opening = business.hours.get(WEEKDAYS[day.weekday()])
    if opening is None:
        return None
    candidates = [moment, moment.replace(hour=moment.hour + 12)]
    fits = [c for c in candidates if opening.opens <= c < opening.closes]
    return fits[0] if len(fits) == 1 else None


def off_hours(at: datetime, business: Business) -> tuple[str, dict[str, str]] | None:
    """A session noted on a day the studio's hours say it is closed, or at a
    time outside them: the prompt that says so and its values; None when
    it fits (a typo in a day is caught before the reminder rings)."""
    day = WEEKDAYS[at.weekday()]
    if day not in business.hours:
        return None  # a profile without that day's hours says nothing of it
    opening = business.hours[day]
    if opening is None:
        return "session_closed_day", {"day": day.title()}
    if opening.opens <= at.time() < opening.closes:
        return None
    hours = {"opens": clock(opening.opens), "closes": clock(opening.closes)}
    return "session_off_hours", {"day": day.title(), **hours}


@dataclass(frozen=True)
class Placed:
    at: datetime  # aware, in the device's zone
    moved_a_week: bool = False


def place(day: date, moment: time, zone: ZoneInfo, now: datetime) -> Placed | None:
    """The session's moment, or None when it is in the past.

    A weekday said on that same weekday after the time has passed ("Friday
    at 3" on Friday evening) means next week.
    """
    at = datetime.combine(day, moment, tzinfo=zone)
    local_now = now.astimezone(zone)
    if at > local_now:
        return Placed(at)
    if day == local_now.date():
        return Placed(datetime.combine(day + timedelta(days=7), moment, tzinfo=zone), True)
    return None


def day_words(at: datetime, now: datetime) -> str:
    local_now = now.astimezone(at.tzinfo)
    days = (at.date() - local_now.date()).days
    weekday = at.strftime("%A")
    dated = f"{at.strftime('%B')} {ordinal(at.day)}"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if 2 <= days <= 6:
        return f"this {weekday}"
    if 7 <= days <= 13:
        return f"next {weekday}, {dated}"
    return f"{weekday}, {dated}"


def until_words(at: datetime, now: datetime) -> str:
    local_now = now.astimezone(at.tzinfo)
    days = (at.date() - local_now.date()).days
    if days >= 2:
        return f"in {days} days"
    if days == 1:
        return ""
    minutes = int((at - local_now).total_seconds() // 60)
    if minutes < 60:
        return f"in {max(minutes, 1)} minutes"
    hours = round(minutes / 60)
    return f"in {hours} hour" + ("s" if hours != 1 else "")


def day_and_time(at: datetime, now: datetime) -> str:
    """'this Friday at 3 PM'."""
    return f"{day_words(at, now)} at {clock(at.timetz())}"


def describe(at: datetime, now: datetime) -> str:
    """'this Friday at 3 PM, in 4 days'."""
    until = until_words(at, now)
    text = day_and_time(at, now)
    return f"{text}, {until}" if until else text


def stamp(at: datetime) -> str:
    return at.isoformat(timespec="minutes")


def unstamp(value: str, zone: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(ZoneInfo(zone))
