"""Requests for other skills are refused on Lambda; logs carry a keyed hash
instead of the user id and no health answer above DEBUG; JSON on Lambda."""

from __future__ import annotations

import json
import logging

import pytest

from backcare.logs import JsonFormatter, user_ref
from backcare.settings import Settings
from backcare.skill import RequestRejectedError, build_skill, lambda_handler_for
from backcare.store import open_store
from backcare_tools.console.device import Device, SlotFill
from tests.conftest import Rig
from tests.helpers import text

SKILL = "amzn1.ask.skill.aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
USER = "amzn1.ask.account.AGREATBIGSECRETUSERID"


def test_lambda_refuses_requests_for_another_skill() -> None:
    settings = Settings("memory://", SKILL, None, "INFO")
    handler = lambda_handler_for(build_skill(settings, open_store("memory://")), skill_id=SKILL)
    mine = Device(invoke=lambda e: handler(e, None), skill_id=SKILL)
    assert "Welcome" in text(mine.launch())
    other = Device(invoke=lambda e: handler(e, None), skill_id="amzn1.ask.skill.someone-else")
    with pytest.raises(RequestRejectedError):
        other.launch()


def test_logs_never_carry_the_user_id_or_a_pain_score(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    device = rig.device(user=USER)
    with caplog.at_level(logging.INFO):
        device.launch()
        device.intent("PainScoreIntent", {"Score": SlotFill("8", "AMAZON.NUMBER")})
        device.intent("RedFlagIntent")
    lines = [r.getMessage() + json.dumps(r.__dict__, default=str) for r in caplog.records]
    assert lines, "nothing was logged"
    assert not any(USER in line for line in lines)
    assert not any("pain check-in" in r.getMessage() for r in caplog.records)
    refs = {getattr(r, "user", None) for r in caplog.records} - {None}
    assert refs == {user_ref(USER)}
    with caplog.at_level(logging.DEBUG):
        device.intent("PainScoreIntent", {"Score": SlotFill("7", "AMAZON.NUMBER")})
    assert any("pain check-in: 7" in r.getMessage() for r in caplog.records)


def test_user_ref_is_keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKCARE_LOG_KEY", "one")
    first = user_ref(USER)
    monkeypatch.setenv("BACKCARE_LOG_KEY", "two")
    assert user_ref(USER) != first and len(first) == 16 and USER not in first


def test_json_log_lines() -> None:
    record = logging.LogRecord("backcare.x", logging.INFO, __file__, 1, "turn", None, None)
    record.user = "abc"
    record.intent = "TipIntent"
    line = JsonFormatter().format(record)
    assert json.loads(line) == {
        "level": "INFO",
        "logger": "backcare.x",
        "message": "turn",
        "user": "abc",
        "intent": "TipIntent",
    }
