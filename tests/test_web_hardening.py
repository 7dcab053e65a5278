"""The web endpoint under hostile input: every malformed request gets a 4xx,
nothing logs a body, user id or token, the certificate download has one
deadline and a size cap, the chain cache is bounded and keyed by the
normalised URL, slow certificate hosts and slow connections do not block
valid requests, and the log level and key are honoured."""

from __future__ import annotations

import codecs
import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask

from backcare.skill import build_skill
from backcare.store import open_store
from backcare_tools.devtools.local_dynamodb import free_port, wait_for_port
from backcare_tools.web import verification
from backcare_tools.web.app import Limits, OncePerMinute, create_app
from backcare_tools.web.verification import Signature, VerificationException, download
from tests.helpers import ALEXA_LIMIT_SECONDS
from tests.signing import CERT_URL, Chain, body_of, make_chain
from tests.test_web import SKILL_ID, _one_event

USER = "amzn1.ask.account.HARDENINGSECRETUSER"
TOKEN = "HARDENING-SECRET-ACCESS-TOKEN"
MARK = "HARDENING-BODY-MARK"


@pytest.fixture(scope="module")
def chain() -> Chain:
    return make_chain()


def event() -> dict[str, Any]:
    out = _one_event()
    out["context"]["System"]["user"]["userId"] = USER
    out["session"]["user"]["userId"] = USER
    out["context"]["System"]["apiAccessToken"] = TOKEN
    out["session"]["attributes"] = {"note": MARK}
    return out


def deep(levels: int) -> bytes:
    inner = event()
    inner["session"]["attributes"]["deep"] = json.loads("[" * levels + "]" * levels)
    return body_of(inner)


def malformed() -> dict[str, bytes]:
    text = body_of(event()).decode()
    return {
        "json nested 1,000 deep": b"[" * 1000 + b"]" * 1000,
        "objects nested 1,000 deep": b'{"a":' * 1000 + b"1" + b"}" * 1000,
        "an envelope nested 200 deep": deep(200),
        "UTF-16": text.encode("utf-16"),
        "UTF-16 without a BOM": text.encode("utf-16-le"),
        "UTF-32": text.encode("utf-32"),
        "UTF-8 byte-order mark": codecs.BOM_UTF8 + text.encode(),
        "UTF-8-encoded surrogate": text.encode().replace(MARK.encode(), b"\xed\xa0\x80"),
        "not JSON": b"{" + MARK.encode(),
        "a list": b"[1, 2]",
        "no request": b'{"version": "1.0"}',
        "request not an object": text.replace('"request": {', '"request": 7, "r": {').encode(),
        "no context": json.dumps({k: v for k, v in event().items() if k != "context"}).encode(),
    }


def app_for(chain: Chain, verify: bool = True, signature: Signature | None = None) -> Flask:
    return create_app(
        build_skill(store=open_store("memory://")),
        verify=verify,
        skill_id=SKILL_ID,
        extra_trust_roots=[chain.root_der],
        cert_chains={CERT_URL: chain.chain_pem},
        signature=signature,
    )


@pytest.mark.parametrize("mode", ["unsigned", "signed", "no-verify"])
def test_malformed_requests_get_400(chain: Chain, mode: str) -> None:
    client = app_for(chain, verify=mode != "no-verify").test_client()
    for name, body in malformed().items():
        headers = {"Content-Type": "application/json"}
        if mode == "signed":
            headers = chain.headers(body)
        status = client.post("/", data=body, headers=headers).status_code
        assert status == 400, f"{name}: {status}"


def test_oversized_body_gets_413(chain: Chain) -> None:
    body = body_of(event()).replace(MARK.encode(), b"x" * 300_000)
    status = app_for(chain).test_client().post("/", data=body, headers=chain.headers(body))
    assert status.status_code == 413


def _signed_with(chain: Chain, change: Callable[[dict[str, str]], None]) -> int:
    body = body_of(event())
    headers = chain.headers(body)
    change(headers)
    return int(app_for(chain).test_client().post("/", data=body, headers=headers).status_code)


