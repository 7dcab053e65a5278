"""Red flags stop everything at any time; the first routine is screened;
pregnancy and wounds get their cautions."""

from __future__ import annotations

import json

import pytest

from backcare.store.memory import MemoryStore
from backcare_tools.console.device import SlotFill, ends_session
from backcare_tools.console.nlu import Nlu
from backcare_tools.interaction_model import model_path
from tests.conftest import ROOT, Rig, make_rig
from tests.helpers import (
    check_response,
    pending_question,
    says,
    session_context,
    session_state,
    start_routine,
    stored_health,
    stored_record,
    text,
)

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
MORNING = SlotFill("morning stretches", "ROUTINE_NAME", "morning_mobility", "morning mobility")
PREGNANT = SlotFill("pregnant", "SAFETY_CONCERN", "pregnancy", "pregnant")
ISSUE_PHRASES = [
    "I can't feel my groin",
    "I'm losing control of my bladder",
    "my leg is getting weaker",
    "I have a fever and back pain",
    "I fell and my back hurts",
]


@pytest.fixture(scope="module")
def nlu() -> Nlu:
    return Nlu(json.loads(model_path(ROOT, "en-US").read_text()))


@pytest.mark.parametrize("phrase", ISSUE_PHRASES)
def test_red_flag_mid_routine_stops_and_sends_to_urgent_care(
    rig: Rig, nlu: Nlu, phrase: str
) -> None:
    parsed = nlu.parse(phrase)
    assert parsed.intent == "RedFlagIntent"
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.NextIntent")
    reply = device.intent(parsed.intent, parsed.slots)
    check_response(reply)
    assert ends_session(reply)
    spoken = text(reply)
    assert "Please stop here" in spoken and "emergency" in spoken
    assert "Step" not in spoken
    graded = {"I have a fever and back pain": "See a doctor soon", "I fell and my back hurts": ""}
    title = graded.get(phrase, "Get medical help now") or "See a doctor soon"
    assert reply["response"]["card"]["title"] == title
    # The routine has ended: no resume offer; nothing about the symptom is stored.
    offer = device.launch()
    assert "step 2 of 5" not in text(offer) and "Pick up" not in text(offer)
    saved = json.dumps(session_state(device)).lower()
    assert phrase.lower() not in saved and "groin" not in saved and "fever" not in saved
    # No health fact was stored: the next routine asks the safety screen,
    # which names a warning sign still to be checked.
    assert stored_health(rig.store, device.user_id) == {}
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert pending_question(device) == "screen"


def test_a_deployment_that_keeps_health_data_holds_routines_until_a_check(kept_rig: Rig) -> None:
    device = kept_rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("RedFlagIntent")
    device.launch()  # a later session
    assert stored_record(kept_rig.store, device.user_id)["clearance_since"]
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert pending_question(device) == "clearance"


