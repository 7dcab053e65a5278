"""Lines of the round 22 blind sets missed when scored (2026-12-07), fixed
after: warning signs in new words (long-term steroids, a weak immune system,
chest or tearing pain with back pain, night pain, leaks, cancer in
remission), no alarm for a film's chills, a heifer's fever or "a car crash
of a game", and a routine named where a step was expected. Heard through
the Echo path: Alexa's samples first, then the skill's understanding."""

from __future__ import annotations

import pytest

from backcare.content import load
from backcare_tools.console.device import SlotFill
from tests.conftest import Rig
from tests.helpers import (
    heard_on_echo,
    pending_question,
    said_on_echo,
    says,
    start_routine,
)


@pytest.mark.parametrize(
    "said,flag",
    [
        ("i'm losing strength in my left leg", "leg_weakness"),
        ("both my legs have gone all tingly and heavy", "leg_weakness"),
        ("my back hurts and i have pain in my chest too", "other_organs"),
        ("i've got a pulsing feeling in my tummy and back pain", "other_organs"),
        ("there's a tearing pain in my back that goes right through to my tummy", "other_organs"),
        ("i've been on steroids for years and now my back's suddenly really bad", "fracture_risk"),
        (
            "i'm on immunosuppressants after my transplant and my back's suddenly sore",
            "fracture_risk",
        ),
        (
            "i've got osteoporosis and i felt something crack in my back when i sneezed",
            "fracture_risk",
        ),
        ("my back pain is so bad at night i can't sleep at all", "night_pain"),
        ("at night it is the worst i am literally crying with pain", "night_pain"),
        ("stool leaked without me knowing sir", "bladder_bowel"),
        ("my cancer's in remission but i've got a new ache in my spine", "cancer_history"),
    ],
)
def test_warning_signs_in_new_words_are_caught(said: str, flag: str) -> None:
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": flag})


def test_a_leak_said_loosely_is_asked_about_at_least() -> None:
    """ "leaked in my pants" as a synonym alarmed on spilt coffee (review):
    a loose leak is asked about, one said as unnoticed is the red flag."""
    said = "i leaked in my coveralls out in the barn today and my lower back is awful"
    assert heard_on_echo(said)[0] in ("RedFlagIntent", "WarningSignsIntent")


def test_a_fall_said_mid_step_is_a_red_flag() -> None:
    assert heard_on_echo("i just fell off the bed", "next_step")[0] == "RedFlagIntent"


@pytest.mark.parametrize(
    "said",
    [
        "that horror film last night gave me proper chills",
        "that song gives me shivers every time",
        "one of my heifers is running a fever",
        "the footy was a car crash of a game",
        "my back kind of hurts from gaming all night",  # free round 15
    ],
)
def test_no_alarm_for_words_that_only_look_like_a_sign(said: str) -> None:
    assert heard_on_echo(said)[0] not in ("RedFlagIntent", "WarningSignsIntent")


def test_a_routine_named_where_a_step_could_be_is_the_routine() -> None:
    """Alexa hears "let's do the {StepName} one instead" with "morning": a
    slot's words are never a greeting."""
    got = heard_on_echo("let's do the morning one instead", "resume")
    assert got == ("StartRoutineIntent", {"RoutineName": "morning_mobility"})


# Free conversations, round 15 (on commit 06e7c24), fixed after:


def test_a_fall_said_as_checked_at_the_screen_is_still_a_red_flag() -> None:
    """A review found a rule that took a checked fall as a no letting other
    signs through with it ("...but my chest hurts"); it went: a fall at the
    screen is always the red flag, checked or not."""
    for said in (
        "i had a fall in the garden about three weeks ago but the gp checked it and said it's fine",
        "i fell off a ladder the doctor looked at me but my chest hurts",
        "i had a car crash the doctor checked me but i have pins and needles in both legs",
        "i fell down the stairs and the hospital x rayed it and found a crack",
    ):
        assert heard_on_echo(said, "screen")[0] in ("RedFlagIntent", "WarningSignsIntent"), said


@pytest.mark.parametrize(
    "said", ["ugh i'm falling asleep here can you put on some relaxing music", "play some music"]
)
def test_music_mid_step_is_out_of_scope_not_a_routine(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] == "OutOfScopeIntent"


@pytest.mark.parametrize(
    "said", ["i've got my music on, next", "i turned off the tunes ready for the next stretch"]
)
def test_music_only_mentioned_leaves_the_request(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] == "AMAZON.NextIntent"


@pytest.mark.parametrize(
    "said",
    [
        "my husband has lower back pain and tingling in his saddle area",
        "my dad has back pain and he's on chemo",
        "my mum has back pain and she is on steroids",
        "my dad has back pain and a pulsing in his belly",
        "my dad has back pain that won't go away even lying down",
        "back pain after my husband pushed me over",
        "my son has back pain and so do i",
        "back pain from carrying my daughter",
        "sore back from lifting my toddler all day",
    ],
)
def test_no_tip_for_someone_else_when_more_than_a_sore_back_is_said(said: str) -> None:
    """The review's cases: a sign of theirs (named by the content or not),
    or the speaker's own back, is never "a tip for them, wait two weeks"."""
    assert heard_on_echo(said)[1].get("Whose") != "someone_else" or (
        heard_on_echo(said)[0] != "TipIntent"
    ), said


@pytest.mark.parametrize(
    "said",
    [
        "pulling my knee to my chest hurts",
        "it hurts my chest to twist",
        "i leaked my coffee in my pants",
        "i've been on a steroid inhaler for years",
        "i had a benign tumour removed from my thyroid",
        "my oncologist says exercise is good",
    ],
)
def test_the_new_signs_raise_no_alarm_on_ordinary_words(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] != "RedFlagIntent", said


