"""Alexa request verification for the web service, hardened.

The checks are those of the SDK's verifiers (ask-sdk-webservice-support),
with its constants, in an order and a form that refuse a bad request with
`VerificationException` (HTTP 400) before it costs anything, and never
with any other error:

1. `Signature`: the two headers are present; the certificate URL passes the
   SDK's rules (https, s3.amazonaws.com, port 443, a path under /echo.api/
   once normalised) and is normalised (scheme and host lower case, path
   normalised, query and fragment dropped): that is the cache key and the
   URL fetched. The signature is strict base64 of a plausible length.
2. The certificate chain comes from a bounded cache of chains that passed
   validation, keyed by the normalised URL; only a URL that passed the
   checks is ever fetched or cached. A miss downloads it (`download`: one
   deadline for the whole download, a size cap, at most `MAX_DOWNLOADS` at
   once, one download per URL however many requests wait for it), then
   validates the chain (certvalidator, as the SDK) and the signing
   certificate (dates, Alexa's name). A URL that failed is remembered for
   `FAILURE_SECONDS` and refused without a download.
3. The signature (RSA PKCS#1 v1.5 over SHA-256) is checked over the raw
   body bytes, before the body is parsed.

`check_timestamp` and `check_skill_id` then work on the parsed body.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import selectors
import socket
import ssl
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from ask_sdk_webservice_support.verifier import VerificationException
from ask_sdk_webservice_support.verifier_constants import (
    ALEXA_SKILL_EVENT_LIST,
    CERT_CHAIN_DOMAIN,
    CERT_CHAIN_URL_HOSTNAME,
    CERT_CHAIN_URL_PORT,
    CERT_CHAIN_URL_PROTOCOL,
    MAX_NORMAL_REQUEST_TOLERANCE_IN_MILLIS,
    MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS,
    SIGNATURE_CERT_CHAIN_URL_HEADER,
    SIGNATURE_HEADER,
)
from asn1crypto import pem
from certvalidator import CertificateValidator, ValidationContext
from certvalidator.errors import PathError, ValidationError
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

__all__ = ["SIGNATURE_CERT_CHAIN_URL_HEADER", "SIGNATURE_HEADER", "VerificationException"]

CERT_DOWNLOAD_SECONDS = 2.0  # the whole download: connect, TLS, request, answer
MAX_CHAIN_BYTES = 64 * 1024  # Alexa's chain is about 8 KB
MAX_HEADER_BYTES = 16 * 1024
MAX_DOWNLOADS = 2  # distinct chains downloading at once; the rest are refused
CACHE_SIZE = 16  # validated chains kept (Alexa uses one or two URLs)
FAILURE_SECONDS = 60.0  # how long a URL that failed is refused without a download
FAILURES_KEPT = 256
MAX_SIGNATURE_CHARS = 1024  # a 4096-bit RSA signature is 684 base64 characters
START_PATH = "/echo.api/"

Fetch = Callable[[str], bytes]


def normalise_url(url: str) -> str:
    """The SDK's certificate URL rules; the URL to fetch and to cache by."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as err:
        raise VerificationException("Signature certificate URL is malformed") from err
    if parts.scheme.lower() != CERT_CHAIN_URL_PROTOCOL:
        raise VerificationException("Signature certificate URL is not https")
    if (parts.hostname or "").lower() != CERT_CHAIN_URL_HOSTNAME:
        raise VerificationException("Signature certificate URL has the wrong host")
    if port is not None and port != CERT_CHAIN_URL_PORT:
        raise VerificationException("Signature certificate URL has the wrong port")
    path = posixpath.normpath(parts.path) if parts.path else ""
    if not path.startswith(START_PATH):
        raise VerificationException("Signature certificate URL has the wrong path")
    return f"{CERT_CHAIN_URL_PROTOCOL}://{CERT_CHAIN_URL_HOSTNAME}{path}"


