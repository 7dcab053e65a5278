"""Handlers for starting, navigating and finishing routines, and for
discomfort said during one (the step stops)."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from .. import asking, hooks, numbers
from ..answers import ANSWERS, answers
from ..content import Routine, Step, step_id
from ..context import Gate, Question
from ..hooks import Then
from ..intent_handler import IntentHandler
from ..speech import Speech
from ..spoken import count_of, ordinal_day, spoken_list
from ..state import RoutineProgress
from ..turn import Turn
from . import engine


def favourite(turn: Turn) -> Routine | None:
    done = turn.state.completions
    if not done:
        return None
    best = max(sorted(done), key=lambda rid: done[rid])
    return turn.content.routine(best)


def ask_which(turn: Turn, lead: Speech) -> Response:
    say = turn.say
    lead.say(say("which_routine", choices=engine.choices(say, turn.content)))
    return turn.ask(lead, say("which_routine_reprompt"), question=Question.WHICH_ROUTINE)


def speak_step(turn: Turn, routine: Routine, progress: RoutineProgress, lead: Speech) -> Response:
    """One step in one turn: its cue, the timed hold with what to feel and
    when to stop, then a short prompt. A step a concern said this session
    leaves out (knee to chest, with osteoporosis) is passed over, said so."""
    while (concern := _left_out_for(turn, routine.steps[progress.step])) is not None:
        lead.say(turn.say("step_left_out", concern=concern, name=routine.steps[progress.step].name))
        if progress.step + 1 >= len(routine.steps):
            return finish(turn, routine, lead)
        engine.move_to(turn.state, progress.step + 1, turn.now)
    lead.extend(engine.step_speech(turn.say, routine, progress.step))
    turn.ctx.step_waiting = False
    return turn.ask(lead, turn.say("step_reprompt"), question=Question.NEXT_STEP)


def _left_out_for(turn: Turn, step: Step) -> str | None:
    """The name of a concern said this session that leaves `step` out."""
    return next((c.name for c in turn.concerns if step.name in c.leave_out), None)


def get_ready(turn: Turn, lead: Speech) -> Response:
    """A moment to get into position (lie down, fetch the ball) before the
    step's hold starts: the step waits for "ready"."""
    say = turn.say
    lead.say(say("get_ready"))
    turn.ctx.step_waiting = True
    return turn.ask(lead, say("get_ready_reprompt"), question=Question.READY)


def start(turn: Turn, routine: Routine, lead: Speech) -> Response:
    """Ask for a routine afresh: every gate is checked again."""
    turn.ctx.cleared = []
    return begin_after_gates(turn, routine, lead)


def begin_after_gates(turn: Turn, routine: Routine, lead: Speech) -> Response:
    """Begin `routine` once the registered gates (hooks.next_gate) let it."""
    asked = hooks.next_gate(turn, routine, lead)
    if asked is not None:
        return asked
    say = turn.say
    running = turn.running
    if running and running[0].id != routine.id:
        lead.say(say("routine_replaced", old=running[0].name, routine=routine.name))
    engine.begin(turn.state, routine, turn.now)
    lead.say(
        say(
            "routine_intro",
            routine=routine.name,
            steps=count_of(len(routine.steps), "step"),
            minutes=count_of(routine.minutes, "minute"),
        ),
        routine.intro,
        say("routine_safety"),
    )
    return get_ready(turn, lead)


@hooks.on(Then.START_ROUTINE)
def _continue_start(turn: Turn, lead: Speech) -> Response:
    """Carry on starting the routine that was waiting on a gate."""
    if turn.ctx.resuming:  # screened this session: pick it up where it stopped
        turn.ctx.end_gates()
        return resume(turn, lead)
    routine = turn.content.routine(turn.ctx.routine)
    if routine is None:
        turn.ctx.end_gates()
        return turn.menu(lead)
    return begin_after_gates(turn, routine, lead)


@hooks.gate(Gate.CAUTION)
def _caution_gate(turn: Turn, routine: Routine, lead: Speech) -> Response | None:
    """A routine's own caution question (the ball routine's)."""
    if not routine.caution:
        return None
    lead.say(routine.caution)
    return turn.ask(lead, turn.say("caution_reprompt"), question=Question.CAUTION)


@hooks.at_launch
def _offer_resume(turn: Turn, speech: Speech, returning: bool) -> Response | None:
    running = turn.running
    if running is None or turn.routines_closed:
        return None
    routine, progress = running
    say = turn.say
    speech.say(
        say("offer_resume", step=progress.step + 1, total=len(routine.steps), routine=routine.name)
    )
    return turn.ask(speech, say("resume_reprompt", routine=routine.name), question=Question.RESUME)


