"""A local stand-in for the Alexa APIs the skill calls: the device time-zone
setting and the reminders API. It serves HTTPS on a loopback port (the SDK's
client refuses plain HTTP), checks the bearer token, validates reminder
bodies the way the real API documents them, and can be told to fail."""

from __future__ import annotations

import json
import re
import ssl
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .certificates import LoopbackTls, make_loopback_tls

TOKEN = "stand-in-api-access-token"
_TZ = re.compile(r"^/v2/devices/([^/]+)/settings/System\.timeZone$")
_ONE = re.compile(r"^/v1/alerts/reminders/([^/]+)$")
_LIST = "/v1/alerts/reminders"
_LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


@dataclass
class Call:
    method: str
    path: str
    body: Any


@dataclass
class StandIn:
    """State a test can read and steer."""

    time_zone: str | None = "America/New_York"
    token: str = TOKEN
    reminders: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)  # statuses for the next calls
    fail_always: int | None = None
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_failure(self) -> int | None:
        with self.lock:
            if self.fail_next:
                return self.fail_next.pop(0)
            return self.fail_always


def _check_reminder(body: Any) -> str | None:
    """Why the real API would refuse this body, or None."""
    if not isinstance(body, dict):
        return "body is not an object"
    trigger = body.get("trigger") or {}
    if trigger.get("type") != "SCHEDULED_ABSOLUTE":
        return "trigger.type must be SCHEDULED_ABSOLUTE"
    if not _LOCAL.match(str(trigger.get("scheduledTime", ""))):
        return "trigger.scheduledTime must be local time without an offset"
    if not trigger.get("timeZoneId"):
        return "trigger.timeZoneId is required"
    recurrence = trigger.get("recurrence")
    if recurrence is not None:
        if "freq" in recurrence or "byDay" in recurrence:
            return "recurrence.freq and byDay are deprecated; use recurrenceRules"
        if not recurrence.get("recurrenceRules"):
            return "recurrence.recurrenceRules is required"
    spoken = ((body.get("alertInfo") or {}).get("spokenInfo") or {}).get("content") or []
    if not spoken or not spoken[0].get("text"):
        return "alertInfo.spokenInfo.content[0].text is required"
    return None


def _handler(state: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _send(self, status: int, body: Any = None) -> None:
            data = json.dumps(body if body is not None else {}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode(errors="replace")
            state.calls.append(Call(method, self.path, body))
            if state.delay:
                time.sleep(state.delay)
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                self._send(401, {"code": "UNAUTHORIZED", "message": "bad token"})
                return
            failure = state.take_failure()
            if failure:
                self._send(failure, {"code": "FAILED", "message": f"told to answer {failure}"})
                return
            self._route(method, body)

        def _route(self, method: str, body: Any) -> None:
            path = self.path.split("?")[0]
            now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000")
            zone = _TZ.match(path)
            if zone and method == "GET":
                if state.time_zone is None:
                    self._send(204)
                else:
                    self._send(200, state.time_zone)
                return
            if path == _LIST and method == "POST":
                problem = _check_reminder(body)
                if problem:
                    self._send(400, {"code": "INVALID_REQUEST", "message": problem})
                    return
                token = str(uuid.uuid4())
                state.reminders[token] = {
                    **body,
                    "alertToken": token,
                    "status": "ON",
                    "createdTime": now,
                    "updatedTime": now,
                    "version": "1",
                }
                self._send(
                    200,
                    {
                        "alertToken": token,
                        "createdTime": now,
                        "updatedTime": now,
                        "status": "ON",
                        "version": "1",
                        "href": f"{_LIST}/{token}",
                    },
                )
                return
            if path == _LIST and method == "GET":
                alerts = list(state.reminders.values())
                self._send(200, {"totalCount": str(len(alerts)), "alerts": alerts, "links": None})
                return
            one = _ONE.match(path)
            if one and one.group(1) in state.reminders:
                token = one.group(1)
                if method == "DELETE":
                    del state.reminders[token]
                    self._send(200, {})
                    return
                if method == "GET":
                    self._send(200, state.reminders[token])
                    return
            if one:
                self._send(404, {"code": "NOT_FOUND", "message": "no such reminder"})
                return
            self._send(404, {"code": "NOT_FOUND", "message": path})

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PUT(self) -> None:
            self._serve("PUT")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

    return Handler


class _TlsServer(ThreadingHTTPServer):
    """TLS handshakes run in each connection's own thread: wrapping the
    listening socket did them in the accept loop, where one slow handshake
    on a loaded machine stalled the rest and a client saw SSLEOFError."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], handler: Any, context: ssl.SSLContext) -> None:
        super().__init__(address, handler)
        self.context = context
        self.busy = threading.Condition()
        self.in_flight = 0

    def finish_request(self, request: Any, client_address: Any) -> None:
        with self.busy:
            self.in_flight += 1
        try:
            request.settimeout(10)
            with self.context.wrap_socket(request, server_side=True) as tls:
                super().finish_request(tls, client_address)
        finally:
            with self.busy:
                self.in_flight -= 1
                self.busy.notify_all()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (the skill's own timeout tests) is expected.
        if not isinstance(sys.exc_info()[1], (ssl.SSLError, ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class AlexaApiServer:
    """Start with `start()`; `url` is the apiEndpoint to put in envelopes and
    `tls.ca_file` the CA that REQUESTS_CA_BUNDLE must name."""

    def __init__(self, state: StandIn | None = None, tls: LoopbackTls | None = None) -> None:
        self.state = state or StandIn()
        self.tls = tls or make_loopback_tls()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.tls.cert_file, self.tls.key_file)
        self._server = _TlsServer(("127.0.0.1", 0), _handler(self.state), context)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    def settle(self, seconds: float = 15.0) -> None:
        """Wait for requests still being served: a client that gave up (a
        timeout test) leaves one running, and it must not write into the
        next test's fresh state."""
        with self._server.busy:
            self._server.busy.wait_for(lambda: self._server.in_flight == 0, seconds)

    def start(self) -> AlexaApiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
