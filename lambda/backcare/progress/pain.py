"""Pain check-ins (0 to 10): log one a day per answer, and describe the trend."""

from __future__ import annotations

from datetime import date, timedelta

from ..state import MAX_PAIN_CHECKINS, PainCheckin, UserState

TREND_DAYS = 14
HIGH = 7
STOP = 8  # this much pain or more: no routine that day, and a check
SEVERE = 9
RISE = 2  # a trend "going up"
SHARP_RISE = 3  # up this much since the last check-in: no routine that day


def log_score(state: UserState, day: date, score: int, request_id: str) -> None:
    entry = PainCheckin(day=day.isoformat(), score=score, id=request_id)
    state.pain_checkins = [*state.pain_checkins, entry][-MAX_PAIN_CHECKINS:]


def checked_in_on(state: UserState, day: date) -> bool:
    return any(c.day == day.isoformat() for c in state.pain_checkins)


def recent(state: UserState, today: date) -> list[tuple[date, int]]:
    since = today - timedelta(days=TREND_DAYS)
    out = []
    for entry in state.pain_checkins:
        try:
            day, score = date.fromisoformat(entry.day), entry.score
        except ValueError:
            continue  # skip a damaged entry rather than fail the answer
        if since <= day <= today:
            out.append((day, score))
    return out


def span_words(first: date, last: date, today: date) -> str:
    days = (today - first).days
    if days >= 13:
        return "over the last two weeks"
    if days >= 7:
        return "over the last week"
    if days <= 1:
        return "since yesterday" if days == 1 else "today"
    return f"over the last {days} days"


def when_words(day: date, today: date) -> str:
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"on {day.strftime('%A')}" if days < 7 else f"{days} days ago"


def is_rising(points: list[tuple[date, int]]) -> bool:
    return len(points) >= 2 and points[-1][1] - points[0][1] >= RISE


def previous_score(state: UserState, today: date) -> int | None:
    """The latest check-in of the last two weeks, before the one being logged."""
    points = recent(state, today)
    return points[-1][1] if points else None
