"""The skill's own understanding: trained reproducibly, read by the open
question, scored on blind sets through the Echo path."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from backcare.understanding import Asked, understand
from backcare.understanding.classifier import model, read
from backcare.understanding.heard import decide
from backcare.understanding.meaning import Fill
from backcare.understanding.understand import lexicon, prepare
from backcare_tools.console.nlu import Nlu
from backcare_tools.interaction_model import model_path
from backcare_tools.understanding_train import stale_inputs, train
from tests.conftest import ROOT

SATURDAY = date(2026, 12, 5)


def test_the_committed_classifier_is_what_its_inputs_train() -> None:
    assert not stale_inputs(ROOT), "run: backcare models train"


# A full training run: about 90 s alone on two cores, more on a loaded CI machine.
@pytest.mark.timeout(480)
def test_training_again_gives_the_same_understanding(tmp_path: Path) -> None:
    """Pinned scikit-learn and a fixed seed: a fresh build reads the tuning
    phrasings as the committed weights do (floating point may move a weight
    by one step of int8, never a decision more than rarely)."""
    train(ROOT, tmp_path)
    fresh, committed = read(tmp_path), model()
    assert fresh.classes == committed.classes
    texts = []
    for name in ("eval.yaml", "safety.yaml"):
        texts += [
            line.split('text: "', 1)[1].split('"', 1)[0]
            for line in (ROOT / "tests" / "nlu" / name).read_text().splitlines()
            if 'text: "' in line
        ]
    assert len(texts) > 500
    invocation = str(committed.meta["invocation"])
    differ = 0
    for text in texts:
        words, spans = prepare(text, SATURDAY, lexicon(), invocation)
        from backcare.understanding.spans import skeleton

        shape = skeleton(words, spans)
        a, b = (
            fresh.probabilities(fresh.logits(shape)),
            committed.probabilities(committed.logits(shape)),
        )
        differ += max(a, key=a.__getitem__) != max(b, key=b.__getitem__)
    assert differ <= len(texts) // 200


def test_an_answer_means_what_the_open_question_asks() -> None:
    number = "about three"
    assert understand(number, SATURDAY, Asked("pain_before")).intent in (
        "NumberIntent",
        "PainScoreIntent",
    )
    timed = understand(number, SATURDAY, Asked("session_time", "BookSessionIntent", "Time"))
    assert timed.intent == "BookSessionIntent" and timed.slots["Time"].value in ("03:00", "15:00")
    day = understand(
        "next tuesday afternoon", SATURDAY, Asked("session_day", "BookSessionIntent", "Date")
    )
    assert day.intent == "BookSessionIntent" and day.slots["Date"].value == "2026-12-08"


def test_natural_yes_and_no_and_a_request_at_a_yes_no_question() -> None:
    asked = Asked("tip_offer")
    assert understand("yeah go on then", SATURDAY, asked).intent == "AMAZON.YesIntent"
    assert understand("nope none of that", SATURDAY, Asked("screen")).intent == "AMAZON.NoIntent"
    served = understand("okay yes let's do a routine instead", SATURDAY, Asked("massage_more"))
    assert served.intent == "StartRoutineIntent"


def test_off_topic_requests_do_nothing_and_red_flags_are_heard_anywhere() -> None:
    for text in ("what's the weather like", "tell me a joke", "play some music"):
        assert understand(text, SATURDAY).intent == "OutOfScopeIntent", text
    for asked in (Asked(), Asked("next_step"), Asked("pain_before"), Asked("tip_offer")):
        flag = understand("i can't feel anything down there when i wipe", SATURDAY, asked)
        assert flag.intent == "RedFlagIntent", asked
    assert understand("my partner has hay fever", SATURDAY).intent != "RedFlagIntent"


def test_models_blind_scores_a_blind_set_through_the_echo_path(tmp_path: Path) -> None:
    blind = tmp_path / "blind.yaml"
    blind.write_text(
        "requests:\n"
        '  - {text: "um can you take me through the desk break routine", '
        "intent: StartRoutineIntent, slots: {RoutineName: desk_break}}\n"
        '  - {text: "whats the weather doing", intent: OutOfScope}\n'
        '  - {text: "purple monkey dishwasher", intent: TipIntent}\n'
        "discomfort:\n"
        '  - {text: "ow that really hurts", kind: discomfort}\n'
        "answers:\n"
        '  - {state: pain_before, text: "i reckon a four", answer: "score:4"}\n'
        '  - {state: session_time, text: "half four", answer: "time:16:30"}\n'
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "backcare_tools.cli",
            "models",
            "blind",
            "--set",
            str(blind),
            "--today",
            "2026-12-05",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "the skill's own intents" in result.stdout
    assert "miss [requests: TipIntent] 'purple monkey dishwasher'" in result.stdout
    assert "desk break" not in " ".join(
        line for line in result.stdout.splitlines() if line.startswith("miss")
    )


def test_console_sends_what_alexa_would() -> None:
    import json

    nlu = Nlu(json.loads(model_path(ROOT, "en-US").read_text()))
    sent = nlu.alexa("um so like could you give me a tip or something", SATURDAY)
    assert sent.intent == "CatchAllIntent"
    assert nlu.parse("um so like could you give me a tip or something", SATURDAY).intent == (
        "TipIntent"
    )


def _meant(text: str, question: str | None = None) -> tuple[str, dict[str, str]]:
    got = understand(text, SATURDAY, Asked(question))
    return got.intent, {k: f.id or f.value for k, f in got.slots.items()}


def _for_them(text: str) -> bool:
    """Someone else's warning sign: advice for them, graded by the sign (the
    Symptom), never the user's alarm."""
    intent, slots = _meant(text)
    return (
        intent == "OutOfScopeIntent"
        and slots.get("Whose") == "someone_else"
        and ("Symptom" in slots)
    )


def test_a_hedge_or_a_hesitation_is_no_answer() -> None:
    for said in ("maybe", "erm maybe", "hmm not sure", "i don't know", "sort of", "uhhh", "hmmm"):
        assert _meant(said, "tip_offer")[0] in ("AMAZON.FallbackIntent", "OutOfScopeIntent"), said
    assert _meant("yes maybe", "tip_offer")[0] == "AMAZON.YesIntent"


def test_a_value_said_among_other_words_answers_its_question() -> None:
    assert _meant("oh it's terrible today nine", "pain_before") == ("NumberIntent", {"Number": "9"})
    assert _meant("i've had it 3 days it's about a 5", "pain_before")[1] == {"Number": "5"}
    assert _meant("the worst one", "pain_before")[1] == {}  # "one" as a word, not a score
    assert _meant("the fourth", "which_routine") == ("NumberIntent", {"Number": "4"})
    routine = _meant("the relaxing bedtime one", "which_routine")
    assert routine == ("StartRoutineIntent", {"RoutineName": "evening_wind_down"})
    assert _meant("the office one", "which_routine")[1] == {"RoutineName": "desk_break"}


def test_two_massage_types_named_are_compared() -> None:
    assert _meant("swedish vs thai") == (
        "CompareMassageIntent",
        {"MassageTypeA": "swedish", "MassageTypeB": "thai"},
    )


