"""A small httpx client for the Zalo Bot Platform API (Telegram-like: POST <base>/bot<TOKEN>/<method>, JSON).

No Python client was a fit: python-zalo-bot (PyPI, 0.1.9) is a trimmed copy of python-telegram-bot
with placeholder project links, a `set_webhook` that calls `asyncio.run` (unusable inside a running
loop) and no way to swap its transport for tests. The five calls we need fit in this file.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx

from dondoc.channels._zalo_updates import ZaloUpdate, parse_updates

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
MAX_TEXT = 2000  # sendMessage takes 1–2,000 characters
POLL_TIMEOUT_CODE = 408  # getUpdates found nothing before its timeout
DEFAULT_RETRY_AFTER = 5.0  # when a 429 does not say how long to wait


class ZaloApiError(Exception):
    """Raised when a call fails: the platform answered `ok: false`, a non-JSON body, or the network failed.

    Attributes:
        method: the API method called.
        code: the platform's `error_code` (or the HTTP status); None for a network failure.
        description: what went wrong, with the token scrubbed.
        retry_after: seconds to wait, for a 429.
    """

    def __init__(self, method: str, code: int | None, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"Zalo {method} failed ({code}): {description}")
        self.method = method
        self.code = code
        self.description = description
        self.retry_after = retry_after

    @property
    def rate_limited(self) -> bool:
        return self.code == 429


def normalise_base_url(base_url: str | None) -> str:
    """ZALO_API_BASE_URL without a trailing "/" or "/bot" (both spellings are accepted)."""
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    return base.removesuffix("/bot")


class ZaloApi:
    """The Bot API calls the adapter makes; every request goes through one swappable httpx transport.

    Args:
        token: the bot token (ZALO_BOT_TOKEN), "<bot id>:<secret>".
        base_url: the API root (ZALO_API_BASE_URL), the platform's own by default.
        timeout: seconds for an ordinary call; getUpdates waits its poll timeout on top.
        transport: an httpx transport (tests pass a mock one); a real connection pool by default.
    """

    def __init__(
        self,
        token: str,
        base_url: str | None = None,
        *,
        timeout: float = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._token = token
        self.base_url = normalise_base_url(base_url)
        self.timeout = timeout
        self._client = httpx.AsyncClient(transport=transport, timeout=timeout)

    def _scrub(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text

    async def call(self, method: str, params: dict[str, Any] | None = None, *, timeout: float | None = None) -> Any:
        """POST `params` as JSON to `method` and return its `result`.

        Raises:
            ZaloApiError: the platform refused the call, answered something else than JSON, or
                could not be reached.
        """
        url = f"{self.base_url}/bot{self._token}/{method}"
        try:
            response = await self._client.post(url, json=params or {}, timeout=timeout or self.timeout)
        except httpx.HTTPError as error:  # the message never holds the URL, but scrub it all the same
            raise ZaloApiError(method, None, self._scrub(f"{type(error).__name__}: {error}")) from None
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            raise ZaloApiError(method, response.status_code, f"HTTP {response.status_code}, not a JSON object")
        if data.get("ok") and response.is_success:
            return data.get("result")
        code = data.get("error_code") or response.status_code
        code = int(code) if str(code).isdigit() else response.status_code
        retry_after = None
        if code == 429 or response.status_code == 429:
            code = 429
            parameters: dict[str, Any] = data["parameters"] if isinstance(data.get("parameters"), dict) else {}
            retry_after = _seconds(parameters.get("retry_after") or response.headers.get("Retry-After"))
        description = self._scrub(str(data.get("description") or data.get("message") or "no description"))
        raise ZaloApiError(method, code, description, retry_after)

    async def get_me(self) -> dict[str, Any]:
        """The bot's account (`id`, `account_name`, `display_name`); checks the token."""
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_updates(self, timeout: float) -> list[ZaloUpdate]:
        """Wait up to `timeout` seconds for the next update(s); [] when none came.

        Raises:
            ZaloApiError: any failure but the platform's "nothing yet" (error 408). While a webhook
                is set, getUpdates fails: call `delete_webhook` first.
        """
        try:
            result = await self.call("getUpdates", {"timeout": str(int(timeout))}, timeout=timeout + self.timeout)
        except ZaloApiError as error:
            if error.code == POLL_TIMEOUT_CODE:
                return []
            raise
        return parse_updates(result)

    async def set_webhook(self, url: str, secret_token: str) -> None:
        """Have the platform POST updates to `url` (HTTPS), with `secret_token` (8–256 characters) in a header."""
        await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> None:
        """Remove the webhook, so that getUpdates works again."""
        await self.call("deleteWebhook")

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        """Send 1–2,000 characters of plain text; returns `{"message_id": …, "date": …}`."""
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return result if isinstance(result, dict) else {}

    async def aclose(self) -> None:
        await self._client.aclose()


def _seconds(value: Any) -> float:
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
