"""Lines of the round 24 blind sets missed when scored (2026-12-07), and
what free round 20 found, fixed after: steps a concern leaves out (knee to
chest with osteoporosis: unsafe), a pregnant user's own warning signs
(spotting, bleeding: unsafe), falls, night pain and weakening legs in new
words, no alarm for a laugh's leak or legs tired by a run, a score said
with a comment, "next" misheard, a skip of two, and requests that leaned
on the one before. Heard through the Echo path: Alexa's samples first,
then the skill's understanding."""

from __future__ import annotations

import pytest

from backcare.business.profile import load_profile
from backcare.content import Routine, load
from backcare_tools.console.device import Device, SlotFill
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
MORNING = SlotFill("morning mobility", "ROUTINE_NAME", "morning_mobility", "morning mobility")
OSTEOPOROSIS = SlotFill("osteoporosis", "SAFETY_CONCERN", "osteoporosis", "osteoporosis")


def _first_left_out() -> tuple[Routine, int]:
    """The morning routine and the place of its first step osteoporosis leaves out."""
    routine = CONTENT.routine("morning_mobility")
    concern = CONTENT.safety.concern("osteoporosis")
    assert routine is not None and concern is not None
    return routine, next(i for i, s in enumerate(routine.steps) if s.name in concern.leave_out)


def _morning_past_a_step_left_out(rig: Rig) -> tuple[Device, Routine, int, str]:
    """A user who said they have osteoporosis, taken through the morning
    routine up to its first step left out: the device, the routine, that
    step's place, and the reply that passed it."""
    routine, left_out = _first_left_out()
    device = rig.device()
    device.launch()
    device.intent("SafetyConcernIntent", {"Concern": OSTEOPOROSIS})
    start_routine(device, {"RoutineName": MORNING})
    reply: dict[str, object] = {}
    for _ in range(left_out):
        reply = device.intent("AMAZON.NextIntent")
    return device, routine, left_out, text(reply)


def test_a_step_a_concern_rules_out_is_left_out_never_guided(rig: Rig) -> None:
    """Free round 20: osteoporosis said, then "next" guided the knee to
    chest the skill had just said to skip (unsafe)."""
    device, routine, left_out, reply = _morning_past_a_step_left_out(rig)
    step = routine.steps[left_out]
    assert says(reply, "step_left_out", name=step.name), reply
    assert step.cue not in reply, "the move is never guided"
    assert routine.steps[left_out + 1].cue in reply, "on with the step after it"
    assert session_state(device)["progress"]["step"] == left_out + 1


def test_without_the_concern_the_step_is_guided(rig: Rig) -> None:
    routine, at = _first_left_out()
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": MORNING})
    for _ in range(at):
        reply = device.intent("AMAZON.NextIntent")
    assert routine.steps[at].cue in text(reply)


