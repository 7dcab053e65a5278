"""The issue's promise end to end: natural phrases, resolved by the
interaction model, sent over HTTP to a real `backcare serve` process backed
by DynamoDB (dynalite), and resumed in a later session."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from backcare_tools.console.chat import Console
from backcare_tools.console.device import Device
from backcare_tools.devtools.local_dynamodb import Dynalite, free_port, wait_for_port
from backcare_tools.interaction_model import model_path
from tests.conftest import ROOT
from tests.helpers import says


@pytest.fixture
def server(dynalite: Dynalite, table_name: str) -> Iterator[str]:
    port = free_port()
    env = dict(os.environ, BACKCARE_STORE=dynalite.url(table_name))
    process = subprocess.Popen(
        [sys.executable, "-m", "backcare_tools.cli", "serve", "--port", str(port), "--no-verify"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
        assert b"NOT checked" in err  # --no-verify says so loudly


def http_invoke(url: str) -> Any:
    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            url, data=json.dumps(event).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            body: dict[str, Any] = json.load(reply)
            return body

    return invoke


def talk(url: str, lines: list[str]) -> str:
    out = io.StringIO()
    model = json.loads(model_path(ROOT, "en-US").read_text())
    device = Device(invoke=http_invoke(url), user_id="amzn1.ask.account.e2e")
    Console(device, model, out).run(lines, prompt=False)
    return out.getvalue()


def test_spoken_routine_over_http_resumed_later_on_dynamodb(server: str) -> None:
    first = talk(
        server,
        [
            "open back care coach",
            "let's do the evening routine",
            "no",
            "it's a six",
            "i'm ready",
            "next step",
            "done",
            "stop",
        ],
    )
    assert "Step 1 of 7: child's pose" in first
    assert "Step 3 of 7: figure four" in first
    assert says(first, "stop_saved", step=3, routine="evening wind down")
    later = talk(
        server,
        ["open back care coach", "yes please", "no", "skip", "go back", "how many steps are left"],
    )
    assert says(later, "offer_resume", step=3, total=7, routine="evening wind down")
    assert "quick safety check" in later  # the session's screen: its answer is not stored
    assert says(later, "resuming", step=3, total=7, routine="evening wind down")
    assert says(later, "skipping", name="figure four")
    assert says(later, "steps_left", step=3, total=7)
