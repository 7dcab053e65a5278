"""What free round 24 left and the round 28 blind sets missed, fixed after
they were scored: which routine suits a goal, asked as one would ask for
a massage; a question about the step said as a pair ("straight or bent");
small talk (the skill is no doctor, "how are you going", "what are you");
short goodbyes. Heard through the Echo path: Alexa's samples first, then
the skill's understanding."""

from __future__ import annotations

from typing import Any

import pytest

from backcare.content import load, step_id
from backcare_tools.console.device import SlotFill
from tests.conftest import Rig
from tests.helpers import (
    device_for,
    heard_on_echo,
    pending_question,
    said_on_echo,
    says,
    session_state,
    when_slots,
)

CONTENT = load("en-US")


@pytest.mark.parametrize(
    ("said", "question"),
    [
        ("which routine is best for a stiff back", None),
        ("which stretches are good for sitting all day", None),
        ("which of those is best for a stiff lower back", "which_routine"),
        ("which of them is best for stress", "which_routine"),
    ],
)
def test_which_routine_suits_a_goal_is_a_routine_not_a_massage(
    said: str, question: str | None
) -> None:
    assert heard_on_echo(said, question)[0] == "RecommendRoutineIntent"


@pytest.mark.parametrize(
    ("said", "question"),
    [
        ("which massage is best for a stiff back", None),
        ("which one is best for stress", None),
        # a sample of its own: on a device its words never reach the skill,
        # so it stays a massage (the review found "i have {Goal}" for a red
        # flag read as a routine asked at this question)
        ("which one is best for stress", "which_routine"),
        ("which massage is best for knots", "which_routine"),
    ],
)
def test_a_massage_asked_for_a_goal_is_still_a_massage(said: str, question: str | None) -> None:
    assert heard_on_echo(said, question)[0] == "RecommendMassageIntent"


def test_the_routine_for_a_goal_is_offered_and_a_yes_starts_it(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    said_on_echo(device, "what routines do you have")
    reply = said_on_echo(device, "which of those is best for a stiff lower back")
    morning = CONTENT.routine("morning_mobility")
    assert morning is not None and "stiffness" in morning.goals
    assert says(reply, "routine_for_goal", goal="stiffness", routine="morning mobility")
    assert pending_question(device) == "suggest"
    reply = said_on_echo(device, "which routine is best for stress")
    assert says(reply, "routine_for_relax", routine="evening wind down")


def test_every_goal_has_a_routine() -> None:
    suited = {g for r in CONTENT.routines for g in r.goals}
    assert {g.id for g in CONTENT.goals} <= suited


@pytest.mark.parametrize("question", ["next_step", "ready"])
def test_a_pair_said_about_the_step_is_how_to_do_it(question: str) -> None:
    said = "wait should my knees be straight or bent for this one"
    assert heard_on_echo(said, question)[0] == "StepHowIntent"


def test_a_pair_said_with_no_step_is_still_compared() -> None:
    assert heard_on_echo("heat or ice")[0] == "TipIntent"


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("how are you going", "GreetingIntent"),
        ("how ya going mate", "GreetingIntent"),
        ("what are you", "IdentityIntent"),
        ("what is this thing", "IdentityIntent"),
        ("are you a doctor", "ProfessionIntent"),
        ("are you a real person", "ProfessionIntent"),
        ("is this a robot or a person", "ProfessionIntent"),
        ("nope peace", "AMAZON.StopIntent"),
        ("nah later", "AMAZON.StopIntent"),
    ],
)
def test_small_talk_and_short_goodbyes(said: str, meant: str) -> None:
    assert heard_on_echo(said)[0] == meant