def test_no_alarm_for_words_that_are_no_ones_symptom() -> None:
    for said in (
        "sort of",
        "my dog has a fever what should i give him",
        "the cat wet herself on the bed",
        "weight loss tips for after christmas",
        "my old lab's back legs are getting weak what should i do",  # a dog by its breed
    ):
        assert _meant(said)[0] not in ("RedFlagIntent", "WarningSignsIntent"), said
    # someone else's fall said as over, another's old cancer, a child's
    # fever: theirs to ask a doctor about, never an alarm or the user's signs
    for said in (
        "my mom fell in the kitchen yesterday but she's doing fine",
        "my mum slipped on the ice last winter but she's right as rain now",
        "my husband had cancer years ago and he's doing great now",
        "my neighbour uncle had cancer long back but he is fine now",
        "my toddler has a fever what can i give him",
    ):
        assert _meant(said) == ("OutOfScopeIntent", {"Whose": "someone_else"}), said
    # the speaker's own: asked about
    assert _meant("i fell last year but i'm fine now")[0] == "WarningSignsIntent"
    # a fever over and no back pain named: no sign to ask about
    assert _meant("i had a fever back in december but it's long gone")[0] == "OutOfScopeIntent"
    for said in (  # things that fall, a noise that wakes
        "my tomato plants all fell over in the wind",
        "the bookshelf in the garage fell over",
        "the almirah fell over in the bedroom",
        "my husband's snoring wakes me up every night",
    ):
        assert _meant(said)[0] == "OutOfScopeIntent", said
    # someone else's sign: the advice for them, never passed by
    assert _for_them("my old mum's legs are getting weaker")
    for said in (
        "i've lost weight without trying and my back hurts",
        "i dropped like ten pounds not even dieting and my back hurts",
        "my dog knocked me over and i fell on my back",
    ):
        assert _meant(said)[0] == "RedFlagIntent", said


def test_unclear_words_about_the_bladder_are_always_asked_about() -> None:
    assert _meant("my bladder is acting up")[0] in ("WarningSignsIntent", "RedFlagIntent")


def test_the_classifier_alone_asks_rather_than_alarms() -> None:
    # No red flag named, but the classifier leans that way: one question.
    said = "i sat cross legged on the floor and my foot went numb anyway start the desk break"
    assert _meant(said)[0] != "RedFlagIntent"


def test_thanks_and_leave_taking_close_and_never_hide_a_red_flag() -> None:
    assert _meant("cheers for that", "another_tip")[0] == "AMAZON.NoIntent"
    assert _meant("thanks you're a star")[0] == "AMAZON.StopIntent"
    assert _meant("actually i'll do it tomorrow morning bye", "next_step")[0] == "AMAZON.StopIntent"
    assert _meant("yes stop i think i'll sit down now", "discomfort")[0] == "AMAZON.StopIntent"
    assert _meant("thanks how much is a swedish massage")[0] == "PriceIntent"
    # "i need to go" with a warning sign is no goodbye
    urgent = _meant("i need to go but nothing comes out and my lower back is sore")[0]
    assert urgent in ("RedFlagIntent", "WarningSignsIntent")


def test_tired_legs_after_exercise_are_no_warning_sign_but_foot_drop_is() -> None:
    assert _meant("just got back from a ten k run and my legs are dead tired")[0] not in (
        "RedFlagIntent",
        "WarningSignsIntent",
    )
    assert _meant("my foot keeps slapping the ground when i run and my back's sore")[0] == (
        "RedFlagIntent"
    )


def test_pain_nerves_or_dizziness_at_a_step_always_stop_it() -> None:
    intent, slots = _meant("ow it shot right down my leg", "next_step")
    assert (intent, slots.get("Concern")) == ("SafetyConcernIntent", "leg_pain")
    assert _meant("oof no that's not nice", "next_step")[0] == "DiscomfortIntent"
    assert _meant("how many steps left", "next_step")[0] == "StepsLeftIntent"


def test_answers_in_their_own_words() -> None:
    assert _meant("no pain at all", "pain_before") == ("NumberIntent", {"Number": "0"})
    assert _meant("i'd rather not rate it", "pain_before")[0] == "SkipStepIntent"
    assert _meant("evening wind down sounds good", "which_routine")[1] == {
        "RoutineName": "evening_wind_down"
    }
    assert _meant("maybe later not now", "tip_offer")[0] == "AMAZON.NoIntent"
    thursday = understand("thurs", SATURDAY, Asked("session_day", "BookSessionIntent", "Date"))
    assert thursday.slots["Date"].value == "2026-12-10"
    arvo = understand(
        "three in the arvo", SATURDAY, Asked("session_time", "BookSessionIntent", "Time")
    )
    assert arvo.slots["Time"].value == "15:00"


def test_a_symptom_said_as_gone_is_asked_about_and_carrying_on_skips_the_sore_step() -> None:
    assert _meant("the numbness in my groin has gone now")[0] == "WarningSignsIntent"
    assert _meant("my legs have gone numb")[0] == "RedFlagIntent"
    assert _meant("no i'll carry on", "discomfort")[0] == "SkipStepIntent"
    assert _meant("no what's next", "discomfort")[0] == "SkipStepIntent"


def test_review_cases_red_flags_with_pets_diets_and_gone_words_still_heard() -> None:
    for said in (
        "was in a car crash yesterday",
        "tripped over the dog and fell down the stairs",
        "i lost weight on my diet but now my groin is numb",
        "i can no longer feel my groin",
        "the pain went away but i wet myself",
        "my legs are weak and tired after my run and i can't control my bladder",
    ):
        assert _meant(said)[0] == "RedFlagIntent", said
    for said in ("i've become incontinent", "my waterworks aren't right"):
        assert _meant(said)[0] in ("RedFlagIntent", "WarningSignsIntent"), said
    assert _meant("i don't know my bowels are weird", "screen")[0] == "WarningSignsIntent"


def test_review_cases_no_stop_score_or_goodbye_read_into_ordinary_words() -> None:
    assert _meant("do i have to go to a doctor")[0] != "AMAZON.StopIntent"
    assert _meant("on a scale of zero to ten it's a nine", "pain_before")[1] == {"Number": "9"}
    assert _meant("no pain relief is working it's a nine", "pain_before")[1] == {"Number": "9"}
    assert _meant("next one of these", "next_step")[0] != "DiscomfortIntent"
    assert _meant("no pain next", "next_step")[0] != "DiscomfortIntent"
    assert _meant("i don't want to stop", "discomfort")[0] != "AMAZON.StopIntent"
    assert _meant("my dog is pregnant")[0] != "SafetyConcernIntent"


def test_round_12_cases_legs_giving_out_and_a_cry_stop_a_step() -> None:
    assert _meant("my legs are giving out both of them", "next_step")[0] == "RedFlagIntent"
    assert _meant("well i did trip down the stairs on tuesday", "screen")[0] == "RedFlagIntent"
    assert _meant("argh", "next_step")[0] == "DiscomfortIntent"
    assert _meant("are we nearly done", "next_step")[0] != "DiscomfortIntent"


