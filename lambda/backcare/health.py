"""The health facts in a user's record, and keeping them to the session.

Alexa's policy rejects a skill that collects information about a person's
physical or mental health or condition unless it is HIPAA-eligible (US
only, a covered entity). So by default these fields never reach the store:
they live in the session, steer today's session (the safety screen, the
red-flag hold, the day's pain check-in and rest gate), and are gone when it
ends. A business whose profile says `health_data: kept` stores them as any
other field. docs/privacy.md gives the reasoning.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from .state import MAX_PAIN_CHECKINS, PainCheckin, UserState

SESSION_HEALTH = "health"  # the session attribute that carries them
# Dates and times only: a longer text in the session is not ours.
Stamp = Annotated[str, msgspec.Meta(max_length=32)]


class Health(
    msgspec.Struct,
    kw_only=True,
    omit_defaults=True,
    # The record's own short keys: one name per field wherever it travels.
    rename={
        "screened": "sc",
        "clearance_since": "cs",
        "clearance_at": "ca",
        "rest_day": "rd",
        "pain_asked_day": "pd",
        "pain_checkins": "pc",
    },
):
    """Every UserState field from which health can be read (what was
    answered at the safety screen, a red flag's date, pain too high for a
    routine, pain scores) and the day the check-in was offered, which only
    means something beside them."""

    screened: bool = False
    clearance_since: Stamp = ""
    clearance_at: Stamp = ""
    rest_day: Stamp = ""
    pain_asked_day: Stamp = ""
    pain_checkins: Annotated[list[PainCheckin], msgspec.Meta(max_length=MAX_PAIN_CHECKINS)] = []

    @classmethod
    def of(cls, state: UserState) -> Health:
        return cls(**{name: getattr(state, name) for name in cls.__struct_fields__})

    def apply(self, state: UserState) -> None:
        """Put these facts into `state` (in place), replacing its own."""
        for name in self.__struct_fields__:
            setattr(state, name, getattr(self, name))

    @classmethod
    def from_session(cls, raw: object) -> Health:
        """The facts a session carried; none when it carried nothing readable
        (the safety screen is then asked again: never a gate skipped)."""
        try:
            return msgspec.convert(raw, cls) if raw is not None else cls()
        except msgspec.ValidationError:
            return cls()

    def carried(self) -> dict[str, Any] | None:
        out: dict[str, Any] = msgspec.to_builtins(self)
        return out or None


# Every health field at its default (the list is made afresh for each copy).
_NONE = {k: v for k, v in msgspec.structs.asdict(Health()).items() if k != "pain_checkins"}


def without_health(state: UserState) -> UserState:
    """The record as stored when health is not kept: a copy, health left out."""
    return msgspec.structs.replace(state, **_NONE, pain_checkins=[])
