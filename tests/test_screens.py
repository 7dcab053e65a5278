"""The Echo Show: a screen with every reply to a device that reports APL,
taps that do what the voice does, and nothing new for a speaker."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.interfaces.alexa.presentation.apl.render_document_directive import (
    RenderDocumentDirective,
)

from backcare.content import load
from backcare.screens.documents import FOLDER, NAMES
from backcare_tools.console.chat import Console
from backcare_tools.console.device import Device, SlotFill
from backcare_tools.console.screen import render, shown, tap
from backcare_tools.devtools.echo_show import VIEWPORTS, screen_kwargs
from tests.conftest import Rig
from tests.helpers import (
    MAX_RESPONSE_BYTES,
    pending_question,
    says,
    session_context,
    session_state,
    start_routine,
    text,
)

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load("en-US")
DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
STEPS = CONTENT.routine("desk_break").steps  # type: ignore[union-attr]


def screen_device(rig: Rig, viewport: str = "hub-landscape-large", user: str = "") -> Device:
    return rig.device(user or f"amzn1.ask.account.screen-{viewport}", **screen_kwargs(viewport))


def screen(reply: dict[str, Any]) -> dict[str, Any]:
    found = shown(reply)
    assert found is not None, "no RenderDocument in the reply"
    kind, data = found
    return {"kind": kind, **data}


def documents(reply: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        d
        for d in reply["response"].get("directives") or []
        if d["type"] == "Alexa.Presentation.APL.RenderDocument"
    ]


def test_a_speaker_gets_no_document(rig: Rig) -> None:
    device = rig.device()
    assert not documents(device.launch())
    assert not documents(start_routine(device, {"RoutineName": DESK}))


def test_launch_start_and_every_step_carry_the_step_on_screen(rig: Rig) -> None:
    device = screen_device(rig)
    launch = screen(device.launch())
    assert launch["kind"] == "text" and launch["title"]  # the first-use disclaimer
    setup = start_routine(device, {"RoutineName": DESK}, ready=False)
    first = screen(setup)
    assert first["kind"] == "step" and first["position"] == "Step 1 of 5"
    assert first["holdSeconds"] == STEPS[0].hold and first["holdStartMs"] > first["holdMs"]
    reply = device.intent("AMAZON.NextIntent")  # ready: the step and its hold
    for index, step in enumerate(STEPS):
        shown_now = screen(reply)
        assert shown_now["kind"] == "step", index
        assert shown_now["position"] == f"Step {index + 1} of {len(STEPS)}"
        assert shown_now["done"] == index and shown_now["total"] == len(STEPS)
        assert shown_now["cue"] == step.cue
        assert step.feel in shown_now["feel"] and step.stop_if in shown_now["stop"]
        # the hold counts down on the device, from where the speech starts it
        assert shown_now["holdSeconds"] == step.hold
        start, length = shown_now["holdStartMs"], shown_now["holdMs"]
        assert 0 < start < 30_000 and step.hold * 1000 <= length < step.hold * 1000 + 20_000
        if step.sides == 2:  # the second side counts down again, after the switch
            assert shown_now["secondStartMs"] > start + length
            assert step.hold * 1000 <= shown_now["secondMs"] < step.hold * 1000 + 20_000
        else:
            assert shown_now["secondMs"] == 0
        assert [b["action"] for b in shown_now["buttons"]] == ["back", "pause", "repeat", "next"]
        reply = device.intent("AMAZON.NextIntent")
    finished = screen(reply)  # the completion and the streak
    assert finished["kind"] == "text" and "1 day" in json.dumps(finished)
    device.intent("AMAZON.NextIntent")  # skip the check-in after
    assert screen(device.intent("AMAZON.NavigateHomeIntent"))["kind"] == "list"


def _pair(rig: Rig, name: str) -> tuple[Device, Device]:
    """Two users with screens at the same step, one to tap and one to speak."""
    devices = []
    for who in ("tap", "voice"):
        device = screen_device(rig, user=f"amzn1.ask.account.{name}-{who}")
        device.launch()
        start_routine(device, {"RoutineName": DESK})
        device.intent("AMAZON.NextIntent")  # on step 2
        devices.append(device)
    return devices[0], devices[1]


def _place(device: Device) -> tuple[Any, ...]:
    progress = session_state(device)["progress"]
    return progress["step"], progress.get("paused", False), pending_question(device)


@pytest.mark.parametrize(
    ("setup", "label", "intent"),
    [
        ([], "next", "AMAZON.NextIntent"),
        ([], "back", "AMAZON.PreviousIntent"),
        ([], "repeat", "AMAZON.RepeatIntent"),
        ([], "pause", "AMAZON.PauseIntent"),
        (["AMAZON.PauseIntent"], "resume", "AMAZON.ResumeIntent"),
        (["AMAZON.PauseIntent"], "next", "AMAZON.NextIntent"),
        (["AMAZON.PreviousIntent", "AMAZON.PauseIntent"], "back", "AMAZON.PreviousIntent"),
        (["DiscomfortIntent"], "skip this step", "SkipStepIntent"),
        (["DiscomfortIntent"], "end for today", "AMAZON.StopIntent"),
    ],
)
def test_each_button_does_what_its_voice_intent_does(
    rig: Rig, setup: list[str], label: str, intent: str
) -> None:
    tapper, speaker = _pair(rig, label.replace(" ", "-"))
    for said in setup:
        before = tapper.intent(said)
        speaker.intent(said)
    if not setup:
        before = tapper.last_response
    arguments = tap(before, label)
    assert arguments is not None, f"no {label!r} on the screen"
    tapped = tapper.tap(arguments)
    spoken = speaker.intent(intent)
    assert text(tapped) and text(spoken)
    ended = bool(spoken["response"].get("shouldEndSession"))
    assert bool(tapped["response"].get("shouldEndSession")) == ended
    if not ended:
        assert _place(tapper) == _place(speaker)
    assert screen(tapped).get("position") == screen(spoken).get("position")
    assert screen(tapped)["kind"] == screen(spoken)["kind"]


def test_after_discomfort_the_screen_shows_the_stop_not_the_exercise(rig: Rig) -> None:
    device = screen_device(rig)
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    reply = device.intent("DiscomfortIntent")
    stopped = screen(reply)
    assert stopped["cue"] == text(reply) and STEPS[0].cue not in json.dumps(stopped)
    assert stopped["holdSeconds"] == 0 and not stopped["feel"]
    assert [b["action"] for b in stopped["buttons"]] == ["skip", "end"]


def test_a_tap_after_a_question_asked_since_is_out_of_date(rig: Rig) -> None:
    device = screen_device(rig)
    device.launch()
    at_step = start_routine(device, {"RoutineName": DESK})
    device.intent("WarningSignsIntent")  # "any numbness...?" now on screen
    arguments = tap(at_step, "next")
    assert arguments is not None
    assert says(device.tap(arguments), "tap_stale")
    assert pending_question(device) == "warning_signs", "the safety question still waits"
    assert session_state(device)["progress"]["step"] == 0


def test_a_session_ended_shows_no_question_and_a_name_free_query_no_screen(rig: Rig) -> None:
    device = screen_device(rig)
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("DiscomfortIntent")
    ended = screen(device.intent("AMAZON.StopIntent"))
    assert ended["hint"] == "", "no question on a screen nobody can answer"
    query = {
        "type": "CanFulfillIntentRequest",
        "intent": {"name": "TipIntent", "confirmationStatus": "NONE", "slots": {}},
    }
    assert not documents(device.send(query))


def test_a_tap_on_a_screen_the_routine_has_left_is_out_of_date(rig: Rig) -> None:
    device = screen_device(rig)
    device.launch()
    old = start_routine(device, {"RoutineName": DESK})  # step 1 on screen
    device.intent("AMAZON.NextIntent")  # said aloud: step 2
    arguments = tap(old, "next")
    assert arguments is not None
    stale = device.tap(arguments)
    assert says(stale, "tap_stale")
    assert session_state(device)["progress"]["step"] == 1, "no step moved"
    assert pending_question(device) == "next_step"
    junk = device.tap(["launch-missiles", "x" * 5000, "y"])
    assert says(junk, "tap_stale") and session_state(device)["progress"]["step"] == 1


def test_a_routine_on_the_menu_starts_when_tapped(rig: Rig) -> None:
    device = screen_device(rig)
    menu = device.launch()
    device.intent("AMAZON.NoIntent")  # no tip: the menu
    menu = device.intent("AMAZON.NavigateHomeIntent")
    listed = screen(menu)
    assert [i["value"] for i in listed["items"]] == [r.id for r in CONTENT.routines]
    assert all("minutes" in i["secondaryText"] for i in listed["items"])
    arguments = tap(menu, "desk break")
    assert arguments is not None
    device.tap(arguments)  # the routine's gates, as when it is asked for by name
    assert pending_question(device) == "screen"
    assert session_context_routine(device) == "desk_break"


def session_context_routine(device: Device) -> str:
    return str(session_context(device).routine)


def test_a_red_flag_screen_has_nothing_that_continues(rig: Rig) -> None:
    device = screen_device(rig)
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    symptom = SlotFill("numbness in my groin", "RED_FLAG", "saddle_numbness", "numbness")
    reply = device.intent("RedFlagIntent", {"Symptom": symptom})
    urgent = screen(reply)
    assert urgent["kind"] == "safety"
    assert urgent["title"] == CONTENT.safety.red_flag["card_title"]
    (directive,) = documents(reply)
    assert "SendEvent" not in json.dumps(directive), "no button, no list, nothing to tap"
    assert "buttons" not in urgent and "items" not in urgent


def test_massage_compare_studio_and_sessions_have_their_screens(rig: Rig) -> None:
    device = screen_device(rig)
    device.launch()
    shiatsu = SlotFill("shiatsu", "MASSAGE_TYPE", "shiatsu", "shiatsu")
    about = screen(device.intent("ExplainMassageIntent", {"MassageType": shiatsu}))
    massage = CONTENT.massage("shiatsu")
    assert massage is not None
    assert [s["text"] for s in about["sections"]] == [
        massage.summary,
        massage.pressure,
        massage.session,
        massage.avoid,
    ]
    swedish = SlotFill("swedish", "MASSAGE_TYPE", "swedish", "swedish")
    both = screen(
        device.intent("CompareMassageIntent", {"MassageTypeA": swedish, "MassageTypeB": shiatsu})
    )
    assert both["kind"] == "compare" and len(both["columns"]) == 2
    studio = screen(device.intent("HoursIntent"))
    assert [s["heading"] for s in studio["sections"]] == ["Today", "Prices", "Booking"]
    assert screen(device.intent("NextSessionIntent"))["kind"] == "text"


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_every_response_fits_loads_as_the_sdks_apl_type_and_fits_the_viewport(
    rig: Rig, viewport: str
) -> None:
    device = screen_device(rig, viewport)
    replies = [device.launch()]
    replies.append(start_routine(device, {"RoutineName": DESK}))
    replies += [device.intent(i) for i in ("AMAZON.PauseIntent", "AMAZON.ResumeIntent")]
    replies += [device.intent("DiscomfortIntent"), device.intent("SkipStepIntent")]
    replies.append(device.intent("AMAZON.NavigateHomeIntent"))
    serializer = DefaultSerializer()
    for reply in replies:
        assert len(json.dumps(reply).encode()) < MAX_RESPONSE_BYTES
        (directive,) = documents(reply)
        loaded = serializer.deserialize(json.dumps(directive), RenderDocumentDirective)
        assert isinstance(loaded, RenderDocumentDirective) and loaded.document
        assert render(reply), "the console renders every screen"
    buttons = screen(replies[-2])["buttons"]  # a step, after the skip
    assert len(buttons) == (2 if viewport == "hub-round-small" else 4)


def test_every_document_passes_apl_suggester() -> None:
    """Alexa's own APL validator (npm apl-suggester, tests/package.json)."""
    node = shutil.which("node")
    assert node is not None, "node is part of the test setup (README)"
    files = [str(FOLDER / f"{name}.json") for name in NAMES]
    assert sorted(p.name for p in FOLDER.glob("*.json")) == sorted(f"{n}.json" for n in NAMES)
    result = subprocess.run(
        [node, str(ROOT / "tests" / "apl_lint.js"), *files],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT / "tests",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"checked {len(files)} documents" in result.stdout


def test_the_linter_finds_a_broken_document(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node is not None
    broken = json.loads((FOLDER / "text.json").read_text())
    broken["mainTemplate"]["items"][0]["fontSize"] = "huge"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    result = subprocess.run(
        [node, str(ROOT / "tests" / "apl_lint.js"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT / "tests",
    )
    assert result.returncode == 1 and "fontSize" in result.stdout


def test_the_skill_declares_apl() -> None:
    manifest = json.loads((ROOT / "skill.json").read_text())
    interfaces = manifest["manifest"]["apis"]["custom"]["interfaces"]
    apl = [i for i in interfaces if i["type"] == "ALEXA_PRESENTATION_APL"]
    assert apl and {v["shape"] for v in apl[0]["supportedViewports"]} == {"ROUND", "RECTANGLE"}


def test_chat_with_a_screen_prints_it_and_taps(rig: Rig) -> None:
    model = json.loads((ROOT / "interaction_models" / "en-US.json").read_text())
    out = io.StringIO()
    device = screen_device(rig, user="amzn1.ask.account.chat-screen")
    lines = ["open back care coach", "start the desk break", "no", "skip", ":tap next"]
    Console(device, model, out, screen=True).run([*lines, ":tap launch"], prompt=False)
    printed = out.getvalue()
    assert "[screen: step] Desk break" in printed and "[Back] [Pause] [Repeat] [Next]" in printed
    assert f"countdown: {STEPS[0].hold} s" in printed
    assert "Alexa: Step 1 of 5: walk around" in printed, "the tap said the step"
    assert "the screen has no 'launch' to tap" in printed


# The alexa-layouts 1.7.0 parameters our documents may set (Amazon's
# AlexaHeader, AlexaButton, AlexaProgressBar and AlexaTextList pages), and
# the base component properties any layout instance takes. apl-suggester
# cannot see inside imported layouts, so a misspelt parameter is caught here.
LAYOUT_PARAMETERS = {
    "AlexaHeader": {"headerTitle", "headerSubtitle", "headerAttributionText", "headerDivider"}
    | {"headerAttributionImage", "headerAttributionPrimacy", "headerBackButton"}
    | {"headerBackButtonAccessibilityLabel", "headerBackButtonCommand", "headerBackgroundColor"},
    "AlexaButton": {"buttonText", "buttonStyle", "primaryAction", "accessibilityLabel"}
    | {"buttonIconName", "buttonIconSource", "buttonIconStyle", "touchForward"},
    "AlexaProgressBar": {"progressBarType", "progressValue", "totalValue", "bufferValue"}
    | {"progressFillColor", "accessibilityLabel", "isLoading"},
    "AlexaTextList": {"headerTitle", "headerSubtitle", "headerAttributionImage", "listItems"}
    | {"primaryAction", "hideOrdinal", "hideDivider", "backgroundColor", "headerDivider"},
}
COMMON = {"type", "theme", "lang", "layoutDirection", "entities", "when", "id", "width"}
COMMON |= {"height", "spacing", "grow", "shrink", "alignSelf", "paddingLeft", "paddingRight"}


def _layouts(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        found = [value] if value.get("type") in LAYOUT_PARAMETERS else []
        return found + [d for v in value.values() for d in _layouts(v)]
    if isinstance(value, list):
        return [d for v in value for d in _layouts(v)]
    return []


def test_the_alexa_layouts_components_get_only_their_own_parameters() -> None:
    used = []
    for name in NAMES:
        document = json.loads((FOLDER / f"{name}.json").read_text())
        assert document["import"] == [{"name": "alexa-layouts", "version": "1.7.0"}]
        for layout in _layouts(document["mainTemplate"]):
            unknown = set(layout) - LAYOUT_PARAMETERS[layout["type"]] - COMMON
            assert not unknown, (name, layout["type"], unknown)
            used.append(layout["type"])
    assert set(used) == set(LAYOUT_PARAMETERS)
