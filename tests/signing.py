"""A certificate chain made in the test run, and Alexa-style request signing."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from backcare_tools.devtools.certificates import issue

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"


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


def make_chain(san: str = "echo-api.amazon.com") -> Chain:
    """Root, intermediate and a signing certificate naming `san`, as Alexa's."""
    root_key, mid_key, leaf_key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(3)
    )
    root = issue("Test Root", root_key, ca=True, days=30)
    mid = issue("Test Intermediate", mid_key, root, root_key, ca=True, days=30)
    leaf = issue(san, leaf_key, mid, mid_key, dns=(san,), days=30)
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (leaf, mid))
    return Chain(root.public_bytes(serialization.Encoding.DER), pem, leaf_key)


def body_of(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode()
