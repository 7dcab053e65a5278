"""A bounded load generator for the web service on loopback.

Each client plays whole conversations (launch, start a routine, several
nexts, a pause, a tip, a massage question, stop) as its own user, over a
kept-alive HTTP connection, for a fixed time. It stops by itself.
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from ..console.device import Device, SlotFill

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


def run(url: str, clients: int, seconds: float) -> Result:
    seconds = min(seconds, MAX_SECONDS)
    parsed = urlparse(url)
    result = Result()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(
            parsed.hostname or "127.0.0.1", parsed.port, timeout=10
        )

        def post(event: dict[str, Any]) -> dict[str, Any]:
            body = json.dumps(event).encode()
            started = time.monotonic()
            try:
                connection.request(
                    "POST", parsed.path or "/", body, {"Content-Type": "application/json"}
                )
                reply = connection.getresponse()
                data = reply.read()
                ok = reply.status == 200
            except (OSError, http.client.HTTPException):
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
            device = Device(invoke=post, user_id=f"amzn1.ask.account.load-{index}-{runs}")
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
