"""Small assertions on Alexa responses, and other helpers shared by the tests."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import msgspec

from backcare.content import load
from backcare.content.regions import region
from backcare.context import Context
from backcare.health import SESSION_HEALTH, Health
from backcare.speech import MAX_SPEECH_CHARS, break_seconds, to_text
from backcare.state import UserState
from backcare.store.base import Store, is_marker
from backcare.understanding import Asked
from backcare_tools.console.device import (
    Device,
    SlotFill,
    ends_session,
    permission_request,
    reprompt_of,
    speech_of,
)
from backcare_tools.console.nlu import Nlu
from backcare_tools.interaction_model import model_path
from backcare_tools.paths import REPO_ROOT

_OPEN_END = re.compile(r"(\?|\bsay [^.?!]*[.!]?)$", re.IGNORECASE)


def text(reply: dict[str, Any]) -> str:
    return to_text(speech_of(reply))


PROMPTS = load("en-US").prompts
_PAIN = load("en-US").safety.pain


def logged(score: int) -> str:
    """What the skill says when a pain score is taken (safety.yaml's pain.logged)."""
    return _PAIN["logged"].format(score=score)


_FIELD = re.compile(r"{(\w+)}")


def as_said(words: str, locale: str = "en-US") -> str:
    """Content's words as a device of `locale` hears them (content/regions.py:
    an en-US device hears "physical therapist" for the content's physiotherapist)."""
    market = region(locale)
    return market.respell(words) if market is not None else words


def says(reply: dict[str, Any] | str, key: str, **values: object) -> bool:
    """Whether the reply says some variant of prompt `key`, with these values
    in its placeholders (any words for the ones not given). Tests check what
    was said by the prompt's name; the wording itself is reviewed in the
    approved transcripts (tests/transcripts/)."""
    spoken = reply if isinstance(reply, str) else text(reply)
    for variant in PROMPTS.variants(key):
        parts = _FIELD.split(as_said(variant))
        pattern = "".join(
            re.escape(part)
            if i % 2 == 0
            else (re.escape(str(values[part])) if part in values else ".+?")
            for i, part in enumerate(parts)
        )
        if re.search(pattern, spoken):
            return True
    return False


MAX_RESPONSE_BYTES = 24 * 1024
# Alexa waits 8 s for a reply. No test asserts a wall-clock limit tighter
# than this product limit: figures on a loaded machine vary too much.
ALEXA_LIMIT_SECONDS = 8.0
SSML_TAGS = {"speak", "break"}


def says_a_tip(reply: dict[str, Any] | str) -> bool:
    """A tip was said, with either introduction (a tip about when to see a
    doctor has its own)."""
    return says(reply, "tip_intro") or says(reply, "tip_intro_doctor")


def assert_valid_ssml(ssml: str) -> None:
    root = ElementTree.fromstring(ssml)
    assert root.tag == "speak"
    assert {el.tag for el in root.iter()} <= SSML_TAGS, "unsupported SSML tag"
    assert len(ssml) <= MAX_SPEECH_CHARS
    assert all(0 < b <= 10 for b in break_seconds(ssml)), "a <break> over 10 s"


@cache
def echo_nlu(locale: str = "en-US") -> Nlu:
    """Alexa's matching of the committed model, as a device does it."""
    return Nlu(json.loads(model_path(REPO_ROOT, locale).read_text()))


BLIND_TODAY = date(2027, 5, 10)  # the blind sets' reference day, a Monday


def heard_on_echo(
    said: str, question: str | None = None, locale: str = "en-US"
) -> tuple[str, dict[str, str]]:
    """What the skill acts on for `said` heard through the Echo path, at the
    open `question`: the intent and its slots by id (else the words)."""
    got = echo_nlu(locale).parse(said, BLIND_TODAY, Asked(question))
    return got.intent, {k: f.resolved_id or f.value for k, f in got.slots.items()}


def said_on_echo(device: Any, words: str, locale: str = "en-US") -> str:
    """What the skill says to `words` heard through the Echo path (Alexa's
    samples, open slots or the catch-all, then the skill), checked."""
    sent = echo_nlu(locale).alexa(words)
    reply: dict[str, Any] = device.intent(sent.intent, sent.slots)
    check_response(reply)
    return text(reply)


def check_response(reply: dict[str, Any]) -> None:
    """Rules every response must keep (Alexa's limits, open-session prompts)."""
    assert len(json.dumps(reply).encode()) < MAX_RESPONSE_BYTES
    if "canFulfillIntent" in reply.get("response", {}):
        return  # a name-free query's answer: no speech, no session
    ssml = speech_of(reply)
    if ssml:
        assert_valid_ssml(ssml)
    reprompt = reprompt_of(reply)
    if reprompt:
        assert_valid_ssml(reprompt)
    if permission_request(reply) is not None:
        # Alexa asks the user itself and resumes the session with the answer.
        assert not reprompt and not reply["response"].get("shouldEndSession")
        return
    if not ends_session(reply):
        assert reprompt_of(reply), "open session without a reprompt"
        spoken = text(reply)
        assert _OPEN_END.search(spoken), (
            f"open session does not end with a prompt: {spoken[-80:]!r}"
        )


# The answer a test gives to each question asked before a routine starts.
GATE_ANSWERS = {
    "screen": "AMAZON.NoIntent",
    "pain_before": "SkipStepIntent",
    "ready": "AMAZON.NextIntent",  # the get-ready moment after the set-up
}


def session_value(device: Any, name: str) -> Any:
    """A value the skill keeps in session attributes."""
    raw = device.attributes.get(name)
    return json.loads(raw) if isinstance(raw, str) else raw


# The store each test device's skill writes to (conftest.Rig.device).
DEVICE_STORES: dict[int, Store] = {}


def session_state(device: Any) -> dict[str, Any]:
    """The record as the device's session sees it, with field names: carried
    in the session while it holds a change not yet stored, else as stored."""
    carried = device.attributes.get("state")
    if carried is not None:
        out: dict[str, Any] = named(msgspec.convert(carried, UserState))
    else:
        store = DEVICE_STORES.get(id(device))
        assert store is not None, "the record is stored, and this device's store is unknown"
        out = stored_record(store, device.user_id)
    health = device.attributes.get(SESSION_HEALTH)
    if health is not None:  # health facts the session keeps (not the store)
        out.update(named(msgspec.convert(health, Health)))
    return out


def stored_record(store: Store, user_id: str) -> dict[str, Any]:
    """The user's stored record with field names ({} for none or a marker)."""
    raw = store._read(user_id)
    if raw is None or is_marker(raw):
        return {}
    out: dict[str, Any] = named(UserState.from_dict(raw))
    return out


def stored_health(store: Store, user_id: str) -> dict[str, Any]:
    """The health facts in the user's stored record ({} when none is kept)."""
    raw = store._read(user_id)
    if raw is None or is_marker(raw):
        return {}
    out: dict[str, Any] = msgspec.to_builtins(Health.of(UserState.from_dict(raw)))
    return out


def named(value: Any) -> Any:
    """A Struct as builtins with its field names (not the short stored keys)."""
    if isinstance(value, msgspec.Struct):
        return {f: named(getattr(value, f)) for f in value.__struct_fields__}
    if isinstance(value, list):
        return [named(item) for item in value]
    if isinstance(value, dict):
        return {key: named(item) for key, item in value.items()}
    return value.value if isinstance(value, Enum) else value


def session_context(device: Any) -> Context:
    """The conversation context the device's session carries."""
    return Context.unpack(device.attributes.get("ctx"), load(device.locale).prompts.full)


def pending_question(device: Any) -> str | None:
    question = session_context(device).question
    return str(question) if question else None


def start_routine(
    device: Any, slots: dict[str, Any] | None = None, ready: bool = True
) -> dict[str, Any]:
    """Ask for a routine, pass the safety screen and pain check-in, and (with
    `ready`) say ready at the get-ready moment: the reply is step 1, or else
    the set-up."""
    reply: dict[str, Any] = device.intent("StartRoutineIntent", slots)
    for _ in range(4):
        question = pending_question(device)
        if question not in GATE_ANSWERS or (question == "ready" and not ready):
            break
        reply = device.intent(GATE_ANSWERS[question])
    return reply


def finish_routine(device: Any, steps: int) -> dict[str, Any]:
    """Say next through every step, then skip the pain check-in after."""
    reply: dict[str, Any] = {}
    for _ in range(steps):
        reply = device.intent("AMAZON.NextIntent")
    assert pending_question(device) == "pain_after"
    return reply


def run_together(target: Callable[[int], None], count: int, timeout: float) -> None:
    """Run target(0) ... target(count - 1) in threads at once; fail if any raised."""
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            target(index)
        except BaseException as err:  # surfaced below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not errors, errors


def loaded_by_lambda(names: tuple[str, ...]) -> list[str]:
    """Which of these modules a fresh process has loaded once it imported the
    Lambda entry point, as Lambda does."""
    code = (
        f"import sys, lambda_function\nprint(','.join(m for m in {names!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent / "lambda",
        env={"BACKCARE_STORE": "memory://", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    return [m for m in out.stdout.strip().split(",") if m]


def device_for(rig: Any, api: Any, consent: bool = True) -> Device:
    """A launched device whose skill calls the Alexa API stand-in `api`,
    reminders allowed unless `consent` is False."""
    device: Device = rig.device(api_endpoint=api.url, api_token=api.state.token)
    if consent:
        device.consent_token = "granted"
    device.launch()
    return device


def when_slots(day: str | None = None, at: str | None = None) -> dict[str, SlotFill]:
    """AMAZON.DATE and AMAZON.TIME slots as Alexa fills them."""
    out = {}
    if day:
        out["Date"] = SlotFill(day, "AMAZON.DATE")
    if at:
        out["Time"] = SlotFill(at, "AMAZON.TIME")
    return out
