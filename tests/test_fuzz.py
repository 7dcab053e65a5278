"""Generated envelopes (random request types, intents, slots, missing and
wrongly typed fields, huge strings) through lambda_handler and the HTTP
endpoint: always a valid Alexa response or a clean 4xx, never a traceback,
and the stored record stays valid."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare.skill import build_skill, lambda_handler_for
from backcare.state import UserState
from backcare.store.memory import MemoryStore
from backcare_tools.interaction_model import build
from backcare_tools.web.app import create_app
from tests.helpers import check_response

EXAMPLES = 2500  # per path; two paths make 5,000 envelopes
MODEL = build("en-US")["interactionModel"]["languageModel"]
INTENTS = [i["name"] for i in MODEL["intents"]]
SLOTS = sorted({s["name"] for i in MODEL["intents"] for s in i.get("slots", [])})
REQUEST_TYPES = [
    "LaunchRequest",
    "IntentRequest",
    "SessionEndedRequest",
    "CanFulfillIntentRequest",
    "Connections.Response",
    "AlexaSkillEvent.SkillDisabled",
    "Display.ElementSelected",
    "",
]

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["5", "-3", "11", "?", "2026-11-27", "15:00", "desk break", "swedish"]),
    st.text(min_size=5000, max_size=20000),
)


@st.composite
def slot_values(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(SLOTS), max_size=3, unique=True)):
        slot: dict[str, Any] = {"name": name, "value": draw(texts), "confirmationStatus": "NONE"}
        if draw(st.booleans()):
            code = draw(st.sampled_from(["ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH", "ODD"]))
            slot["resolutions"] = {
                "resolutionsPerAuthority": [
                    {
                        "authority": "x",
                        "status": {"code": code},
                        "values": [
                            {"value": {"name": draw(texts), "id": draw(st.text(max_size=20))}}
                        ],
                    }
                ]
            }
        out[name] = slot if draw(st.integers(0, 9)) else draw(junk)
    return out


@st.composite
def envelopes(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(REQUEST_TYPES))
    request: dict[str, Any] = {
        "type": kind,
        "requestId": "amzn1.echo-api.request.fuzz",
        "timestamp": draw(st.sampled_from(["2026-11-24T08:00:00Z", "not a time", ""])),
        "locale": draw(st.sampled_from(["en-US", "de-DE", "", "xx"])),
    }
    if kind in ("IntentRequest", "CanFulfillIntentRequest"):
        name = draw(st.sampled_from(INTENTS) | st.text(max_size=30))
        request["intent"] = {
            "name": name,
            "confirmationStatus": "NONE",
            "slots": draw(slot_values()),
        }
    if kind == "Connections.Response":
        request.update(
            {
                "name": "AskFor",
                "token": draw(st.text(max_size=20)),
                "payload": {"status": draw(st.sampled_from(["ACCEPTED", "DENIED", "x"]))},
            }
        )
    user = {"userId": draw(st.sampled_from(["amzn1.ask.account.fuzz", "", "amzn1.ask.account.b"]))}
    envelope: dict[str, Any] = {
        "version": "1.0",
        "session": {
            "new": draw(st.booleans()),
            "sessionId": "s",
            "application": {"applicationId": "amzn1.ask.skill.fuzz"},
            "user": user,
            "attributes": draw(
                st.one_of(st.just({}), junk, st.fixed_dictionaries({"state": junk, "ctx": junk}))
            ),
        },
        "context": {
            "System": {
                "application": {"applicationId": "amzn1.ask.skill.fuzz"},
                "user": user,
                "device": {"deviceId": "d", "supportedInterfaces": {}},
                "apiEndpoint": "https://127.0.0.1:9",
                "apiAccessToken": "t",
            }
        },
        "request": request,
    }
    # Knock out or retype a few fields anywhere in the envelope.
    for _ in range(draw(st.integers(0, 3))):
        path = draw(
            st.sampled_from(
                [
                    ("session",),
                    ("context",),
                    ("request", "type"),
                    ("request", "intent"),
                    ("context", "System", "user"),
                    ("session", "attributes"),
                    ("version",),
                    ("request",),
                ]
            )
        )
        target: Any = envelope
        for key in path[:-1]:
            target = target.get(key) if isinstance(target, dict) else None
        if isinstance(target, dict):
            if draw(st.booleans()):
                target.pop(path[-1], None)
            else:
                target[path[-1]] = draw(junk)
    return draw(st.one_of(st.just(envelope), st.just(envelope), junk))


def records_valid(store: MemoryStore) -> None:
    for key, record in store.items.items():
        if "#unreadable#" not in key:
            UserState.from_dict(record)


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_fuzz_lambda_handler() -> None:
    store = MemoryStore()
    handler = lambda_handler_for(build_skill(store=store))

    @FUZZ
    @given(envelopes())
    def check(event: Any) -> None:
        reply = handler(copy.deepcopy(event), None)
        assert reply["version"] == "1.0" and isinstance(reply["response"], dict)
        check_response(reply)
        records_valid(store)

    check()


def test_fuzz_http_endpoint() -> None:
    store = MemoryStore()
    client = create_app(build_skill(store=store), verify=False).test_client()

    @FUZZ
    @given(envelopes())
    def check(event: Any) -> None:
        reply = client.post("/", data=json.dumps(event), content_type="application/json")
        assert reply.status_code == 200 or 400 <= reply.status_code < 500, reply.status_code
        if reply.status_code == 200:
            body = reply.get_json()
            assert body["version"] == "1.0"
            check_response(body)
        records_valid(store)

    check()