def test_round_12_cases_an_injury_said_as_past_or_unhurt_is_asked_about() -> None:
    said = "my daughter fell over at the park today she's fine she just wanted a plaster"
    assert _meant(said) == (
        "OutOfScopeIntent",
        {"Whose": "someone_else"},
    )  # theirs, not the user's signs
    said = "i had a car accident last year and the insurance is a nightmare who do i call"
    assert _meant(said)[0] == "WarningSignsIntent"
    assert _meant("my dog fell down the stairs is he going to be ok")[0] == "OutOfScopeIntent"
    assert _for_them("my mum fell down the stairs and hurt her back")


def test_round_12_cases_sums_and_other_peoples_news_are_off_topic() -> None:
    assert _meant("what's seven times eight")[0] == "OutOfScopeIntent"
    assert _meant("my sister's pregnant with twins")[0] == "OutOfScopeIntent"
    assert _meant("my wife is pregnant can she do the stretches")[0] == "SafetyConcernIntent"


def test_an_unresolved_name_in_a_generic_sample_is_read_as_what_it_says() -> None:
    def sent(intent: str, slot: str, slot_type: str, value: str) -> str | None:
        meant = decide(intent, {slot: Fill(value, slot_type)}, {slot: slot_type}, Asked(), SATURDAY)
        return None if meant is None else meant.intent

    # "do {RoutineName}" heard for "do you do any discounts or packages"
    assert sent(
        "StartRoutineIntent", "RoutineName", "ROUTINE_NAME", "you do any discounts or packages"
    ) == ("PriceIntent")
    # "what's {MassageType}" heard for "what's my schedule today"
    assert sent("ExplainMassageIntent", "MassageType", "MASSAGE_TYPE", "my schedule today") == (
        "OutOfScopeIntent"
    )
    # "time for {RoutineName}": "my stretches" still fits a routine
    assert sent("StartRoutineIntent", "RoutineName", "ROUTINE_NAME", "my stretches") in (
        "StartRoutineIntent",
        None,
    )


def test_an_open_slot_holding_a_filler_word_keeps_its_request() -> None:
    # "what should i do after {MassageType} massage" heard with "my"
    meant = decide(
        "MassageAftercareIntent",
        {"MassageType": Fill("my", "MASSAGE_TYPE")},
        {"MassageType": "MASSAGE_TYPE"},
        Asked(),
        SATURDAY,
    )
    assert meant is not None and meant.intent == "MassageAftercareIntent" and not meant.slots


def test_the_studio_address_needs_a_word_for_a_place() -> None:
    assert _meant("where are you located")[0] == "LocationIntent"
    assert _meant("do you take cards")[0] == "PaymentIntent"
    assert _meant("is that the one where they walk on you")[0] != "LocationIntent"
    assert _meant("okay yes let's do a routine instead", "massage_more")[0] == "StartRoutineIntent"


def test_two_types_answer_which_two() -> None:
    asked = Asked("massage_name", "CompareMassageIntent", "MassageTypeA")
    got = understand("the swedish and the deep tissue", SATURDAY, asked)
    assert got.intent == "CompareMassageIntent"
    assert {k: f.id for k, f in got.slots.items()} == {
        "MassageTypeA": "swedish",
        "MassageTypeB": "deep_tissue",
    }


def test_off_is_no_cry_and_fine_again_moves_on() -> None:
    assert _meant("stop, i'm off for a shower", "next_step")[0] == "AMAZON.StopIntent"
    assert _meant("it's fine, it's gone now, it was just a little tweak", "discomfort")[0] == (
        "SkipStepIntent"
    )
    assert _meant("no it's not fine it really hurts", "discomfort")[0] != "SkipStepIntent"


def test_a_sign_said_at_the_screen_is_a_yes_and_a_sign_denied_no_alarm() -> None:
    assert _meant("no actually i have some numbness", "screen")[0] == "AMAZON.YesIntent"
    assert _meant("no numbness or weakness", "screen")[0] == "AMAZON.NoIntent"
    assert _meant("no i haven't had a fall", "screen")[0] == "AMAZON.NoIntent"
    assert _meant("no i haven't had a fall")[0] != "RedFlagIntent"
    assert _meant("i haven't had a fall but i can't control my bladder")[0] == "RedFlagIntent"
    assert _meant("i have weak bones is that a problem", "screen")[0] == "SafetyConcernIntent"
    # "i have {Goal}" heard for "i have some numbness" at the screen
    meant = decide(
        "RecommendMassageIntent",
        {"Goal": Fill("some numbness", "MASSAGE_GOAL")},
        {"Goal": "MASSAGE_GOAL"},
        Asked("screen"),
        SATURDAY,
    )
    assert meant is not None and meant.intent == "AMAZON.YesIntent"


def test_a_correction_at_a_yes_no_question_is_the_request() -> None:
    assert _meant("no wait, actually the evening one", "screen") == (
        "StartRoutineIntent",
        {"RoutineName": "evening_wind_down"},
    )


def test_round_13_cases_quarrels_sums_and_pets_raise_no_alarm() -> None:
    assert _meant("my kids fell out with each other again")[0] == "OutOfScopeIntent"
    assert _meant("what's the square root of one hundred and forty four")[0] == "OutOfScopeIntent"
    assert _meant("my neighbour's dog had an accident on the carpet")[0] == "OutOfScopeIntent"
    # a fever is still a fever said as a number with a word for it
    assert _meant("i've got a fever of a hundred and one")[0] == "RedFlagIntent"
    assert _meant("my temp is a hundred and two")[0] == "RedFlagIntent"
    assert _for_them("my neighbour's dog knocked my mum over and she fell on her back")


def test_round_13_cases_a_past_cancer_by_name_and_a_question_about_a_sign() -> None:
    # cancer before, back pain now: a red flag by any cancer's name
    said = "i used to have lymphoma and now my back's hurting in a way it never did before"
    assert _meant(said) == ("RedFlagIntent", {"Symptom": "cancer_history"})
    assert _meant("when you say weakness do you mean in my legs", "screen")[0] != "AMAZON.YesIntent"


def test_free_talk_cases_a_routine_by_its_length_or_a_name_with_one() -> None:
    assert _meant("the evening routine like i said")[0] == "StartRoutineIntent"
    meant = _meant("the quick one, the four minute deal", "which_routine")
    assert meant[0] == "StartRoutineIntent" and meant[1]["RoutineName"] == "desk_break"
    assert _meant("the second one", "which_routine")[0] == "NumberIntent"


def test_free_talk_cases_a_no_then_a_request_is_the_request() -> None:
    assert _meant("no. next stretch", "another_tip")[0] == "AMAZON.NextIntent"
    assert _meant("nah, what are your opening hours", "another_tip")[0] == "HoursIntent"
    assert _meant("no don't cancel", "cancel_session")[0] == "AMAZON.NoIntent"
    assert _meant("no more ta", "another_tip")[0] == "AMAZON.NoIntent"


def test_free_talk_cases_a_question_inside_a_long_chatty_line() -> None:
    said = (
        "oh hello dear. my granddaughter set this up for me. i wanted to ask, what sorts"
        " of massage is there, i've never really had one you see"
    )
    assert _meant(said)[0] == "ListMassageIntent"
    # an action is never taken from part of a line
    said = "can you make the reminder for morning instead, like nine am on wednesday"
    assert _meant(said)[0] != "StartRoutineIntent"
    assert _meant("aight. gotta hit the road, later", "next_step")[0] == "AMAZON.StopIntent"


