"""Choose the next tip: unheard first, in an order that differs per user."""

from __future__ import annotations

import hashlib

from ..content import Tip
from ..state import UserState


def _rank(user_seed: str, tip: Tip) -> str:
    return hashlib.sha256(f"{user_seed}:{tip.id}".encode()).hexdigest()


def next_tip(
    state: UserState,
    tips: tuple[Tip, ...],
    user_seed: str,
    topic: str = "",
    ruled_out: frozenset[str] = frozenset(),
) -> tuple[Tip, bool]:
    """The next tip (of `topic`, a category, if given), never one `ruled_out`
    (what was heard of those is kept), and whether the cycle restarted (all
    had been heard)."""
    given = tuple(t for t in tips if t.id not in ruled_out) or tips
    about = tuple(t for t in given if t.category == topic) if topic else ()
    if about:
        return next_among(state, about, user_seed), False
    known = {t.id for t in tips}
    heard = list(dict.fromkeys(t for t in state.tips_heard if t in known))  # once each
    restarted = False
    heard_ids = set(heard)  # one set: a long list costs one pass, not one per tip
    unheard = [t for t in given if t.id not in heard_ids]
    if not unheard:
        # Start a new round, but never open it with the tip just heard.
        last = heard[-1] if heard else None
        heard = [t for t in heard if t in ruled_out]  # kept: they are not given now
        restarted = True
        unheard = [t for t in given if t.id != last] or list(given)
    tip = min(unheard, key=lambda t: _rank(user_seed, t))
    state.tips_heard = [*heard, tip.id]
    return tip, restarted


def next_among(state: UserState, tips: tuple[Tip, ...], user_seed: str) -> Tip:
    """A tip among `tips` (one topic, or the everyday ones): the first of its
    unheard ones, else the one heard longest ago; the rest of what was heard
    is kept."""
    order = {tid: i for i, tid in enumerate(state.tips_heard)}
    unheard = [t for t in tips if t.id not in order]
    if unheard:
        tip = min(unheard, key=lambda t: _rank(user_seed, t))
    else:
        tip = min(tips, key=lambda t: order[t.id])
    state.tips_heard = [*(t for t in state.tips_heard if t != tip.id), tip.id]
    return tip
