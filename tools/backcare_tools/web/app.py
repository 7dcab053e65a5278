"""The Flask app and `backcare serve` under waitress.

One route, `POST /`, does what flask-ask-sdk's `SkillAdapter` does (verify,
build the envelope, invoke the skill, answer JSON) with the SDK's own
checks (`verification.py`), hardened and parsed once:

1. the signature over the raw bytes (before the body is read as JSON);
2. the body: UTF-8 without a byte-order mark, JSON nested at most
   `MAX_DEPTH` deep, an object with `request` and `context.System`;
3. the timestamp and the skill id, on the parsed body;
4. the envelope built from that one parse (`backcare.wire`), the skill
   invoked, its response serialized once.

Anything malformed gets a 4xx with a one-line reason in the log; no log
line at any level carries the body, a user id or a token.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.skill import CustomSkill
from flask import Flask, Response

from backcare import wire
from backcare.persistence import RetryLaterError

from .verification import (
    Signature,
    VerificationException,
    check_skill_id,
    check_timestamp,
)

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 256 * 1024  # an Alexa request is a few KB
MAX_DEPTH = 64  # Alexa's envelopes nest about 12 deep
JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"


class BadRequestError(ValueError):
    """The body is not an Alexa request envelope (HTTP 400)."""


def parse_body(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object, or BadRequestError. Strict UTF-8:
    UTF-16 and UTF-32 bodies, a byte-order mark and encoded surrogates are
    refused, as is nesting deeper than MAX_DEPTH."""
    if body.startswith(codecs.BOM_UTF8):
        raise BadRequestError("body starts with a byte-order mark")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadRequestError("body is not UTF-8") from err
    try:
        event = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise BadRequestError("body is not JSON") from err
    if not isinstance(event, dict):
        raise BadRequestError("body is not a JSON object")
    # Each level needs a bracket, so few brackets means shallow: the walk
    # below runs only for bodies that could be deep.
    if body.count(b"{") + body.count(b"[") > MAX_DEPTH and _depth(event) > MAX_DEPTH:
        raise BadRequestError("body is nested too deep")
    return event


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, level + 1) for c in children if isinstance(c, dict | list))
    return deepest


def check_shape(event: Mapping[str, Any]) -> None:
    request_part = event.get("request")
    context = event.get("context")
    system = context.get("System") if isinstance(context, dict) else None
    if not isinstance(request_part, dict) or not isinstance(request_part.get("type"), str):
        raise BadRequestError("no request in the envelope")
    if not isinstance(system, dict):
        raise BadRequestError("no context.System in the envelope")


class Endpoint:
    """`POST /` as a plain WSGI function in front of Flask: Flask's request
    machinery cost 50 us a request, a fifth of a whole turn. Flask serves
    everything else (/health, 404, 405)."""

    def __init__(
        self, skill: CustomSkill, signature: Signature | None, skill_id: str | None, rest: Any
    ) -> None:
        self.skill = skill
        self.signature = signature  # None: --no-verify (no signature, no timestamp)
        self.skill_id = skill_id
        self.rest = rest

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") != "/" or environ.get("REQUEST_METHOD") != "POST":
            return self.rest(environ, start_response)
        try:
            status, kind, data = self.answer(environ)
        except RetryLaterError:
            # An event that must not be lost (a user's deletion) with the
            # store down: a 5xx makes Alexa deliver it again.
            log.warning("store unavailable; asked Alexa to send the event again")
            status, kind, data = "503 Service Unavailable", TEXT_TYPE, b"Try again later\n"
        except Exception as err:
            # The type only: an exception's text can quote the request.
            log.error("request failed: %s", type(err).__name__)
            status, kind, data = "500 Internal Server Error", TEXT_TYPE, b"Internal error\n"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(data)))])
        return [data]

    def answer(self, environ: dict[str, Any]) -> tuple[str, str, bytes]:
        body = _read(environ)
        if body is None:
            return "413 Request Entity Too Large", TEXT_TYPE, b"Request body is too large\n"
        try:
            if self.signature is not None:
                self.signature.check(
                    environ.get("HTTP_SIGNATURECERTCHAINURL"),
                    environ.get("HTTP_SIGNATURE_256"),
                    body,
                )
            event = parse_body(body)
            check_shape(event)
            if self.signature is not None:
                check_timestamp(event)
            if self.skill_id:
                check_skill_id(event, self.skill_id)
            envelope = wire.envelope(event)
            reply = wire.plain(self.skill.invoke(request_envelope=envelope, context=None))
            data = json.dumps(reply, separators=(",", ":")).encode()
        except (VerificationException, BadRequestError, SerializationException) as err:
            reason = _reason(err)
        except RecursionError:
            reason = "nested too deep"
        else:
            return "200 OK", JSON_TYPE, data
        log.warning("refused a request: %s", reason)
        return "400 Bad Request", TEXT_TYPE, f"Bad request: {reason}\n".encode()


