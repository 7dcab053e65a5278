"""Lines of the round 26 blind sets missed when scored (2026-12-08), and
what free round 23 found, fixed after: a step asked to be skipped was said
again (unsafe: it had pinched), a step's name or a breathing question taken
for discomfort, new back pain past fifty, breathlessness and a recent
infection with back pain, checks already done, a concern said at the
safety screen, goodbyes, and what a routine holds. Heard through the Echo
path: Alexa's samples first, then the skill's understanding."""

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
    session_state,
    start_routine,
    text,
)

CONTENT = load("en-US")
DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
MORNING = SlotFill("morning mobility", "ROUTINE_NAME", "morning_mobility", "morning mobility")
BALL = SlotFill("ball self massage", "ROUTINE_NAME", "ball_self_massage", "ball self massage")


@pytest.mark.parametrize("question", ["next_step", "ready", None])
def test_a_skip_said_with_keep_going_skips(question: str | None) -> None:
    said = "okay i'm back let's keep going but skip the leaning back one"
    assert heard_on_echo(said, question)[0] == "SkipStepIntent"


def test_dont_skip_is_no_skip() -> None:
    assert heard_on_echo("let's carry on don't skip anything", "next_step")[0] != "SkipStepIntent"


def test_the_step_that_pinched_is_never_said_again_after_a_skip(rig: Rig) -> None:
    """Free round 23 (unsafe): the back extension pinched; after a pause,
    "keep going but skip the leaning back one" guided it again."""
    routine = CONTENT.routine("desk_break")
    assert routine is not None
    at = next(i for i, s in enumerate(routine.steps) if s.name == "standing back extension")
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    for _ in range(at):
        device.intent("AMAZON.NextIntent")
    said_on_echo(device, "that pinched a bit on the right side")
    said_on_echo(device, "hang on give me a minute")
    reply = said_on_echo(device, "okay i'm back let's keep going but skip the leaning back one")
    assert routine.steps[at].cue not in reply
    assert session_state(device)["progress"]["step"] == at + 1


@pytest.mark.parametrize(
    "said",
    [
        "is there a knee to chest stretch in this routine",
        "how do i breathe during this",
        "wait should i be breathing in or out when i press down",
    ],
)
def test_a_steps_name_or_how_to_breathe_is_no_discomfort(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] not in ("DiscomfortIntent", "AMAZON.StopIntent")
    assert heard_on_echo(said, "discomfort")[0] != "AMAZON.StopIntent"


@pytest.mark.parametrize(
    "said", ["my chest feels tight", "me knees are stuffed can i do it on the bed"]
)
def test_unease_with_no_request_mid_step_stops_it(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] in ("DiscomfortIntent", "SafetyConcernIntent")


@pytest.mark.parametrize(
    ("said", "flag"),
    [
        ("i'm seventy two and this back pain is brand new out of nowhere", "new_pain_older"),
        (
            "i'm seventy and this is the first time i've ever had back pain and it's bad",
            "new_pain_older",
        ),
        ("i'm 64 and never had back pain before this week", "new_pain_older"),
        ("i've got back pain and i'm short of breath", "other_organs"),
        ("the pain is unbearable at night even lying perfectly still", "night_pain"),
        ("at night the pain becomes unbearable even painkillers don't work", "night_pain"),
        ("i had a uti last week and my back is killing me", "fever"),
        ("i'm a seventy year old woman with new back pain", "new_pain_older"),
        ("i'm seventy and my back pain just started this week", "new_pain_older"),
        ("my back hurts and i'm breathless", "other_organs"),
    ],
)
def test_signs_in_new_words_are_caught(said: str, flag: str) -> None:
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": flag})


def test_a_recent_kidney_infection_with_back_pain_is_asked_about_at_least() -> None:
    said = "i had a kidney infection recently and now my back's really bad"
    assert heard_on_echo(said)[0] in ("RedFlagIntent", "WarningSignsIntent")


@pytest.mark.parametrize(
    "said",
    [
        "i'm feverish with excitement for the ipl final",
        "i'm sixty and new to stretching",
        "i'm fifty five and my back pain is the same as ever",
        "i'm nineteen with new back pain after deadlifts",
        "the heat is unbearable at night",
        "i'm short of breath after the stairs",
        "my kid has an ear infection",
        "i'm seventy and my back pain is not new",
    ],
)
def test_no_alarm_for_words_near_the_new_ones(said: str) -> None:
    assert heard_on_echo(said)[0] != "RedFlagIntent"


