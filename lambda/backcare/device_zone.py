"""The device's time zone name from the Alexa settings API, asked at most
once per session (the answer rides in the session's attributes): the
understanding needs it to read "tomorrow" said in raw words as the
device's day, and the sessions room to place a massage and a reminder in
it."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from ask_sdk_core.handler_input import HandlerInput

log = logging.getLogger(__name__)

ASKED = "dz"  # request and session attribute: the answer ("" when the API failed)


def settings_zone(handler_input: HandlerInput) -> str | None:
    """The zone the device is set to, else None (no API, or it failed)."""
    manager = handler_input.attributes_manager
    session = manager.session_attributes if isinstance(manager.session_attributes, dict) else {}
    for cache in (manager.request_attributes, session):
        if isinstance(cache.get(ASKED), str):
            return str(cache[ASKED]) or None
    name = _ask(handler_input)
    manager.request_attributes[ASKED] = name or ""
    if handler_input.request_envelope.session is not None:
        session[ASKED] = name or ""  # (a failed lookup is not asked again this session)
    return name


def _ask(handler_input: HandlerInput) -> str | None:
    factory = handler_input.service_client_factory
    system = handler_input.request_envelope.context
    device = system.system.device if system and system.system else None
    device_id = device.device_id if device else None
    if factory is None or not device_id:
        return None
    try:
        name = factory.get_ups_service().get_system_time_zone(device_id)
        if isinstance(name, str) and name.strip():
            ZoneInfo(name.strip())
            return name.strip()
    except Exception as err:  # any failure: the caller uses its default
        log.warning("time zone lookup failed: %s", type(err).__name__)
    return None