def _reason(err: Exception) -> str:
    """What a refusal logs: our own message, never the request's content."""
    if isinstance(err, VerificationException | BadRequestError) and err.args:
        return str(err.args[0])
    return "malformed envelope"


def _read(environ: dict[str, Any]) -> bytes | None:
    """The body, or None when it is larger than MAX_BODY_BYTES."""
    stream = environ["wsgi.input"]
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        length = -1
    if length > MAX_BODY_BYTES:
        return None
    body = bytes(stream.read(length if length >= 0 else MAX_BODY_BYTES + 1))
    return body if len(body) <= MAX_BODY_BYTES else None


def create_app(
    skill: CustomSkill,
    verify: bool = True,
    skill_id: str | None = None,
    extra_trust_roots: Sequence[bytes] = (),
    cert_chains: Mapping[str, bytes] | None = None,
    signature: Signature | None = None,
) -> Flask:
    app = Flask("backcare")
    if verify and signature is None:
        signature = Signature(extra_trust_roots, cert_chains)
    if skill.custom_user_agent is None:  # as flask-ask-sdk marks its responses
        skill.custom_user_agent = "flask-ask-sdk"

    @app.get("/health")
    def health() -> Response:
        return Response("ok\n", mimetype="text/plain")

    app.wsgi_app = Endpoint(  # type: ignore[method-assign]
        skill, signature if verify else None, skill_id, app.wsgi_app
    )
    return app


@dataclass(frozen=True)
class Limits:
    """waitress's limits for `backcare serve` (README: behind a reverse proxy)."""

    threads: int = 4
    connection_limit: int = 500  # open connections; more wait in the listen backlog
    channel_timeout: float = 10.0  # seconds a connection may sit idle (Alexa waits 8)
    backlog: int = 1024
    max_body_bytes: int = MAX_BODY_BYTES
    max_header_bytes: int = 16 * 1024

    def waitress(self) -> dict[str, Any]:
        return {
            "threads": self.threads,
            "connection_limit": self.connection_limit,
            "channel_timeout": self.channel_timeout,
            # How often idle connections are looked for, so the timeout holds.
            "cleanup_interval": max(1.0, min(30.0, self.channel_timeout / 2)),
            "backlog": self.backlog,
            "max_request_body_size": self.max_body_bytes,
            "max_request_header_size": self.max_header_bytes,
            "ident": "backcare",
            # poll(), not select(): select() fails once a descriptor passes 1023.
            "asyncore_use_poll": True,
        }


class OncePerMinute(logging.Filter):
    """waitress warns on every request that waits for a thread ("Task queue
    depth is N": thousands of lines a minute under load); let one through a
    minute, with how many were held back."""

    def __init__(self, seconds: float = 60.0) -> None:
        super().__init__()
        self.seconds = seconds
        self.last = -seconds
        self.held = 0

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        if now - self.last < self.seconds:
            self.held += 1
            return False
        if self.held:
            record.msg = f"{record.msg} ({self.held} more such warnings in the last minute)"
        self.last, self.held = now, 0
        return True


def serve(host: str, port: int, verify: bool, limits: Limits) -> int:
    from waitress import serve as waitress_serve

    from backcare.logs import configure
    from backcare.settings import Settings
    from backcare.skill import build_skill

    settings = Settings.from_env()
    configure(settings.log_level)
    logging.getLogger("waitress.queue").addFilter(OncePerMinute())
    if not os.environ.get("BACKCARE_LOG_KEY"):
        log.warning(
            "BACKCARE_LOG_KEY is not set: user references in the logs use a key made for "
            "this process, so they will not match across restarts"
        )
    if not verify:
        print(
            "WARNING: --no-verify: request signatures and timestamps are NOT checked. "
            "Use this only for local testing, never on a public address.",
            file=sys.stderr,
        )
    app = create_app(build_skill(settings), verify=verify, skill_id=settings.skill_id)
    print(
        f"Back Care Coach listening on http://{host}:{port}/ (store: {settings.store_url})",
        file=sys.stderr,
    )
    waitress_serve(app, host=host, port=port, **limits.waitress())
    return 0
