"""Render a conversation the way `backcare chat` runs it: each line understood
by the console from the generated model, sent as the envelope Alexa would
send to the real skill (in-memory store, a fixed clock, fixed ids, the local
Alexa-API stand-in for time zone and reminders), and every reply written as
text: speech with its pauses, the reprompt, cards, directives, session end.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from backcare.content import load as load_content
from backcare.context import Context
from backcare.progress.pain import HIGH as HIGH_PAIN
from backcare.settings import Settings
from backcare.skill import build_skill, lambda_handler_for
from backcare.speech import break_seconds
from backcare.store import open_store
from backcare.store.base import Store

from ..console.chat import PERMISSION_QUESTION, Console, Exchange
from ..console.device import Device, ends_session, permission_request, reprompt_of, speech_of
from ..console.nlu import Nlu
from ..interaction_model import model_path
from ..paths import REPO_ROOT
from .scripts import Script, later

START = datetime(2026, 1, 14, 14, 0, tzinfo=UTC)  # a Wednesday, 9 AM in New York
TIME_ZONE = "America/New_York"  # the device's, as the stand-in reports it
PAUSE = timedelta(seconds=20)  # from the end of a reply to the user's next line
SILENCE_WAIT = timedelta(seconds=8)  # Alexa's wait before the reprompt

DISCLAIMER = load_content("en-US").prompts.variants("disclaimer")[0]
_BREAK = re.compile(r'<break time="(\d+)(m?s)"\s*/>')
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*")


class Kind(StrEnum):
    """Kinds of reply, each with its word budget (tests/test_transcripts.py)."""

    LAUNCH_FIRST = "launch_first"  # a new user's welcome, with the disclaimer
    LAUNCH = "launch"  # a returning user's welcome
    SETUP = "setup"  # a routine's set-up, ending in the get-ready moment
    STEP = "step"  # a routine step: the cue before its timed hold is what counts
    DETAIL = "detail"  # more about a massage, asked for by name or with a yes
    SAFETY = "safety"  # issue 12's content: red flags, cautions, high-pain advice
    ANSWER = "answer"  # every other reply
    REPROMPT = "reprompt"  # what Alexa says when the user is silent


def plain(ssml: str) -> str:
    """Speech as text with pauses shown as [10s]."""
    out = _BREAK.sub(lambda m: f" [{_seconds(m)}] ", ssml)
    out = _TAG.sub("", out)
    out = out.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    return re.sub(r"\s+", " ", out.replace("&amp;", "&")).strip()


def _seconds(match: re.Match[str]) -> str:
    amount, unit = int(match.group(1)), match.group(2)
    return f"{amount / 1000:g}s" if unit == "ms" else f"{amount}s"


def words(text: str) -> int:
    return len(_WORD.findall(_BREAK.sub(" ", text)))


@dataclass
class Reply:
    """One thing the skill said (or Alexa said for it)."""

    conversation: str
    kind: Kind
    said: str  # the user's line it answers
    sent: str  # the request, as understood
    ssml: str
    reprompt: str = ""  # SSML of the reprompt that came with it
    played: bool = False  # a reprompt Alexa said after a silence

    @property
    def text(self) -> str:
        return plain(self.ssml)

    @property
    def words(self) -> int:
        return words(self.text)

    @property
    def cue_words(self) -> int:
        """Words before the first timed pause (all of them when there is none)."""
        return words(self.text.split("[", 1)[0])

    @property
    def counted(self) -> int:
        """The words a budget holds: a step's cue, any other reply whole but
        the disclaimer a new user's first one-shot starts with (first_use.py:
        said once, and held to the first welcome's budget there)."""
        if self.kind is Kind.STEP:
            return self.cue_words
        return words(self.text.removeprefix(DISCLAIMER))


@dataclass
class Transcript:
    script: Script
    lines: list[str] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class Renderer:
    """One skill, one in-memory store and one Alexa-API stand-in for a corpus;
    each conversation gets its own user."""

    def __init__(self) -> None:
        from ..devtools.alexa_api import AlexaApiServer, StandIn

        settings = Settings(
            store_url="memory://", skill_id=None, business_path=None, log_level="WARNING"
        )
        self.store: Store = open_store("memory://")
        self.invoke = lambda_handler_for(build_skill(settings, store=self.store))
        self.nlu = Nlu(json.loads(model_path(REPO_ROOT, "en-US").read_text()))
        self.api = AlexaApiServer(StandIn(time_zone=TIME_ZONE)).start()
        self._fresh = StandIn

    def close(self) -> None:
        self.api.stop()

    def render(self, script: Script) -> Transcript:
        fresh = self._fresh(time_zone=TIME_ZONE)
        for name in ("reminders", "calls", "fail_next", "fail_always", "delay"):
            setattr(self.api.state, name, getattr(fresh, name))
        return _Run(self, script).render()