def test_someone_elses_new_pain_past_fifty_is_advice_for_them() -> None:
    intent, slots = heard_on_echo("my dad is seventy five and his back pain is brand new")
    assert (intent, slots.get("Symptom")) == ("OutOfScopeIntent", "new_pain_older")


@pytest.mark.parametrize(
    ("said", "question", "meant"),
    [
        ("just the leg thing but that's been checked", "screen", "AMAZON.NoIntent"),
        ("yes but it's been checked", "screen", "AMAZON.NoIntent"),
        ("yes the gp hasn't checked it yet", "screen", "AMAZON.YesIntent"),
        ("the doctor hasn't seen it yet", "clearance", "AMAZON.NoIntent"),
        ("i went to the gp and she said it's fine", "clearance", "AMAZON.YesIntent"),
    ],
)
def test_a_check_already_done_answers_the_question(said: str, question: str, meant: str) -> None:
    assert heard_on_echo(said, question, "en-GB")[0] == meant


def test_a_concern_already_checked_is_not_sent_to_be_checked_again(rig: Rig) -> None:
    said = "went to a and e they said it's a trapped nerve and i'm fine to do gentle stretches now"
    assert heard_on_echo(said, locale="en-GB") == (
        "SafetyConcernIntent",
        {"Concern": "sciatica", "Checked": "checked"},
    )
    device = rig.device()
    device.launch()
    assert says(said_on_echo(device, said), "concern_checked")
    reply = said_on_echo(device, "i've got sciatica")
    assert not says(reply, "concern_checked") and "should be checked" in reply, "its advice"


def test_a_concern_said_at_the_screen_passes_it_and_is_heeded(rig: Rig) -> None:
    """Free round 23: "no none of those just the osteoporosis i mentioned"
    at the screen repeated the advice and dropped the routine."""
    device = rig.device()
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": BALL})
    assert pending_question(device) == "screen"
    reply = said_on_echo(device, "no but i have osteoporosis")
    concern = CONTENT.safety.concern("osteoporosis")
    assert concern is not None
    assert session_state(device)["screened"]
    assert pending_question(device) == "suggest", reply  # the desk break instead
    assert "desk break" in reply


@pytest.mark.parametrize(
    "said", ["no ta that's everything cheers", "peace out", "nah mate i'm good cheers"]
)
def test_goodbyes_in_other_words(said: str) -> None:
    assert heard_on_echo(said, None, "en-GB")[0] == "AMAZON.StopIntent"


@pytest.mark.parametrize(
    ("said", "routine"),
    [
        ("what stretches are in the morning mobility", "morning_mobility"),
        ("okay what does the morning mobility routine involve", "morning_mobility"),
        ("what's in the desk break", "desk_break"),
    ],
)
def test_what_a_routine_holds_is_asked_not_started(said: str, routine: str) -> None:
    assert heard_on_echo(said) == ("RoutineStepsIntent", {"RoutineName": routine})


def test_a_routines_steps_are_named_then_offered(rig: Rig) -> None:
    routine = CONTENT.routine("morning_mobility")
    assert routine is not None
    device = rig.device()
    device.launch()
    reply = text(device.intent("RoutineStepsIntent", {"RoutineName": MORNING}))
    assert all(step.name in reply.lower() for step in routine.steps)
    assert pending_question(device) == "suggest"
    assert session_state(device).get("progress") is None, "nothing started"
    # with osteoporosis said, the steps it leaves out are said as left out
    device.intent(
        "SafetyConcernIntent",
        {"Concern": SlotFill("osteoporosis", "SAFETY_CONCERN", "osteoporosis", "osteoporosis")},
    )
    reply = text(device.intent("RoutineStepsIntent", {"RoutineName": MORNING}))
    assert says(reply, "step_left_out", concern="osteoporosis", name="single knee to chest")


def test_the_evening_routine_please_is_the_evening_wind_down() -> None:
    got = heard_on_echo("the evening routine please")
    assert got == ("StartRoutineIntent", {"RoutineName": "evening_wind_down"})


