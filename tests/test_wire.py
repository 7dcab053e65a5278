"""`backcare.wire` builds the same request envelopes and response dicts as
the SDK's serializer, for every envelope the tests' devices send (speaker
and Echo Show), and refuses shapes the models do not declare."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_model.request_envelope import RequestEnvelope

from backcare import wire
from backcare.skill import build_skill
from backcare.store import open_store
from backcare_tools.console.device import Device
from backcare_tools.devtools.echo_show import PROFILES, device_kwargs
from backcare_tools.devtools.load import conversation
from tests.test_web import SKILL_ID, _one_event


def played(profile: str) -> list[tuple[dict[str, Any], Any]]:
    """(event, response object) for every turn of a few conversations."""
    skill = build_skill(store=open_store("memory://"))
    turns: list[tuple[dict[str, Any], Any]] = []

    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        envelope = skill.serializer.deserialize(json.dumps(event), RequestEnvelope)
        response = skill.invoke(request_envelope=envelope, context=None)
        turns.append((json.loads(json.dumps(event)), response))
        body = skill.serializer.serialize(response)
        assert isinstance(body, dict)
        return body

    for n in range(3):
        device = Device(
            invoke=invoke, user_id=f"amzn1.ask.account.wire-{n}", **device_kwargs(profile)
        )
        conversation(device)
        device.permission_answer("token", accepted=n == 0)
        device.end_session("ERROR")
    return turns


@pytest.mark.parametrize("profile", PROFILES)
def test_same_envelopes_and_responses_as_the_sdk(profile: str) -> None:
    serializer = build_skill(store=open_store("memory://")).serializer
    turns = played(profile)
    assert len(turns) > 30
    for event, response in turns:
        ours = wire.envelope(json.loads(json.dumps(event)))
        theirs = serializer.deserialize(json.dumps(event), RequestEnvelope)
        assert ours.to_dict() == theirs.to_dict()
        assert wire.plain(response) == serializer.serialize(response)


def test_skill_events_parse_alike() -> None:
    serializer = build_skill(store=open_store("memory://")).serializer
    event = _one_event()
    event["request"] = {
        "type": "AlexaSkillEvent.SkillDisabled",
        "requestId": "r",
        "timestamp": "2026-11-24T08:00:00Z",
        "eventCreationTime": "2026-11-24T08:00:00Z",
        "body": {"userInformation": {"persistenceStatus": "NOT_PERSISTED"}},
    }
    ours = wire.envelope(event).to_dict()
    assert ours == serializer.deserialize(json.dumps(event), RequestEnvelope).to_dict()


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.update(request=[1]),
        lambda e: e["request"].update(type="NoSuchRequest"),
        lambda e: e["request"].pop("type"),
        lambda e: e.update(context="x"),
        lambda e: e["context"]["System"].update(user=5),
        lambda e: e["request"].update(timestamp="not a time"),
        lambda e: e["request"].update(timestamp=12),
        lambda e: e["session"].update(attributes=[1, 2]),
    ],
)
def test_shapes_the_models_do_not_declare_are_refused(change: Any) -> None:
    event = _one_event()
    change(event)
    with pytest.raises(SerializationException):
        wire.envelope(event)


def test_undeclared_keys_cannot_replace_methods() -> None:
    event = _one_event()
    event["request"]["to_dict"] = "gone"
    event["context"]["System"]["application"]["__class__"] = "gone"
    built: Any = wire.envelope(event)
    assert callable(built.request.to_dict)
    assert built.context.system.application.application_id == SKILL_ID


RACE = """
import json, sys, threading
from backcare import wire
event = json.loads(sys.argv[1])
start = threading.Barrier(8)

def parse():
    start.wait()
    for _ in range(20):
        wire.envelope(json.loads(json.dumps(event)))

threads = [threading.Thread(target=parse) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
sizes = []
for convert in wire._CONVERTERS.values():
    for cell in getattr(convert, "__closure__", None) or ():
        made = cell.cell_contents
        if isinstance(made, list) and made and isinstance(made[0], tuple):
            cls = next(c.cell_contents for c in convert.__closure__
                       if isinstance(c.cell_contents, type))
            sizes.append((len(made), len(made[0]), len(cls.deserialized_types)))
print(json.dumps(sizes))
"""


def test_threads_racing_to_first_use_make_one_plan_per_class() -> None:
    # Plans were once extended by every thread that found them empty, so a
    # server's first concurrent requests doubled the work of every later one.
    import subprocess
    import sys

    event = _one_event()
    event["context"].update(device_kwargs("echo-show")["extra_context"])
    out = subprocess.run(
        [sys.executable, "-c", RACE, json.dumps(event)],
        capture_output=True,
        text=True,
        check=True,
    )
    sizes = json.loads(out.stdout)
    assert sizes and all(made == 1 and plan == declared for made, plan, declared in sizes)