def not_in_routine(turn: Turn) -> Response:
    """A routine command with no routine going: a miss when a question is
    waiting (it is asked again), else said once and then the menu."""
    if turn.question in (Question.NEXT_STEP, Question.READY):
        turn.ctx.question = None  # the routine ended elsewhere (another device)
    if turn.question is not None:
        return asking.miss(turn)
    return asking.miss_with(turn, turn.say("not_in_routine"))


def finish(turn: Turn, routine: Routine, lead: Speech) -> Response:
    """One celebration, and at most one fact worth hearing."""
    celebrate(turn, routine, lead)
    return hooks.then(Then.ROUTINE_FINISHED, turn, lead)


def celebrate(turn: Turn, routine: Routine, lead: Speech) -> None:
    say = turn.say
    engine.complete(turn.state, routine, turn.now)
    total = turn.state.total_completions
    days = turn.state.streak.current
    lead.say(say("routine_done", routine=routine.name))
    if total == 1:
        lead.say(say("routine_done_first"))
    elif days > 1:
        lead.say(say("routine_done_streak", days=count_of(days, "day")))
    else:
        lead.say(say("routine_done_count", routines=count_of(total, "routine")))


def advance(turn: Turn, lead: Speech) -> Response:
    running = turn.running
    if running is None:
        return not_in_routine(turn)
    routine, progress = running
    if progress.step + 1 >= len(routine.steps):
        return finish(turn, routine, lead)
    engine.move_to(turn.state, progress.step + 1, turn.now)
    return speak_step(turn, routine, progress, lead)