def test_round_14_cases_others_news_and_a_word_in_passing_raise_no_alarm() -> None:
    # someone else already cared for, unhurt, or grazed: theirs, never urgent
    for said in (
        "my mum fell over last week she's in hospital",
        "my grandad had a fall but he's ok now",
        "my son fell off his scooter and grazed his knee",
    ):
        assert _meant(said) == ("OutOfScopeIntent", {"Whose": "someone_else"}), said
    for said in (
        "i'm watching a documentary about cancer",
        "i'm a cancer what's my horoscope",
    ):
        assert _meant(said)[0] == "WarningSignsIntent", said
    for said in (
        "my fever dream last night was wild",
        "what are the symptoms of flu",
        "my tennis ball went over the neighbour's fence",
    ):
        assert _meant(said)[0] == "OutOfScopeIntent", said
    # still urgent: someone else's fall, a cancer someone has or had
    assert _for_them("my grandma took a tumble in the garden")
    assert _meant("i have a history of cancer")[0] == "RedFlagIntent"


def test_round_14_cases_signs_said_plainly_are_red_flags() -> None:
    for said, flag in (
        ("um it's a bit tingly round my back passage", "saddle_numbness"),
        ("i'm not feeling when i need to go for a number two", "bladder_bowel"),
        ("there's a numb patch on the inside of my thighs", "saddle_numbness"),
    ):
        assert _meant(said) == ("RedFlagIntent", {"Symptom": flag}), said
    assert _meant("i got kicked in the back by a horse")[0] == "RedFlagIntent"


def test_free_talk_cases_a_tip_on_a_topic() -> None:
    assert _meant("any tips for driving") == ("TipIntent", {"Topic": "sitting"})
    assert _meant("what sort of chair is best for my back") == ("TipIntent", {"Topic": "sitting"})
    assert _meant("should i carry on with the stretches if it aches")[0] == "TipIntent"


def test_free_talk_cases_again_help_closing_and_someone_elses_question() -> None:
    assert _meant("ok do that one again", "next_step")[0] == "AMAZON.RepeatIntent"
    assert _meant("nope, that's all, thank you", "tip_offer")[0] == "AMAZON.StopIntent"
    said = "who should avoid deep tissue? my mother is on blood thinners"
    # the advice, for her: not the user's own concern (Person set)
    assert _meant(said) == (
        "SafetyConcernIntent",
        {"Concern": "blood_thinners", "Person": "someone"},
    )


def test_free_talk_cases_a_part_of_the_day_with_a_time_is_no_routine() -> None:
    assert _meant("the evening before at 7", "session_reminder")[0] != "StartRoutineIntent"
    said = _meant("let's do the evening one at 7", "session_reminder")
    assert said == ("StartRoutineIntent", {"RoutineName": "evening_wind_down"})


def test_round_15_cases_idioms_seats_and_others_falls_ask_or_pass() -> None:
    assert _meant("i fell behind on my stretches this week how's my streak")[0] == "ProgressIntent"
    said = "my bum always goes numb on long drives any tips for sitting in the car"
    assert _meant(said)[0] == "WarningSignsIntent"
    assert _meant("the neighbour's kid fell off his bike this morning poor thing") == (
        "OutOfScopeIntent",
        {"Whose": "someone_else"},
    )
    # the bottom with another part of the saddle area, or no seat: still urgent
    for said in ("my bum and groin went numb when i was sitting", "my bum is numb"):
        assert _meant(said) == ("RedFlagIntent", {"Symptom": "saddle_numbness"}), said
    assert _for_them("my mum fell down the stairs and hurt her back")


def test_round_15_cases_signs_in_everyday_words_and_inside_a_known_value() -> None:
    for said, flag in (
        ("i can barely stand on my right leg it's been going downhill for days", "leg_weakness"),
        ("i'm all sweaty and shaking and my back's in agony", "fever"),
        ("it's this deep ache at night that never lets up", "night_pain"),
    ):
        assert _meant(said) == ("RedFlagIntent", {"Symptom": flag}), said
    # "i've got {Goal}" for "the chills and a sore back": the sore back the
    # goal knows does not hide the chills
    meant = decide(
        "RecommendMassageIntent",
        {"Goal": Fill("the chills and a sore back", "MASSAGE_GOAL")},
        {"Goal": "MASSAGE_GOAL"},
        Asked(),
        SATURDAY,
    )
    assert meant is not None and meant.intent in ("RedFlagIntent", "WarningSignsIntent")


def test_round_15_cases_numbers_times_days_and_thanks_in_context() -> None:
    assert _meant("it's about an eight today honestly") == ("PainScoreIntent", {"Score": "8"})
    asked = Asked("session_time", "BookSessionIntent", "Time")
    assert understand("uh half ten i think", SATURDAY, asked).slots["Time"].value == "10:30"
    # a time said with "they said": no yes/no was asked
    said = "they said come in for twenty past four in the afternoon"
    assert understand(said, SATURDAY, asked).slots["Time"].value == "16:20"
    assert _meant("my next massage is christmas eve at 9 am")[1] == {
        "Date": "2026-12-24",
        "Time": "09:00",
    }
    # the evening read with the time, or sent as the part of the day (Alexa's sample)
    evening = _meant("remind me to do my stretches every evening at nine")[1]
    assert evening in (
        {"Time": "21:00"},
        {"DayPart": "evening", "Time": "09:00"},
        {"DayPart": "evening", "Time": "21:00"},
    )
    # "i'm {Concern}" heard for thanks to an offer: a no, not goodbye
    meant = decide(
        "SafetyConcernIntent",
        {"Concern": Fill("alright thanks", "SAFETY_CONCERN")},
        {"Concern": "SAFETY_CONCERN"},
        Asked("tip_offer"),
        SATURDAY,
    )
    assert meant is not None and meant.intent == "AMAZON.NoIntent"


def test_free_talk_cases_a_walking_aid_and_a_fall_a_doctor_saw_raise_no_alarm() -> None:
    said = "i've used a walking stick for years, i can't walk around without it, can i sit"
    assert _meant(said)[0] == "WarningSignsIntent", "asked, never alarmed"
    assert _meant("my legs are getting weaker and i need my stick now")[0] == "RedFlagIntent"
    assert _meant("no, nothing like that. the doctor saw me after the fall", "screen")[0] == (
        "AMAZON.NoIntent"
    )
    assert _meant("no but i fell last week and my legs are numb", "screen")[0] != "AMAZON.NoIntent"


def test_review_cases_a_users_own_fall_new_weakness_and_lasting_numbness_stay_urgent() -> None:
    for said in (
        "my leg went weak yesterday and now i need a walking stick",
        "my legs gave out this morning, i've had to borrow my dad's walker",
        "i tripped over my son's toys and fell hard",
        "i fell picking up my toddler",
        "i can't feel my bum when i sit down for a wee",
        "my bum has been numb for three days even when i'm not sitting",
        "i have reduced feeling around my back passage",
    ):
        assert _meant(said)[0] == "RedFlagIntent", said
    for said in (
        "i'm injured and no doctor has looked at it",
        "the doctor hasn't seen me after the fall",
    ):
        assert _meant(said, "screen")[0] == "AMAZON.YesIntent", said
    # a refused value at a value question is no answer
    asked = Asked("session_time", "BookSessionIntent", "Time")
    assert understand("no, not 3 pm, 4 pm", SATURDAY, asked).intent != "BookSessionIntent" or (
        understand("no, not 3 pm, 4 pm", SATURDAY, asked).slots["Time"].value == "16:00"
    )