@contextmanager
def renderer() -> Iterator[Renderer]:
    """A renderer whose stand-in the SDK's HTTP client trusts for the run."""
    previous = os.environ.get("REQUESTS_CA_BUNDLE")
    made = Renderer()
    os.environ["REQUESTS_CA_BUNDLE"] = str(made.api.tls.ca_file)
    try:
        yield made
    finally:
        made.close()
        if previous is None:
            os.environ.pop("REQUESTS_CA_BUNDLE", None)
        else:
            os.environ["REQUESTS_CA_BUNDLE"] = previous


def render_all(scripts: list[Script]) -> dict[str, Transcript]:
    with renderer() as made:
        return {script.name: made.render(script) for script in scripts}


class _Run:
    def __init__(self, renderer: Renderer, script: Script) -> None:
        self.renderer = renderer
        self.script = script
        # Each conversation starts in its own minute of that hour (from its
        # name), as real sessions would: variety is seeded by the minute.
        self.now = START + timedelta(minutes=_minute(script.name))
        ids = count(1)
        self.user = f"amzn1.ask.account.transcript-{script.name}"
        self.device = Device(
            invoke=lambda event: renderer.invoke(event, None),
            user_id=self.user,
            device_id=f"amzn1.ask.device.transcript-{script.name}",
            clock=lambda: self.now,
            new_id=lambda: f"{script.name}-{next(ids):04d}",
            api_endpoint=renderer.api.url,
            api_token=renderer.api.state.token,
        )
        self.console = Console(self.device, renderer.nlu, out=io.StringIO())
        self.pending = ""  # the question pending before the line being said
        self.out = Transcript(script)

    def render(self) -> Transcript:
        script, lines = self.script, self.out.lines
        lines.append(f"# {script.name}: {script.about}")
        local = self.now.astimezone(ZoneInfo(TIME_ZONE))
        lines.append(
            f"# {local.strftime('%A %d %B %Y, %H:%M')} in {TIME_ZONE} (the device's time "
            "zone); a new user"
        )
        if script.before:
            lines += ["", "## before"]
            for line in script.before:
                self.say(line)
            lines += ["", "## the conversation"]
        lines.append("")
        for line in script.lines:
            self.say(line)
        if self.device.in_session:
            lines.append("(the script ends with the session open)")
        return self.out

    def say(self, line: str) -> None:
        lines = self.out.lines
        passed = later(line)
        if passed is not None:
            if self.device.in_session:
                self.device.end_session("EXCEEDED_MAX_REPROMPTS")
                lines.append("(the session times out)")
            self.now += passed
            lines.append(f"--- {line.strip('<>')} ---")
            return
        new_user = self._new_user()
        self.pending = self._question()
        exchange = self.console.step(line)
        if exchange is None:
            lines.append(f"> {line}  (nothing said)")
            return
        self._write(exchange, new_user)

    def _question(self) -> str:
        """The question the skill is waiting on (its context, in the session)."""
        question = Context.unpack(self.device.attributes.get("ctx")).question
        return str(question or "")

    def _new_user(self) -> bool:
        loaded = self.renderer.store.load(self.user)
        return loaded.state is None or not loaded.state.disclaimer_heard

    def _write(self, exchange: Exchange, new_user: bool) -> None:
        lines = self.out.lines
        head = f"> {exchange.said}"
        if exchange.sent:
            head += f"  → {exchange.sent}"
        lines.append(head)
        if exchange.note:
            lines.append(f"  ({exchange.note})")
        if exchange.reprompted:
            self.now += SILENCE_WAIT
            reply = Reply(
                self.script.name, Kind.REPROMPT, exchange.said, "", exchange.reprompted, played=True
            )
            self.out.replies.append(reply)
            lines.append(f"< (reprompt) {reply.text}")
        if exchange.reply is not None:
            self._write_reply(exchange, exchange.reply, new_user)
        self.now += PAUSE

    def _write_reply(self, exchange: Exchange, reply: dict[str, Any], new_user: bool) -> None:
        lines = self.out.lines
        body = reply.get("response") or {}
        ssml = speech_of(reply)
        kind = _kind(exchange.sent, ssml, new_user, self.pending, self._question())
        if ssml:
            said = Reply(self.script.name, kind, exchange.said, exchange.sent, ssml)
            said.reprompt = reprompt_of(reply)
            self.out.replies.append(said)
            lines.append(f"< {said.text}")
            self.now += timedelta(seconds=sum(break_seconds(ssml)))
        elif exchange.sent.startswith("SessionEndedRequest"):
            pass
        else:
            lines.append("< (nothing said)")
        reprompt = reprompt_of(reply)
        if reprompt:
            shown = "(the same)" if reprompt == ssml else plain(reprompt)
            lines.append(f"  reprompt: {shown}")
        card = body.get("card")
        if card:
            content = card.get("content") or card.get("text") or ""
            title = card.get("title") or card.get("type", "")
            lines.append(f"  card: {title}: {content}".rstrip(": "))
        for directive in body.get("directives") or []:
            if directive.get("type") == "Dialog.ElicitSlot":
                lines.append(f"  (asks for the {directive.get('slotToElicit')} slot)")
        if permission_request(reply) is not None:
            lines.append(f"< (Alexa asks) {PERMISSION_QUESTION}")
        elif ends_session(reply):
            lines.append("  (session ended)")