class StartRoutineHandler(IntentHandler):
    intents = frozenset({"StartRoutineIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        name = turn.request.slot("RoutineName")
        minutes = turn.request.number("Minutes")
        lead = Speech()
        routine: Routine | None = None
        if name.matched:
            routine = turn.content.routine(name.id or "")
        if routine is None and name.heard:
            lead.say(say("routine_unknown"))
            return ask_which(turn, lead)
        if routine is None and minutes is not None and minutes > 0:
            routine = turn.content.routine_by_minutes(minutes)
            if routine.minutes != minutes:
                lead.say(say("routine_for_minutes", routine=routine.name, minutes=routine.minutes))
        if routine is None:
            if turn.running:
                return resume(turn)
            routine = favourite(turn)
        if routine is None:
            return ask_which(turn, lead)
        running = turn.running
        if running is not None and running[0].id == routine.id and turn.question is Question.READY:
            # "can i use a lacrosse ball instead" while it is set up: its set-up
            # again, never its gates again
            return SetUpHandler().respond(turn)
        if running is not None and running[0].id == routine.id and running[1].step > 0:
            # "carry on with the morning one", "resume my morning stretch": the
            # place kept ("start over" begins it again)
            return resume(turn, lead)
        return start(turn, routine, lead)


class ListRoutinesHandler(IntentHandler):
    intents = frozenset({"ListRoutinesIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        choices = engine.choices(say, turn.content, "and")
        speech = Speech().say(
            say(
                "routine_list",
                count=count_of(len(turn.content.routines), "routine"),
                choices=choices,
            ),
        )
        if (suits := _suits_concern(turn)) is not None:
            # "can i do the stretching routines too?" from someone pregnant
            speech.say(say("routine_list_suits", routine=suits.name))
        speech.say(say("which_routine_short"))
        return turn.ask(speech, say("which_routine_reprompt"), question=Question.WHICH_ROUTINE)


class RoutineStepsHandler(IntentHandler):
    """ "What's in the morning mobility?": its steps by name (those a
    concern said this session leaves out, left out), then an offer to start
    it; a routine a concern rules out gets the concern gate's answer."""

    intents = frozenset({"RoutineStepsIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        value = turn.request.slot("RoutineName")
        routine = turn.content.routine(value.id or "") if value.matched else None
        if routine is None and turn.running is not None:  # "what's in this routine"
            routine = turn.running[0]
        if routine is None:
            return ListRoutinesHandler().respond(turn)
        left: dict[str, list[str]] = {}  # concern -> the steps it leaves out
        for step in routine.steps:
            if (concern := _left_out_for(turn, step)) is not None:
                left.setdefault(concern, []).append(step.name)
        kept = [s.name for s in routine.steps if not any(s.name in n for n in left.values())]
        lead = Speech().say(
            say("routine_steps", routine=routine.name, minutes=routine.minutes),
            spoken_list(kept, "and").capitalize() + ".",
        )
        for concern, names in left.items():
            lead.say(say("step_left_out", concern=concern, name=spoken_list(names, "and")))
        if turn.running is not None:  # asked mid-routine: where it is, as it was
            return asking.ask_again(turn, lead.text())
        return _offer(turn, routine, lead)


BACK_PAIN = "lower_back_pain"  # the goal when none is said


class RecommendRoutineHandler(IntentHandler):
    """ "Which routine is best for a stiff back?", "which of those is best
    for stress" just after the list (RecommendRoutineIntent, named by the
    understanding): the routine that suits the goal best, then an offer to
    start it; no goal said, or one the content does not know, is back pain."""

    intents = frozenset({"RecommendRoutineIntent"})

    def respond(self, turn: Turn) -> Response:
        value = turn.request.slot("Goal")
        goal = turn.content.goal(value.id or "") if value.matched else None
        goal = goal or turn.content.goal(BACK_PAIN)
        fits = [r for r in turn.content.routines if goal is not None and goal.id in r.goals]
        if goal is None or not fits:
            return ListRoutinesHandler().respond(turn)
        # one a concern said this session does not rule out ("pregnant": not on the floor)
        suited = [r for r in fits if not any(r.id in c.unsuited for c in turn.concerns)]
        routine = min(suited or fits, key=lambda r: r.goals.index(goal.id))
        if not suited:  # none suits: the concern's own word, and the one that does
            return _offer(turn, routine, Speech())
        key = f"routine_for_{goal.id}"
        key = key if key in turn.content.prompts.texts else "routine_for_goal"
        lead = Speech().say(
            turn.say(key, goal=goal.name, routine=routine.name, minutes=routine.minutes)
        )
        if turn.running is not None:  # asked mid-routine: where it is, as it was
            return asking.ask_again(turn, lead.text())
        return _offer(turn, routine, lead)


def _offer(turn: Turn, routine: Routine, lead: Speech) -> Response:
    """Want to start it? (a yes starts it through its gates; a routine a
    concern said this session rules out gets the concern gate's answer)."""
    asked = hooks.check(Gate.CONCERN, turn, routine, lead)
    if asked is not None:  # "is any of the evening one on my back?", pregnant
        return asked
    turn.ctx.end_gates()
    turn.ctx.routine = routine.id
    lead.say(turn.say("routine_steps_offer"))
    return turn.ask(
        lead, turn.say("suggest_reprompt", routine=routine.name), question=Question.SUGGEST
    )


def _suits_concern(turn: Turn) -> Routine | None:
    """The routine offered instead to someone with a concern said this
    session that rules others out (the desk break, when pregnant)."""
    return next((turn.content.routine(c.instead) for c in turn.concerns if c.unsuited), None)


def screened_first(turn: Turn, routine: Routine) -> Response | None:
    """A routine from an earlier session goes on only after this session's
    safety screen, as a routine begun afresh does (its answer is kept to the
    session unless the business keeps health data: health.py)."""
    if turn.state.screened:
        return None
    turn.ctx.routine, turn.ctx.cleared, turn.ctx.resuming = routine.id, [], True
    asked = hooks.check(Gate.SCREEN, turn, routine, Speech())
    if asked is None:
        turn.ctx.end_gates()
    return asked


class InRoutineHandler(IntentHandler):
    """An intent that acts on the routine in progress; outside one, says so."""

    moves = True  # says a step (not only about one): the session's screen first

    def respond(self, turn: Turn) -> Response:
        running = turn.running
        if running is None:
            return self.outside(turn)
        if self.moves and (asked := screened_first(turn, running[0])) is not None:
            return asked
        return self.inside(turn, *running)

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        raise NotImplementedError

    def outside(self, turn: Turn) -> Response:
        return not_in_routine(turn)


SKIPPABLE = (Question.PAIN_BEFORE, Question.PAIN_AFTER)
# Offers where "go on", "next" or "carry on" (Alexa's NextIntent) mean yes.
GO_ON_IS_YES = (
    Question.TIP_OFFER,
    Question.ANOTHER_TIP,
    Question.MASSAGE_MORE,
    Question.MASSAGE_ABOUT,  # "would you like to hear about Swedish massage?"
    Question.BOOKING,  # "want the booking details?"
    Question.SESSION_REMINDER,
    Question.SUGGEST,
)


class NextHandler(InRoutineHandler):
    intents = frozenset({"AMAZON.NextIntent"})

    def respond(self, turn: Turn) -> Response:
        question = turn.question
        if question in SKIPPABLE:  # "next" past a pain question skips it
            return ANSWERS[question](turn, False)
        if question in GO_ON_IS_YES:  # "go on then" to "want another tip?"
            return ANSWERS[question](turn, True)
        return super().respond(turn)

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        if turn.question is Question.READY and progress.paused:
            progress.paused = False  # paused after the step was said: go on
            return advance(turn, Speech())
        if turn.question in (Question.READY, Question.RESUME):
            # "ready", "okay next", or "next" to "pick up there?": the step waiting
            progress.paused = False
            return speak_step(turn, routine, progress, Speech())
        return advance(turn, Speech())


class SkipHandler(InRoutineHandler):
    intents = frozenset({"SkipStepIntent"})

    def respond(self, turn: Turn) -> Response:
        question = turn.question
        if question in SKIPPABLE:
            return ANSWERS[question](turn, False)
        return super().respond(turn)

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        count = turn.request.number("Count") or 1  # "skip ahead two"
        target = progress.step + count
        if count > 1 and target < len(routine.steps) and turn.question is not Question.DISCOMFORT:
            engine.move_to(turn.state, target, turn.now)
            lead = Speech().say(turn.say("going_to_step", step=target + 1))
            return speak_step(turn, routine, progress, lead)
        return skip_step(turn, routine, progress)


def skip_step(turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
    """On to the next step, the one skipped never counted as done (after
    discomfort, the choice was said: no "skipping" before the step)."""
    if progress.step + 1 >= len(routine.steps) or turn.question is Question.DISCOMFORT:
        return advance(turn, Speech())
    lead = Speech().say(turn.say("skipping", name=routine.steps[progress.step].name))
    return advance(turn, lead)


class PreviousHandler(InRoutineHandler):
    intents = frozenset({"AMAZON.PreviousIntent"})

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        say = turn.say
        if progress.step == 0:  # nothing before it: say so, and don't replay the hold
            if turn.question is Question.READY:
                speech = Speech().say(say("first_step_ready"))
                return turn.ask(speech, say("get_ready_reprompt"), Question.READY)
            speech = Speech().say(say("first_step"))
            return turn.ask(speech, say("step_reprompt"), Question.NEXT_STEP)
        lead = Speech().say(say("going_back"))
        back = progress.step - 1
        while back > 0 and _left_out_for(turn, routine.steps[back]) is not None:
            back -= 1  # past a step left out, which speak_step would pass over again
        engine.move_to(turn.state, back, turn.now)
        return speak_step(turn, routine, progress, lead)


class RepeatHandler(InRoutineHandler):
    intents = frozenset({"AMAZON.RepeatIntent"})

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        if turn.question is Question.DISCOMFORT:
            return not_again(turn)
        if turn.question is Question.READY and turn.ctx.last:
            return self.outside(turn)  # the set-up again, not the step
        return speak_step(turn, routine, progress, Speech())

    def outside(self, turn: Turn) -> Response:
        last = turn.ctx.last
        if not last:
            return not_in_routine(turn)
        builder = turn.handler_input.response_builder
        reprompt = turn.ctx.reprompt or turn.say("menu_reprompt")
        return builder.speak(last).ask(Speech().say(reprompt).ssml()).response


class PauseHandler(InRoutineHandler):
    intents = frozenset({"AMAZON.PauseIntent"})
    moves = False  # about the routine: no step is said

    def outside(self, turn: Turn) -> Response:
        """ "Wait" with a question pending: time to think, then the question."""
        return asking.ask_again(turn, turn.say("paused"))

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        """ "Wait", "hold on": a short reply; the step waits (its place is kept)."""
        say = turn.say
        if turn.question is Question.READY and not progress.paused:  # still getting ready
            speech = Speech().say(say("paused"), say("get_ready"))
            return turn.ask(speech, say("get_ready_reprompt"), question=Question.READY)
        # After a step was said: "resume" does it again (a pause can cut a
        # hold short), "next" moves on.
        turn.state.pause(turn.now)
        speech = Speech().say(say("paused"), say("paused_prompt"))
        return turn.ask(speech, say("paused_reprompt"), question=Question.READY)


def resume(turn: Turn, lead: Speech | None = None) -> Response:
    """Back to a routine left earlier: where it is, then a moment to get ready."""
    lead = lead or Speech()
    running = turn.running
    if running is not None and turn.routines_closed:
        return turn.menu_without_routines(lead)  # ends it: no routine today
    if running is None:
        return turn.menu(lead.say(turn.say("no_routine_to_resume")))
    routine, progress = running
    unsuited = hooks.check(Gate.CONCERN, turn, routine, lead)
    if unsuited is not None:  # "i'm pregnant", then "pick up my morning routine"
        return unsuited
    asked = screened_first(turn, routine)
    if asked is not None:
        return asked
    progress.paused = False
    lead.say(
        turn.say("resuming", routine=routine.name, step=progress.step + 1, total=len(routine.steps))
    )
    return get_ready(turn, lead)


def carry_on(turn: Turn) -> Response:
    """ "Resume", "I'm back" after a pause: the step, at once. "Carry on",
    "keep going" (Alexa's ResumeIntent) after a step, not paused: the next."""
    running = turn.running
    at_a_step = running is not None and turn.question in (Question.NEXT_STEP, Question.READY)
    if at_a_step and running and (asked := screened_first(turn, running[0])) is not None:
        return asked  # (resume() below asks it after a concern's gate)
    if running is not None and turn.question is Question.NEXT_STEP and not running[1].paused:
        return advance(turn, Speech())
    if running is None or turn.question is not Question.READY:
        return resume(turn)
    routine, progress = running
    progress.paused = False
    return speak_step(turn, routine, progress, Speech().say(turn.say("carrying_on")))


def not_again(turn: Turn) -> Response:
    """At the skip-or-stop choice after discomfort, the step that hurt asked
    for again ("resume", "do that one again"): not today; why, and the choice."""
    say = turn.say
    misses = turn.ctx.misses
    speech = Speech().say(say("discomfort_not_again"), say("discomfort_choice"))
    response = turn.ask(speech, say("discomfort_reprompt"), question=Question.DISCOMFORT)
    turn.ctx.misses = misses
    return response


class ResumeHandler(IntentHandler):
    intents = frozenset({"AMAZON.ResumeIntent"})

    def respond(self, turn: Turn) -> Response:
        if turn.question is Question.DISCOMFORT and turn.running is not None:
            return not_again(turn)
        if turn.running is None and turn.question is not None:
            return asking.ask_again(turn, turn.say("carrying_on"))  # "okay, go on"
        return carry_on(turn)


class SetUpHandler(IntentHandler):
    """ "Do I need a mat?", "can I do it on my bed?" (the understanding's
    SetUpIntent): the set-up of the routine in hand, else of each; then the
    question that was open, again."""

    intents = frozenset({"SetUpIntent"})

    def respond(self, turn: Turn) -> Response:
        say = turn.say
        running = turn.running
        routine = running[0] if running else turn.content.routine(turn.ctx.routine)
        if routine is None:
            return asking.ask_again(turn, say("set_up_any"))
        # "can i do it standing": the routine's own answer, if it has one
        answer = routine.set_up.get(turn.request.slot("About").id or "")
        if answer:
            return asking.ask_again(turn, answer)
        lead = say("set_up_routine", routine=routine.name, intro=routine.intro)
        return asking.ask_again(turn, lead)


class StartOverHandler(InRoutineHandler):
    intents = frozenset({"AMAZON.StartOverIntent"})
    moves = False  # from an earlier session it is a new start, through every gate

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        if not turn.state.screened:
            return start(turn, routine, Speech())
        engine.move_to(turn.state, 0, turn.now)
        lead = Speech().say(turn.say("starting_over", routine=routine.name))
        return speak_step(turn, routine, progress, lead)


class StepsLeftHandler(InRoutineHandler):
    intents = frozenset({"StepsLeftIntent"})
    moves = False  # about the routine: no step is said

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        say = turn.say
        total = len(routine.steps)
        left = total - progress.step - 1
        if left == 0:
            speech = Speech().say(say("steps_left_last"))
        else:
            speech = Speech().say(
                say(
                    "steps_left",
                    step=progress.step + 1,
                    total=total,
                    left=left,
                    minutes=count_of(engine.remaining_minutes(routine, progress.step), "minute"),
                )
            )
        return back_to_step(turn, speech)


class GoToStepHandler(InRoutineHandler):
    """ "Skip to step five", "back to the cat cow": that step, at once (its
    set-up done: the user is mid-routine)."""

    intents = frozenset({"GoToStepIntent"})

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        number = turn.request.number("StepNumber")
        name = turn.request.slot("StepName")
        named = name.id
        index = number - 1 if number is not None else None
        total = len(routine.steps)
        if index is None and not named:  # "go to the fifth step", "the last one"
            index = _step_by_place(name.heard, total)
        if index is None and named:
            index = next((i for i, s in enumerate(routine.steps) if step_id(s.name) == named), None)
        if index is None or not 0 <= index < total:
            say = turn.say
            speech = Speech().say(say("no_such_step", routine=routine.name, total=total))
            return turn.ask(speech, say("step_reprompt"), question=Question.NEXT_STEP)
        engine.move_to(turn.state, index, turn.now)
        lead = Speech().say(turn.say("going_to_step", step=index + 1))
        return speak_step(turn, routine, progress, lead)


def _step_by_place(heard: str, total: int) -> int | None:
    """The step a place names ("fifth", "5th", "the final one", "the last
    step"), as an index."""
    words = heard.lower().split()
    if "final" in words or "last" in words:
        return total - 1
    places = [d for w in words if (d := ordinal_day(w)) is not None]
    return places[0] - 1 if len(places) == 1 else None


class AboutAStepHandler(InRoutineHandler):
    """A question about a step: the one named ("what's the figure four
    for?"), else the one in progress; mid-routine, back to it after."""

    moves = False  # about the routine: no step is said

    def told(self, turn: Turn, step: Step) -> str:
        raise NotImplementedError

    def respond(self, turn: Turn) -> Response:
        named = turn.request.slot("StepName").id
        running = turn.running
        step = turn.content.step(named, running[0] if running else None) if named else None
        if step is None:
            return super().respond(turn)
        if running is not None and turn.question in AT_STEP:
            return back_to_step(turn, Speech().say(self.told(turn, step)))
        return turn.answer(self.told(turn, step))

    def inside(self, turn: Turn, routine: Routine, progress: RoutineProgress) -> Response:
        return back_to_step(turn, Speech().say(self.told(turn, routine.steps[progress.step])))


class StepPurposeHandler(AboutAStepHandler):
    """ "What's this stretch for?": what to feel in it, and when to stop."""

    intents = frozenset({"StepPurposeIntent"})

    def told(self, turn: Turn, step: Step) -> str:
        return _purpose(turn, step)


class StepHowHandler(AboutAStepHandler):
    """ "Should my knees be straight or bent?" (the understanding's
    StepHowIntent, asked mid-step): the step's own instructions again."""

    intents = frozenset({"StepHowIntent"})

    def told(self, turn: Turn, step: Step) -> str:
        return turn.say("step_how", cue=step.cue)


class StepHoldHandler(AboutAStepHandler):
    """ "How long do I hold this?", "how many reps?", "both sides?": by the
    step's kind (a still hold, easy repeats, movement) and its sides."""

    intents = frozenset({"StepHoldIntent"})

    def told(self, turn: Turn, step: Step) -> str:
        held = turn.say(f"step_hold_{step.kind}", seconds=step.hold)
        return f"{held} {turn.say('step_hold_sides')}" if step.sides == 2 else held


def _purpose(turn: Turn, step: Step) -> str:
    return turn.say("step_purpose", feel=step.feel, stop_if=step.stop_if)


def back_to_step(turn: Turn, speech: Speech) -> Response:
    """A question answered mid-routine: back to where the user was, the
    get-ready moment or after the step; any other question open (the
    choice after discomfort, "pick up there?") is asked again, unchanged."""
    if turn.question not in (Question.READY, Question.NEXT_STEP, None):
        return asking.ask_again(turn, speech.text())
    question = turn.question if turn.question is Question.READY else Question.NEXT_STEP
    speech.say(turn.say("get_ready" if question is Question.READY else "step_prompt"))
    return turn.ask(speech, turn.say("step_reprompt"), question=question)


# Where a routine's step is under way: its get-ready moment, the step or
# its hold (paused or not), or the choice after discomfort.
AT_STEP = (Question.NEXT_STEP, Question.READY, Question.DISCOMFORT, None)
# Concerns that are pain or tingling down one leg: said at a step, the step
# stops as for any discomfort, with the concern's advice to have it checked.
LEG_CONCERNS = frozenset({"leg_pain", "sciatica"})


def at_step(turn: Turn) -> tuple[Routine, RoutineProgress] | None:
    running = turn.running
    return running if running is not None and turn.question in AT_STEP else None


def stop_step(turn: Turn, routine: Routine, progress: RoutineProgress, also: str = "") -> Response:
    """Discomfort at a step: stop at once, this step's own stop advice and
    the general advice, then one choice: skip this step, or end for today.
    `also` (pain down one leg: have it checked) takes the place of the
    step's advice, which it says more of. Nothing of what was said is
    stored or logged."""
    say = turn.say
    step = routine.steps[progress.step]
    speech = Speech().say(
        say("discomfort_stop"),
        also or say("discomfort_step", stop_if=step.stop_if),
        turn.content.safety.discomfort["advice"],
        say("discomfort_choice"),
    )
    return turn.ask(speech, say("discomfort_reprompt"), question=Question.DISCOMFORT)


def end_for_today(
    turn: Turn, routine: Routine, progress: RoutineProgress, lead: Speech, close: bool = True
) -> Response:
    """The routine stops for today after discomfort. Its place is kept past
    the step that hurt (never offered first again; not counted as done), so
    another day it is offered only as a question; after the last step there
    is nothing to come back to."""
    say = turn.say
    lead.say(say("discomfort_ended"), turn.content.safety.discomfort["rest"])
    progress.paused = False
    last = progress.step + 1 >= len(routine.steps)
    if last:
        turn.end_routine()
    else:
        engine.move_to(turn.state, progress.step + 1, turn.now)
    if not turn.commit():
        lead.say(say("stop_not_saved"))
    elif not last:
        lead.say(say("discomfort_place", step=progress.step + 1, routine=routine.name))
    if close:
        return turn.tell(lead.say(say("goodbye")))
    return turn.menu(lead)


class DiscomfortHandler(IntentHandler):
    """ "Ouch", "I feel dizzy", "pins and needles": at a step, the step stops;
    elsewhere, one sentence of advice and the menu."""

    intents = frozenset({"DiscomfortIntent"})

    def respond(self, turn: Turn) -> Response:
        running = at_step(turn)
        if running is not None:
            return stop_step(turn, *running)
        turn.ctx.end_gates()  # no routine starts on the back of it
        return turn.menu(Speech().say(turn.content.safety.discomfort["outside"]))


class LegAtStepHandler(IntentHandler):
    """Pain or tingling down one leg (a safety concern) said at a step, or
    any concern said with pain or dizziness ("i feel dizzy, i'm pregnant",
    the understanding's `Felt`): the step stops as for any discomfort, and
    the concern's advice is said too; said by the user, it steers the
    session's routines. Elsewhere the safety room answers the concern."""

    intents = frozenset({"SafetyConcernIntent"})

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        turn = Turn.of(handler_input)
        request = turn.request
        felt = request.slot("Concern").id in LEG_CONCERNS or bool(request.slot("Felt").heard)
        return felt and at_step(turn) is not None

    def respond(self, turn: Turn) -> Response:
        running = at_step(turn)
        if running is None:
            return turn.menu()
        concern = turn.content.safety.concern(turn.request.slot("Concern").id or "")
        mine = not turn.request.slot("Person").heard
        if concern is not None and mine and concern.id not in turn.ctx.concerns:
            turn.ctx.concerns.append(concern.id)
        return stop_step(turn, *running, also=concern.say if concern else "")


class DoneAtTheEndHandler(IntentHandler):
    """ "All done, cheers" once the last step has been said through: the
    routine is finished and counted, not saved at its last step."""

    intents = frozenset({"AMAZON.StopIntent"})

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        turn = Turn.of(handler_input)
        running = turn.running if turn.question is Question.NEXT_STEP else None
        if running is None:
            return False
        routine, progress = running
        return progress.step + 1 >= len(routine.steps) and not progress.paused

    def respond(self, turn: Turn) -> Response:
        running = turn.running
        speech = Speech()
        if running is not None:
            celebrate(turn, running[0], speech)
        return turn.tell(speech.say(turn.say("goodbye")))


class EndForTodayHandler(IntentHandler):
    """ "Stop", "that's enough" at the choice after discomfort: the routine
    ends for today, its place kept."""

    intents = frozenset({"AMAZON.StopIntent", "AMAZON.CancelIntent"})

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and (
            Turn.of(handler_input).question is Question.DISCOMFORT
        )

    def respond(self, turn: Turn) -> Response:
        running = turn.running
        if running is None:
            return turn.tell(Speech().say(turn.say("goodbye")))
        return end_for_today(turn, *running, Speech())


@answers(Question.DISCOMFORT)
def _discomfort(turn: Turn, yes: bool) -> Response:
    """ "Would you like to skip this step? Or say stop": yes skips, no ends."""
    running = turn.running
    if running is None:
        return turn.menu()
    if yes:
        return skip_step(turn, *running)
    return end_for_today(turn, *running, Speech())


@asking.moves_on(Question.DISCOMFORT)
def _rest_for_today(turn: Turn, lead: Speech) -> Response:
    """Two replies that were not a choice: no step goes on after discomfort;
    the routine ends for today, the menu stays open."""
    running = turn.running
    if running is None:
        return turn.menu(lead.say(turn.say("move_on")), full=True)
    return end_for_today(turn, *running, lead, close=False)


@numbers.hears(Question.WHICH_ROUTINE)
def _nth_routine(turn: Turn, number: int) -> Response | None:
    """ "The first one", "two" for "which routine?": the Nth offered."""
    offered = engine.offered(turn.content)
    if not 1 <= number <= len(offered):
        return None
    return start(turn, offered[number - 1], Speech())


@answers(Question.NEXT_STEP)
def _next_step(turn: Turn, yes: bool) -> Response:
    if yes:
        return advance(turn, Speech())
    say = turn.say
    return turn.ask(Speech().say(say("no_rush")), say("step_reprompt"), question=Question.NEXT_STEP)


@asking.moves_on(Question.NEXT_STEP)
def _wait_for_next(turn: Turn, lead: Speech) -> Response:
    """Two misses in a routine: stop asking, and wait for "next"."""
    say = turn.say
    if turn.running is None:
        return turn.menu(lead.say(say("move_on")), full=True)
    return turn.ask(lead.say(say("waiting")), say("step_reprompt"), question=Question.NEXT_STEP)


@answers(Question.READY)
def _ready(turn: Turn, yes: bool) -> Response:
    running = turn.running
    if running is None:
        return turn.menu()
    if yes:
        return carry_on(turn)
    say = turn.say
    return turn.ask(
        Speech().say(say("no_rush_ready")), say("get_ready_reprompt"), question=Question.READY
    )


@asking.moves_on(Question.READY)
def _start_anyway(turn: Turn, lead: Speech) -> Response:
    """Two misses at "say ready": the user is most likely in position."""
    running = turn.running
    if running is None:
        return turn.menu(lead.say(turn.say("move_on")), full=True)
    return carry_on(turn)


@answers(Question.RESUME)
def _resume(turn: Turn, yes: bool) -> Response:
    if yes:
        return resume(turn)
    running = turn.running
    speech = Speech()
    if running:
        speech.say(turn.say("resume_declined", routine=running[0].name))
    return turn.menu(speech)


@answers(Question.CAUTION)
def _caution(turn: Turn, yes: bool) -> Response:
    if not yes:
        return hooks.gate_passed(turn, Gate.CAUTION, Speech())
    say = turn.say
    routine = turn.content.routine(turn.ctx.end_gates())
    if routine is None:
        return turn.menu()
    gentle = turn.content.routine(routine.instead) or turn.content.routines[0]
    turn.ctx.routine = gentle.id  # offered instead; its own gates run if taken
    speech = Speech().say(routine.caution_stop, say("suggest_routine", routine=gentle.name))
    return turn.ask(speech, say("suggest_reprompt", routine=gentle.name), question=Question.SUGGEST)


@answers(Question.SUGGEST)
def _suggest(turn: Turn, yes: bool) -> Response:
    routine = turn.content.routine(turn.ctx.end_gates())
    if yes and routine is not None:
        return start(turn, routine, Speech())
    return turn.menu()


@answers(Question.WHICH_ROUTINE)
def _which(turn: Turn, yes: bool) -> Response:
    if not yes:
        return turn.menu()
    return ask_which(turn, Speech())


# Before the safety room's concerns: a leg concern said at a step stops it.
STEP_SAFETY = [LegAtStepHandler()]
HANDLERS = [
    DiscomfortHandler(),
    DoneAtTheEndHandler(),
    EndForTodayHandler(),
    StartRoutineHandler(),
    ListRoutinesHandler(),
    RoutineStepsHandler(),
    RecommendRoutineHandler(),
    NextHandler(),
    SkipHandler(),
    PreviousHandler(),
    RepeatHandler(),
    PauseHandler(),
    ResumeHandler(),
    StartOverHandler(),
    StepsLeftHandler(),
    StepPurposeHandler(),
    StepHowHandler(),
    StepHoldHandler(),
    GoToStepHandler(),
    SetUpHandler(),
]