def test_free_talk_cases_a_massage_timing_question_is_not_asked_if_urgent() -> None:
    said = "should i wait till it calms down a bit or is it ok to get one while it's flared up"
    assert _meant(said)[0] != "UrgentQuestionIntent", "no 'go now' signs for a massage question"
    assert _meant("can it wait till monday")[0] == "UrgentQuestionIntent"


def test_round_16_cases_regional_red_flags_and_no_bump_for_a_bump() -> None:
    for said in (
        "had a bump in the car last week and my back's been sore ever since",
        "i got cleaned up in a tackle at footy and now my back is really sore",
        "even at night lying down the pain is not reducing",
        "i can't sleep with it it's there all night no matter how i lie",
        "i tripped and landed on my bum and now my back hurts",
    ):
        assert _meant(said)[0] == "RedFlagIntent", said
    assert _meant("my head's been throbbing all night")[0] != "RedFlagIntent"
    assert _meant("my old lab's back legs are getting weak what should i do")[0] not in (
        "RedFlagIntent",
        "WarningSignsIntent",
    )


def test_a_fall_said_in_passing_at_the_screen_is_a_yes() -> None:
    for said in (
        "well just the slip on tuesday like i told you",
        "i tripped on the stairs last week",
        "my legs have been a bit wobbly",
    ):
        # a yes, or the fall read as a red flag (asked about, or urgent)
        assert _meant(said, "screen")[0] in (
            "AMAZON.YesIntent",
            "WarningSignsIntent",
            "RedFlagIntent",
        ), said
    for said in ("no i'm fine", "no falls or anything", "nope none of that"):
        assert _meant(said, "screen")[0] == "AMAZON.NoIntent", said


def test_a_no_that_corrects_is_no_goodbye() -> None:
    # after "anything else?" (no question open): a correction keeps the session
    for said in ("no i meant just today not every day", "no no not sunday tuesday"):
        assert _meant(said)[0] == "AMAZON.FallbackIntent", said
    for said in ("no thanks", "no i'm good"):
        assert _meant(said)[0] == "AMAZON.NoIntent", said
    assert _meant("nope that's all")[0] == "AMAZON.StopIntent"  # goodbye all the same
    # at a yes/no question a no is still the answer
    assert _meant("no not sunday", "session_reminder")[0] == "AMAZON.NoIntent"


def test_round_17_cases_a_day_and_a_time_said_together() -> None:
    """A weekday or "tomorrow" with a bare number is a day and a time, never
    the number's day of a month ("saturday 4 pm" was booked for January 4th);
    a part of the day goes with the time after it."""
    cases = {
        "i have booked massage for saturday evening 6 o'clock": ("2026-12-05", "18:00"),
        "change my session to saturday 4 pm": ("2026-12-05", "16:00"),
        "note down my next appointment tomorrow 11 am": ("2026-12-06", "11:00"),
        "appointment is day after tomorrow morning 10": ("2026-12-07", "10:00"),
        "put my appointment for 31st december evening 4": ("2026-12-31", "16:00"),
        "booked a swedish massage next tuesday 10 30": ("2026-12-08", "10:30"),
        "my next massage is next tuesday at half five after work": ("2026-12-08", "17:30"),
        "i'm getting a swedish massage saturday at a quarter of five": ("2026-12-05", "04:45"),
        "they've shifted my appointment to saturday arvo at two": ("2026-12-05", "14:00"),
    }
    for said, (day, at) in cases.items():
        slots = _meant(said)[1]
        assert (slots.get("Date"), slots.get("Time")) == (day, at), said


def test_round_17_cases_studio_questions_why_asked_and_things_that_fell() -> None:
    """What the profile cannot answer is the studio's to say; "why do you
    keep asking" is answered; a thing that fell, hay fever and falling
    behind are no one's red flag; a step by its place."""
    for said in ("does the price include tax", "are the therapists qualified", "is tax included"):
        assert _meant(said)[0] == "StudioQuestionIntent", said
    for said in (
        "why do you keep asking me that",
        "why you ask me that numbness question every time",
    ):
        assert _meant(said, "screen")[0] == "ScreenWhyIntent", said
    assert _meant("why is my back sore every time i sit")[0] != "ScreenWhyIntent"
    for said in (
        "the bike fell over in the parking",
        "the chair in my office is broken and the back rest fell off",
        "my hay fever's terrible what should i take",
        "i fell behind over the holidays how's my progress",
    ):
        assert _meant(said)[0] not in ("RedFlagIntent", "WarningSignsIntent"), said
    assert _for_them("my dad fell behind the bed and couldn't get up")
    assert _meant("i fell off a ladder")[0] == "RedFlagIntent"
    for said in (
        "righto i'm cooked, that'll do me for today",
        "nah i'll pass on the stretch. later alexa",
    ):
        assert _meant(said, "ready")[0] == "AMAZON.StopIntent", said
    assert _meant("no thanks. tell me a joke", "another_tip")[0] == "OutOfScopeIntent"


def test_free_talk_round_9_cases() -> None:
    """A concern said as none, or of someone else; a cancel said with a
    reminder's day; the half of the day at "is that 9 PM?"; a joke at a
    step; a correction ending "not wednesday" keeps the session open; a
    bladder sign in plain words; "she feels giddy" mid-stretch."""
    assert _meant("i am not pregnant") == ("NoConcernIntent", {"Concern": "pregnancy"})
    theirs = _meant("my wife is pregnant, is it safe for her to stretch")
    assert theirs == ("SafetyConcernIntent", {"Concern": "pregnancy", "Person": "someone"})
    for said in (
        "cancel the wednesday reminder please",
        "no, don't remind me the day before, cancel the wednesday reminder please",
    ):
        assert _meant(said)[0] == "CancelRemindersIntent", said
    assert _meant("no, nine in the morning", "ampm")[0] == "AMAZON.NoIntent"
    assert _meant("the evening please", "ampm")[0] == "AMAZON.YesIntent"
    joke = "haha honestly this beats my two o'clock meeting"
    assert _meant(joke, "next_step")[0] == "OutOfScopeIntent"
    assert _meant("haha ow that hurt", "next_step")[0] == "DiscomfortIntent"
    # open, and never a warning sign: not understood, or the session moved
    assert _meant("i wanted it thursday morning at nine, not wednesday")[0] in (
        "AMAZON.FallbackIntent",
        "MoveSessionIntent",
    )
    assert _meant("it's been hard to pee") == ("RedFlagIntent", {"Symptom": "bladder_bowel"})
    assert _meant("she is saying she feels little giddy", "next_step")[0] == "DiscomfortIntent"
    assert _meant("set a reminder for 9 am on thursday")[1]["DayPart"] == "morning"


