"""Choose the next tip: unheard first, in an order that differs per user."""

from __future__ import annotations

import hashlib

from ..content import Tip
from ..state import UserState


def _rank(user_seed: str, tip: Tip) -> str:
    return hashlib.sha256(f"{user_seed}:{tip.id}".encode()).hexdigest()


def next_tip(state: UserState, tips: tuple[Tip, ...], user_seed: str) -> tuple[Tip, bool]:
    """The next tip and whether the cycle restarted (all had been heard)."""
    known = {t.id for t in tips}
    heard = list(dict.fromkeys(t for t in state.tips_heard if t in known))  # once each
    restarted = False
    heard_ids = set(heard)  # one set: a long list costs one pass, not one per tip
    unheard = [t for t in tips if t.id not in heard_ids]
    if not unheard:
        # Start a new round, but never open it with the tip just heard.
        last = heard[-1] if heard else None
        heard = []
        restarted = True
        unheard = [t for t in tips if t.id != last] or list(tips)
    tip = min(unheard, key=lambda t: _rank(user_seed, t))
    state.tips_heard = [*heard, tip.id]
    return tip, restarted