@pytest.mark.parametrize(
    "said",
    ["do you do a discount i fell down the stairs", "i was driving all night and crashed the car"],
)
def test_a_sign_said_with_a_studio_question_or_a_long_night_is_heard(said: str) -> None:
    assert heard_on_echo(said)[0] in ("RedFlagIntent", "WarningSignsIntent"), said


@pytest.mark.parametrize(
    "said,intent,slots",
    [
        ("is there a discount for pensioners", "StudioQuestionIntent", {}),
        ("do you do a concession rate for over sixty fives", "StudioQuestionIntent", {}),
        ("how do i make you stop talking when i am done", "AMAZON.HelpIntent", {}),
        (
            "do you guys offer prenatal massage and how much is it",
            "PriceIntent",
            {"MassageType": "prenatal"},
        ),
    ],
)
def test_free_round_fifteen_requests(said: str, intent: str, slots: dict[str, str]) -> None:
    assert heard_on_echo(said) == (intent, slots)


def test_a_day_after_a_days_hours_asks_that_days_hours(rig: Rig) -> None:
    device = rig.device()
    device.launch()

    def said(words: str) -> str:
        return said_on_echo(device, words)

    said("are you open saturday")
    assert says(said("and sunday"), "hours_day", day="On Sunday")
    assert says(said("what about monday then"), "hours_day", day="On Monday")
    # elsewhere a day is no hours question, and a sign said after a day is the sign
    assert not says(said("and the hot stone"), "hours_day")
    said("are you open saturday")
    assert not says(said("and sunday my bum is numb"), "hours_day")


@pytest.mark.parametrize(
    "words,about",
    [
        ("hang on i don't have a chair i'm at the rink can i do it standing", "no_chair"),
        ("can i do it standing", "standing"),
    ],
)
def test_a_set_up_question_at_say_ready_gets_the_routines_answer(
    rig: Rig, words: str, about: str
) -> None:
    """Free round 15: "can i do it standing" at the desk break's "say ready"
    got the set-up read again; now the routine's own answer, and the
    question is asked again."""
    device = rig.device()
    device.launch()
    desk = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
    start_routine(device, {"RoutineName": desk}, ready=False)
    assert pending_question(device) == "ready"
    spoken = said_on_echo(device, words)
    routine = next(r for r in load("en-US").routines if r.id == "desk_break")
    assert routine.set_up[about] in spoken
    assert pending_question(device) == "ready"


def test_skip_ahead_two_skips_two_steps(rig: Rig) -> None:
    """Free round 15: "skip skip ahead two" at step 2 moved one step."""
    device = rig.device()
    device.launch()
    desk = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
    start_routine(device, {"RoutineName": desk})
    device.intent("AMAZON.NextIntent")  # step 2
    spoken = said_on_echo(device, "skip skip ahead two")
    assert says(spoken, "going_to_step", step=4), spoken


# Free conversations, round 16 (on commit cec73c1), fixed after:


@pytest.mark.parametrize("question", ["screen", "warning_signs"])
def test_a_fall_told_at_the_warning_signs_is_its_yes_and_soreness_with_a_no_its_no(
    question: str,
) -> None:
    """ "A bit sore since the fall yeah but nothing else" (an 81-year-old
    with osteoporosis) got the advice for long-lasting pain."""
    said = "a bit sore since the fall yeah but nothing else"
    assert heard_on_echo(said, question)[0] in ("AMAZON.YesIntent", "RedFlagIntent")
    assert heard_on_echo("nope just sore", question)[0] == "AMAZON.NoIntent"
    assert heard_on_echo("no falls no nothing", question)[0] == "AMAZON.NoIntent"


def test_affirmative_is_a_yes() -> None:
    assert heard_on_echo("affirmative", "session_reminder")[0] == "AMAZON.YesIntent"


@pytest.mark.parametrize(
    "said,day",
    [
        ("oh shoot no i meant friday not thursday", "2027-05-14"),
        ("negative next week tuesday", "2027-05-18"),
    ],
)
def test_a_no_then_a_day_with_nothing_open_corrects_the_session(said: str, day: str) -> None:
    """Free round 16: at "anything else?" after a session was noted, these
    ended the session with a goodbye."""
    assert heard_on_echo(said) == ("MoveSessionIntent", {"Date": day})


@pytest.mark.parametrize("said", ["nah tomorrow", "no the hours on sunday", "no thanks"])
def test_a_no_with_a_day_that_fixes_nothing_moves_nothing(said: str) -> None:
    assert heard_on_echo(said)[0] != "MoveSessionIntent"


def test_the_reminders_day_said_by_the_massage_is_no_move_of_the_massage() -> None:
    """Free round 16: "no on the friday the same day as the massage at two pm"
    (of a reminder) moved the massage to 2 PM."""
    said = "no on the friday the same day as the massage at two pm"
    assert heard_on_echo(said) == ("SessionReminderIntent", {"Time": "14:00", "Lead": "same_day"})


@pytest.mark.parametrize(
    "said",
    [
        "i'm a dentist and i'm bent over patients all day my upper back and neck are killing me",
        "okay my neck and upper back hurt from leaning over",
    ],
)
def test_the_upper_back_told_as_aching_gets_advice_not_a_refusal(said: str) -> None:
    """Free round 16: a dentist's own upper back and neck were out of scope.
    The word of advice, or (the classifier leaning to a sign) the question
    naming the warning signs: never "that's outside what I do"."""
    assert heard_on_echo(said)[0] in ("DiscomfortIntent", "WarningSignsIntent")