@pytest.mark.parametrize(
    "signature",
    ["not base64!", "YWJj" * 300, "", "YWJjZA=", "Zm9v YmFy", "=" * 8],
)
def test_bad_signatures_get_400(chain: Chain, signature: str) -> None:
    assert _signed_with(chain, lambda h: h.update({"Signature-256": signature})) == 400


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-11-24T08:00:00",  # no zone
        datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),  # no zone, now
        "yesterday",
        "",
        "2026-13-45T99:00:00Z",
    ],
)
def test_bad_timestamps_get_400(chain: Chain, stamp: str) -> None:
    event_ = event()
    event_["request"]["timestamp"] = stamp
    body = body_of(event_)
    reply = app_for(chain).test_client().post("/", data=body, headers=chain.headers(body))
    assert reply.status_code == 400


def test_a_timestamp_with_an_offset_is_accepted(chain: Chain) -> None:
    event_ = event()
    moment = datetime.now(UTC).astimezone().replace(microsecond=0)
    event_["request"]["timestamp"] = moment.isoformat()
    body = body_of(event_)
    reply = app_for(chain).test_client().post("/", data=body, headers=chain.headers(body))
    assert reply.status_code == 200


def test_nothing_logs_a_body_user_id_or_token(
    chain: Chain, caplog: pytest.LogCaptureFixture
) -> None:
    client = app_for(chain).test_client()
    with caplog.at_level(logging.DEBUG):
        for body in [*malformed().values(), body_of(event())]:
            client.post("/", data=body, headers=chain.headers(body))
            client.post("/", data=body, headers={"Content-Type": "application/json"})
    assert any(r.getMessage().startswith("refused a request") for r in caplog.records)
    for record in caplog.records:
        line = json.dumps(record.__dict__, default=str) + (record.exc_text or "")
        for secret in (USER, TOKEN, MARK):
            assert secret not in line, f"{secret} logged by {record.name}: {record.getMessage()}"


# Certificate download: one deadline, a size cap.


class Host:
    """A loopback HTTP server that answers every GET in its own way."""

    def __init__(self, answer: Callable[[socket.socket], None]) -> None:
        self.answer = answer
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.stopping = threading.Event()
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/echo.api/chain.pem"

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(4096)
                self.answer(conn)
            except OSError:
                pass

    def close(self) -> None:
        self.stopping.set()
        self.listener.close()


@pytest.fixture
def hosts() -> Iterator[list[Host]]:
    made: list[Host] = []
    yield made
    for host in made:
        host.close()


def drip(stopping: threading.Event, every: float = 0.3) -> Callable[[socket.socket], None]:
    """One byte of a never-ending answer every `every` seconds."""

    def answer(conn: socket.socket) -> None:
        for byte in b"HTTP/1.0 200 OK\r\nContent-Length: 99999\r\n\r\n" + b"x" * 99999:
            if stopping.wait(every):
                return
            conn.sendall(bytes([byte]))

    return answer


def test_download_has_one_deadline_for_the_whole_download(hosts: list[Host]) -> None:
    stopping = threading.Event()
    host = Host(drip(stopping))
    hosts.append(host)
    started = time.monotonic()
    try:
        with pytest.raises(VerificationException, match="too long"):
            download(host.url, seconds=1.0)
    finally:
        stopping.set()
    # A limit per read would wait for the whole answer (hours at this pace).
    assert time.monotonic() - started < ALEXA_LIMIT_SECONDS


