"""Logging that never carries a raw Alexa user id or a health answer.

User ids appear only as a keyed hash (HMAC-SHA256 with BACKCARE_LOG_KEY),
so one user's turns can be followed in the logs without naming them. The
key is never a fixed default: without BACKCARE_LOG_KEY each process makes
its own random key (references then match only within that process), and
template.yaml gives the function a generated secret. Pain scores and safety answers are logged at
DEBUG only. On Lambda, records are single-line JSON for CloudWatch.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from typing import Any

_PROCESS_KEY = secrets.token_bytes(32)
_FIELDS = ("user", "request", "intent", "store")


def log_key() -> bytes:
    key = os.environ.get("BACKCARE_LOG_KEY")
    return key.encode() if key else _PROCESS_KEY


def user_ref(user_id: str | None) -> str:
    if not user_id:
        return "-"
    return hmac.new(log_key(), user_id.encode(), hashlib.sha256).hexdigest()[:16]


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _FIELDS:
            if hasattr(record, name):
                body[name] = getattr(record, name)
        if record.exc_info:
            body["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(body, default=str)


def configure(level: str = "INFO") -> None:
    """JSON lines on Lambda, plain text elsewhere."""
    root = logging.getLogger()
    handler = logging.StreamHandler()
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.handlers = [handler]
    root.setLevel(level)
    for noisy in ("botocore", "urllib3", "boto3"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
