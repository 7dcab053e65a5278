"""Build the skill: handlers in order, interceptors, persistence, API client."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from . import builtins, hooks, wire
from .also import Then
from .answers import unanswered
from .api_client import LazyApiClient
from .business import handlers as business
from .business.profile import load_profile
from .canfulfill import CanFulfillHandler
from .content import load as load_content
from .dispatch import IntentIndexMapper
from .first_use import FirstUse
from .massage import handlers as massage
from .persistence import LoadState, RetryLaterError, SaveState
from .progress import handlers as progress
from .regional import Regional
from .routines import handlers as routines
from .safety import handlers as safety
from .screens import touch
from .screens.show import Remember, Show
from .sessions import ampm, booking, permissions, reminding
from .settings import DEFAULT_LOCALE, Settings
from .speech import Speech
from .store import open_store
from .store.base import Store
from .tips import handlers as tips
from .understanding.heard import Hear

log = logging.getLogger(__name__)

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


class SkillBuildError(RuntimeError):
    """A question, gate or continuation that no room registered."""


def check_registrations() -> None:
    """Every question has an answer and every hook its room's handler."""
    missing = [f"answer to {q.value}" for q in unanswered()]
    missing += hooks.missing() + permissions.missing() + ampm.missing()
    if missing:
        raise SkillBuildError("not registered: " + ", ".join(missing))


def build_skill(settings: Settings | None = None, store: Store | None = None) -> CustomSkill:
    settings = settings or Settings.from_env()
    # Content, the business profile and the rooms' registrations fail at
    # start-up, not on a user's turn.
    load_content(DEFAULT_LOCALE)
    profile = load_profile(settings.business_path)
    check_registrations()
    loader = LoadState(profile, store if store is not None else open_store(settings.store_url))
    builder = CustomSkillBuilder(api_client=LazyApiClient())
    # The SDK refuses requests for any other skill once this is set.
    builder.skill_id = settings.skill_id  # type: ignore[assignment]
    for handler in [
        CanFulfillHandler(),
        *builtins.BEFORE_ROOMS,
        *routines.STEP_SAFETY,  # claims only a leg concern at a step, never a red flag
        *safety.HANDLERS,
        *routines.HANDLERS,
        *tips.HANDLERS,
        *progress.HANDLERS,
        *massage.HANDLERS,
        *business.HANDLERS,
        *booking.HANDLERS,
        *reminding.HANDLERS,
        permissions.PermissionResponseHandler(),
        *touch.HANDLERS,  # a tap on a screen the routine has moved past
        *builtins.AFTER_ROOMS,
    ]:
        builder.add_request_handler(handler)
    builder.add_exception_handler(builtins.ErrorHandler())
    # Raw words and unresolved values are understood before anything reads the intent.
    builder.add_global_request_interceptor(Hear())
    builder.add_global_request_interceptor(loader)
    # A tap becomes the intent its words would send, checked against the record.
    builder.add_global_request_interceptor(touch.Touch())
    builder.add_global_request_interceptor(Remember())
    then = Then()  # a second request said in the same line, answered on
    builder.add_global_response_interceptor(then)
    builder.add_global_response_interceptor(FirstUse())  # a one-shot's first reply: the disclaimer
    builder.add_global_response_interceptor(Show())  # the screen, from the state as changed
    builder.add_global_response_interceptor(Regional())  # the market's forms of all of it
    builder.add_global_response_interceptor(SaveState(loader))
    config = builder.skill_configuration
    (mapper,) = config.request_mappers
    config.request_mappers = [IntentIndexMapper(mapper.request_handler_chains)]
    then.mapper = config.request_mappers[0]
    return CustomSkill(skill_configuration=config)


def bad_request_response() -> dict[str, Any]:
    """A valid Alexa response for an envelope the SDK could not read."""
    say = load_content(DEFAULT_LOCALE).prompts
    return {
        "version": "1.0",
        "response": {
            "outputSpeech": {
                "type": "SSML",
                "ssml": f"<speak>{Speech().say(say('bad_request')).ssml()}</speak>",
            },
            "shouldEndSession": True,
        },
    }


class RequestRejectedError(Exception):
    """A request for another skill: refused without an answer."""


def lambda_handler_for(skill: CustomSkill, skill_id: str | None = None) -> LambdaHandler:
    """The SDK's Lambda entry, guarded against envelopes it cannot parse.
    With `skill_id`, requests for any other skill raise RequestRejectedError.
    The envelope is built from the event dict, and the response turned
    back into one, by `wire` (the SDK's serializer would dump the event to
    JSON and parse it again, and walks both by reflection)."""

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if skill_id and _application_id(event) != skill_id:
            log.warning("refused a request for another skill")
            raise RequestRejectedError("request is for another skill")
        try:
            envelope = wire.envelope(event)
            if envelope.request is None:
                raise ValueError("no request in envelope")
            body = wire.plain(skill.invoke(request_envelope=envelope, context=context))
            if not isinstance(body, dict):
                raise TypeError("response did not serialize to an object")
            return body
        except RetryLaterError:
            raise  # fail the invocation: Alexa delivers the event again
        except Exception as err:  # a malformed envelope must still get an answer
            log.warning("rejected request: %s", type(err).__name__)
            return bad_request_response()

    return handler


def _application_id(event: Any) -> str | None:
    try:
        app_id = event["context"]["System"]["application"]["applicationId"]
    except (KeyError, TypeError):
        try:
            app_id = event["session"]["application"]["applicationId"]
        except (KeyError, TypeError):
            return None
    return str(app_id) if app_id else None
