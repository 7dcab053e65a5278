"""A certificate chain made in the test run, and Alexa-style request signing."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


@dataclass
class Chain:
    root_der: bytes
    chain_pem: bytes  # leaf first, then the intermediate
    leaf_key: rsa.RSAPrivateKey

    def sign(self, body: bytes) -> str:
        signature = self.leaf_key.sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode()

    def headers(self, body: bytes, url: str = CERT_URL) -> dict[str, str]:
        return {
            "SignatureCertChainUrl": url,
            "Signature-256": self.sign(body),
            "Content-Type": "application/json",
        }


def _cert(
    subject: str,
    issuer: str,
    key: rsa.RSAPrivateKey,
    signer: rsa.RSAPrivateKey,
    ca: bool,
    san: str | None = None,
    days: int = 30,
) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=not ca,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if san:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False
        )
    return builder.sign(signer, hashes.SHA256())


def make_chain(san: str = "echo-api.amazon.com") -> Chain:
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    mid_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = _cert("Test Root", "Test Root", root_key, root_key, ca=True)
    mid = _cert("Test Intermediate", "Test Root", mid_key, root_key, ca=True)
    leaf = _cert(san, "Test Intermediate", leaf_key, mid_key, ca=False, san=san)
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (leaf, mid))
    return Chain(root.public_bytes(serialization.Encoding.DER), pem, leaf_key)


def body_of(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode()