def test_review_cases_answers_stay_answers_and_denials_are_exact() -> None:
    """The review of the session's change: a sign or a score said with
    "that's all" is the answer, not goodbye; "yeah no" keeps its words; a
    laugh with a body or distress in it still stops a step; a concern is
    set aside only when denied right before it; "last stretch" is no place;
    a cancel that asks for a new time is not a cancel of everything."""
    assert _meant("just a bit of numbness that's all", "screen")[0] == "AMAZON.YesIntent"
    assert _meant("yeah no i have some numbness", "screen")[0] == "AMAZON.YesIntent"
    assert _meant("why do you keep asking, i do have some numbness", "screen")[0] == (
        "AMAZON.YesIntent"
    )
    assert _meant("it's a 2 that's all", "pain_before") == ("NumberIntent", {"Number": "2"})
    for said in ("lol my back is killing me", "haha my back locked up", "haha i can't get up"):
        assert _meant(said, "next_step")[0] == "DiscomfortIntent", said
    for said in ("no, i'm pregnant", "not sure i'm pregnant"):
        assert _meant(said) == ("SafetyConcernIntent", {"Concern": "pregnancy"}), said
    assert _meant("i'm not pregnant but i have osteoporosis") == (
        "SafetyConcernIntent",
        {"Concern": "osteoporosis"},
    )
    assert _meant("i'm not on blood thinners") == ("NoConcernIntent", {"Concern": "blood_thinners"})
    said = "stop the daily stretch reminder and remind me at 9 instead"
    assert _meant(said)[0] != "CancelRemindersIntent"
    assert _meant("remind me 4 hours before my massage")[1] == {"Lead": "hours_4"}
    asked = Asked("session_day", "BookSessionIntent", "Date")
    tonight = understand("tonight 8", SATURDAY, asked)
    assert {k: f.value for k, f in tonight.slots.items()} == {"Date": "2026-12-05", "Time": "20:00"}
    in_two = understand("monday in two weeks", SATURDAY, asked)
    assert in_two.slots["Date"].value == "2026-12-21"


def test_a_no_with_a_day_at_the_reminder_offer_corrects_the_massage() -> None:
    """ "Want a reminder the day before?" just after a massage was noted:
    "wait no, this thursday, the tenth" moves it; a plain no is a no."""
    for said in ("wait no, this thursday, the tenth", "oh nah sorry, i mean thursday the 10th"):
        assert _meant(said, "session_reminder") == ("MoveSessionIntent", {"Date": "2026-12-10"})
    assert _meant("no thanks", "session_reminder")[0] == "AMAZON.NoIntent"


def test_free_talk_round_ten_words_before_a_request_are_not_the_request() -> None:
    """ "whatever, ready", "never mind. next", "ok i'm back, carry on": the
    lead-in goes; alone, "never mind" still cancels and "i'm back" resumes."""
    assert _meant("whatever, ready", "ready")[0] == "AMAZON.NextIntent"
    assert _meant("never mind. next", "next_step")[0] == "AMAZON.NextIntent"
    assert _meant("never mind", "next_step")[0] == "AMAZON.CancelIntent"
    assert _meant("i'm back", "next_step")[0] == "AMAZON.ResumeIntent"
    said = "no, not massage, i meant which of your routines"
    assert _meant(said, "massage_more")[0] == "ListRoutinesIntent"
    # "anything else?" just after a massage was noted: its day put right
    said = "no it's thursday at 2:30 pm, please fix that"
    assert _meant(said) == ("MoveSessionIntent", {"Date": "2026-12-10", "Time": "14:30"})
    assert _meant("no it's fine")[0] != "MoveSessionIntent"


@cache
def _nlu(locale: str = "en-US") -> Nlu:
    """A market's Alexa simulator (its model read once)."""
    import json

    return Nlu(json.loads(model_path(ROOT, locale).read_text()))


def _echo(
    said: str, question: str | None = None, locale: str = "en-US"
) -> tuple[str, dict[str, str]]:
    """What the skill acts on when Alexa's model heard the words first."""
    got = _nlu(locale).parse(said, SATURDAY, Asked(question))
    return got.intent, {k: f.resolved_id or f.value for k, f in got.slots.items()}


def test_round_eighteen_cases_urgency_stopping_and_declining() -> None:
    """Asked whether to get care now, "stop the stretches", a no with a
    reason, "done" once a step has stopped."""
    for said in ("do i need to go to the er for this", "should i ring 111", "is this an ed thing"):
        assert _meant(said)[0] == "UrgentQuestionIntent", said
    assert _meant("stop the stretches", "next_step")[0] == "AMAZON.StopIntent"
    assert _meant("no i'm alright thanks", "tip_offer")[0] == "AMAZON.NoIntent"
    assert _meant("done", "discomfort")[0] == "AMAZON.StopIntent"
    # what a warning sign means, asked at the screen: said, then asked again
    assert _meant("what do you mean by bladder changes", "screen") == (
        "ScreenWhyIntent",
        {"Meant": "meaning"},
    )


def test_round_nineteen_cases_red_flags_heard_and_no_alarms_from_things() -> None:
    assert _meant("a heavy shelf came down on me back at work")[0] == "RedFlagIntent"
    assert _meant("the insides of my legs have gone dead", "next_step") == (
        "RedFlagIntent",
        {"Symptom": "saddle_numbness"},
    )
    assert _meant("it's radiating to my leg", "next_step") == (
        "SafetyConcernIntent",
        {"Concern": "leg_pain"},
    )
    assert _meant("it's been waking me up at night actually") == (
        "RedFlagIntent",
        {"Symptom": "night_pain"},
    )
    # another word for a flag's own ("hurt" is not "hit"): no fall read in
    assert _meant("i hurt my back lifting")[0] != "RedFlagIntent"
    assert _meant("tripped over the dog and fell down the stairs")[0] == "RedFlagIntent"
    assert _for_them("the other day my mum fell over")


def test_round_nineteen_cases_answers_in_context() -> None:
    assert _meant("two hours before", "session_reminder") == (
        "SessionReminderIntent",
        {"Lead": "hours_2"},
    )
    assert _meant("which ones do you know", "massage_name")[0] == "ListMassageIntent"
    assert _meant("never mind then", "which_routine")[0] == "AMAZON.CancelIntent"
    assert _meant("i'm good thanks", "tip_offer")[0] == "AMAZON.NoIntent"
    assert _meant("nah i'm off to bed", "tip_offer")[0] == "AMAZON.StopIntent"
    assert _meant("grand so", "resume")[0] == "AMAZON.YesIntent"
    asked = Asked("session_day", "BookSessionIntent", "Date")
    for said in ("monday next week", "next week monday", "next monday"):
        assert understand(said, date(2027, 2, 9), asked).slots["Date"].value == "2027-02-15"
    assert understand("tuesday week", date(2027, 2, 9), asked).slots["Date"].value == "2027-02-16"
    timed = Asked("session_time", "BookSessionIntent", "Time")
    assert understand("fourteen hundred", SATURDAY, timed).slots["Time"].value == "14:00"


