"""`backcare chat` driven by piped stdin, as a person or script would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backcare.content import load
from backcare_tools.console.nlu import Nlu, spoken_number
from backcare_tools.interaction_model import model_path
from tests.conftest import ROOT, env_without_store
from tests.helpers import says, says_a_tip

SAFETY = load("en-US").safety


def chat(
    lines: list[str],
    store: str,
    user: str = "amzn1.ask.account.console-test",
    extra: tuple[str, ...] = (),
) -> str:
    env = env_without_store()
    env["BACKCARE_STORE"] = store
    result = subprocess.run(
        [sys.executable, "-m", "backcare_tools.cli", "chat", "--user", user, "--quiet", *extra],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert "Traceback" not in result.stderr
    return result.stdout


def test_routine_spoken_in_natural_phrases_and_resumed_next_run(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'chat.db'}"
    out = chat(
        [
            "open back care coach",
            "start the desk stretch",
            "no",
            "my back pain is a four",
            "okay i'm ready",
            "next step",
            "go back",
            "how many steps are left",
            "stop",
        ],
        store,
    )
    assert "not medical advice" in out
    assert SAFETY.screen["question"] in out
    assert SAFETY.pain["logged"].format(score=4) in out
    assert says(out, "routine_intro", routine="desk break") and says(out, "get_ready")
    assert "Step 1 of 5: walk around" in out
    assert "Step 2 of 5: standing back extension" in out
    assert says(out, "going_back")
    assert says(out, "steps_left", step=1, total=5)
    assert says(out, "stop_saved", step=1, routine="desk break")
    assert out.rstrip().endswith("(session ended)")

    later = chat(["open back care coach", "yes", "no", "ready", "skip", "pause", "resume"], store)
    assert says(later, "offer_resume", step=1, total=5, routine="desk break")
    assert says(later, "resuming", step=1, total=5, routine="desk break")
    assert says(later, "skipping", name="walk around")
    assert says(later, "paused") and says(later, "carrying_on")
    assert later.count("Step 2 of 5") == 2  # after the skip, and again after the pause

    stranger = chat(["open back care coach"], store, user="amzn1.ask.account.someone-else")
    assert "Pick up there" not in stranger


def test_one_shot_invocations(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'chat.db'}"
    out = chat(["ask back care coach for a tip", "another one", "no"], store)
    lines = [line for line in out.splitlines() if line.startswith("Alexa:")]
    assert says_a_tip(lines[0])
    assert says_a_tip(lines[1]) and lines[1] != lines[0]
    assert says(lines[2], "menu_question")
    out = chat(["ask back care coach to give me a five minute routine", "no", "skip"], store)
    assert says(out, "routine_intro", routine="morning mobility")


def test_gibberish_gets_a_friendly_answer(tmp_path: Path) -> None:
    out = chat(
        ["open back care coach", "purple monkey dishwasher", "quit"],
        f"sqlite:///{tmp_path / 'c.db'}",
    )
    # not understood, or understood as something the skill does not do
    assert says(out, "fallback_general") or says(out, "out_of_scope")


@pytest.fixture(scope="module")
def nlu() -> Nlu:
    return Nlu(json.loads(model_path(ROOT, "en-US").read_text()))


@pytest.mark.parametrize(
    "said,intent,slot,value",
    [
        ("start the desk break", "StartRoutineIntent", "RoutineName", "desk_break"),
        ("let's do the evening routine", "StartRoutineIntent", "RoutineName", "evening_wind_down"),
        ("tennis ball massage", "StartRoutineIntent", "RoutineName", "ball_self_massage"),
        ("give me a five minute routine", "StartRoutineIntent", "Minutes", "5"),
        ("i have twenty minutes", "StartRoutineIntent", "Minutes", "20"),
        ("start my routine", "StartRoutineIntent", None, None),
        ("how many steps are left", "StepsLeftIntent", None, None),
        ("Yes!", "AMAZON.YesIntent", None, None),
        ("no thanks", "AMAZON.NoIntent", None, None),
        ("next", "AMAZON.NextIntent", None, None),
        ("blah blah", "OutOfScopeIntent", None, None),
        ("what is trigger point therapy", "ExplainMassageIntent", "MassageType", "trigger_point"),
        ("tell me about NMT", "ExplainMassageIntent", "MassageType", "neuromuscular"),
        (
            "what's the difference between swedish and deep tissue",
            "CompareMassageIntent",
            "MassageTypeB",
            "deep_tissue",
        ),
        ("i have knots", "RecommendMassageIntent", "Goal", "knots"),
        ("i just want to relax", "RecommendMassageIntent", "Goal", "relax"),
        ("i'm pregnant", "SafetyConcernIntent", "Concern", "pregnancy"),
        ("does it hurt", "MassagePressureIntent", None, None),
        ("how long does a session take", "MassageSessionIntent", None, None),
        ("what should i do afterwards", "MassageAftercareIntent", None, None),
        ("my back pain is a 6", "PainScoreIntent", "Score", "6"),
        ("rate my pain", "PainScoreIntent", None, None),
        ("how is my back doing", "PainTrendIntent", None, None),
        ("how much is a deep tissue massage", "PriceIntent", "MassageType", "deep_tissue"),
        ("are you open on sunday", "HoursIntent", "Day", "sunday"),
        ("how do i book", "BookingIntent", None, None),
        ("what massages do you offer", "ServicesIntent", None, None),
    ],
)
def test_nlu_resolves_from_the_model(
    nlu: Nlu, said: str, intent: str, slot: str | None, value: str | None
) -> None:
    parsed = nlu.parse(said)
    assert parsed.intent == intent
    if slot:
        fill = parsed.slots[slot]
        assert (fill.resolved_id or fill.value) == value


def test_unmatched_routine_name_is_sent_as_no_match(nlu: Nlu) -> None:
    parsed = nlu.alexa("start the yoga flow")
    fill = parsed.slots["RoutineName"]
    assert parsed.intent == "StartRoutineIntent"
    assert fill.value == "yoga flow" and fill.resolved_id is None


@pytest.mark.parametrize(
    "words,number", [("five", 5), ("twenty five", 25), ("12", 12), ("a dozen", None)]
)
def test_spoken_numbers(words: str, number: int | None) -> None:
    assert spoken_number(words) == number


def test_help_texts_describe_commands() -> None:
    for command in ("chat", "parse", "serve", "models"):
        out = subprocess.run(
            [sys.executable, "-m", "backcare_tools.cli", command, "--help"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "usage: backcare " + command in out


def test_console_drives_sessions_and_reminders_with_the_stand_in(tmp_path: Path) -> None:
    lines = [
        "open back care coach",
        "i booked a massage for friday at 3 pm",
        "yes",
        "yes",
        "when is my next session",
        "remind me to stretch every day at 8 am",
        "what reminders do i have",
        "cancel my reminders",
        "cancel my massage",
        "yes",
    ]
    out = chat(
        lines,
        f"sqlite:///{tmp_path / 'c.db'}",
        extra=("--alexa-api", "--time-zone", "Europe/London"),
    )
    assert says(out, "session_saved") and "at 3 PM" in out
    assert "May Back Care Coach create reminders?" in out
    assert says(out, "reminder_set")
    assert says(out, "reminder_daily_set", time="8 AM")
    assert says(out, "reminders_list", count="2 reminders")
    assert says(out, "reminders_cancelled", count=2)
    assert says(out, "session_cancelled")


def test_opening_with_alexa_and_please_is_a_launch(tmp_path: Path) -> None:
    """Free round 18: "alexa open back care coach please" was sent to the
    skill as "please", and the new user missed the welcome."""
    out = chat(["alexa open back care coach please"], f"sqlite:///{tmp_path / 'l.db'}")
    assert says(out, "disclaimer") and says(out, "welcome_new", skill="Back Care Coach")


def test_the_console_serves_the_stand_in_unless_told_not_to(tmp_path: Path) -> None:
    """The README's `backcare chat` sets reminders offline; `--no-alexa-api`
    points the device at Amazon's API, which fails here and is said so."""
    lines = ["open back care coach", "remind me to stretch every day at 8 am", "yes"]
    out = chat(lines, f"sqlite:///{tmp_path / 'on.db'}")
    assert says(out, "reminder_daily_set", time="8 AM")
    off = chat(lines, f"sqlite:///{tmp_path / 'off.db'}", extra=("--no-alexa-api",))
    assert not says(off, "reminder_daily_set", time="8 AM")


