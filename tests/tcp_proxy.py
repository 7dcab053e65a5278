"""A small loopback TCP proxy that can pass, delay, drop, hang or throttle
traffic to the local DynamoDB server, to test the store's failure paths.

The mode is applied to every request as it arrives, including requests on
connections the client keeps alive from before the mode changed."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field

THROTTLED = json.dumps(
    {
        "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        "message": "The level of configured provisioned throughput for the table was exceeded.",
    }
).encode()
HANG_SECONDS = 5.0  # longer than any client timeout; bounded so tests end


@dataclass
class Proxy:
    target_port: int
    mode: str = "pass"  # pass | delay | drop | hang | throttle
    delay: float = 0.0
    port: int = 0
    _server: socket.socket = field(init=False)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> Proxy:
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(32)
        self._server.settimeout(0.2)
        self.port = int(self._server.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.close()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
        except OSError:
            client.close()
            return
        threading.Thread(target=self._back, args=(upstream, client), daemon=True).start()
        with client, upstream:
            try:
                while chunk := client.recv(65536):
                    if not self._forward(chunk, client, upstream):
                        return
            except OSError:
                return

    def _forward(self, chunk: bytes, client: socket.socket, upstream: socket.socket) -> bool:
        mode = self.mode
        if mode == "drop":
            return False
        if mode == "hang":
            time.sleep(HANG_SECONDS)
            return False
        if mode == "throttle":
            client.sendall(
                b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.0\r\n"
                + f"Content-Length: {len(THROTTLED)}\r\nConnection: close\r\n\r\n".encode()
                + THROTTLED
            )
            return False  # one answer per request; the client reconnects
        if mode == "delay":
            time.sleep(self.delay)
        upstream.sendall(chunk)
        return True

    @staticmethod
    def _back(upstream: socket.socket, client: socket.socket) -> None:
        try:
            while chunk := upstream.recv(65536):
                client.sendall(chunk)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_WR)
