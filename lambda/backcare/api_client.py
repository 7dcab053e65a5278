"""The SDK's HTTP client for Alexa APIs, with a time limit.

ask-sdk-core's DefaultApiClient calls `requests` with no timeout, so a slow
reminders or settings API could hold a reply past Alexa's 8 seconds. This
keeps the SDK's client (and its HTTPS-only rule) and adds the limit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ask_sdk_core.api_client import DefaultApiClient

CONNECT_SECONDS = 1.0
READ_SECONDS = 2.0


class TimedApiClient(DefaultApiClient):
    def _resolve_method(self, request: Any) -> Callable[..., Any]:
        method = super()._resolve_method(request)
        return functools.partial(method, timeout=(CONNECT_SECONDS, READ_SECONDS))
