"""One question per field at the terminal, asked again after a bad answer
(a few times at most), for what init still needs."""

from __future__ import annotations

import sys
from collections.abc import Callable

from . import InitError

MAX_ANSWER = 500  # longer than any field takes: the check then says so
TRIES = 4

Check = Callable[[str], str | None]  # the problem with an answer, or None


class Asker:
    """Questions on `write` (stderr: stdout keeps the summary), answers from
    `read` (a line; "" at the end of input)."""

    def __init__(self, read: Callable[[], str], write: Callable[[str], object]) -> None:
        self.read = read
        self.write = write

    @classmethod
    def at_terminal(cls) -> Asker | None:
        """An asker when stdin is a terminal; None when nobody can answer."""
        if not sys.stdin.isatty():
            return None
        return cls(lambda: sys.stdin.readline(MAX_ANSWER + 2), sys.stderr.write)

    def ask(self, label: str, question: str, check: Check) -> str:
        problem = "no answer"
        for _ in range(TRIES):
            self.write(f"{question}: ")
            line = self.read()
            if not line:
                break  # end of input: nobody is there to answer
            answer = " ".join(line.split())
            found = check(answer) if answer else "needs an answer"
            if found is None:
                return answer
            problem = found
            self.write(f"  {label} {problem}\n")
        raise InitError(f"{label} {problem}")