def test_download_has_a_size_cap(hosts: list[Host]) -> None:
    def huge(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.0 200 OK\r\n\r\n" + b"x" * (verification.MAX_CHAIN_BYTES + 1))

    host = Host(huge)
    hosts.append(host)
    with pytest.raises(VerificationException, match="too large"):
        download(host.url)


def test_download_reads_an_answer(hosts: list[Host], chain: Chain) -> None:
    def good(conn: socket.socket) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(chain.chain_pem)}\r\n\r\n"
        conn.sendall(head.encode() + chain.chain_pem)

    def cut(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nshort")

    def missing(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")

    good_host, cut_host, missing_host = Host(good), Host(cut), Host(missing)
    hosts.extend([good_host, cut_host, missing_host])
    assert download(good_host.url) == chain.chain_pem
    with pytest.raises(VerificationException, match="cut short"):
        download(cut_host.url)
    with pytest.raises(VerificationException, match="200"):
        download(missing_host.url)


# The chain cache.


class Fetches:
    """A stand-in for the download: counts calls, answers from a table."""

    def __init__(self, answers: dict[str, bytes]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        if url not in self.answers:
            raise VerificationException("not found")
        return self.answers[url]


def test_cache_key_is_the_normalised_url(chain: Chain) -> None:
    fetch = Fetches({CERT_URL: chain.chain_pem})
    signature = Signature([chain.root_der], fetch=fetch)
    body = body_of(event())
    for url in (
        CERT_URL,
        CERT_URL + "?x=1",
        CERT_URL + "#part",
        CERT_URL.replace("s3.amazonaws.com", "S3.AmazonAWS.com:443"),
        CERT_URL.replace("/echo.api/", "/echo.api/../echo.api/"),
        CERT_URL.replace("https:", "HTTPS:"),
    ):
        signature.check(url, chain.sign(body), body)
    assert fetch.calls == [CERT_URL]
    assert signature.cached() == [CERT_URL]


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/not.echo.api/cert.pem",
        "https://s3.amazonaws.com/echo.api/../cert.pem",
        "https://evil.example.com/echo.api/cert.pem",
        "https://s3.amazonaws.com:8443/echo.api/cert.pem",
        "https://s3.amazonaws.com:99999/echo.api/cert.pem",
        "https://[::1/echo.api/cert.pem",
    ],
)
def test_only_urls_that_pass_the_checks_are_fetched_or_cached(chain: Chain, url: str) -> None:
    fetch = Fetches({})
    signature = Signature([chain.root_der], fetch=fetch)
    body = body_of(event())
    with pytest.raises(VerificationException):
        signature.check(url, chain.sign(body), body)
    assert fetch.calls == [] and signature.cached() == []


def test_failures_are_remembered_briefly(chain: Chain) -> None:
    now = [1000.0]
    fetch = Fetches({})
    signature = Signature([chain.root_der], fetch=fetch, clock=lambda: now[0])
    body = body_of(event())
    for _ in range(3):
        with pytest.raises(VerificationException):
            signature.check(CERT_URL, chain.sign(body), body)
    assert len(fetch.calls) == 1
    now[0] += verification.FAILURE_SECONDS + 1
    fetch.answers[CERT_URL] = chain.chain_pem
    signature.check(CERT_URL, chain.sign(body), body)
    assert len(fetch.calls) == 2 and signature.cached() == [CERT_URL]


def test_an_invalid_chain_is_not_cached(chain: Chain) -> None:
    stranger = make_chain()
    fetch = Fetches({CERT_URL: stranger.chain_pem})
    signature = Signature([chain.root_der], fetch=fetch)
    body = body_of(event())
    with pytest.raises(VerificationException, match="not valid"):
        signature.check(CERT_URL, stranger.sign(body), body)
    assert signature.cached() == []


def test_the_cache_is_bounded(chain: Chain) -> None:
    urls = [CERT_URL.replace("test.pem", f"{n}.pem") for n in range(verification.CACHE_SIZE + 5)]
    signature = Signature([chain.root_der], fetch=Fetches(dict.fromkeys(urls, chain.chain_pem)))
    body = body_of(event())
    for url in urls:
        signature.check(url, chain.sign(body), body)
    assert signature.cached() == urls[-verification.CACHE_SIZE :]


# Under waitress: slow certificate hosts and slow connections.


class Server:
    def __init__(self, app: Flask, limits: Limits) -> None:
        from waitress import create_server

        self.server = create_server(app, host="127.0.0.1", port=0, **limits.waitress())
        self.port = int(self.server.effective_port)
        self.closing = False
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            self.server.run()
        except (OSError, ValueError):
            if not self.closing:  # close() from the test ends the loop this way
                raise

    def post(self, body: bytes, headers: dict[str, str], timeout: float) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("POST", "/", body, headers)
            return conn.getresponse().status
        finally:
            conn.close()

    def close(self) -> None:
        self.closing = True
        self.server.close()


def test_slow_certificate_hosts_do_not_block_valid_requests(
    chain: Chain, hosts: list[Host]
) -> None:
    stopping = threading.Event()
    slow = Host(drip(stopping, every=1.5))
    hosts.append(slow)

    def fetch(url: str) -> bytes:
        if url == CERT_URL:
            return chain.chain_pem
        return download(slow.url)  # any other chain URL: the slow host

    server = Server(app_for(chain, signature=Signature([chain.root_der], fetch=fetch)), Limits())
    body = body_of(event())
    server.post(body, chain.headers(body), timeout=ALEXA_LIMIT_SECONDS)  # caches the real chain
    results: list[int] = []
    attackers = [
        threading.Thread(
            target=lambda n=n: results.append(
                server.post(body, chain.headers(body, url=CERT_URL + f"x{n}"), timeout=30)
            )
        )
        for n in range(4)
    ]
    try:
        for thread in attackers:
            thread.start()
        time.sleep(0.3)
        started = time.monotonic()
        fresh = body_of(event())
        assert server.post(fresh, chain.headers(fresh), timeout=ALEXA_LIMIT_SECONDS) == 200
        assert time.monotonic() - started < ALEXA_LIMIT_SECONDS
        for thread in attackers:
            thread.join(timeout=30)
        assert results == [400] * 4
    finally:
        stopping.set()
        server.close()


def test_slow_connections_do_not_stop_the_server(chain: Chain) -> None:
    server = Server(app_for(chain, verify=False), Limits())
    slow = []
    try:
        for _ in range(150):  # more than waitress's default limit of 100
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
            slow.append(sock)
        body = body_of(event())
        headers = {"Content-Type": "application/json"}
        assert server.post(body, headers, timeout=ALEXA_LIMIT_SECONDS) == 200
    finally:
        for sock in slow:
            sock.close()
        server.close()


def test_queue_warnings_are_held_to_one_a_minute() -> None:
    gate = OncePerMinute()
    records = [
        logging.LogRecord(
            "waitress.queue", logging.WARNING, "", 0, "Task queue depth is %d", (n,), None
        )
        for n in range(1000)
    ]
    assert sum(gate.filter(r) for r in records) == 1


# `backcare serve`: the log level, the log key.


def _serve_and_post(env: dict[str, str]) -> str:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "backcare_tools.cli", "serve", "--no-verify", "--port", str(port)],
        env={**os.environ, "BACKCARE_STORE": "memory://", **env},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=ALEXA_LIMIT_SECONDS)
        conn.request("POST", "/", body_of(event()), {"Content-Type": "application/json"})
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    return err


def test_serve_honours_the_log_level() -> None:
    quiet = _serve_and_post({"BACKCARE_LOG_LEVEL": "WARNING", "BACKCARE_LOG_KEY": "k"})
    chatty = _serve_and_post({"BACKCARE_LOG_LEVEL": "DEBUG", "BACKCARE_LOG_KEY": "k"})
    assert "INFO backcare" not in quiet and "BACKCARE_LOG_KEY" not in quiet
    assert "INFO backcare" in chatty
    assert USER not in chatty and TOKEN not in chatty and MARK not in chatty


def test_serve_warns_without_a_log_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "BACKCARE_LOG_KEY"}
    assert "BACKCARE_LOG_KEY is not set" in _serve_and_post({**env, "BACKCARE_LOG_KEY": ""})


def test_the_log_key_is_never_a_fixed_default() -> None:
    code = "from backcare.logs import user_ref; print(user_ref('amzn1.ask.account.x'))"
    env = {k: v for k, v in os.environ.items() if k not in ("BACKCARE_LOG_KEY",)}
    env["BACKCARE_SKILL_ID"] = SKILL_ID
    refs = {
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    assert len(refs) == 2, "two processes without a key hashed alike: the key is fixed"