def test_round_nineteen_cases_requests_the_echo_path_sends_with_odd_values() -> None:
    """A sample matched with a value that names nothing: the request stands
    ("a massage session"), the back itself is back pain, "this step" is the
    step, a price compared is a price."""
    assert _echo("how long is a massage session")[0] == "MassageSessionIntent"
    assert _echo("when should i avoid massage")[0] == "MassageAvoidIntent"
    assert _echo("what is this step for")[0] == "StepPurposeIntent"
    assert _echo("which massage is best for my lower back") == (
        "RecommendMassageIntent",
        {"Goal": "lower_back_pain"},
    )
    assert _echo("is deep tissue good for me back")[0] == "RecommendMassageIntent"
    assert _echo("i've got a graze on my lower back") == (
        "SafetyConcernIntent",
        {"Concern": "wound"},
    )
    assert _echo("is swedish cheaper than deep tissue") == (
        "PriceIntent",
        {"MassageType": "swedish", "MassageTypeB": "deep_tissue"},
    )
    assert _echo("should i use heat or ice") == ("TipIntent", {"Topic": "heat"})
    assert _echo("should i be worried about this")[0] == "WarningSignsIntent"
    assert _echo("go to the last step") == ("GoToStepIntent", {"StepName": "last"})
    assert _echo("go back to the last stretch")[0] == "AMAZON.PreviousIntent"
    assert _echo("stop reminding me to stretch") == ("CancelRemindersIntent", {"Kind": "stretch"})
    assert _echo("i don't need the appointment reminder anymore") == (
        "CancelRemindersIntent",
        {"Kind": "session"},
    )
    assert _echo("i want a reminder to stretch each morning")[0] == "StretchReminderIntent"
    assert _echo("do you take insurance")[0] == "StudioQuestionIntent"
    assert _echo("do the needful", "session_reminder", "en-IN")[0] == "AMAZON.YesIntent"


def test_round_nineteen_cases_woken_at_an_hour_and_ailments_that_are_no_goal() -> None:
    for said in (
        "it wakes me up at three every morning",
        "my back wakes me up at 3 every morning",
        "it wakes me up at 3 in the morning every night",
    ):
        assert _meant(said) == ("RedFlagIntent", {"Symptom": "night_pain"}), said
    assert _meant("my husband's snoring wakes me up at 3 every morning")[0] == "OutOfScopeIntent"
    assert _meant("should i go to emerg or just wait it out")[0] == "UrgentQuestionIntent"
    for said in ("what's good for a hangover", "i've got a migraine coming on"):
        assert _echo(said)[0] == "OutOfScopeIntent", said
    assert _echo("what's good for knots") == ("RecommendMassageIntent", {"Goal": "knots"})


def test_free_talk_round_twelve_cases() -> None:
    """The most urgent of several signs is the one acted on; a sign named
    at the warning-signs question is its yes; heat or ice is a tip; "and the
    hot stone?" asks the request before it of another type."""
    said = (
        "the fall is checked already only since yesterday some difficulty passing urine"
        " but i think i'm not drinking enough water"
    )
    assert _meant(said) == ("RedFlagIntent", {"Symptom": "bladder_bowel"})
    assert _meant("yes the bladder one since yesterday", "warning_signs")[0] == "AMAZON.YesIntent"
    assert _echo("is heat or ice better for a sore back") == ("TipIntent", {"Topic": "heat"})
    nlu = _nlu()
    after_a_price = Asked(followed="PriceIntent")
    for said in ("and the hot stone", "what about thai", "and how about cupping then"):
        got = nlu.parse(said, SATURDAY, after_a_price)
        assert got.intent == "PriceIntent", said
    got = nlu.parse("and the hot stone", SATURDAY, Asked())
    assert (got.intent, got.slots["MassageType"].resolved_id) == (
        "ExplainMassageIntent",
        "hot_stone",
    )


def test_review_round_nineteen_signs_are_not_lost_to_the_new_readings() -> None:
    """A fresh-eyes review of this round's change: a dropped subject is no
    thing that fell, "not long ago" is recent, the user's own body or "so do
    i" makes a sign theirs, a short word one letter off is still heard, the
    speaker stays after "i'm back", the urgent sign wins across readings."""
    for said, flag in (
        ("a while back fell down the stairs and now can't pee", None),
        ("i had a fall not long ago and my back is killing me", "fall_injury"),
        ("i can't pea", "bladder_bowel"),
        ("i can't feel my bun", "saddle_numbness"),
        ("i'm back, had a fall on the ice", "fall_injury"),
        ("i fell last week and the insides of my legs have gone dead", "saddle_numbness"),
    ):
        got = _meant(said)
        assert got[0] == "RedFlagIntent", said
        assert flag is None or got[1] == {"Symptom": flag}, said
    # someone else's, happening now: the emergency advice, for them
    assert _for_them("my papa fell down the stairs and can't move his legs")
    for said in ("my husband fell on my back, he's fine", "my son has a fever and so do i"):
        assert _meant(said)[0] == "WarningSignsIntent", said
    # the Alexa path's "my {Person} has {Symptom}" may cut what followed: asked
    said = "my wife has got a temperature and my back is killing me"
    assert _echo(said)[0] == "WarningSignsIntent"
    for said in ("the dog wakes me up at night", "my alarm clock wakes me up at six every morning"):
        assert _meant(said)[0] != "RedFlagIntent", said
    assert _meant("five hours before", "session_reminder")[1] == {"Lead": "hours_5"}
    said = "nah don't remind me, i'll be there an hour before anyway"
    assert _meant(said, "session_reminder")[0] != "SessionReminderIntent"
    assert _meant("skip it, i'm done with that one", "discomfort")[0] == "SkipStepIntent"
    assert _meant("no, not about sitting", "tip_offer")[0] != "TipIntent"
    assert _meant("no, it's been a long day, i'll stretch tomorrow")[0] != "MoveSessionIntent"
    assert _meant("how do i pay my bill")[0] == "PaymentIntent"
    assert _echo("can we do the last one again", "next_step")[0] == "AMAZON.PreviousIntent"
    assert _echo("and the last one", "which_routine")[0] != "ExplainMassageIntent"


def test_whether_the_studio_offers_a_type_is_asked_of_its_price() -> None:
    """ "Do you do the hot stone one too?": the price answer says whether the
    studio offers it (and what it does offer if not)."""
    for said, kind in (
        ("do you do the hot stone one too", "hot_stone"),
        ("do you offer cupping", "cupping"),
        ("do you have thai massage as well", "thai"),
    ):
        assert _echo(said) == ("PriceIntent", {"MassageType": kind}), said


def test_free_round_13_cases_no_yes_without_one_and_others_at_a_step() -> None:
    """A yes to the warning signs takes a word that says yes ("tell me one
    tip for that" sent a user to urgent care); someone else's back said mid-
    step stops nothing; "one tip" is "a tip"; "skip to the last one" is the
    final step; a greeting is greeted."""
    assert _meant("tell me one tip for that", "warning_signs")[0] != "AMAZON.YesIntent"
    assert _meant("tell me one tip for that")[0] == "TipIntent"
    assert _meant("yes", "warning_signs")[0] == "AMAZON.YesIntent"
    assert _meant("yeah a bit", "warning_signs")[0] == "AMAZON.YesIntent"
    said = "my buddy at work should try this he's always complaining about his back"
    # the step goes on: out of scope, or not understood
    assert _meant(said, "next_step")[0] in ("OutOfScopeIntent", "AMAZON.FallbackIntent")
    assert _meant("ow my back", "next_step")[0] == "DiscomfortIntent"
    assert _meant("can we just skip to the last one", "next_step") == (
        "GoToStepIntent",
        {"StepName": "the last one"},
    )
    assert _meant("good morning how are you doing today")[0] == "GreetingIntent"
    assert _meant("hi can you give me a tip")[0] == "TipIntent"


