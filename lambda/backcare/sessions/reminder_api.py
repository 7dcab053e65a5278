"""The Alexa Reminders API through the SDK's ReminderManagementServiceClient."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

from ask_sdk_model.services.reminder_management.reminder_response import ReminderResponse

from ..content.regions import region
from ..turn import Turn

if TYPE_CHECKING:
    from ask_sdk_model.services.reminder_management.reminder_management_service_client import (
        ReminderManagementServiceClient,
    )

log = logging.getLogger(__name__)
T = TypeVar("T")
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
    return turn.request.consent


def _client(turn: Turn) -> ReminderManagementServiceClient:
    factory = turn.handler_input.service_client_factory
    if factory is None:
        raise ReminderError("unavailable")
    return factory.get_reminder_management_service()


def _call(turn: Turn, action: str, call: Callable[[ReminderManagementServiceClient], T]) -> T:
    from ask_sdk_model.services.service_exception import ServiceException

    try:
        return call(_client(turn))
    except ServiceException as err:
        status = int(err.status_code or 0)
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

    locale = turn.request.locale or "en-US"
    market = region(locale)  # the reminder is said by Alexa, never through the response
    text = market.respell(text) if market is not None else text
    zone = at.tzinfo.key if isinstance(at.tzinfo, ZoneInfo) else None
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
    request = _request(turn, at, text, None)
    response = _call(turn, "create", lambda client: client.create_reminder(request))
    return _token(response)


# The days a repeating reminder rings on, by REPEAT_DAYS id, as RFC 5545 BYDAY.
BY_DAY = {"weekdays": "MO,TU,WE,TH,FR", "weekends": "SA,SU"}


def create_daily(turn: Turn, first: datetime, text: str, days: str = "") -> str:
    """A reminder at `first`'s time every day, or on `days` (a BY_DAY key)."""
    from ask_sdk_model.services.reminder_management.recurrence import Recurrence

    # RFC 5545 rules, not the deprecated freq/byDay fields.
    at = f"BYHOUR={first.hour};BYMINUTE={first.minute};BYSECOND=0;INTERVAL=1"
    rule = f"FREQ=WEEKLY;BYDAY={BY_DAY[days]};{at}" if days in BY_DAY else f"FREQ=DAILY;{at}"
    recurrence = Recurrence(
        start_date_time=first.replace(tzinfo=None, second=0, microsecond=0),
        end_date_time=(first + timedelta(days=365)).replace(tzinfo=None, second=0, microsecond=0),
        recurrence_rules=[rule],
    )
    request = _request(turn, first, text, recurrence)
    response = _call(turn, "create", lambda client: client.create_reminder(request))
    return _token(response)


def _token(response: object) -> str:
    if isinstance(response, ReminderResponse) and response.alert_token:
        return str(response.alert_token)
    raise ReminderError("unavailable")  # no token: nothing we could cancel later


def listed(turn: Turn) -> list[Listed]:
    """The user's reminders for this skill, as (token, status) pairs.

    ask-sdk-model's get_reminders() cannot parse the API's answer: its
    AlertInfo model names a module that does not exist, and empty datetime
    fields break it too (alexa/alexa-apis-for-python issues 4 and 30). This
    call therefore goes through the same SDK API client and configuration
    but reads only the two fields it needs from the JSON.
    """
    endpoint, token = turn.request.api_endpoint, turn.request.api_token
    client = turn.handler_input.service_client_factory
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
        _call(turn, "delete", lambda client: client.delete_reminder(reminder_id))
    except ReminderError as err:
        if err.kind != "gone":
            raise


def forget(turn: Turn, reminder_id: str) -> None:
    """Delete one of ours and drop it from the record; if the API fails,
    keep the id so that "cancel my reminders" can try again."""
    try:
        delete(turn, reminder_id)
    except ReminderError:
        return
    turn.state.reminders = [r for r in turn.state.reminders if r.id != reminder_id]