def test_no_to_the_warning_signs_mid_routine_keeps_the_routine(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("WarningSignsIntent")
    reply = device.intent("AMAZON.NoIntent")
    assert says(reply, "paused_prompt"), text(reply)
    assert session_state(device)["progress"] is not None


@pytest.mark.parametrize(
    ("said", "routine"), [("morning", "morning_mobility"), ("evening", "evening_wind_down")]
)
def test_a_part_of_the_day_at_which_routine_names_the_routine(said: str, routine: str) -> None:
    assert heard_on_echo(said, "which_routine") == ("StartRoutineIntent", {"RoutineName": routine})


def test_stiffness_alone_at_the_screen_is_no_sign() -> None:
    assert heard_on_echo("my back's a bit stiff", "screen")[0] == "AMAZON.NoIntent"
    assert heard_on_echo("my back's a bit numb", "screen")[0] == "AMAZON.YesIntent"


def test_the_difference_between_that_and_another_compares_with_the_last() -> None:
    said = "yeah nah what's the difference between that and trigger point"
    intent, slots = heard_on_echo(said, None, "en-AU")
    assert intent == "CompareMassageIntent" and "trigger_point" in slots.values()


def test_a_yes_with_a_reminder_the_skill_does_not_set_is_the_yes() -> None:
    said = "yes please and also remind me to bring my maternity notes"
    assert heard_on_echo(said, "session_reminder", "en-GB")[0] == "AMAZON.YesIntent"
    assert heard_on_echo("remind me to pick up milk at five")[0] == "OutOfScopeIntent"


@pytest.mark.parametrize(
    "said", ["no don't skip it", "i'll try it with the pillow can you do that one again", "repeat"]
)
def test_the_step_that_hurt_is_not_guided_again_and_the_choice_says_why(
    rig: Rig, said: str
) -> None:
    """Free round 23: "no don't skip it" at the skip-or-stop choice went on
    to the next step with no word of why."""
    routine = CONTENT.routine("desk_break")
    assert routine is not None
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    said_on_echo(device, "ouch that hurts")
    assert pending_question(device) == "discomfort"
    reply = said_on_echo(device, said)
    assert says(reply, "discomfort_not_again"), reply
    assert routine.steps[0].cue not in reply and routine.steps[1].cue not in reply
    assert pending_question(device) == "discomfort"
    assert session_state(device)["progress"]["step"] == 0


# The fresh-eyes review of this round's first fixes (2026-12-08): each case
# one the first fixes got wrong.


@pytest.mark.parametrize(
    "said",
    [
        "my dad's got numbness around his groin and can't pee",
        "my nan had a fall and now her back is hurting",
        "my wife's got a fever and her back hurts",
    ],
)
def test_someone_elses_sign_mid_step_is_advice_for_them(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] == "OutOfScopeIntent"


@pytest.mark.parametrize(
    "said",
    [
        "yes i had a fracture last week",
        "yes numbness in one leg",
        "it's been checked but i've got new numbness",
        "the doctor checked it but the numbness is spreading",
        "yes the doctor wants it x rayed",
        "yes the weakness, doctor saw it but it's worse this week",
        "my doctor said it's fine but the numbness has come back",
    ],
)
def test_a_sign_said_with_a_check_still_closes_the_screen(said: str) -> None:
    assert heard_on_echo(said, "screen")[0] in ("AMAZON.YesIntent", "RedFlagIntent")


@pytest.mark.parametrize(
    "said",
    [
        "my doctor said it's fine but now it's worse",
        "the doctor wants it x rayed",
        "the doctor's going to have it looked at next week",
        "i don't want to waste the doctor's time but should i get it looked at",
        "yeah remind me to get my back looked at",
    ],
)
def test_no_check_done_never_lifts_the_clearance(said: str) -> None:
    assert heard_on_echo(said, "clearance")[0] != "AMAZON.YesIntent"


def test_a_concern_with_signs_said_as_checked_keeps_its_advice(rig: Rig) -> None:
    said = "my sciatica was checked last year but now it's in both legs"
    device = rig.device()
    device.launch()
    assert not says(said_on_echo(device, said), "concern_checked")


def test_a_yes_to_the_warning_signs_is_never_a_reminder() -> None:
    assert heard_on_echo("ok remind me to get it checked", "warning_signs")[0] != "AMAZON.YesIntent"


def test_why_not_skip_this_one_skips() -> None:
    assert heard_on_echo("why not skip this one", "next_step")[0] == "SkipStepIntent"


def test_pain_said_with_a_question_mid_step_stops_it() -> None:
    said = "my leg hurts should i still be doing this"
    assert heard_on_echo(said, "next_step")[0] in ("DiscomfortIntent", "SafetyConcernIntent")


@pytest.mark.parametrize(
    "said",
    [
        "i'm numb, no sensation at all, around my bottom",
        "there's numbness, not tingling, around my bum",
        "my legs have never been this weak",
    ],
)
def test_a_sign_with_a_negation_of_its_own_is_still_the_sign(said: str) -> None:
    assert heard_on_echo(said)[0] == "RedFlagIntent"


@pytest.mark.parametrize(
    "said",
    [
        "no, i'm 62 and there's no new pain",
        "i'm 65 and this isn't new pain",
        "i'm 70 and it's not the first time i've had back pain",
        "i'm 60 and this is my first time using the back care coach",
        "i'm sixty and i want a new back pain routine",
        "i'm 55 and looking for new pain relief",
        "i'm 64 and never had a back massage",
        "i'm not short of breath with my back pain",
        "i don't get short of breath with my back pain",
        "my doctor thought i had a kidney infection but it was just a muscle strain",
    ],
)
def test_no_alarm_for_what_only_sounds_like_the_new_signs(said: str) -> None:
    assert heard_on_echo(said)[0] != "RedFlagIntent"


def test_the_age_is_the_speakers_and_the_new_pain_another_s() -> None:
    intent, _ = heard_on_echo("i'm 70, my husband has new back pain")
    assert intent != "RedFlagIntent"


@pytest.mark.parametrize("question", ["screen", "warning_signs"])
def test_no_thanks_at_a_sign_question_is_the_no_not_goodbye(question: str) -> None:
    assert heard_on_echo("no i'm good thanks", question)[0] == "AMAZON.NoIntent"


def test_a_request_after_an_ok_keeps_its_words() -> None:
    said = "what are your prices and i'd like to book a deep tissue"
    assert heard_on_echo(said)[0] in ("PriceIntent", "BookingIntent", "BookSessionIntent")


# Round 27 (2026-12-08), scored once on 0a5d20c, then fixed.


@pytest.mark.parametrize(
    ("said", "flag"),
    [
        ("i can barely stand on my tiptoes on the left side now", "leg_weakness"),
        ("i just coughed and felt a crack in my back and i have osteoporosis", "fracture_risk"),
    ],
)
def test_round_27_signs_are_caught(said: str, flag: str) -> None:
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": flag})


@pytest.mark.parametrize(
    "said",
    [
        "my partner snores and keeps me up all night",
        "i fell hard for that new coffee shop downtown",
    ],
)
def test_round_27_false_alarms_are_none(said: str) -> None:
    assert heard_on_echo(said)[0] != "RedFlagIntent"


def test_pain_that_keeps_them_up_is_still_night_pain() -> None:
    assert heard_on_echo("my back pain keeps me up all night") == (
        "RedFlagIntent",
        {"Symptom": "night_pain"},
    )


# The second review (2026-12-08), of the first review's fixes.


@pytest.mark.parametrize(
    ("said", "question"),
    [
        ("i'm never short of breath normally but today i am and my back hurts", None),
        ("there's numbness, not tingling, around my bum", None),
        ("i'm 70 and my back pain is new, my wife is worried", None),
        ("i'm 70 and my back pain is new, no new exercise", None),
        ("i'm 67 and it's the first time my back has hurt", None),
    ],
)
def test_signs_the_first_fixes_had_dropped_are_caught(said: str, question: str | None) -> None:
    assert heard_on_echo(said, question)[0] == "RedFlagIntent"


@pytest.mark.parametrize(
    "said",
    [
        "my foot is numb, not my bum",
        "my arms feel weak, not my legs",
        "my bladder is not a problem",
        "i'm 67, had back pain for years, just started physio",
        "something new for back pain",
        "any new back pain treatments",
    ],
)
def test_no_emergency_for_a_sign_said_as_not_had(said: str) -> None:
    assert heard_on_echo(said)[0] != "RedFlagIntent"


def test_a_sentence_said_as_a_statement_is_not_made_a_question() -> None:
    assert heard_on_echo("i could not pee this morning")[0] in (
        "WarningSignsIntent",
        "RedFlagIntent",
    )


@pytest.mark.parametrize(
    "said",
    [
        "the doctor checked it and it's getting worse",
        "yes the doctor checked it and i still have numbness",
        "yes, remind me to get it checked",
        "the gp checked my sciatica and it's spreading down both legs",
    ],
)
def test_a_check_with_something_since_never_lifts_the_clearance(said: str) -> None:
    assert heard_on_echo(said, "clearance")[0] != "AMAZON.YesIntent"


@pytest.mark.parametrize(
    "said",
    [
        "yes, the doctor checked it but said it's just a strain",
        "yes the gp checked it, he said i could carry on stretching",
    ],
)
def test_a_real_check_lifts_the_clearance(said: str) -> None:
    assert heard_on_echo(said, "clearance")[0] == "AMAZON.YesIntent"


@pytest.mark.parametrize(
    "said",
    [
        "i have osteoporosis and some numbness",
        "pregnant, and i've been leaking a bit",
        "no, only a cracked vertebra from last week",
    ],
)
def test_a_concern_said_with_a_sign_at_the_screen_is_a_yes(said: str) -> None:
    assert heard_on_echo(said, "screen")[0] == "AMAZON.YesIntent"


def test_a_yes_with_a_concern_that_is_no_sign_passes_the_screen_with_it(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": MORNING})
    assert pending_question(device) == "screen"
    reply = said_on_echo(device, "yeah i'm pregnant")
    assert session_state(device)["screened"], reply
    assert "desk break" in reply  # the morning one has moves on the back


def test_a_yes_with_surgery_at_the_screen_closes_routines(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": MORNING})
    said_on_echo(device, "yes i had back surgery last week")
    assert not session_state(device).get("screened")
    assert session_state(device).get("progress") is None


@pytest.mark.parametrize("said", ["resume", "pick up where we were"])
def test_resume_at_the_choice_never_guides_the_step_that_hurt(rig: Rig, said: str) -> None:
    routine = CONTENT.routine("desk_break")
    assert routine is not None
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    said_on_echo(device, "ouch that hurts")
    reply = said_on_echo(device, said)
    assert says(reply, "discomfort_not_again"), reply
    assert routine.steps[0].cue not in reply


@pytest.mark.parametrize(
    "said", ["resume but not the back extension", "carry on without the back extension"]
)
def test_resume_without_a_step_skips_it(said: str) -> None:
    assert heard_on_echo(said, "ready")[0] == "SkipStepIntent"


def test_dizziness_said_with_a_concern_mid_step_stops_the_step(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    reply = said_on_echo(device, "i feel dizzy, i'm pregnant")
    assert pending_question(device) == "discomfort", reply
    pregnancy = CONTENT.safety.concern("pregnancy")
    assert pregnancy is not None and pregnancy.say.split(".")[0] in reply


def test_yes_with_the_reminder_at_cancel_your_massage_is_the_yes() -> None:
    """Free round 24: "yes cancel it and the reminder also" to "cancel your
    massage?" cancelled only the reminder."""
    said = "yes cancel it and the reminder also"
    assert heard_on_echo(said, "cancel_session", "en-IN")[0] == "AMAZON.YesIntent"


@pytest.mark.parametrize(
    "said",
    ["any advice for sitting at a desk all day", "give me a tip for my back then before i go"],
)
def test_a_tip_asked_for_is_a_tip(said: str) -> None:
    assert heard_on_echo(said)[0] == "TipIntent"


def test_how_to_do_the_step_asked_mid_step_says_the_step_again(rig: Rig) -> None:
    """Free round 24: "should i be breathing out when my knees go over" at a
    step was not understood; the step's own instructions answer it."""
    said = "should i be breathing out when my knees go over"
    assert heard_on_echo(said, "next_step")[0] == "StepHowIntent"
    routine = CONTENT.routine("desk_break")
    assert routine is not None
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    reply = said_on_echo(device, said)
    assert says(reply, "step_how", cue=routine.steps[0].cue), reply
    assert session_state(device)["progress"]["step"] == 0