def download(
    url: str,
    seconds: float = CERT_DOWNLOAD_SECONDS,
    limit: int = MAX_CHAIN_BYTES,
    context: ssl.SSLContext | None = None,
) -> bytes:
    """GET `url` (http or https) within `seconds` for the whole exchange and
    at most `limit` body bytes; raises VerificationException otherwise.

    Every socket operation waits only for what is left of the one deadline,
    so a server that sends a byte now and then cannot stretch it (a limit
    per read, as urllib's, can be held open indefinitely). HTTP/1.0 with
    `Connection: close`: the body is everything up to the close.
    """
    deadline = time.monotonic() + seconds
    parts = urlsplit(url)
    host = parts.hostname or ""
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    try:
        raw = socket.create_connection((host, port), timeout=max(0.001, seconds))
    except OSError as err:
        raise VerificationException("Could not reach the certificate host") from err
    sock: socket.socket = raw
    try:
        raw.setblocking(False)
        if secure:
            tls = (context or ssl.create_default_context()).wrap_socket(
                raw, server_hostname=host, do_handshake_on_connect=False
            )
            sock = tls
            _io(sock, deadline, tls.do_handshake)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = f"GET {target} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        view = memoryview(request)
        while view:
            view = view[_io(sock, deadline, partial(sock.send, view)) :]
        received = bytearray()
        while True:
            chunk = _io(sock, deadline, partial(sock.recv, 65536))
            if not chunk:
                break
            received += chunk
            if len(received) > limit + MAX_HEADER_BYTES:
                raise VerificationException("Certificate chain is too large")
    except (OSError, ValueError) as err:
        raise VerificationException("Could not download the certificate chain") from err
    finally:
        sock.close()
    return _body(bytes(received), limit)


def _io(sock: socket.socket, deadline: float, step: Callable[[], Any]) -> Any:
    """Run one non-blocking socket step, waiting no later than `deadline`."""
    with selectors.DefaultSelector() as selector:
        while True:
            try:
                return step()
            except (ssl.SSLWantReadError, BlockingIOError, InterruptedError):
                events = selectors.EVENT_READ
            except ssl.SSLWantWriteError:
                events = selectors.EVENT_WRITE
            left = deadline - time.monotonic()
            if left <= 0:
                raise VerificationException("Certificate download took too long")
            selector.register(sock, events)
            ready = selector.select(left)
            selector.unregister(sock)
            if not ready:
                raise VerificationException("Certificate download took too long")


def _body(response: bytes, limit: int) -> bytes:
    head, found, body = response.partition(b"\r\n\r\n")
    if not found or len(head) > MAX_HEADER_BYTES:
        raise VerificationException("Certificate host sent no valid answer")
    status = head.split(b"\r\n", 1)[0].split()
    if len(status) < 2 or not status[0].startswith(b"HTTP/") or status[1] != b"200":
        raise VerificationException("Certificate host did not answer 200")
    if len(body) > limit:
        raise VerificationException("Certificate chain is too large")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip() != str(len(body)).encode():
            raise VerificationException("Certificate chain was cut short")
    return body


@dataclass(frozen=True)
class _Chain:
    key: rsa.RSAPublicKey
    valid_from: datetime
    valid_until: datetime


class _Pending:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.chain: _Chain | None = None