def test_review_round_20_the_users_own_sign_is_never_passed_to_someone_else() -> None:
    """A fresh-eyes review of round 20's change: a sign the speaker has too
    ("neither can i", "me and my wife", "rear ended me"), or names before
    anyone else, stays the user's red flag; another's emergency said with a
    past word is still advice for them; a recent fall "but i'm fine" at the
    screen is asked, not a no; chills with back pain in a cold bed, weight
    lost "without even going to the gym", night pain "the dog isn't the
    reason" and a fall "back in march" stay red flags."""
    for said in (
        "my husband can't control his bladder and neither can i",
        "me and my wife were in a car crash yesterday",
        "my dad had a bad fall yesterday, me as well",
        "numb down there since giving birth to my daughter",
        "slipped on the ice walking the kids to school, back's killing me",
        "some guy rear ended me this morning on the freeway",
        "the pain wakes me up every night, and the baby doesn't help",
        "i've had the shivers all night, freezing under the blankets, back's agony",
        "i've lost 10 kilos in a month and i haven't even been to the gym",
        "i keep waking up at night in agony, the dog isn't the reason",
        "i had a fall back in march and my back still hurts",
    ):
        assert _meant(said)[0] == "RedFlagIntent", said
    assert _for_them("my husband is recovering from a fall but now he has numbness in his groin")
    assert _meant("my husband is recovering from a fall but now he has numbness in his groin")[1][
        "Symptom"
    ] == ("saddle_numbness")
    assert _meant("i fell down the stairs yesterday but i'm fine", "screen")[0] != "AMAZON.NoIntent"
    assert _meant("my mum had a fall last week but i'm fine", "screen")[0] == "AMAZON.NoIntent"
    # a correction never drops the words between ("...and my legs feel wobbly")
    said = "the pain's a 3 and my legs feel wobbly no sorry a 6"
    assert _meant(said)[0] != "PainScoreIntent"
    # mid-step, a score with pain words stops the step either way: as that
    # score, or as the discomfort said
    assert _meant("honestly a 9 it's killing me", "next_step") in (
        ("PainScoreIntent", {"Score": "9"}),
        ("DiscomfortIntent", {}),
    )
    assert _meant("that scary movie gave me chills")[0] == "OutOfScopeIntent"


def test_review_round_20_a_place_in_a_list_is_no_sign_and_no_answer() -> None:
    listed = ("swedish", "deep_tissue")

    def heard(text: str, question: str | None = None) -> str:
        words = {"Words": Fill(text, "")}
        meant = decide(
            "CatchAllIntent",
            words,
            {"Words": "CATCH_ALL"},
            Asked(question, listed=listed),
            SATURDAY,
        )
        return meant.intent if meant else ""

    assert heard("yes both", "screen") == "AMAZON.YesIntent"
    assert heard("i've had numbness in both legs since the last massage") == "RedFlagIntent"
    assert heard("after the last massage i couldn't pee") in ("RedFlagIntent", "WarningSignsIntent")
    assert heard("how much are both") == "PriceIntent"


def test_free_round_14_cases_formal_speech_and_a_word_of_taking_in() -> None:
    """ "I should like to know what deep tissue entails", "very well, let us
    try a gentle routine": formal English in everyday words; "ha ok", "okay
    i will tell him" are taken in (the open question again), never out of
    scope, and never swallow a sign."""
    said = "good afternoon i should like to know what a deep tissue massage entails"
    assert _meant(said) == ("ExplainMassageIntent", {"MassageType": "deep_tissue"})
    assert _meant("very well let us try a gentle routine")[0] == "StartRoutineIntent"
    assert _meant("ha ok")[0] == "AcknowledgedIntent"
    assert _meant("okay i will tell him")[0] == "AcknowledgedIntent"
    assert _meant("ok", "tip_offer")[0] == "AMAZON.YesIntent"
    assert _meant("okay my legs are numb")[0] != "AcknowledgedIntent"


def test_free_round_14_cases_a_fall_off_a_ladder_and_what_was_said_again() -> None:
    """ "Came off a ladder, landed on my tailbone" at the screen is a fall
    (round 14's unsafe turn: it got a bruise's advice); "what did you say
    about emergency" is the urgent advice again; "what was the number
    again" is the studio's number; "the reminder's gone, right?" cancels
    nothing."""
    said = (
        "nope well i came off a ladder on monday landed on my tailbone but it's fine just bruised"
    )
    assert _meant(said, "screen")[0] in ("RedFlagIntent", "WarningSignsIntent", "AMAZON.YesIntent")
    assert _meant("i came off a ladder on monday landed on my tailbone")[0] == "RedFlagIntent"
    assert _meant("what did you say just now about emergency i could not hear")[0] == (
        "UrgentQuestionIntent"
    )
    assert _meant("what was the number again five five five what")[0] == "BookingIntent"
    assert _meant("did you cancel my reminder")[0] != "CancelRemindersIntent"
    assert _meant("so the monday reminder's gone right")[0] != "CancelRemindersIntent"


def test_back_pain_told_with_no_request_gets_advice_not_a_miss() -> None:
    """ "Just got off a twelve hour night shift and my lower back is killing
    me": a word of advice and the menu (DiscomfortIntent outside a routine),
    not "didn't catch that"; someone else's back gets a tip for them."""
    said = "ugh just got off a twelve hour night shift and my lower back is killing me"
    assert _meant(said)[0] == "DiscomfortIntent"
    assert _meant("my husband's back is killing him") == ("TipIntent", {"Whose": "someone_else"})
    assert _meant("my lower back is killing me can we do a stretch")[0] == "StartRoutineIntent"


def test_the_length_filter_finds_the_same_nearest_value() -> None:
    """Near matches search only values whose length can reach the cut-off:
    for every run of words in the tuning phrasings, the best value is the
    one a search of all values finds."""
    from rapidfuzz import fuzz, process

    from backcare.understanding.spans import FUZZY_VALUE

    lex = lexicon()
    texts = [
        line.split('text: "', 1)[1].split('"', 1)[0]
        for line in (ROOT / "tests" / "nlu" / "eval.yaml").read_text().splitlines()
        if 'text: "' in line
    ][:300]
    checked = 0
    for text in texts:
        words = text.lower().split()
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + 6) + 1):
                said = " ".join(words[start:end])
                if len(said) < 6:
                    continue
                every = process.extractOne(
                    said, lex._long, scorer=fuzz.ratio, score_cutoff=FUZZY_VALUE
                )
                near = process.extractOne(
                    said, lex._near_length(len(said)), scorer=fuzz.ratio, score_cutoff=FUZZY_VALUE
                )
                assert (every and every[:2]) == (near and near[:2]), said
                checked += 1
    assert checked > 1000
