"""The Flask app (flask-ask-sdk) and `backcare serve` under waitress."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_model.request_envelope import RequestEnvelope
from ask_sdk_runtime.exceptions import AskSdkException
from flask import Flask, Response, abort, request
from flask_ask_sdk.skill_adapter import (
    VERIFY_SIGNATURE_APP_CONFIG,
    VERIFY_TIMESTAMP_APP_CONFIG,
    SkillAdapter,
)

from .verification import verifiers

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 256 * 1024


def create_app(
    skill: CustomSkill,
    verify: bool = True,
    skill_id: str | None = None,
    extra_trust_roots: Sequence[bytes] = (),
    cert_chains: Mapping[str, bytes] | None = None,
) -> Flask:
    app = Flask("backcare")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    # The adapter's built-in verifiers are replaced by ours (same checks,
    # plus the skill id), so its own switches are turned off here.
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    adapter = SkillAdapter(
        skill=skill,
        skill_id=skill_id or "backcare",
        verifiers=verifiers(verify, skill_id, extra_trust_roots, cert_chains),
        app=app,
    )

    @app.post("/")
    def invoke() -> Any:
        try:
            body = json.loads(request.get_data(cache=True) or b"")
        except ValueError:
            abort(400, description="Request body is not JSON")
        if not isinstance(body, dict) or not isinstance(body.get("request"), dict):
            abort(400, description="Not an Alexa request envelope")
        try:
            # The SDK reads the envelope before verifying it and answers 500
            # when it cannot; a request it cannot read is the sender's fault.
            envelope = skill.serializer.deserialize(
                payload=json.dumps(body), obj_type=RequestEnvelope
            )
        except AskSdkException:
            abort(400, description="Not an Alexa request envelope")
        if envelope is None or envelope.request is None or _system(envelope) is None:
            abort(400, description="Not an Alexa request envelope")
        return adapter.dispatch_request()

    @app.get("/health")
    def health() -> Response:
        return Response("ok\n", mimetype="text/plain")

    return app


def _system(envelope: RequestEnvelope) -> object:
    return getattr(getattr(envelope, "context", None), "system", None)


def serve(host: str, port: int, verify: bool, threads: int) -> int:
    from waitress import serve as waitress_serve

    from backcare.settings import Settings
    from backcare.skill import build_skill

    settings = Settings.from_env()
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
    waitress_serve(app, host=host, port=port, threads=threads)
    return 0
