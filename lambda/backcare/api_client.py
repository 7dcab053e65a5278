"""The SDK's HTTP client for Alexa APIs, with a time limit, loaded on first use.

ask-sdk-core's DefaultApiClient calls `requests` with no timeout, so a slow
reminders or settings API could hold a reply past Alexa's 8 seconds. This
keeps the SDK's client (and its HTTPS-only rule) and adds the limit. Most
turns never call an Alexa API, so `requests` is imported only when one does
(it is a large share of a cold start).
"""

from __future__ import annotations

import functools
from typing import Any

from ask_sdk_model.services.api_client import ApiClient

CONNECT_SECONDS = 1.0
READ_SECONDS = 2.0


def _timed_client() -> ApiClient:
    from ask_sdk_core.api_client import DefaultApiClient

    class TimedApiClient(DefaultApiClient):
        def _resolve_method(self, request: Any) -> Any:
            method = super()._resolve_method(request)
            return functools.partial(method, timeout=(CONNECT_SECONDS, READ_SECONDS))

    client: ApiClient = TimedApiClient()
    return client


class LazyApiClient(ApiClient):
    """Builds the timed DefaultApiClient on the first API call."""

    def __init__(self) -> None:
        self._client: ApiClient | None = None

    def invoke(self, request: Any) -> Any:
        if self._client is None:
            self._client = _timed_client()
        return self._client.invoke(request)
