"""`backcare chat`: type what you would say to Alexa, read what she answers.

Each line becomes the request JSON Alexa would send (intent and slots
resolved from the generated interaction model), runs through the real
skill, and the reply's text is printed. Piped stdin works line by line.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from datetime import date
from typing import Any, TextIO

from backcare.speech import to_text

from .device import Device, SlotFill, ends_session, permission_request, speech_of
from .nlu import Nlu, normalize

_LAUNCH = re.compile(r"^(?:alexa )?(?:open|launch|start|begin|load) (?P<name>.+)$")
QUIT = {"quit", "exit", "bye console"}


class Console:
    def __init__(self, device: Device, model: dict[str, Any], out: TextIO) -> None:
        self.device = device
        self.nlu = Nlu(model)
        self.out = out
        self.asking_permission: str | None = None  # AskFor token awaiting yes/no
        self.eliciting: dict[str, Any] | None = None  # a Dialog.ElicitSlot in progress

    def _print(self, reply: dict[str, Any]) -> None:
        text = to_text(speech_of(reply))
        if text:
            print(f"Alexa: {text}", file=self.out)
        card = (reply.get("response") or {}).get("card")
        if card:
            print(
                f"[card] {card.get('title', '')}: {card.get('content') or card.get('text', '')}",
                file=self.out,
            )
        self.eliciting = None
        for directive in (reply.get("response") or {}).get("directives") or []:
            if directive.get("type") == "Dialog.ElicitSlot":
                self.eliciting = directive
        token = permission_request(reply)
        if token is not None:
            self.asking_permission = token
            print(
                "Alexa: (asking for you) May Back Care Coach create reminders? Yes or no?",
                file=self.out,
            )
        if ends_session(reply):
            print("(session ended)", file=self.out)

    def handle_line(self, line: str) -> None:
        text = normalize(line)
        if not text:
            return
        if self.asking_permission is not None:
            token, self.asking_permission = self.asking_permission, None
            accepted = self.nlu.parse(text).intent == "AMAZON.YesIntent"
            self._print(self.device.permission_answer(token, accepted))
            return
        launch = _LAUNCH.match(text)
        if launch and launch.group("name") == self.nlu.invocation:
            self._print(self.device.launch())
            return
        rest = self.nlu.one_shot(text)
        if rest is not None:
            self.device.end_session()
            if not rest:
                self._print(self.device.launch())
                return
            text = rest
        today = self.device.clock().date()
        parsed = self.nlu.parse(text, today=today)
        # A red flag is heard whatever was being asked (as Alexa switches intent).
        if parsed.intent != "RedFlagIntent" and (
            self.eliciting is not None and self._answer_elicitation(text, today)
        ):
            return
        self._print(self.device.intent(parsed.intent, parsed.slots))

    def _answer_elicitation(self, text: str, today: date) -> bool:
        """Like Alexa: an answer that fits the elicited slot goes to that
        intent, keeping the slots it already had."""
        directive = self.eliciting or {}
        intent = directive.get("updatedIntent") or {}
        name, slot = str(intent.get("name") or ""), str(directive.get("slotToElicit") or "")
        fill = self.nlu.fill(name, slot, text, today)
        if fill is None:
            return False
        slots: dict[str, SlotFill] = {}
        for key, value in (intent.get("slots") or {}).items():
            if isinstance(value, dict) and value.get("value"):
                kind = self.nlu.slot_types.get((name, key), "")
                slots[key] = self.nlu.fill(name, key, str(value["value"]), today) or SlotFill(
                    str(value["value"]), kind
                )
        slots[slot] = fill
        self._print(self.device.intent(name, slots))
        return True

    def run(self, lines: Iterable[str], prompt: bool) -> None:
        if prompt:
            print("Say 'open back care coach' to start; 'quit' leaves the console.", file=self.out)
        for line in lines:
            if normalize(line) in QUIT:
                break
            self.handle_line(line)
            if prompt:
                print("> ", end="", file=self.out, flush=True)
        ended = self.device.end_session()
        if ended is not None and prompt:
            print("(session ended)", file=self.out)


def load_model(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        model: dict[str, Any] = json.load(handle)
    return model


def stdin_lines() -> Iterable[str]:
    interactive = sys.stdin.isatty()
    if interactive:
        print("> ", end="", flush=True)
    yield from sys.stdin
