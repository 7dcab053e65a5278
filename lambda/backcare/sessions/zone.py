"""The device's time zone, from the Alexa settings API, once per session."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..turn import Turn

log = logging.getLogger(__name__)


def device_zone(turn: Turn) -> tuple[ZoneInfo, bool]:
    """The zone, and whether it is the business's default (the API failed)."""
    cached = turn.ctx.get("tz")
    if isinstance(cached, str):
        try:
            return ZoneInfo(cached), bool(turn.ctx.get("tz_default"))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    name = _ask_settings_api(turn)
    fell_back = name is None
    if name is None:
        name = turn.business.timezone
    turn.ctx["tz"] = name
    turn.ctx["tz_default"] = fell_back
    return ZoneInfo(name), fell_back


def _ask_settings_api(turn: Turn) -> str | None:
    handler_input = turn.handler_input
    factory = handler_input.service_client_factory
    system = getattr(handler_input.request_envelope.context, "system", None)
    device_id = getattr(getattr(system, "device", None), "device_id", None)
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
