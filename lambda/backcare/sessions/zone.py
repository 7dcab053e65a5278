"""The device's time zone, from the Alexa settings API, once per session."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..turn import Turn

log = logging.getLogger(__name__)


def device_zone(turn: Turn) -> tuple[ZoneInfo, bool]:
    """The zone, and whether it is the business's default (the API failed)."""
    ctx = turn.ctx
    if ctx.zone:
        try:
            return ZoneInfo(ctx.zone), ctx.zone_is_default
        except (ZoneInfoNotFoundError, ValueError):
            pass
    name = _ask_settings_api(turn)
    fell_back = name is None
    if name is None:
        name = turn.business.timezone
    ctx.zone, ctx.zone_is_default = name, fell_back
    return ZoneInfo(name), fell_back


def _ask_settings_api(turn: Turn) -> str | None:
    factory = turn.handler_input.service_client_factory
    device_id = turn.request.device_id
    if factory is None or not device_id:
        return None
    try:
        name = factory.get_ups_service().get_system_time_zone(device_id)
        if isinstance(name, str) and name.strip():
            ZoneInfo(name.strip())
            return name.strip()
    except Exception as err:  # any failure: use the documented default
        log.warning("time zone lookup failed: %s", type(err).__name__)
    return None
