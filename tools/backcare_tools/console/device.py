"""A simulated Alexa device: builds the request envelopes Alexa sends and
carries the session between turns, exactly as the voice service does."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

LOCAL_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-backcarecoach"
AUTHORITY = "amzn1.er-authority.echo-sdk.{skill}.{type}"

Invoke = Callable[[dict[str, Any]], dict[str, Any]]


def random_id() -> str:
    return str(uuid.uuid4())


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class SlotFill:
    value: str
    slot_type: str = ""
    resolved_id: str | None = None  # set: ER_SUCCESS_MATCH; None on a custom type: NO_MATCH
    resolved_name: str | None = None

    def to_json(self, name: str, skill_id: str) -> dict[str, Any]:
        slot: dict[str, Any] = {"name": name, "value": self.value, "confirmationStatus": "NONE"}
        if self.slot_type and not self.slot_type.startswith("AMAZON."):
            authority = AUTHORITY.format(skill=skill_id, type=self.slot_type)
            if self.resolved_id:
                status = {"code": "ER_SUCCESS_MATCH"}
                values = [{"value": {"name": self.resolved_name, "id": self.resolved_id}}]
            else:
                status, values = {"code": "ER_SUCCESS_NO_MATCH"}, []
            slot["resolutions"] = {
                "resolutionsPerAuthority": [
                    {"authority": authority, "status": status, "values": values}
                ]
            }
        return slot


@dataclass
class Device:
    """One user's device. `send` posts an envelope and keeps the session."""

    invoke: Invoke
    user_id: str = "amzn1.ask.account.console-user"
    device_id: str = "amzn1.ask.device.console"
    skill_id: str = LOCAL_SKILL_ID
    locale: str = "en-US"
    api_endpoint: str = "https://api.amazonalexa.com"
    api_token: str = "console-access-token"
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    new_id: Callable[[], str] = random_id  # session and request ids (fixed in transcripts)
    consent_token: str | None = None  # set once the user allows reminders
    session_id: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    last_response: dict[str, Any] = field(default_factory=dict)
    # What a device with a screen adds (devtools/echo_show.py): interfaces
    # it supports, and context beyond System (Viewport, Extensions...).
    interfaces: dict[str, Any] = field(default_factory=dict)
    extra_context: dict[str, Any] = field(default_factory=dict)

    @property
    def in_session(self) -> bool:
        return self.session_id is not None

    def _envelope(self, request: dict[str, Any]) -> dict[str, Any]:
        new = self.session_id is None
        if new:
            self.session_id = f"amzn1.echo-api.session.{self.new_id()}"
            self.attributes = {}
        application = {"applicationId": self.skill_id}
        user: dict[str, Any] = {"userId": self.user_id}
        if self.consent_token:
            user["permissions"] = {"consentToken": self.consent_token}
        return {
            "version": "1.0",
            "session": {
                "new": new,
                "sessionId": self.session_id,
                "application": application,
                "attributes": self.attributes,
                "user": user,
            },
            "context": {
                "System": {
                    "application": application,
                    "user": user,
                    "device": {"deviceId": self.device_id, "supportedInterfaces": self.interfaces},
                    "apiEndpoint": self.api_endpoint,
                    "apiAccessToken": self.api_token,
                },
                **self.extra_context,
            },
            "request": {
                "requestId": f"amzn1.echo-api.request.{self.new_id()}",
                "timestamp": stamp(self.clock()),
                "locale": self.locale,
                **request,
            },
        }

    def send(self, request: dict[str, Any]) -> dict[str, Any]:
        envelope = self._envelope(request)
        reply = self.invoke(envelope)
        self.last_response = reply
        if request["type"] == "SessionEndedRequest" or ends_session(reply):
            self.session_id = None
            self.attributes = {}
        else:
            self.attributes = dict(reply.get("sessionAttributes") or {})
        return reply

    def launch(self) -> dict[str, Any]:
        self.end_session()
        return self.send({"type": "LaunchRequest"})

    def intent(self, name: str, slots: dict[str, SlotFill] | None = None) -> dict[str, Any]:
        payload = {
            name_: fill.to_json(name_, self.skill_id) for name_, fill in (slots or {}).items()
        }
        return self.send(
            {
                "type": "IntentRequest",
                "dialogState": "COMPLETED",
                "intent": {"name": name, "confirmationStatus": "NONE", "slots": payload},
            }
        )

    def tap(self, arguments: list[str], token: str = "backcare") -> dict[str, Any]:
        """A touch on the screen: the APL UserEvent its SendEvent sends."""
        return self.send(
            {
                "type": "Alexa.Presentation.APL.UserEvent",
                "token": token,
                "arguments": arguments,
                "source": {"type": "TouchWrapper", "handler": "Press", "id": "", "value": False},
            }
        )

    def permission_answer(self, token: str, accepted: bool | None) -> dict[str, Any]:
        """What Alexa sends after asking the user for reminders permission
        (None: the user said nothing)."""
        if accepted:
            self.consent_token = self.api_token
        status = "NOT_ANSWERED" if accepted is None else "ACCEPTED" if accepted else "DENIED"
        return self.send(
            {
                "type": "Connections.Response",
                "name": "AskFor",
                "status": {"code": "200", "message": "OK"},
                "payload": {
                    "permissionScope": "alexa::alerts:reminders:skill:readwrite",
                    "status": status,
                    "isCardThrown": False,
                },
                "token": token,
            }
        )

    def skill_disabled(self) -> dict[str, Any]:
        """The event Alexa sends when the user disables the skill: outside
        any session, and delivered again (the same event) if it fails."""
        now = stamp(self.clock())
        return {
            "version": "1.0",
            "context": {
                "System": {
                    "application": {"applicationId": self.skill_id},
                    "user": {"userId": self.user_id},
                }
            },
            "request": {
                "type": "AlexaSkillEvent.SkillDisabled",
                "requestId": f"amzn1.echo-api.request.{self.new_id()}",
                "timestamp": now,
                "eventCreationTime": now,
                "eventPublishingTime": now,
                "body": {"userInformation": {"persistenceStatus": "NOT_PERSISTED"}},
            },
        }

    def end_session(self, reason: str = "USER_INITIATED") -> dict[str, Any] | None:
        if not self.in_session:
            return None
        return self.send({"type": "SessionEndedRequest", "reason": reason})


def speech_of(reply: dict[str, Any]) -> str:
    speech = (reply.get("response") or {}).get("outputSpeech") or {}
    return str(speech.get("ssml") or speech.get("text") or "")


def reprompt_of(reply: dict[str, Any]) -> str:
    reprompt = (reply.get("response") or {}).get("reprompt") or {}
    speech = reprompt.get("outputSpeech") or {}
    return str(speech.get("ssml") or speech.get("text") or "")


def permission_request(reply: dict[str, Any]) -> str | None:
    """The token of an AskFor directive in the reply, if any."""
    for directive in (reply.get("response") or {}).get("directives") or []:
        if directive.get("type") == "Connections.SendRequest" and directive.get("name") == "AskFor":
            return str(directive.get("token") or "")
    return None


def ends_session(reply: dict[str, Any]) -> bool:
    if permission_request(reply) is not None:
        return False  # Alexa asks, then resumes the session with its answer
    return bool((reply.get("response") or {}).get("shouldEndSession", True))