class Signature:
    """Checks an Alexa request's signature headers against its raw body."""

    def __init__(
        self,
        extra_trust_roots: Sequence[bytes] = (),
        cert_chains: Mapping[str, bytes] | None = None,
        fetch: Fetch | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._extra_roots = list(extra_trust_roots)
        self._fetch = fetch or download
        self._clock = clock
        self._lock = threading.Lock()
        self._chains: OrderedDict[str, _Chain] = OrderedDict()
        self._failed: OrderedDict[str, float] = OrderedDict()
        self._pending: dict[str, _Pending] = {}
        # Chains given up front (the tests' own) stand in for downloads and
        # are validated like them.
        self._given = {normalise_url(url): data for url, data in (cert_chains or {}).items()}

    def check(self, url: str | None, signature: str | None, body: bytes) -> None:
        """`url` and `signature`: the SignatureCertChainUrl and Signature-256
        headers; `body`: the request body as received."""
        if not url or not signature:
            raise VerificationException("Missing signature or certificate URL")
        if len(signature) > MAX_SIGNATURE_CHARS:
            raise VerificationException("Signature is too long")
        try:
            decoded = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError) as err:
            raise VerificationException("Signature is not base64") from err
        chain = self._chain(normalise_url(url))
        try:
            chain.key.verify(decoded, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as err:
            raise VerificationException("Request body does not match its signature") from err

    def cached(self) -> list[str]:
        """The URLs whose validated chains are kept (for tests and logs)."""
        with self._lock:
            return list(self._chains)

    def _chain(self, key: str) -> _Chain:
        now = datetime.now(UTC)
        with self._lock:
            chain = self._chains.get(key)
            if chain is not None:
                self._chains.move_to_end(key)
            else:
                failed_at = self._failed.get(key)
                if failed_at is not None and self._clock() - failed_at < FAILURE_SECONDS:
                    raise VerificationException("Certificate URL failed recently")
                pending = self._pending.get(key)
                owner = pending is None
                if pending is None:
                    if len(self._pending) >= MAX_DOWNLOADS:
                        raise VerificationException("Too many certificate downloads at once")
                    pending = self._pending[key] = _Pending()
        if chain is None:
            assert pending is not None
            chain = self._load(key, pending) if owner else self._wait(pending)
        if not chain.valid_from <= now <= chain.valid_until:
            raise VerificationException("Signing certificate is not valid now")
        return chain

    def _wait(self, pending: _Pending) -> _Chain:
        if not pending.done.wait(CERT_DOWNLOAD_SECONDS + 1) or pending.chain is None:
            raise VerificationException("Certificate chain could not be loaded")
        return pending.chain

    def _load(self, key: str, pending: _Pending) -> _Chain:
        try:
            data = self._given.get(key)
            pending.chain = self._validate(data if data is not None else self._fetch(key))
        except Exception as err:
            with self._lock:
                self._failed[key] = self._clock()
                self._failed.move_to_end(key)
                while len(self._failed) > FAILURES_KEPT:
                    self._failed.popitem(last=False)
            if isinstance(err, VerificationException):
                raise
            raise VerificationException("Certificate chain could not be loaded") from err
        finally:
            with self._lock:
                self._pending.pop(key, None)
                if pending.chain is not None:
                    self._chains[key] = pending.chain
                    while len(self._chains) > CACHE_SIZE:
                        self._chains.popitem(last=False)
            pending.done.set()
        return pending.chain

    def _validate(self, data: bytes) -> _Chain:
        try:
            ders = [der for _, _, der in pem.unarmor(data, multiple=True)]
            if not ders:
                raise ValueError("no certificate")
            context = (
                ValidationContext(extra_trust_roots=self._extra_roots)
                if self._extra_roots
                else None
            )
            validator = CertificateValidator(ders[0], ders[1:], validation_context=context)
            validator.validate_usage(key_usage={"digital_signature"})
            certs = [x509.load_der_x509_certificate(der) for der in ders]
        except (PathError, ValidationError, ValueError, TypeError) as err:
            raise VerificationException("Certificate chain is not valid") from err
        leaf = certs[0]
        try:
            names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        except x509.ExtensionNotFound as err:
            raise VerificationException("Signing certificate names no domain") from err
        if CERT_CHAIN_DOMAIN not in names.value.get_values_for_type(x509.DNSName):
            raise VerificationException(f"{CERT_CHAIN_DOMAIN} missing in signing certificate")
        key = leaf.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerificationException("Signing certificate key is not RSA")
        return _Chain(
            key=key,
            valid_from=max(c.not_valid_before_utc for c in certs),
            valid_until=min(c.not_valid_after_utc for c in certs),
        )


def check_timestamp(event: Mapping[str, Any], now: datetime | None = None) -> None:
    """The SDK's timestamp rule (150 s; skill events an hour), on the parsed
    body; a timestamp without a zone is refused, not compared."""
    request = event.get("request")
    if not isinstance(request, dict) or not isinstance(request.get("timestamp"), str):
        raise VerificationException("Request has no timestamp")
    stamp: str = request["timestamp"]
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError as err:
        raise VerificationException("Request timestamp is not ISO 8601") from err
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise VerificationException("Request timestamp has no time zone")
    age = abs(((now or datetime.now(UTC)) - moment).total_seconds())
    if age <= MAX_NORMAL_REQUEST_TOLERANCE_IN_MILLIS / 1000:
        return
    if (
        request.get("type") in ALEXA_SKILL_EVENT_LIST
        and age <= MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS / 1000
    ):
        return
    raise VerificationException("Request timestamp is too old or in the future")


def check_skill_id(event: Mapping[str, Any], skill_id: str) -> None:
    """Refuse requests addressed to any other skill."""
    try:
        app_id = event["context"]["System"]["application"]["applicationId"]
    except (KeyError, TypeError) as err:
        raise VerificationException("Request names no skill") from err
    if app_id != skill_id:
        raise VerificationException("Request is for another skill")
