"""A bounded load generator for the web service on loopback.

Each client plays whole conversations (launch, start a routine, several
nexts, a pause, a tip, a massage question, stop) as its own user, over a
kept-alive HTTP/1.1 connection, for a fixed time. It stops by itself.
Envelopes are a speaker's (minimal) or an Echo Show's (`echo_show.py`).

The HTTP client is a few lines over a socket, not http.client, whose own
cost per request was close to a server's: a load generator sharing two
cores with the server must spend as little as it can, or it measures
itself.
"""

from __future__ import annotations

import json
import socket
import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from ..console.device import Device, SlotFill
from .echo_show import device_kwargs

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
SWEDISH = SlotFill("swedish", "MASSAGE_TYPE", "swedish", "Swedish massage")
MAX_SECONDS = 300


@dataclass
class Result:
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def summary(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 1),
            "requests_per_second": round(self.per_second, 1),
            "p50_ms": round(self.percentile(0.50) * 1000, 1),
            "p99_ms": round(self.percentile(0.99) * 1000, 1),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 1) if self.latencies else 0.0,
        }


def conversation(device: Device) -> None:
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    device.intent("AMAZON.NoIntent")  # first-routine safety screen
    device.intent("SkipStepIntent")  # daily pain check-in
    for _ in range(3):
        device.intent("AMAZON.NextIntent")
    device.intent("AMAZON.PauseIntent")
    device.intent("TipIntent")
    device.intent("ExplainMassageIntent", {"MassageType": SWEDISH})
    device.intent("AMAZON.StopIntent")


class Connection:
    """One kept-alive HTTP/1.1 connection that POSTs JSON bodies."""

    def __init__(self, host: str, port: int, path: str, timeout: float = 10.0) -> None:
        self.address = (host, port)
        self.head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: application/json\r\nContent-Length: "
        ).encode()
        self.timeout = timeout
        self.sock: socket.socket | None = None
        self.buffer = b""

    def post(self, body: bytes) -> tuple[int, bytes]:
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buffer = b""
        self.sock.sendall(self.head + str(len(body)).encode() + b"\r\n\r\n" + body)
        while b"\r\n\r\n" not in self.buffer:
            self._receive()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        self.buffer = rest
        while len(self.buffer) < length:
            self._receive()
        data, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, data

    def _receive(self) -> None:
        assert self.sock is not None
        chunk = self.sock.recv(262144)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buffer += chunk

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def run(url: str, clients: int, seconds: float, envelopes: str = "minimal") -> Result:
    seconds = min(seconds, MAX_SECONDS)
    parsed = urlparse(url)
    result = Result()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    device_extras = device_kwargs(envelopes)

    def client(index: int) -> None:
        connection = Connection(
            parsed.hostname or "127.0.0.1", parsed.port or 80, parsed.path or "/"
        )

        def post(event: dict[str, Any]) -> dict[str, Any]:
            body = json.dumps(event).encode()
            started = time.monotonic()
            try:
                status, data = connection.post(body)
                ok = status == 200
            except (OSError, ValueError):
                connection.close()
                ok, data = False, b"{}"
            elapsed = time.monotonic() - started
            with lock:
                result.requests += 1
                result.latencies.append(elapsed)
                if not ok:
                    result.errors += 1
            parsed_body: dict[str, Any] = json.loads(data or b"{}") if ok else {}
            return parsed_body

        runs = 0
        while time.monotonic() < deadline:
            device = Device(
                invoke=post, user_id=f"amzn1.ask.account.load-{index}-{runs}", **device_extras
            )
            conversation(device)
            runs += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    result.seconds = time.monotonic() - started
    return result
