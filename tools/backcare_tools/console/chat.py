"""`backcare chat`: type what you would say to Alexa, read what she answers.

Each line becomes the request JSON Alexa would send on a device (a sample
of the generated interaction model matched, with open custom slots; words
no sample matches go to the catch-all intent), runs through the real
skill, whose own understanding reads the words Alexa could not place, and
the reply's text is printed. Piped stdin works line by line.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from backcare.speech import to_text
from backcare.understanding import Fill
from backcare.understanding.heard import LISTENERS

from . import screen
from .device import (
    Device,
    SlotFill,
    ends_session,
    permission_request,
    reprompt_of,
    speech_of,
)
from .nlu import Nlu, normalize

# "alexa, open back care coach please" opens it, as Alexa does
_LAUNCH = re.compile(
    r"^(?:alexa )?(?:open|launch|start|begin|load) (?P<name>.+?)"
    r"(?: please| now| for me| thanks| thank you)?$"
)
QUIT = {"quit", "exit", "bye console"}
PERMISSION_QUESTION = "May Back Care Coach create reminders? Yes or no?"
OUTSIDE = "not sent: no session is open, so Alexa, not the skill, would answer this"


SILENCE = "<silence>"  # a line that stands for saying nothing when Alexa listens
TAP = ":tap"  # ":tap next": a touch on the screen (with --screen)


@dataclass
class Exchange:
    """One line the user said and what came of it."""

    said: str
    sent: str = ""  # the request the device sent, as understood ("" when none)
    reply: dict[str, Any] | None = None  # the skill's response to it
    reprompted: str = ""  # SSML the device said again itself (silence after a question)
    note: str = ""  # what happened without the skill


def understood(intent: str, slots: dict[str, SlotFill]) -> str:
    """'StartRoutineIntent RoutineName=desk_break': the request as sent."""
    parts = [intent] + [
        f"{name}={fill.resolved_id or fill.value}" for name, fill in sorted(slots.items())
    ]
    return " ".join(parts)


Acted = tuple[str, dict[str, Fill], str]


def _acting(send: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], Acted | None]:
    """The reply, and what the skill acted on when its understanding
    decided (told through the understanding's listener hook)."""
    seen: list[Acted] = []

    def listen(name: str, slots: dict[str, Fill], how: str) -> None:
        seen.append((name, dict(slots), how))

    LISTENERS.append(listen)
    try:
        reply = send()
    finally:
        LISTENERS.remove(listen)
    return reply, (seen[-1] if seen else None)


class Console:
    def __init__(
        self, device: Device, model: dict[str, Any] | Nlu, out: TextIO, screen: bool = False
    ) -> None:
        self.device = device
        self.screen = screen  # print the screen after each reply; accept ":tap LABEL"
        self.nlu = model if isinstance(model, Nlu) else Nlu(model)
        self.out = out
        self.asking_permission: str | None = None  # AskFor token awaiting yes/no
        self.eliciting: dict[str, Any] | None = None  # a Dialog.ElicitSlot in progress
        self.silences = 0  # lines in a row with nothing said

    def _print(self, exchange: Exchange) -> None:
        if exchange.note:
            print(f"({exchange.note})", file=self.out)
        if exchange.reprompted:
            print(f"Alexa: {to_text(exchange.reprompted)}", file=self.out)
        reply = exchange.reply
        if reply is None:
            return
        text = to_text(speech_of(reply))
        if text:
            print(f"Alexa: {text}", file=self.out)
        card = (reply.get("response") or {}).get("card")
        if card:
            print(
                f"[card] {card.get('title', '')}: {card.get('content') or card.get('text', '')}",
                file=self.out,
            )
        if permission_request(reply) is not None:
            print(f"Alexa: (asking for you) {PERMISSION_QUESTION}", file=self.out)
        if self.screen:
            for line in screen.render(reply):
                print(line, file=self.out)
        if ends_session(reply):
            print("(session ended)", file=self.out)

    def _heard(self, reply: dict[str, Any]) -> None:
        """Keep what the reply leaves open: an elicited slot, a permission question."""
        self.eliciting = None
        for directive in (reply.get("response") or {}).get("directives") or []:
            if directive.get("type") == "Dialog.ElicitSlot":
                self.eliciting = directive
        self.asking_permission = permission_request(reply)

    def _send(self, said: str, sent: str, reply: dict[str, Any]) -> Exchange:
        self._heard(reply)
        return Exchange(said=said, sent=sent, reply=reply)

    def handle_line(self, line: str) -> None:
        exchange = self.step(line)
        if exchange is not None:
            self._print(exchange)

    def step(self, line: str) -> Exchange | None:
        """Say one line to the device; None for a line with nothing in it."""
        if line.strip() == SILENCE:
            return self._silence(line.strip())
        if line.strip().startswith(TAP):
            return self._tap(line.strip())
        text = normalize(line)
        if not text:
            return None
        self.silences = 0
        if self.asking_permission is not None:
            token, self.asking_permission = self.asking_permission, None
            accepted = self.nlu.parse(text).intent == "AMAZON.YesIntent"
            answer = "ACCEPTED" if accepted else "DENIED"
            return self._send(
                line,
                f"Connections.Response {answer}",
                self.device.permission_answer(token, accepted),
            )
        launch = _LAUNCH.match(text)
        if launch and launch.group("name") == self.nlu.invocation:
            return self._send(line, "LaunchRequest", self.device.launch())
        rest = self.nlu.one_shot(text)
        if rest is not None:
            self.device.end_session()
            if not rest:
                return self._send(line, "LaunchRequest", self.device.launch())
            text = rest
        elif not self.device.in_session:
            return Exchange(said=line, note=OUTSIDE)
        today = self.device.clock().date()
        # What Alexa sends: a sample matched, else the catch-all with the
        # words; the skill's own understanding runs inside the skill.
        sent = self.nlu.alexa(text, today=today)
        # A red flag is heard whatever was being asked (as Alexa switches intent).
        if self.eliciting is not None and sent.intent != "RedFlagIntent":
            elicited = self._answer_elicitation(line, text, today)
            if elicited is not None:
                return elicited
        reply, acted = _acting(lambda: self.device.intent(sent.intent, sent.slots))
        shown = understood(sent.intent, sent.slots)
        if acted is not None and acted[2] != "alexa":
            shown += " → " + " ".join(
                [acted[0]] + [f"{k}={f.id or f.value}" for k, f in sorted(acted[1].items())]
            )
        return self._send(line, shown, reply)

    def _tap(self, line: str) -> Exchange:
        """ ":tap next": a touch on what the last reply's screen shows."""
        label = line[len(TAP) :].strip()
        if not self.screen or not self.device.last_response:
            return Exchange(said=line, note="nothing to tap: no screen is showing")
        # After the session ended the screen stays up; a tap opens a new session.
        arguments = screen.tap(self.device.last_response, label)
        if arguments is None:
            return Exchange(said=line, note=f"the screen has no {label!r} to tap")
        reply = self.device.tap(arguments)
        return self._send(line, "UserEvent " + " ".join(arguments), reply)

    def _silence(self, line: str) -> Exchange:
        """Alexa says the reprompt once; a second silence ends the session."""
        if not self.device.in_session:
            return Exchange(said=line, note="nothing happens: no session is open")
        if self.asking_permission is not None:
            token, self.asking_permission = self.asking_permission, None
            reply = self.device.permission_answer(token, None)
            return self._send(line, "Connections.Response NOT_ANSWERED", reply)
        self.silences += 1
        reprompt = reprompt_of(self.device.last_response)
        if self.silences == 1 and reprompt:
            return Exchange(said=line, reprompted=reprompt)
        self.silences = 0
        self.eliciting = None
        reply = self.device.end_session("EXCEEDED_MAX_REPROMPTS") or {}
        return Exchange(said=line, sent="SessionEndedRequest EXCEEDED_MAX_REPROMPTS", reply=reply)

    def _answer_elicitation(self, line: str, text: str, today: date) -> Exchange | None:
        """Like Alexa: an answer that fits the elicited slot goes to that
        intent, keeping the slots it already had."""
        directive = self.eliciting or {}
        intent = directive.get("updatedIntent") or {}
        name, slot = str(intent.get("name") or ""), str(directive.get("slotToElicit") or "")
        fill = self.nlu.fill(name, slot, text, today)
        if fill is None:
            return None
        # a sample of the intent that fills more ("{Date} at {Time}"): all of it
        sent = self.nlu.alexa(text, today=today)
        more = sent.slots if sent.intent == name and slot in sent.slots else {}
        slots: dict[str, SlotFill] = {}
        for key, value in (intent.get("slots") or {}).items():
            if isinstance(value, dict) and value.get("value"):
                kind = self.nlu.slot_types.get((name, key), "")
                slots[key] = self.nlu.fill(name, key, str(value["value"]), today) or SlotFill(
                    str(value["value"]), kind
                )
        slots[slot] = fill
        slots.update({k: v for k, v in more.items() if k != slot})
        return self._send(line, understood(name, slots), self.device.intent(name, slots))

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
