"""The shape of the code: rooms talk through state and registered hooks,
every question has an answer, the conversation context is typed."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_runtime.dispatch_components.request_components import GenericRequestMapper

from backcare import answers, hooks
from backcare.context import CONTEXT_VERSION, BookingKind, Context, Gate, PendingTime, Question
from backcare.dispatch import IntentIndexMapper
from backcare.settings import Settings
from backcare.skill import SkillBuildError, build_skill, check_registrations
from backcare.store import open_store
from backcare_tools.transcripts.render import render_all
from backcare_tools.transcripts.scripts import load_scripts

PACKAGE = Path(__file__).resolve().parents[1] / "lambda" / "backcare"
ROOMS = ("routines", "tips", "progress", "massage", "safety", "business", "sessions", "screens")
# The business profile is the shared configuration every turn carries
# (Turn.business); rooms may read its types.
SHARED_FROM_ROOMS = {"backcare.business.profile"}


def _imports(path: Path) -> set[str]:
    """Absolute names of the backcare modules a file imports."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base]) if base else ".".join(parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {
        name
        for name in found
        if name.startswith("backcare")
        and not any(name == s or name.startswith(s + ".") for s in SHARED_FROM_ROOMS)
    }


def test_rooms_never_import_each_other() -> None:
    crossings = []
    for room in ROOMS:
        for path in (PACKAGE / room).glob("*.py"):
            for name in _imports(path):
                parts = name.split(".")
                other = parts[1] if len(parts) > 1 else ""
                if other in ROOMS and other != room:
                    crossings.append(f"{room}/{path.name} imports {name}")
    assert crossings == []


def test_shared_modules_import_no_room() -> None:
    """builtins, hooks, turn and persistence reach rooms only through hooks."""
    for name in ("builtins.py", "hooks.py", "turn.py", "persistence.py", "answers.py"):
        imported = _imports(PACKAGE / name)
        rooms = {n for n in imported if n.split(".")[1:2] and n.split(".")[1] in ROOMS}
        assert rooms == set(), name


def test_every_question_gate_and_continuation_is_registered() -> None:
    check_registrations()
    assert answers.unanswered() == []
    assert hooks.missing() == []


def test_a_question_without_an_answer_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    partial = dict(answers.ANSWERS)
    del partial[Question.AMPM]
    monkeypatch.setattr(answers, "ANSWERS", partial)
    settings = Settings(store_url="memory://", skill_id=None, business_path=None, log_level="INFO")
    with pytest.raises(SkillBuildError, match="answer to ampm"):
        build_skill(settings, store=open_store("memory://"))


def test_context_round_trips_through_the_session() -> None:
    ctx = Context(
        question=Question.PAIN_BEFORE,
        routine="ball_release",
        cleared=[Gate.SCREEN, Gate.CAUTION],
        pending_time=PendingTime(kind=BookingKind.BOOK, hour=3, minute=30, day="2026-12-04"),
        massage="swedish",
        list_offset=4,
    )
    carried = json.loads(json.dumps(ctx.carried()))
    assert "question" not in carried and carried["q"] == "pain_before", "short keys on the wire"
    again = Context.unpack(carried)
    assert again == ctx
    assert again.question is Question.PAIN_BEFORE


@pytest.mark.parametrize("version", [1, 2])
def test_a_session_open_across_a_deployment_keeps_its_older_context(version: int) -> None:
    # Written by the code before version 3: JSON text with field names
    # (version 2 also kept what was said as a dict of prompt names).
    said = ',"said":{"welcome_back":2}' if version == 2 else ""
    old = (
        f'{{"v":{version},"question":"ampm","pending_time":{{"kind":"book","hour":3,'
        f'"minute":30,"day":"2026-12-04"}},"zone":"Europe/London"{said}}}'
    )
    ctx = Context.unpack(old)
    assert ctx.question is Question.AMPM and ctx.zone == "Europe/London"
    assert ctx.pending_time == PendingTime(
        kind=BookingKind.BOOK, hour=3, minute=30, day="2026-12-04"
    )
    assert ctx.v == CONTEXT_VERSION


@pytest.mark.parametrize(
    "raw",
    [
        None,
        7,
        "not json",
        '{"question": "no_such_question"}',
        '{"v": 0, "massage": "x"}',
        '{"v": 99}',
        {"v": 99},
        {"q": "no_such_question"},
        {"sv": 5},
    ],
)
def test_a_context_that_cannot_be_read_starts_afresh(raw: object) -> None:
    assert Context.unpack(raw) == Context()


def test_gates_run_in_declared_order() -> None:
    assert list(Gate) == [
        Gate.CLEARANCE,
        Gate.REST,
        Gate.CONCERN,
        Gate.SCREEN,
        Gate.CAUTION,
        Gate.PAIN,
    ]


def test_the_variants_said_are_kept_in_short_cells() -> None:
    ctx = Context()
    for code, index in [("1w", 0), ("a1", 2), ("w0", 1), ("1w", 1)]:
        ctx.note_said(code, index)
    # "a1" then "w0" spell "1w" across two cells: only a whole cell counts.
    assert ctx.said == "a12w011w1"
    assert (ctx.last_said("1w"), ctx.last_said("a1"), ctx.last_said("zz")) == (1, 2, None)
    for number in range(200):  # bounded: the oldest are forgotten
        ctx.note_said(f"{number:02d}"[-2:], number % 4)
    assert len(ctx.said) <= 3 * 64 and ctx.last_said("99") == 3


def test_the_intent_index_picks_the_handler_the_sdks_scan_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over every approved conversation, the mapper that asks only the
    handlers naming the intent answers each request with the handler the
    SDK's scan of all of them, in order, would have chosen."""
    chosen: list[str] = []
    indexed = IntentIndexMapper.get_request_handler_chain

    def both(self: IntentIndexMapper, handler_input: Any) -> Any:
        chain = indexed(self, handler_input)
        assert chain is GenericRequestMapper.get_request_handler_chain(self, handler_input)
        chosen.append(type(chain.request_handler).__name__ if chain else "-")
        return chain

    monkeypatch.setattr(IntentIndexMapper, "get_request_handler_chain", both)
    render_all(load_scripts())
    assert len(chosen) > 200 and len(set(chosen)) > 30, "the conversations covered few handlers"
