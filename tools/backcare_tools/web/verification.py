"""Alexa request verification for the web service.

Signature, certificate URL and chain, and timestamp checks are the SDK's
own (ask-sdk-webservice-support). This adds two things: a skill-id check
that answers 400 like the others, and trust roots beyond the system's, so
tests can sign requests with a chain they generate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.request import urlopen

from ask_sdk_webservice_support.verifier import (
    AbstractVerifier,
    RequestVerifier,
    TimestampVerifier,
    VerificationException,
)
from asn1crypto import pem
from certvalidator import CertificateValidator, ValidationContext
from certvalidator.errors import PathError, ValidationError

CERT_DOWNLOAD_SECONDS = 2.0
MAX_CHAIN_BYTES = 64 * 1024


class AlexaRequestVerifier(RequestVerifier):
    """The SDK's signature verifier, with optional extra trust roots (DER)."""

    def __init__(
        self,
        extra_trust_roots: Sequence[bytes] = (),
        cert_chains: Mapping[str, bytes] | None = None,
    ) -> None:
        super().__init__()
        self._extra_roots = list(extra_trust_roots)
        # The SDK caches downloaded chains by URL; pre-seeding it lets tests
        # use a chain they made without reaching the network.
        self._cert_cache.update(cert_chains or {})

    def _load_cert_chain(self, cert_url: str) -> bytes:
        # As the SDK does (cached by URL), but with a time limit: the SDK's
        # download has none, and a slow certificate host must not hold a
        # request past Alexa's deadline.
        cached = self._cert_cache.get(cert_url)
        if cached is not None:
            return bytes(cached)
        try:
            with urlopen(cert_url, timeout=CERT_DOWNLOAD_SECONDS) as response:
                data = bytes(response.read(MAX_CHAIN_BYTES))
        except (OSError, ValueError) as err:
            raise VerificationException("Unable to load certificate from URL", err) from err
        self._cert_cache[cert_url] = data
        return data

    def _validate_cert_chain(self, cert_chain: bytes) -> None:
        if not self._extra_roots:
            super()._validate_cert_chain(cert_chain)
            return
        try:
            certs = [der for _, _, der in pem.unarmor(cert_chain, multiple=True)]
            context = ValidationContext(extra_trust_roots=self._extra_roots)
            validator = CertificateValidator(certs[0], certs[1:], validation_context=context)
            validator.validate_usage(key_usage={"digital_signature"})
        except (PathError, ValidationError, IndexError, ValueError) as err:
            raise VerificationException("Certificate chain is not valid", err) from err


class SkillIdVerifier(AbstractVerifier):
    """Refuse requests addressed to any other skill (HTTP 400)."""

    def __init__(self, skill_id: str) -> None:
        self.skill_id = skill_id

    def verify(
        self, headers: Any, serialized_request_env: str, deserialized_request_env: Any
    ) -> None:
        try:
            app_id = deserialized_request_env.context.system.application.application_id
        except AttributeError:
            app_id = None
        if app_id != self.skill_id:
            raise VerificationException("Request is for another skill")


def verifiers(
    verify: bool,
    skill_id: str | None,
    extra_trust_roots: Sequence[bytes] = (),
    cert_chains: Mapping[str, bytes] | None = None,
) -> list[AbstractVerifier]:
    out: list[AbstractVerifier] = []
    if verify:
        out += [AlexaRequestVerifier(extra_trust_roots, cert_chains), TimestampVerifier()]
    if skill_id:
        out.append(SkillIdVerifier(skill_id))
    return out