_DETAIL = (
    "MassageDetailIntent",
    "MassageAvoidIntent",
    "MassageAftercareIntent",
    "StepPurposeIntent",
)
# (the answer to "is it urgent?" is the signs that mean go now: safety content too)
_SAFETY = (
    "RedFlagIntent",
    "SafetyConcernIntent",
    "DiscomfortIntent",
    "WarningSignsIntent",
    "UrgentQuestionIntent",
)
_PAIN = ("pain_before", "pain_after", "pain_score")


@functools.cache
def _cautions() -> tuple[str, ...]:
    """What a concern said this session adds to another reply (its note on
    a massage type, why a routine does not suit): a caution for a condition,
    said whole."""
    content = load_content("en-US")
    said = [c.massage_note for c in content.safety.concerns if c.massage_note]
    said += [c.unsuited_say.split("{", 1)[0] for c in content.safety.concerns if c.unsuited_say]
    said += [v.split("{", 1)[0] for v in content.prompts.variants("routine_list_suits")]
    return tuple(s.strip() for s in said if s.strip())


def _cautions_said(ssml: str) -> bool:
    text = plain(ssml)
    return any(caution in text for caution in _cautions())


def _minute(name: str) -> int:
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % 60


def _kind(sent: str, ssml: str, new_user: bool, before: str, after: str) -> Kind:
    """The kind of a reply, from the request, the question pending before it
    and the one it leaves. The request is what the skill acted on: after
    "→" when its understanding read words Alexa sent raw."""
    intent, *slots = sent.rsplit(" → ", 1)[-1].split()
    if intent == "LaunchRequest":
        return Kind.LAUNCH_FIRST if new_user else Kind.LAUNCH
    said = dict(s.partition("=")[::2] for s in slots)
    value = said.get("Score") or said.get("Number") or ""
    score = int(value) if value.isdigit() else -1
    # A number alone is a score only at a pain question (numbers.py).
    as_score = intent == "PainScoreIntent" or (intent == "NumberIntent" and before in _PAIN)
    high_pain = as_score and score >= HIGH_PAIN
    # After discomfort mid-step, ending for today carries its advice to rest
    # and when to see someone.
    after_discomfort = before == "discomfort" and after != "next_step"
    if (
        intent in _SAFETY
        or high_pain
        or after_discomfort
        or (before == "screen" and intent == "AMAZON.YesIntent")
        or _cautions_said(ssml)
    ):
        return Kind.SAFETY
    if break_seconds(ssml):
        return Kind.STEP
    if after == "ready" and before not in ("ready", "next_step"):
        return Kind.SETUP
    if intent in _DETAIL or (before == "massage_more" and intent == "AMAZON.YesIntent"):
        return Kind.DETAIL
    return Kind.ANSWER
