"""Asking for the reminders permission by voice, and carrying on after.

The skill sends Connections.SendRequest AskFor; Alexa asks the user and
answers with a Connections.Response whose token names what the user was
doing (a PermissionFor value). On ACCEPTED the registered continuation for
that purpose runs; what it needs beyond the purpose (a stretch reminder's
time) waits in the conversation context.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.connections.connections_response import ConnectionsResponse
from ask_sdk_model.response import Response

from ..turn import Turn

PERMISSION = "alexa::alerts:reminders:skill:readwrite"


class PermissionFor(StrEnum):
    SESSION = "session"  # the day-before reminder of the booked session
    STRETCH = "stretch"  # a daily stretch reminder
    LIST = "list"
    CANCEL = "cancel"


Granted = Callable[[Turn], Response]
_GRANTED: dict[PermissionFor, Granted] = {}


def when_granted(purpose: PermissionFor) -> Callable[[Granted], Granted]:
    def register(func: Granted) -> Granted:
        _GRANTED[purpose] = func
        return func

    return register


def missing() -> list[str]:
    return [f"permission continuation {p.value}" for p in PermissionFor if p not in _GRANTED]


def ask_permission(turn: Turn, purpose: PermissionFor) -> Response:
    """Ask by voice; Alexa answers with a Connections.Response."""
    from ask_sdk_model.interfaces.connections.send_request_directive import (
        SendRequestDirective,
    )

    turn.ctx.question = None
    payload: dict[str, object] = {
        "@type": "AskForPermissionsConsentRequest",
        "@version": "2",
        "permissionScopes": [{"permissionScope": PERMISSION, "consentLevel": "ACCOUNT"}],
    }
    builder = turn.handler_input.response_builder
    builder.add_directive(SendRequestDirective(name="AskFor", payload=payload, token=purpose.value))
    return builder.response


class PermissionResponseHandler(AbstractRequestHandler):
    """Alexa's answer to our AskFor: carry on with what was asked for."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return isinstance(request, ConnectionsResponse) and request.name == "AskFor"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        say = turn.say
        request = handler_input.request_envelope.request
        assert isinstance(request, ConnectionsResponse)  # can_handle checked it
        payload = request.payload if isinstance(request.payload, dict) else {}
        if str(payload.get("status", "")) != "ACCEPTED":
            from ask_sdk_model.ui.ask_for_permissions_consent_card import (
                AskForPermissionsConsentCard,
            )

            handler_input.response_builder.set_card(
                AskForPermissionsConsentCard(permissions=[PERMISSION])
            )
            return turn.answer(say("permission_denied"))
        try:
            purpose = PermissionFor(str(request.token or ""))
        except ValueError:
            return turn.answer(say("permission_thanks"))
        return _GRANTED[purpose](turn)
