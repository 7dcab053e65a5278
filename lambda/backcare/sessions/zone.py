"""The device's time zone, from the Alexa settings API, once per session."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..device_zone import settings_zone
from ..turn import Turn


def device_zone(turn: Turn) -> tuple[ZoneInfo, bool]:
    """The zone, and whether it is the business's default (the API failed)."""
    ctx = turn.ctx
    if ctx.zone:
        try:
            return ZoneInfo(ctx.zone), ctx.zone_is_default
        except (ZoneInfoNotFoundError, ValueError):
            pass
    name = settings_zone(turn.handler_input)
    fell_back = name is None
    if name is None:
        name = turn.business.timezone
    ctx.zone, ctx.zone_is_default = name, fell_back
    return ZoneInfo(name), fell_back