def test_the_skill_says_it_is_no_doctor_and_asks_again(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    said_on_echo(device, "tell me about massage")
    reply = said_on_echo(device, "are you a doctor")
    assert says(reply, "not_a_professional")
    assert pending_question(device) == "massage_name"


# --- free round 25: reminders and sessions ---------------------------------
# The clock fixture: Tuesday 2026-11-24, 08:00 UTC.


def _scheduled(api: Any) -> list[str]:
    posts = [c.body for c in api.state.calls if c.method == "POST"]
    return [str(b["trigger"]["scheduledTime"]) for b in posts]


def test_tomorrow_in_raw_words_is_the_devices_tomorrow(rig: Rig, alexa_api: Any) -> None:
    """Free round 25: at 23:20 on a Monday in Toronto (already Tuesday in
    UTC), "tomorrow" was Wednesday. In Anchorage it is 23:00 on the 23rd."""
    alexa_api.state.time_zone = "America/Anchorage"
    device = device_for(rig, alexa_api)
    said_on_echo(device, "um could you remind me to do this again tomorrow at four pm")
    assert _scheduled(alexa_api)[-1] == "2026-11-24T16:00:00"


def test_a_one_off_stretch_reminder_corrected_moves_not_adds(rig: Rig, alexa_api: Any) -> None:
    device = device_for(rig, alexa_api)
    device.intent("StretchReminderIntent", when_slots("2026-11-25", "16:00"))
    reply = said_on_echo(device, "no i meant thursday not wednesday")
    assert says(reply, "reminder_once_set"), reply
    once = [r for r in session_state(device)["reminders"] if r["kind"] == "stretch_once"]
    assert [r["at"][:16] for r in once] == ["2026-11-26T16:00"]
    # another one-off asked for outright is a second, not a move
    device.intent("StretchReminderIntent", when_slots("2026-11-27", "09:00"))
    kinds = [r["kind"] for r in session_state(device)["reminders"]]
    assert kinds == ["stretch_once", "stretch_once"]


def test_yes_with_a_time_sets_the_reminder_at_that_time(rig: Rig, alexa_api: Any) -> None:
    device = device_for(rig, alexa_api)
    device.intent("BookSessionIntent", when_slots("2026-11-28", "14:00"))
    assert pending_question(device) == "session_reminder"
    said_on_echo(device, "yes please around six in the evening")
    (kept,) = [r for r in session_state(device)["reminders"] if r["kind"] == "session"]
    assert kept["at"].startswith("2026-11-27T18:00")
    assert session_state(device)["next_session"]["at"].startswith("2026-11-28T14:00")


@pytest.mark.parametrize(
    ("said", "question", "meant", "slots"),
    [
        (
            "move my massage reminder to friday at six pm",
            None,
            "SessionReminderIntent",
            {"Date": "2027-05-14", "Time": "18:00"},
        ),
        (
            "nah remind me the same day at noon",
            "session_reminder",
            "SessionReminderIntent",
            {"Lead": "same_day", "Time": "12:00"},
        ),
        (
            "change my reminder to six p m friday",
            None,
            "SessionReminderIntent",
            {"Date": "2027-05-14", "Time": "18:00"},
        ),
        (
            "move it to tomorrow at four in the afternoon",
            None,
            "MoveSessionIntent",
            {"Date": "2027-05-11", "Time": "16:00"},
        ),
    ],
)
def test_a_reminder_moved_is_never_the_massage_moved(
    said: str, question: str | None, meant: str, slots: dict[str, str]
) -> None:
    assert heard_on_echo(said, question) == (meant, slots)


def test_a_time_among_other_words_answers_a_time_question(rig: Rig, alexa_api: Any) -> None:
    device = device_for(rig, alexa_api)
    device.intent("StretchReminderIntent")
    assert pending_question(device) == "reminder_time"
    reply = said_on_echo(device, "um eight thirty i guess")
    assert says(reply, "reminder_daily_set", time="8:30 AM"), reply


# --- free round 25: safety and understanding --------------------------------


def test_a_massage_type_asked_after_a_concern_gets_its_note(rig: Rig) -> None:
    """Free round 25 (possibly unsafe): hot stone described to someone who
    had just said she was pregnant, with no word of it."""
    pregnancy = CONTENT.safety.concern("pregnancy")
    assert pregnancy is not None and pregnancy.massage_note
    device = rig.device()
    device.launch()
    said_on_echo(device, "i'm twenty two weeks pregnant")
    assert pregnancy.massage_note in said_on_echo(device, "what about hot stone would that be nice")
    assert pregnancy.massage_note not in said_on_echo(device, "tell me about prenatal massage")
    again = said_on_echo(device, "but is hot stone okay while i'm pregnant")
    assert pregnancy.massage_note in again and pregnancy.say not in again


@pytest.mark.parametrize(
    "said",
    [
        "well i had a little fall in the garden last month but the doctor checked me over and "
        "said it was fine",
        "i had a fall last month but the doctor said it was fine",
    ],
)
def test_a_fall_a_doctor_has_seen_is_asked_about_not_alarmed(said: str) -> None:
    """Free round 25: a fall a doctor has seen, nothing found, closed the
    routines; the signs are asked instead (never passed by: a fall at the
    screen is not a no, round 15's review)."""
    assert heard_on_echo(said, "screen")[0] == "WarningSignsIntent"
    assert heard_on_echo(said)[0] == "WarningSignsIntent"


@pytest.mark.parametrize(
    "said",
    [
        "i fell yesterday but the doctor checked me",
        "i had a bad fall",
        "i fell down the stairs last month and the hospital x rayed it and found a crack",
    ],
)
def test_a_fall_not_seen_to_or_just_now_still_closes_the_screen(said: str) -> None:
    assert heard_on_echo(said, "screen")[0] == "RedFlagIntent"


@pytest.mark.parametrize(
    ("said", "question"),
    [
        ("i think that's enough for me i'm getting sleepy now", "next_step"),
        ("goodnight", None),
        ("no none of that goodnight", "warning_signs"),
    ],
)
def test_goodnight_and_enough_for_me_end_it(said: str, question: str | None) -> None:
    assert heard_on_echo(said, question)[0] == "AMAZON.StopIntent"


@pytest.mark.parametrize("said", ["i want to sleep better", "something to help me go to sleep"])
def test_sleep_wanted_is_no_goodbye(said: str) -> None:
    assert heard_on_echo(said)[0] != "AMAZON.StopIntent"


@pytest.mark.parametrize(
    ("said", "question"), [("no ta", "tip_offer"), ("nah i'm all set", "another_tip")]
)
def test_short_nos_to_an_offer(said: str, question: str) -> None:
    assert heard_on_echo(said, question)[0] == "AMAZON.NoIntent"


@pytest.mark.parametrize(
    "said", ["wait which way do i turn first", "does it matter which side i do first"]
)
def test_which_side_first_is_how_to_do_the_step(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] == "StepHowIntent"


def test_a_concern_said_as_none_with_a_request_is_the_request() -> None:
    said = "i'm not on blood thinners no so which would you recommend for someone my age"
    assert heard_on_echo(said)[0] == "RecommendMassageIntent"
    assert heard_on_echo("i'm not pregnant")[0] == "NoConcernIntent"


def test_a_stiff_back_with_what_have_you_got_offers_what_helps() -> None:
    """Free round 25: "stop whatever brought it on" answered a request for
    what the skill has: the routine for it (or a tip on the sitting)."""
    said = "um my lower back is stiff from sitting at my desk all day what have you got"
    assert heard_on_echo(said) in (
        ("RecommendRoutineIntent", {"Goal": "stiffness"}),
        ("TipIntent", {"Topic": "sitting"}),
    )
    said = "ugh my back is stiff from the drive anything for that"
    assert heard_on_echo(said) == ("RecommendRoutineIntent", {"Goal": "stiffness"})
    assert heard_on_echo("my back is killing me", "next_step")[0] != "RecommendRoutineIntent"


@pytest.mark.parametrize(
    ("said", "step"),
    [
        ("what's the point of child's pose", "child's pose"),
        ("how does the tennis ball on the glutes help my back", "tennis ball glutes"),
    ],
)
def test_a_step_named_in_other_words_is_that_step(said: str, step: str) -> None:
    assert heard_on_echo(said) == ("StepPurposeIntent", {"StepName": step_id(step)})


@pytest.mark.parametrize(
    ("said", "flag"),
    [
        (
            "sorry to bother you beta but i am seventy two and since last week i am having back "
            "pain and also i am not able to control my urine what should i do",
            "bladder_bowel",
        ),
        ("i had tb earlier and now i have severe back pain", "fever"),
    ],
)
def test_round_28_red_flags_missed_are_caught(said: str, flag: str) -> None:
    assert heard_on_echo(said, None, "en-IN") == ("RedFlagIntent", {"Symptom": flag})


def test_what_about_a_routine_is_that_routine() -> None:
    said = "fine what about the desk break one i sit at work all day"
    assert heard_on_echo(said) == ("StartRoutineIntent", {"RoutineName": "desk_break"})


def test_the_routine_named_again_while_it_is_set_up_is_its_set_up_not_its_gates(
    rig: Rig,
) -> None:
    """Free round 25: "can i use a lacrosse ball instead of a tennis ball"
    at "say ready" named the ball routine and asked its safety question
    again."""
    device = rig.device()
    device.launch()
    ball = CONTENT.routine("ball_self_massage")
    assert ball is not None
    device.intent(
        "StartRoutineIntent", {"RoutineName": SlotFill("ball", "ROUTINE_NAME", ball.id, ball.name)}
    )
    for answer in ("AMAZON.NoIntent", "AMAZON.NoIntent"):
        device.intent(answer)
    device.intent("NumberIntent", {"Number": SlotFill("2", "AMAZON.NUMBER")})
    assert pending_question(device) == "ready"
    reply = said_on_echo(device, "can i use a lacrosse ball instead of a tennis ball")
    assert ball.caution not in reply and ball.intro in reply
    assert pending_question(device) == "ready"