def test_the_ball_routine_is_not_begun_with_osteoporosis(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    device.intent("SafetyConcernIntent", {"Concern": OSTEOPOROSIS})
    ball = SlotFill("ball self massage", "ROUTINE_NAME", "ball_self_massage", "ball self massage")
    reply = device.intent("StartRoutineIntent", {"RoutineName": ball})
    assert pending_question(device) == "suggest", text(reply)
    assert "desk break" in text(reply)


def test_a_pregnant_user_is_asked_about_bleeding_and_tightening(rig: Rig) -> None:
    """Free round 20: at 26 weeks, "the pain comes in waves" got the usual
    warning signs only, and "no none of that" moved on (unsafe)."""
    device = rig.device()
    device.launch()
    said_on_echo(device, "can i use a massage ball on my back while i'm pregnant")
    signs = CONTENT.safety.warning_signs
    asked = device.intent("WarningSignsIntent")
    assert signs["question_pregnant"] in text(asked)
    assert pending_question(device) == "warning_signs"
    assert signs["clear_pregnant"] in said_on_echo(device, "no none of that")
    other = rig.device()
    other.launch()
    assert signs["question"] in text(other.intent("WarningSignsIntent")), "not pregnant: as ever"


@pytest.mark.parametrize(
    "said",
    [
        "the pain comes in waves today and there's a bit of spotting is that normal",
        "i've been spotting since this morning and i'm twenty weeks",
    ],
)
def test_spotting_said_in_pregnancy_is_the_pregnancy_sign(said: str) -> None:
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": "pregnancy_signs"})


@pytest.mark.parametrize(
    "said",
    [
        "i've been sitting down all day can we stretch",  # "sitting" was near "spotting"
        "okay so i've been sitting at this computer since like eight can we do the desk break",
        "i was spotting my mate on the bench press and tweaked my back",
        "the strength in my leg is going up since physio",
        "i had a big stack of paperwork to get through today",
        "i've fallen over laughing",
        "it doesn't hurt even when i'm lying still",
    ],
)
def test_no_emergency_for_words_near_the_new_ones(said: str) -> None:
    assert heard_on_echo(said)[0] != "RedFlagIntent"


def test_a_ladder_fall_stays_a_serious_injury() -> None:
    said = "fell off a ladder and my lower back is killing me"
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": "serious_injury"})


@pytest.mark.parametrize(
    "said",
    [
        "my mum fell down the stairs today she fell a lot when we were young too",
        "i slipped on the ice this morning it happened when we were kids too",
    ],
)
def test_a_fall_now_is_not_discounted_by_one_long_ago(said: str) -> None:
    assert heard_on_echo(said)[0] != "OutOfScopeIntent" or "Symptom" in heard_on_echo(said)[1]
    assert heard_on_echo(said)[0] in ("RedFlagIntent", "WarningSignsIntent", "OutOfScopeIntent")
    if "my mum" not in said:
        assert heard_on_echo(said)[0] in ("RedFlagIntent", "WarningSignsIntent")


@pytest.mark.parametrize(
    "said",
    [
        "my legs feel like jelly after the fall and keep giving way",
        "i peed myself laughing but now it's happening without laughing too",
    ],
)
def test_a_sign_said_with_the_harmless_words_is_still_heard(said: str) -> None:
    assert heard_on_echo(said)[0] in ("RedFlagIntent", "WarningSignsIntent")


@pytest.mark.parametrize(
    ("said", "flag"),
    [
        ("i've just fallen off the bed", "fall_injury"),
        ("fell from the ladder while cleaning the fan", "serious_injury"),
        ("i had a massive stack on the skateboard and my back's sore", "fall_injury"),
        ("the strength in my leg is going downhill fast", "leg_weakness"),
        ("it hurts more lying still in bed than anything", "night_pain"),
    ],
)
@pytest.mark.parametrize("question", [None, "next_step"])
def test_signs_in_new_words_are_caught(said: str, flag: str, question: str | None) -> None:
    assert heard_on_echo(said, question) == ("RedFlagIntent", {"Symptom": flag})


@pytest.mark.parametrize(
    "said",
    [
        "i nearly peed myself laughing at that video",
        "my legs feel like jelly after parkrun",
        "my friend fell off his cycle when we were kids",
    ],
)
def test_no_alarm_for_words_that_only_look_like_a_sign(said: str) -> None:
    assert heard_on_echo(said)[0] not in ("RedFlagIntent", "WarningSignsIntent")


@pytest.mark.parametrize(
    ("said", "concern"),
    [
        ("my back pain has been going on for months is it okay to keep stretching", "long_lasting"),
        ("i've had this back ache for over six weeks now should i still do these", "long_lasting"),
        ("is it okay to roll over a fresh scrape", "wound"),
    ],
)
def test_concerns_in_new_words_are_named(said: str, concern: str) -> None:
    assert heard_on_echo(said) == ("SafetyConcernIntent", {"Concern": concern})


@pytest.mark.parametrize(
    ("said", "score"),
    [("nine it didn't help at all", "9"), ("oh about a for", "4"), ("one lovely", "1")],
)
def test_a_score_said_with_a_comment_or_misheard_is_the_score(said: str, score: str) -> None:
    assert heard_on_echo(said, "pain_after") == ("NumberIntent", {"Number": score})


@pytest.mark.parametrize(
    "said",
    [
        "nine and my legs have gone numb",  # a sign named
        "two but i'm going to the toilet without knowing",  # a sign in no list's words
        "three and it feels numb when i wipe",
        "seven and i feel really poorly",
    ],
)
def test_a_sign_said_with_a_score_is_still_heard(said: str) -> None:
    assert heard_on_echo(said, "pain_before")[0] in ("RedFlagIntent", "WarningSignsIntent")


@pytest.mark.parametrize("said", ["text", "necks", "nex"])
def test_next_misheard_alone_at_a_step_is_next(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] == "AMAZON.NextIntent"


def test_neck_alone_is_never_taken_for_next() -> None:
    assert heard_on_echo("neck", "next_step")[0] != "AMAZON.NextIntent"


def test_skip_this_and_the_next_is_two_and_tiredness_is_no_goodbye(rig: Rig) -> None:
    routine = CONTENT.routine("morning_mobility")
    assert routine is not None
    said = "skip this one and the next one too i'm knackered"
    assert heard_on_echo(said, "next_step") == ("SkipStepIntent", {"Count": "2"})
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": MORNING})
    reply = said_on_echo(device, said)
    assert routine.steps[2].cue in reply
    assert session_state(device)["progress"]["step"] == 2


def test_the_set_up_told_then_resume_resumes() -> None:
    assert heard_on_echo("right i've put a cushion down resume", "ready")[0] == (
        "AMAZON.ResumeIntent"
    )


@pytest.mark.parametrize(
    "said",
    [
        "i'm on the bed my belly's gone tight keep going",
        "on the chair bit of tightening continue",
        "on the yoga mat my knee's gone funny continue",
        "on the bed it's tightening a bit ready",
    ],
)
def test_the_set_up_with_something_wrong_never_goes_on(said: str) -> None:
    assert heard_on_echo(said, "ready")[0] not in ("AMAZON.ResumeIntent", "AMAZON.NextIntent")


def test_carry_on_with_a_routine_named_starts_or_picks_it_up() -> None:
    got = heard_on_echo("well carry on with the morning one then")
    assert got == ("StartRoutineIntent", {"RoutineName": "morning_mobility"})


@pytest.mark.parametrize(
    "said", ["i think i'll ring my midwife just in case", "okay i'll call my gp tomorrow"]
)
def test_saying_they_will_get_checked_is_encouraged(rig: Rig, said: str) -> None:
    assert heard_on_echo(said)[0] == "GettingCheckedIntent"
    device = rig.device()
    device.launch()
    assert says(said_on_echo(device, said), "getting_checked")


def test_asking_whether_to_see_a_doctor_is_not_taken_as_going() -> None:
    assert heard_on_echo("should i see my doctor")[0] != "GettingCheckedIntent"


def test_a_type_named_then_how_much_is_it_is_that_types_price() -> None:
    said = "does the studio do pregnancy massage and how much is it"
    assert heard_on_echo(said) == ("PriceIntent", {"MassageType": "prenatal"})


def test_a_goals_first_choice_the_studio_lacks_points_to_one_it_offers(rig: Rig) -> None:
    """Free round 20: "which is best for a runner" named sports massage three
    times, one turn after "we don't offer sports massage"."""
    goal = CONTENT.goal("sport")
    assert goal is not None
    offered = {s.massage_type for s in load_profile(None).services}
    first = CONTENT.massage(goal.types[0])
    here = next((t for t in goal.types if t in offered), None)
    assert first is not None and first.id not in offered and here is not None, "the sample studio"
    device = rig.device()
    device.launch()
    sport = SlotFill("running", "MASSAGE_GOAL", "sport", "sports recovery")
    reply = device.intent("RecommendMassageIntent", {"Goal": sport})
    other = CONTENT.massage(here)
    assert other is not None
    assert says(reply, "recommend_here", name=first.name, other=other.name), text(reply)
    assert says(reply, "recommend_question", name=other.name)


def test_the_routines_listed_to_someone_pregnant_name_the_one_that_suits(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    said_on_echo(device, "i'm twenty two weeks pregnant")
    reply = said_on_echo(device, "okay and can i do the stretching routines too or should i not")
    assert says(reply, "routine_list_suits", routine="desk break"), reply


@pytest.mark.parametrize(
    ("said", "intent", "slots"),
    [
        ("give me a tip for shovelling snow", "TipIntent", {"Topic": "lifting"}),
        ("the morning mob ability", "StartRoutineIntent", {"RoutineName": "morning_mobility"}),
        ("i want to book a massage for my back", "BookingIntent", {}),
        ("how much is an hour", "PriceIntent", {}),
    ],
)
def test_free_round_20_requests(said: str, intent: str, slots: dict[str, str]) -> None:
    assert heard_on_echo(said) == (intent, slots)


@pytest.mark.parametrize("said", ["how far should i lean back", "how hard should i press"])
def test_how_far_or_how_hard_mid_step_gets_what_to_feel_and_when_to_stop(said: str) -> None:
    assert heard_on_echo(said, "next_step")[0] == "StepPurposeIntent"


def test_a_pregnant_users_waves_of_pain_are_asked_with_every_sign(rig: Rig) -> None:
    """The pregnant question adds bleeding, leaking and tightening to the
    usual signs, never in their place; "some bleeding" is its yes."""
    signs = CONTENT.safety.warning_signs
    for usual in ("groin", "bladder", "fever", "fall"):
        assert usual in signs["question_pregnant"]
    device = rig.device()
    device.launch()
    said_on_echo(device, "i'm twenty six weeks pregnant")
    asked = said_on_echo(device, "the pain comes in waves today is that normal")
    assert signs["question_pregnant"] in asked
    reply = said_on_echo(device, "some bleeding")
    assert CONTENT.safety.red_flag["advice"] in reply


def test_resume_with_the_routine_named_keeps_the_place(rig: Rig) -> None:
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": MORNING})
    device.intent("AMAZON.NextIntent")
    device.intent("AMAZON.NextIntent")
    assert session_state(device)["progress"]["step"] == 2
    reply = said_on_echo(device, "well carry on with the morning one then")
    assert session_state(device)["progress"]["step"] == 2, reply
    assert says(reply, "resuming", step=3)


def test_going_back_passes_over_a_step_left_out(rig: Rig) -> None:
    device, routine, left_out, _ = _morning_past_a_step_left_out(rig)
    assert session_state(device)["progress"]["step"] == left_out + 1
    reply = text(device.intent("AMAZON.PreviousIntent"))
    assert routine.steps[left_out - 1].cue in reply, "the step before the one left out"
    assert session_state(device)["progress"]["step"] == left_out - 1


def test_a_pain_trend_question_is_no_long_lasting_concern() -> None:
    assert heard_on_echo("has my pain gone down since last month")[0] == "PainTrendIntent"


def test_a_pregnant_user_never_hears_the_sleeping_on_your_back_tip(rig: Rig) -> None:
    """Free round 21: a user 22 weeks pregnant got "if you sleep on your
    back..." (lying flat is not advised from about 20 weeks)."""
    on_back = next(t for t in CONTENT.tips if "pregnancy" in t.unsuited)
    sleep = [t for t in CONTENT.tips if t.category == on_back.category]
    device = rig.device()
    device.launch()
    said_on_echo(device, "i'm twenty two weeks pregnant")
    topic = SlotFill("sleep", "TIP_TOPIC", on_back.category, on_back.category)
    heard = [text(device.intent("TipIntent", {"Topic": topic})) for _ in range(len(sleep) + 1)]
    assert all(on_back.text not in h for h in heard)
    other = rig.device()
    other.launch()
    heard = [text(other.intent("TipIntent", {"Topic": topic})) for _ in range(len(sleep))]
    assert any(on_back.text in h for h in heard), "without the concern it is one of them"


# Round 25 (scored once on 8bae09a, then tuning) and free round 22.


@pytest.mark.parametrize(
    ("said", "flag"),
    [
        ("my back pain is spreading round into my chest", "other_organs"),
        ("i've had a couple of accidents with my waterworks this week", "bladder_bowel"),
        ("the part where you sit on a bike seat feels dead", "saddle_numbness"),
    ],
)
def test_round_25_signs_in_new_words(said: str, flag: str) -> None:
    assert heard_on_echo(said) == ("RedFlagIntent", {"Symptom": flag})


@pytest.mark.parametrize(
    "said",
    [
        "i had a nasty fall in the shower this morning",
        "after the last massage i couldn't pee",
        "i went to the doctor for weight loss i can't explain",
        "i've been losing weight for about two months now",
        "i've been having cold shivers down my spine all night",
        "what counts as bladder trouble can't hold it in since this morning",
        "what do you mean by leg weakness the legs keep giving way",
    ],
)
def test_signs_beside_the_new_no_alarm_words_are_still_heard(said: str) -> None:
    """The second review: the rewrites for weight lost on purpose, shivers
    from a podcast and "what do you mean by" must leave a sign said with
    them heard."""
    assert heard_on_echo(said)[0] in ("RedFlagIntent", "WarningSignsIntent")


@pytest.mark.parametrize(
    "said",
    [
        "i'm losing weight on purpose for my wedding",
        "that true crime podcast sent shivers down my spine",
        "do you know any yoga for weight loss",
        "we had a nasty fall of snow last night",
        "the pain is not so bad at night",
        "the heat from the pad is spreading round into my chest",
    ],
)
def test_round_25_no_alarm(said: str) -> None:
    assert heard_on_echo(said)[0] not in ("RedFlagIntent", "WarningSignsIntent")


@pytest.mark.parametrize("question", [None, "screen"])
def test_what_a_sign_means_asked_is_its_meaning_not_the_sign(question: str | None) -> None:
    said = "um what do you mean by leg weakness"
    assert heard_on_echo(said, question) == ("ScreenWhyIntent", {"Meant": "meaning"})
    mine = "what do you mean by leg weakness my legs are weak"
    assert heard_on_echo(mine, question)[0] == "RedFlagIntent"


def test_unease_at_the_discomfort_choice_never_picks_the_step_up() -> None:
    """Free round 22: dizzy and pregnant, "can i do that one sitting down
    instead, i'm a bit wobbly with the bump" picked the standing step up.
    Mid-step it stops the step; at the choice after, it ends for today (a
    yes said with unease is still the skip it answers)."""
    said = "can i do that one sitting down instead i'm a bit wobbly with the bump"
    assert heard_on_echo(said, "next_step")[0] == "DiscomfortIntent"
    assert heard_on_echo(said, "discomfort")[0] == "AMAZON.StopIntent"
    assert heard_on_echo("yes it hurts", "discomfort")[0] in ("AMAZON.YesIntent", "SkipStepIntent")
    assert heard_on_echo("i'm fine now carry on", "discomfort")[0] == "SkipStepIntent"


@pytest.mark.parametrize("said", ["what", "what was that"])
def test_what_alone_is_say_that_again(said: str) -> None:
    assert heard_on_echo(said, "tip_offer")[0] == "AMAZON.RepeatIntent"


def test_aspirin_is_asked_about_as_a_blood_thinner() -> None:
    said = "i take a baby aspirin every day does that count"
    assert heard_on_echo(said, "caution") == ("SafetyConcernIntent", {"Concern": "blood_thinners"})
    assert heard_on_echo("can i take aspirin for back pain")[0] != "SafetyConcernIntent"


def test_a_concern_said_as_none_in_doubt_never_goes_on() -> None:
    said = "i'm not pregnant but i might be next"
    assert heard_on_echo(said, "next_step")[0] != "AMAZON.NextIntent"


def test_a_tip_ruled_out_is_never_given_and_its_hearing_is_kept() -> None:
    from backcare.state import UserState
    from backcare.tips.picker import next_tip

    on_back = next(t for t in CONTENT.tips if "pregnancy" in t.unsuited)
    state = UserState()
    state.tips_heard = [on_back.id]
    ruled_out = frozenset(t.id for t in CONTENT.tips if "pregnancy" in t.unsuited)
    given = {next_tip(state, CONTENT.tips, f"seed{i}", "", ruled_out)[0].id for i in range(60)}
    assert not given & ruled_out
    assert on_back.id in state.tips_heard, "what was heard of it is kept for later sessions"
