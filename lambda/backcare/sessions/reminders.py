"""Alexa reminders through the SDK's ReminderManagementServiceClient."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..turn import Turn

log = logging.getLogger(__name__)
PERMISSION = "alexa::alerts:reminders:skill:readwrite"


class ReminderError(Exception):
    """`kind` is permission, throttled, gone (404) or unavailable."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True)
class Listed:
    id: str
    status: str


def has_permission(turn: Turn) -> bool:
    system = getattr(turn.handler_input.request_envelope.context, "system", None)
    user = getattr(system, "user", None)
    permissions = getattr(user, "permissions", None)
    return bool(getattr(permissions, "consent_token", None))


def _client(turn: Turn) -> Any:
    factory = turn.handler_input.service_client_factory
    if factory is None:
        raise ReminderError("unavailable")
    return factory.get_reminder_management_service()


def _call(turn: Turn, action: str, *args: Any) -> Any:
    from ask_sdk_model.services.service_exception import ServiceException

    try:
        return getattr(_client(turn), action)(*args)
    except ServiceException as err:
        status = int(getattr(err, "status_code", 0) or 0)
        log.warning("reminders API %s answered %s", action, status)
        if status in (401, 403):
            raise ReminderError("permission") from err
        if status == 429:
            raise ReminderError("throttled") from err
        if status == 404:
            raise ReminderError("gone") from err
        raise ReminderError("unavailable") from err
    except ReminderError:
        raise
    except Exception as err:  # timeouts, refused connections, bad bodies
        log.warning("reminders API %s failed: %s", action, type(err).__name__)
        raise ReminderError("unavailable") from err


def _request(turn: Turn, at: datetime, text: str, recurrence: Any) -> Any:
    # The reminder model classes are imported only in turns that set one.
    from ask_sdk_model.services.reminder_management.alert_info import AlertInfo
    from ask_sdk_model.services.reminder_management.push_notification import PushNotification
    from ask_sdk_model.services.reminder_management.push_notification_status import (
        PushNotificationStatus,
    )
    from ask_sdk_model.services.reminder_management.reminder_request import ReminderRequest
    from ask_sdk_model.services.reminder_management.spoken_info import SpokenInfo
    from ask_sdk_model.services.reminder_management.spoken_text import SpokenText
    from ask_sdk_model.services.reminder_management.trigger import Trigger
    from ask_sdk_model.services.reminder_management.trigger_type import TriggerType

    locale = getattr(turn.handler_input.request_envelope.request, "locale", None) or "en-US"
    zone = getattr(at.tzinfo, "key", None)
    return ReminderRequest(
        request_time=turn.now.replace(tzinfo=None),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            scheduled_time=at.replace(tzinfo=None, second=0, microsecond=0),
            time_zone_id=zone,
            recurrence=recurrence,
        ),
        alert_info=AlertInfo(
            spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])
        ),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


def create_once(turn: Turn, at: datetime, text: str) -> str:
    response = _call(turn, "create_reminder", _request(turn, at, text, None))
    return str(getattr(response, "alert_token", "") or "")


def create_daily(turn: Turn, first: datetime, text: str) -> str:
    from ask_sdk_model.services.reminder_management.recurrence import Recurrence

    # RFC 5545 rules, not the deprecated freq/byDay fields.
    rule = f"FREQ=DAILY;BYHOUR={first.hour};BYMINUTE={first.minute};BYSECOND=0;INTERVAL=1"
    recurrence = Recurrence(
        start_date_time=first.replace(tzinfo=None, second=0, microsecond=0),
        end_date_time=(first + timedelta(days=365)).replace(tzinfo=None, second=0, microsecond=0),
        recurrence_rules=[rule],
    )
    response = _call(turn, "create_reminder", _request(turn, first, text, recurrence))
    return str(getattr(response, "alert_token", "") or "")


def listed(turn: Turn) -> list[Listed]:
    """The user's reminders for this skill, as (token, status) pairs.

    ask-sdk-model's get_reminders() cannot parse the API's answer: its
    AlertInfo model names a module that does not exist, and empty datetime
    fields break it too (alexa/alexa-apis-for-python issues 4 and 30). This
    call therefore goes through the same SDK API client and configuration
    but reads only the two fields it needs from the JSON.
    """
    handler_input = turn.handler_input
    system = getattr(handler_input.request_envelope.context, "system", None)
    endpoint = getattr(system, "api_endpoint", None)
    token = getattr(system, "api_access_token", None)
    client = handler_input.service_client_factory
    if not endpoint or not token or client is None:
        raise ReminderError("unavailable")
    from ask_sdk_model.services.api_client_request import ApiClientRequest

    api_client = client.api_configuration.api_client
    request = ApiClientRequest(
        method="GET",
        url=f"{str(endpoint).rstrip('/')}/v1/alerts/reminders",
        headers=[("Authorization", f"Bearer {token}"), ("Accept", "application/json")],
    )
    try:
        response = api_client.invoke(request)
        status = int(response.status_code)
        body = json.loads(response.body or "{}") if 200 <= status < 300 else {}
    except Exception as err:
        log.warning("reminders API list failed: %s", type(err).__name__)
        raise ReminderError("unavailable") from err
    if status in (401, 403):
        raise ReminderError("permission")
    if status == 429:
        raise ReminderError("throttled")
    if not 200 <= status < 300:
        raise ReminderError("unavailable")
    return [
        Listed(id=str(a.get("alertToken", "")), status=str(a.get("status", "")))
        for a in body.get("alerts") or []
        if isinstance(a, dict)
    ]


def delete(turn: Turn, reminder_id: str) -> None:
    """Delete one of ours; one the user already deleted counts as done."""
    try:
        _call(turn, "delete_reminder", reminder_id)
    except ReminderError as err:
        if err.kind != "gone":
            raise
