"""One typed view of the request envelope, built once per turn.

Handlers read the request through this view instead of walking the SDK's
model objects: the few fields the skill uses, each read once with the SDK's
request utilities and model types, with missing parts (an envelope without
a device, a session or a user) as None rather than an AttributeError.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.canfulfill.can_fulfill_intent_request import CanFulfillIntentRequest
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.slot import Slot

ER_MATCH = "ER_SUCCESS_MATCH"


@dataclass(frozen=True)
class SlotValue:
    heard: str  # what the user said, "" when the slot was not filled
    id: str | None = None  # canonical id when entity resolution matched

    @property
    def matched(self) -> bool:
        return self.id is not None


@dataclass(frozen=True)
class RequestView:
    request_type: str
    request_id: str = ""
    intent: str | None = None
    locale: str | None = None
    timestamp: datetime = field(default_factory=lambda: datetime.now(UTC))
    user_id: str | None = None
    device_id: str | None = None
    api_endpoint: str | None = None
    api_token: str | None = None
    consent: bool = False  # the user granted this skill's permissions
    slots: Mapping[str, Slot] = field(default_factory=dict)

    @staticmethod
    def of(handler_input: HandlerInput) -> RequestView:
        envelope = handler_input.request_envelope
        request = envelope.request
        system = envelope.context.system if envelope.context else None
        user = system.user if system else None
        # A name-free query (CanFulfillIntentRequest) names an intent too.
        intent = (
            request.intent if isinstance(request, IntentRequest | CanFulfillIntentRequest) else None
        )
        stamp = request.timestamp if request is not None else None
        stamp = stamp if isinstance(stamp, datetime) else None
        locale = request.locale if request is not None else None
        return RequestView(
            request_type=str(request.object_type or "") if request is not None else "",
            request_id=str(request.request_id or "") if request is not None else "",
            intent=str(intent.name) if intent and intent.name else None,
            locale=str(locale) if locale else None,
            timestamp=(stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC))
            if stamp
            else datetime.now(UTC),
            user_id=str(user.user_id) if user and user.user_id else None,
            device_id=str(system.device.device_id) if system and system.device else None,
            api_endpoint=str(system.api_endpoint) if system and system.api_endpoint else None,
            api_token=str(system.api_access_token) if system and system.api_access_token else None,
            consent=bool(user and user.permissions and user.permissions.consent_token),
            slots=intent.slots if intent and isinstance(intent.slots, dict) else {},
        )

    def slot(self, name: str) -> SlotValue:
        """A slot's value as heard, and its canonical id when Alexa's entity
        resolution matched one."""
        raw = self.slots.get(name)
        heard = str(raw.value or "").strip() if isinstance(raw, Slot) else ""
        if not heard or heard == "?":
            return SlotValue(heard="")
        resolutions = raw.resolutions if isinstance(raw, Slot) else None
        for authority in (resolutions.resolutions_per_authority if resolutions else None) or []:
            code = authority.status.code if authority.status else None
            values = authority.values or []
            if code is not None and code.value == ER_MATCH and values and values[0].value:
                canonical = values[0].value.id or values[0].value.name
                if canonical:
                    return SlotValue(heard=heard, id=str(canonical))
        return SlotValue(heard=heard)

    def number(self, name: str) -> int | None:
        try:
            return int(self.slot(name).heard)
        except ValueError:
            return None