def test_red_flag_outside_a_routine(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    reply = device.intent("RedFlagIntent")
    assert ends_session(reply) and "emergency" in text(reply)


@pytest.mark.parametrize("keeps_health", [False, True])
def test_first_routine_screen_yes_gives_no_routine(keeps_health: bool) -> None:
    rig = make_rig(MemoryStore(), keeps_health=keeps_health)
    device = rig.device()
    device.launch()
    screen = device.intent("StartRoutineIntent", {"RoutineName": DESK})
    check_response(screen)
    assert "numbness, leg weakness, a recent fall or injury" in text(screen)
    stop = device.intent("AMAZON.YesIntent")
    check_response(stop)
    assert "don't start these routines yet" in text(stop)
    assert "Step" not in text(stop)
    assert session_state(device)["progress"] is None
    assert "desk break" not in text(stop), "a yes at the screen was invited to a routine"
    # Asked again in the same session: closed, and no question a yes could pass.
    same = device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert "stay closed" in text(same)
    assert pending_question(device) != "clearance"
    device.launch()  # a later session
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    if not keeps_health:  # nothing was kept: the screen again, with its yes
        assert pending_question(device) == "screen", "routines open again without a check"
        return
    assert pending_question(device) == "clearance", "routines open again without a check"
    again = device.intent("AMAZON.YesIntent")  # a doctor has checked them
    assert pending_question(device) == "screen", "a yes must not count as screened"
    assert "quick safety check" in text(again)


def test_not_yet_checked_is_not_asked_again_that_session(kept_rig: Rig) -> None:
    device = kept_rig.device()
    device.launch()
    device.intent("RedFlagIntent")
    back = device.launch()
    assert "tip" not in text(back).lower(), "no everyday tip while a check is awaited"
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert pending_question(device) == "clearance"
    device.intent("AMAZON.NoIntent")  # not yet
    again = device.intent("StartRoutineIntent", {"RoutineName": MORNING})
    check_response(again)
    assert "stay closed" in text(again) and pending_question(device) != "clearance"
    device.intent("AMAZON.YesIntent")
    assert session_state(device)["progress"] is None


def test_screen_is_asked_once_when_health_data_is_kept(kept_rig: Rig) -> None:
    device = kept_rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.StopIntent")
    device.launch()
    device.intent("AMAZON.NoIntent")
    again = device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert "quick safety check" not in text(again)


def test_screen_is_asked_once_a_session_and_its_answer_never_stored(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.StopIntent")
    assert stored_health(rig.store, device.user_id) == {}
    device.launch()
    device.intent("AMAZON.NoIntent")  # not picking up where they stopped
    again = device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert "quick safety check" in text(again), "a later session skipped the screen"
    device.intent("AMAZON.NoIntent")
    device.intent("AMAZON.NavigateHomeIntent")
    same_session = device.intent("StartRoutineIntent", {"RoutineName": MORNING})
    assert "quick safety check" not in text(same_session), "asked twice in one session"


@pytest.mark.parametrize("keeps_health", [False, True])
def test_why_the_screen_is_asked_is_answered_and_the_screen_asked_again(
    keeps_health: bool,
) -> None:
    """ "Why do you keep asking?" at the screen: why (each session, since
    the answers are not kept; once, where the business keeps them), then
    the same question, still open; a no then passes it."""
    rig = make_rig(MemoryStore(), keeps_health=keeps_health)
    device = rig.device()
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert pending_question(device) == "screen"
    why = device.intent("ScreenWhyIntent")
    check_response(why)
    spoken = text(why)
    assert ("I ask each session" in spoken) is not keeps_health
    assert "need a doctor before stretching" in spoken
    assert pending_question(device) == "screen"
    assert "how's your back" in text(device.intent("AMAZON.NoIntent"))


def test_someone_elses_concern_is_advice_and_a_concern_said_as_none_is_set_aside(
    rig: Rig, nlu: Nlu
) -> None:
    """ "My wife is pregnant" (the words Alexa sends raw): the advice, and the
    user's routines are not changed; "I'm pregnant" then "I'm not
    pregnant": set aside again."""
    device = rig.device()
    device.launch()
    sent = nlu.alexa("my wife is pregnant, is it safe for her to stretch")
    assert sent.intent == "CatchAllIntent"
    advice = device.intent(sent.intent, sent.slots)
    assert "prenatal massage" in text(advice)
    assert session_context(device).concerns == []
    device.intent("SafetyConcernIntent", {"Concern": PREGNANT})
    assert session_context(device).concerns == ["pregnancy"]
    sent = nlu.alexa("i am not pregnant")  # a sample: "i am {Concern}", the value unresolved
    cleared = device.intent(sent.intent, sent.slots)
    assert says(cleared, "concern_cleared")
    assert session_context(device).concerns == []


@pytest.mark.parametrize(
    "said,concern,expect",
    [
        ("i'm pregnant", "pregnancy", "prenatal massage"),
        ("i have a bruise on my back", "bruise", "stay away from a bruise"),
        ("can i get a massage with an open wound", "wound", "open wound or one"),
        ("i take warfarin", "blood_thinners", "check with your doctor"),
    ],
)
def test_concerns_get_their_cautions(
    rig: Rig, nlu: Nlu, said: str, concern: str, expect: str
) -> None:
    parsed = nlu.parse(said)
    assert parsed.intent == "SafetyConcernIntent"
    assert parsed.slots["Concern"].resolved_id == concern
    device = rig.device()
    device.launch()
    reply = device.intent(parsed.intent, parsed.slots)
    check_response(reply)
    assert expect in text(reply)


def test_unknown_concern_is_no_alarm_and_no_guess(rig: Rig) -> None:
    # Alexa heard "i'm {Concern}" with words no concern matches: the skill
    # reads them afresh; "a rash" is nothing it covers, so it answers with
    # what it does, or its general cautions: no urgent advice, no guess.
    device = rig.device()
    device.launch()
    reply = device.intent("SafetyConcernIntent", {"Concern": SlotFill("a rash", "SAFETY_CONCERN")})
    check_response(reply)
    spoken = text(reply)
    assert says(spoken, "out_of_scope") or "blood clot" in spoken
    assert "emergency" not in spoken.lower()


def test_pregnancy_said_this_session_guards_routines_on_the_back(rig: Rig) -> None:
    # A user who said they are pregnant asks for a routine with moves lying
    # flat on the back: the skill says why not and offers the seated one.
    device = rig.device()
    device.launch()
    device.intent("SafetyConcernIntent", {"Concern": PREGNANT})
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    device.intent("AMAZON.NoIntent")  # the first-use safety screen
    device.intent("AMAZON.StopIntent")
    device.launch()
    device.intent("SafetyConcernIntent", {"Concern": PREGNANT})
    reply = device.intent("StartRoutineIntent", {"RoutineName": MORNING})
    check_response(reply)
    assert "lying flat on your back" in text(reply) and "desk break" in text(reply)
    assert pending_question(device) == "suggest"
    assert session_state(device)["progress"] is None, "the unsuited routine started"
    device.intent("AMAZON.YesIntent")  # the desk break, then its own gates
    assert pending_question(device) == "screen"
    device.intent("AMAZON.NoIntent")
    assert pending_question(device) == "pain_before"  # asked each session: not stored
    taken = device.intent("SkipStepIntent")
    assert "desk break" in text(taken).lower()
    assert "pregnan" not in json.dumps(rig.store._read(device.user_id))


def test_a_concern_from_an_earlier_session_is_not_kept(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("SafetyConcernIntent", {"Concern": PREGNANT})
    device.intent("AMAZON.StopIntent")
    device.launch()
    reply = start_routine(device, {"RoutineName": MORNING})
    assert "lying flat on your back" not in text(reply)


def test_a_routine_picked_up_again_meets_the_concern_said_this_session(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": MORNING})
    device.intent("AMAZON.StopIntent")  # its place is saved
    device.launch()
    device.intent("AMAZON.NoIntent")  # not now
    device.intent("SafetyConcernIntent", {"Concern": PREGNANT})
    reply = device.intent("AMAZON.ResumeIntent")
    assert "lying flat on your back" in text(reply)
    assert pending_question(device) == "suggest"


def test_asked_whether_it_is_urgent_the_skill_never_judges(rig: Rig) -> None:
    # "do i really need the er or can i wait for my doctor?"
    device = rig.device()
    device.launch()
    reply = device.intent("UrgentQuestionIntent")
    check_response(reply)
    spoken = text(reply)
    assert "can't judge" in spoken and "emergency" in spoken and "groin" in spoken
    assert not ends_session(reply)


def test_booking_while_a_warning_sign_waits_says_a_doctor_first(kept_rig: Rig) -> None:
    device = kept_rig.device()
    device.launch()
    assert not says(device.intent("BookingIntent"), "booking_check_first")
    device.intent("RedFlagIntent", {"Symptom": SlotFill("fever", "RED_FLAG", "fever", "a fever")})
    device.launch()
    first = device.intent("BookingIntent")
    assert says(first, "booking_check_first")
    assert says(device.intent("BookingIntent"), "booking_check_first"), "asked again too"


@pytest.mark.parametrize("keeps_health", [False, True])
@pytest.mark.parametrize(
    "pick_up", ["AMAZON.YesIntent", "AMAZON.NextIntent", "AMAZON.ResumeIntent", "one-shot"]
)
def test_a_routine_from_an_earlier_session_goes_on_only_after_the_screen(
    keeps_health: bool, pick_up: str
) -> None:
    """Not kept: the screen's answer is the session's, so picking a routine
    up in a later session asks it first, as a new start does. Kept: asked once."""
    rig = make_rig(MemoryStore(), keeps_health=keeps_health)
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.NextIntent")  # step 2
    device.intent("AMAZON.StopIntent")
    if pick_up == "one-shot":
        reply = device.intent("AMAZON.ResumeIntent")  # no session open: a one-shot
    else:
        device.launch()
        reply = device.intent(pick_up)
    if keeps_health:
        assert pending_question(device) in ("ready", "next_step"), text(reply)
        return
    assert pending_question(device) == "screen", text(reply)
    assert "Step" not in text(reply)
    back = device.intent("AMAZON.NoIntent")
    assert "step 2 of 5" in text(back) and pending_question(device) == "ready", text(back)


def test_start_over_in_a_later_session_is_a_new_start_through_the_screen(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.NextIntent")
    device.intent("AMAZON.StopIntent")
    device.launch()
    device.intent("AMAZON.StartOverIntent")
    assert pending_question(device) == "screen"
    device.intent("AMAZON.NoIntent")
    assert pending_question(device) == "pain_before"
    device.intent("SkipStepIntent")
    assert "Step 1 of 5" in text(device.intent("AMAZON.NextIntent"))


def test_no_daily_stretch_reminder_while_routines_wait_on_a_check(kept_rig: Rig) -> None:
    """Routines held until a doctor has checked a warning sign: a daily nudge
    to stretch is held too (it would invite the stretches the hold stops)."""
    device = kept_rig.device()
    device.launch()
    device.intent("RedFlagIntent")
    device.launch()  # a later session: the hold is kept by this deployment
    reply = device.intent("StretchReminderIntent", {"Time": SlotFill("08:00", "AMAZON.TIME")})
    check_response(reply)
    assert "until a doctor has checked" in text(reply)


@pytest.mark.parametrize(
    "words,advice",
    [
        ("my grandad can't control his bladder", "needs help right away"),
        ("my mum fell down the stairs and hurt her back", "needs help right away"),
        ("my nan's lost a stone without trying", "doctor's check for them soon"),
    ],
)
def test_someone_elses_warning_sign_gets_advice_for_them_and_closes_nothing(
    rig: Rig, nlu: Nlu, words: str, advice: str
) -> None:
    """Another's sign, the user's own not said: the advice for them, graded
    by the sign; the user's routines stay open and nothing is stored."""
    device = rig.device()
    device.launch()
    sent = nlu.alexa(words)
    reply = device.intent(sent.intent, sent.slots)
    check_response(reply)
    assert advice in text(reply)
    assert not ends_session(reply)
    assert stored_health(rig.store, device.user_id) == {}
    started = device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert pending_question(device) == "screen", text(started)
