"""The flask-ask-sdk endpoint: verification on by default, with a chain
the tests generate; --no-verify for local use; the Lambda path never
imports Flask."""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from backcare.skill import build_skill
from backcare.store import open_store
from backcare_tools.console.device import Device, SlotFill
from backcare_tools.web.app import create_app
from tests.faulty_store import FaultyStore
from tests.helpers import check_response, loaded_by_lambda, start_routine, text
from tests.signing import CERT_URL, Chain, body_of, make_chain

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


@pytest.fixture(scope="module")
def chain() -> Chain:
    return make_chain()


def signed_app(chain: Chain, skill_id: str | None = SKILL_ID) -> Flask:
    skill = build_skill(store=open_store("memory://"))
    return create_app(
        skill,
        verify=True,
        skill_id=skill_id,
        extra_trust_roots=[chain.root_der],
        cert_chains={CERT_URL: chain.chain_pem},
    )


def poster(app: Flask, chain: Chain) -> Callable[[dict[str, Any]], dict[str, Any]]:
    client = app.test_client()

    def post(event: dict[str, Any]) -> dict[str, Any]:
        body = body_of(event)
        reply = client.post("/", data=body, headers=chain.headers(body))
        assert reply.status_code == 200, reply.data
        data: dict[str, Any] = reply.get_json()
        return data

    return post


def test_signed_conversation_through_the_model(chain: Chain) -> None:
    device = Device(invoke=poster(signed_app(chain), chain), skill_id=SKILL_ID)
    check_response(device.launch())
    desk = SlotFill("desk stretch", "ROUTINE_NAME", "desk_break", "desk break")
    assert "Step 1 of 5" in text(start_routine(device, {"RoutineName": desk}))
    assert "Step 2 of 5" in text(device.intent("AMAZON.NextIntent"))


def _one_event() -> dict[str, Any]:
    captured: dict[str, Any] = {}

    def keep(event: dict[str, Any]) -> dict[str, Any]:
        captured["event"] = copy.deepcopy(event)
        return {"response": {"shouldEndSession": True}}

    Device(invoke=keep, skill_id=SKILL_ID).launch()
    event: dict[str, Any] = captured["event"]
    return event


def _status(app: Flask, body: bytes, headers: dict[str, str]) -> int:
    return int(app.test_client().post("/", data=body, headers=headers).status_code)


@pytest.mark.parametrize(
    "old,new", [(b'"en-US"', b'"en-GB"'), (b"LaunchRequest", b"LaunchRequesT")]
)
def test_tampered_body_is_refused(chain: Chain, old: bytes, new: bytes) -> None:
    body = body_of(_one_event())
    headers = chain.headers(body)
    tampered = body.replace(old, new)
    assert tampered != body
    assert _status(signed_app(chain), tampered, headers) == 400


def test_missing_signature_is_refused(chain: Chain) -> None:
    body = body_of(_one_event())
    assert _status(signed_app(chain), body, {"Content-Type": "application/json"}) == 400


def test_chain_from_an_untrusted_root_is_refused(chain: Chain) -> None:
    stranger = make_chain()
    body = body_of(_one_event())
    assert _status(signed_app(chain), body, stranger.headers(body)) == 400


def test_chain_without_the_alexa_name_is_refused() -> None:
    wrong = make_chain(san="example.com")
    body = body_of(_one_event())
    assert _status(signed_app(wrong), body, wrong.headers(body)) == 400


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/not.echo.api/cert.pem",
        "https://evil.example.com/echo.api/cert.pem",
        "https://s3.amazonaws.com:8443/echo.api/cert.pem",
    ],
)
def test_bad_certificate_urls_are_refused(chain: Chain, url: str) -> None:
    body = body_of(_one_event())
    assert _status(signed_app(chain), body, chain.headers(body, url=url)) == 400


def test_stale_timestamp_is_refused(chain: Chain) -> None:
    event = _one_event()
    old = datetime.now(UTC) - timedelta(seconds=200)
    event["request"]["timestamp"] = old.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = body_of(event)
    assert _status(signed_app(chain), body, chain.headers(body)) == 400


@pytest.mark.parametrize("age_minutes,status", [(30, 200), (90, 400)])
def test_skill_events_allow_an_hour(chain: Chain, age_minutes: int, status: int) -> None:
    stamp = (datetime.now(UTC) - timedelta(minutes=age_minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
    event = {
        "version": "1.0",
        "context": {
            "System": {
                "application": {"applicationId": SKILL_ID},
                "user": {"userId": "amzn1.ask.account.gone"},
            }
        },
        "request": {
            "type": "AlexaSkillEvent.SkillDisabled",
            "requestId": "r",
            "timestamp": stamp,
            "eventCreationTime": stamp,
            "body": {"userInformation": {"persistenceStatus": "NOT_PERSISTED"}},
        },
    }
    body = body_of(event)
    assert _status(signed_app(chain), body, chain.headers(body)) == status


def test_request_for_another_skill_is_refused(chain: Chain) -> None:
    event = _one_event()
    other = "amzn1.ask.skill.99999999-0000-0000-0000-000000000000"
    event["context"]["System"]["application"]["applicationId"] = other
    body = body_of(event)
    assert _status(signed_app(chain), body, chain.headers(body)) == 400


def test_no_verify_accepts_unsigned_local_requests() -> None:
    app = create_app(build_skill(store=open_store("memory://")), verify=False)
    client = app.test_client()
    device = Device(invoke=lambda e: client.post("/", json=e).get_json())
    assert "Welcome to Back Care Coach" in text(device.launch())


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'{"version": "1.0"}'])
def test_junk_bodies_get_400(body: bytes) -> None:
    app = create_app(build_skill(store=open_store("memory://")), verify=False)
    assert _status(app, body, {"Content-Type": "application/json"}) == 400


def test_a_deletion_with_the_store_down_gets_a_5xx_so_alexa_sends_it_again() -> None:
    store = FaultyStore(open_store("memory://"))
    app = create_app(build_skill(store=store), verify=False)
    client = app.test_client()
    device = Device(invoke=lambda e: client.post("/", json=e).get_json())
    device.launch()
    store.down = True
    event = device.skill_disabled()
    assert client.post("/", json=event).status_code == 503
    store.down = False
    assert client.post("/", json=event).status_code == 200
    assert store.load(device.user_id).state is None


def test_lambda_path_never_imports_flask() -> None:
    assert loaded_by_lambda(("flask", "werkzeug", "flask_ask_sdk", "oscrypto")) == []


def test_oscrypto_reads_this_machines_openssl_version() -> None:
    code = (
        "import ssl, backcare_tools.web.verification\n"
        "from oscrypto._openssl._libcrypto import libcrypto_version\n"
        "print(ssl.OPENSSL_VERSION.split()[1] == libcrypto_version)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