def test_elicited_slot_answers_go_to_the_elicited_intent(tmp_path: Path) -> None:
    out = chat(
        ["open back care coach", "compare two massages", "swedish", "deep tissue"],
        f"sqlite:///{tmp_path / 'c.db'}",
    )
    assert says(out, "compare_elicit")
    assert says(out, "compare_first", name="Swedish massage")
    assert says(out, "compare_second", name="Deep tissue massage")


@pytest.mark.parametrize("answer", ["it is a four", "maybe a four", "a four", "i'd say four"])
def test_a_pain_score_said_in_passing_is_heard_at_the_pain_question(
    tmp_path: Path, answer: str
) -> None:
    out = chat(
        ["open back care coach", "start the desk break", "no", answer, "hold on a sec"],
        f"sqlite:///{tmp_path / 'c.db'}",
    )
    assert not says(out, "reask")
    assert SAFETY.pain["logged"].format(score=4) in out
    assert says(out, "paused")  # "hold on" at the get-ready moment


def test_out_of_scope_speech_gets_help_without_an_echo(tmp_path: Path) -> None:
    out = chat(
        ["open back care coach", "what's the weather like in paris"],
        f"sqlite:///{tmp_path / 'c.db'}",
    )
    last = [line for line in out.splitlines() if line.startswith("Alexa:")][-1]
    assert says(last, "out_of_scope")
    assert "weather" not in last and "paris" not in last.lower()


def test_the_console_device_reports_a_time_zone_of_its_market(tmp_path: Path) -> None:
    env = env_without_store()
    env["BACKCARE_STORE"] = f"sqlite:///{tmp_path / 'tz.db'}"
    for locale, zone in (("en-GB", "Europe/London"), ("en-IN", "Asia/Kolkata")):
        command = ["chat", "--locale", locale]  # the stand-in by default
        result = subprocess.run(
            [sys.executable, "-m", "backcare_tools.cli", *command],
            input="open back care coach\nstop\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        )
        assert f"device time zone {zone}" in result.stderr, locale
