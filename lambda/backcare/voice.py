"""How a session says its prompts: a prompt with several variants says the
next one each time, so the same words never come twice in a row.

Which variant comes first is seeded per session (`Context.seed`, from the
time the session began), and the last one said is kept per prompt in the
context (`Context.said`, by the prompt's short code): deterministic for a
given session, varied across sessions, and never random across runs of a
test.

While routines are closed (after a red flag until a doctor's check, a yes
at the screen, or pain too high today), a prompt with a `<key>_no_routine`
twin says the twin instead, so menus and examples never offer a routine
the skill would then refuse.
"""

from __future__ import annotations

from typing import Any

from .content import Prompts
from .context import Context


class Voice:
    def __init__(self, prompts: Prompts, ctx: Context, routines_closed: bool = False) -> None:
        self.prompts = prompts
        self.ctx = ctx
        self.routines_closed = routines_closed

    def __call__(self, key: str, **values: Any) -> str:
        template = self.pick(key)
        return template.format(**values) if values else template

    def pick(self, key: str) -> str:
        if self.routines_closed and f"{key}_no_routine" in self.prompts.texts:
            key = f"{key}_no_routine"
        variants = self.prompts.variants(key)
        if len(variants) == 1:
            return variants[0]
        code = self.prompts.codes[key]
        last = self.ctx.last_said(code)
        index = (self.ctx.seed if last is None else last + 1) % len(variants)
        self.ctx.note_said(code, index)
        return variants[index]

    def items(self, key: str) -> list[str]:
        """Every variant, in order (count cues spoken in turn during a hold)."""
        return self.prompts.items(key)
