"""How a session says its prompts: a prompt with several variants says the
next one each time, so the same words never come twice in a row.

Which variant comes first is seeded per session (`Context.seed`, from the
time the session began), and the last one said is kept per prompt in the
context (`Context.said`): deterministic for a given session, varied across
sessions, and never random across runs of a test.
"""

from __future__ import annotations

from typing import Any

from .content import Prompts
from .context import Context


class Voice:
    def __init__(self, prompts: Prompts, ctx: Context) -> None:
        self.prompts = prompts
        self.ctx = ctx

    def __call__(self, key: str, **values: Any) -> str:
        template = self.pick(key)
        return template.format(**values) if values else template

    def pick(self, key: str) -> str:
        variants = self.prompts.variants(key)
        if len(variants) == 1:
            return variants[0]
        said = self.ctx.said
        last = said.get(key)
        index = (self.ctx.seed if last is None else last + 1) % len(variants)
        said[key] = index
        return variants[index]

    def items(self, key: str) -> list[str]:
        """Every variant, in order (count cues spoken in turn during a hold)."""
        return self.prompts.items(key)
