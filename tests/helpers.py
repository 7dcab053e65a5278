"""Small assertions on Alexa responses shared by the tests."""

from __future__ import annotations

import re
from typing import Any

from backcare.console.device import ends_session, reprompt_of, speech_of
from backcare.speech import MAX_SPEECH_CHARS, break_seconds, to_text

_OPEN_END = re.compile(r"(\?|\bsay [^.?!]*[.!]?)$", re.IGNORECASE)


def text(reply: dict[str, Any]) -> str:
    return to_text(speech_of(reply))


def check_response(reply: dict[str, Any]) -> None:
    """Rules every response must keep (Alexa's limits, open-session prompts)."""
    ssml = speech_of(reply)
    assert len(ssml) <= MAX_SPEECH_CHARS
    assert all(b <= 10 for b in break_seconds(ssml)), "a <break> over 10 s"
    if ssml:
        assert ssml.startswith("<speak>") and ssml.endswith("</speak>")
    if not ends_session(reply):
        assert reprompt_of(reply), "open session without a reprompt"
        spoken = text(reply)
        assert _OPEN_END.search(spoken), (
            f"open session does not end with a prompt: {spoken[-80:]!r}"
        )
