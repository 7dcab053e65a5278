"""Word budgets by kind of reply, held over the whole transcript corpus.

A long reply is hard to follow by ear and leaves a user on the floor waiting
for the hold to start. Each kind of reply (tools/backcare_tools/transcripts/
render.py `Kind`) has a budget in words; a step is held to its cue, the
words before its first timed pause. Every exception is named here, with why.
"""

from __future__ import annotations

import pytest

from backcare_tools.transcripts.render import Kind, Reply, Transcript, plain, render_all, words
from backcare_tools.transcripts.scripts import load_scripts

BUDGETS: dict[Kind, int] = {
    Kind.LAUNCH_FIRST: 60,  # the welcome with the one-sentence disclaimer and the menu
    Kind.LAUNCH: 35,  # a returning user: hello, then an offer or the menu
    # A routine's set-up: how long, the position, the safety line every routine
    # starts with and "say ready"; after a pain score, its short acknowledgement.
    Kind.SETUP: 45,
    Kind.STEP: 40,  # counted up to the first timed pause
    Kind.ANSWER: 30,
    Kind.REPROMPT: 30,
}

# Kinds held to a looser budget, and why.
EXCEPTIONS: dict[Kind, tuple[int, str]] = {
    Kind.SAFETY: (
        80,
        "urgent advice after a red flag, and the cautions for a condition, are said whole: "
        "what to do, how soon and why, with nothing left for a follow-up question",
    ),
    Kind.DETAIL: (
        60,
        "the user asked for the detail: more about a massage type (a yes to 'want to hear "
        "more?' or a follow-up by name; the first answer about it is a short summary within "
        "30), or what a step is for (what to feel and when to stop, said whole)",
    ),
}

REPROMPT_BUDGET = BUDGETS[Kind.REPROMPT]


@pytest.fixture(scope="module")
def corpus() -> dict[str, Transcript]:
    return render_all(load_scripts())


def _limit(kind: Kind) -> int:
    if kind in EXCEPTIONS:
        return EXCEPTIONS[kind][0]
    return BUDGETS[kind]


def test_every_kind_has_a_budget_or_a_named_exception() -> None:
    for kind in Kind:
        assert (kind in BUDGETS) != (kind in EXCEPTIONS), kind
    for limit, why in EXCEPTIONS.values():
        assert limit <= 80 and len(why) > 40


def test_replies_keep_to_their_kind_s_budget(corpus: dict[str, Transcript]) -> None:
    over: list[str] = []
    for transcript in corpus.values():
        for reply in transcript.replies:
            if reply.counted > _limit(reply.kind):
                over.append(_describe(reply, reply.counted))
    assert not over, "over budget:\n" + "\n".join(over)


def test_reprompts_keep_to_their_budget(corpus: dict[str, Transcript]) -> None:
    over: list[str] = []
    for transcript in corpus.values():
        for reply in transcript.replies:
            said = words(plain(reply.reprompt)) if reply.reprompt else 0
            if said > REPROMPT_BUDGET:
                over.append(f"{reply.conversation}: reprompt of {said} words: {reply.reprompt}")
    assert not over, "\n".join(over)


def test_the_corpus_has_every_kind_it_budgets(corpus: dict[str, Transcript]) -> None:
    kinds = {r.kind for t in corpus.values() for r in t.replies}
    missing = {Kind.LAUNCH_FIRST, Kind.LAUNCH, Kind.SETUP, Kind.STEP, Kind.ANSWER} - kinds
    assert not missing, f"no reply of kinds {missing}: the budgets would hold nothing"


def _describe(reply: Reply, counted: int) -> str:
    return (
        f"{reply.conversation}: {reply.kind.value} of {counted} words "
        f"(> {_limit(reply.kind)}) after {reply.said!r}: {reply.text[:160]}"
    )
