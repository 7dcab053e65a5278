"""The Echo path, end to end over HTTP, for `backcare models eval`.

On a device only the model's samples and Alexa's open slots reach the
skill. Here the words go the same way: `Nlu.alexa` stands in for Alexa's
matching (a sample, an unresolved open slot, or the catch-all with the
words), the request goes as a full envelope over HTTP to the web service
(waitress on a free local port, signatures off), and what the skill acted
on is heard through the understanding's listener hook. The reply must be a
200 with a response: a turn that fails counts as not understood.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from types import TracebackType
from typing import Any

from backcare.skill import build_skill
from backcare.store import open_store
from backcare.understanding import Fill
from backcare.understanding.heard import LISTENERS

from .console.device import Device, SlotFill
from .console.nlu import Nlu, Parsed
from .web.app import create_app

QUIET = ("backcare", "waitress")


@dataclass
class Acted:
    intent: str
    slots: dict[str, Fill] = field(default_factory=dict)
    how: str = ""


class EchoPath:
    """A web service of the skill in this process, and a device posting to it."""

    def __init__(self, nlu: Nlu) -> None:
        self.nlu = nlu
        self._seen: list[Acted] = []
        self._lock = threading.Lock()

    def __enter__(self) -> EchoPath:
        import waitress

        # The turns run without the Alexa API (no time zone, no reminders):
        # what the skill says of that is not what is measured here.
        self._levels = {name: logging.getLogger(name).level for name in QUIET}
        for name in QUIET:
            logging.getLogger(name).setLevel(logging.CRITICAL)
        app = create_app(build_skill(store=open_store("memory://")), verify=False)
        self._server = waitress.create_server(app, host="127.0.0.1", port=0, threads=1)
        port = self._server.socket.getsockname()[1]
        self._url = f"http://127.0.0.1:{port}/"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        LISTENERS.append(self._listen)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        LISTENERS.remove(self._listen)
        self._server.close()
        self._thread.join(timeout=5)
        for name, level in self._levels.items():
            logging.getLogger(name).setLevel(level)

    def _serve(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # the socket closes under it at exit
            self._server.run()

    def _listen(self, name: str, slots: dict[str, Fill], how: str) -> None:
        with self._lock:
            self._seen.append(Acted(name, dict(slots), how))

    def _post(self, envelope: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(envelope).encode()
        request = urllib.request.Request(
            self._url, body, {"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            reply: dict[str, Any] = json.loads(answer.read())
            return reply

    def hear(self, text: str, today: date) -> Parsed:
        """What the skill acts on when `text` is said with no question open,
        as a new session on a device."""
        sent = self.nlu.alexa(text, today)
        clock = datetime.combine(today, time(12), UTC)
        device = Device(invoke=self._post, clock=lambda: clock)
        with self._lock:
            self._seen.clear()
        try:
            reply = device.intent(sent.intent, sent.slots)
        except OSError:  # a 5xx or a dropped connection: not understood
            return Parsed("AMAZON.FallbackIntent", {}, "http error", 0.0)
        with self._lock:
            acted = self._seen[-1] if self._seen else None
        if acted is None or "response" not in reply:
            return Parsed("AMAZON.FallbackIntent", {}, "no reply", 0.0)
        types = self.nlu.slot_types  # a built-in type's slot carries no type name
        slots = {
            k: SlotFill(f.value, f.slot_type or types.get((acted.intent, k), ""), f.id, f.name)
            for k, f in acted.slots.items()
        }
        return Parsed(acted.intent, slots, acted.how)
