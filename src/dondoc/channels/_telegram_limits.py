"""The shared rate limiter and per-chat ordering, plugged into python-telegram-bot's extension points."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, BaseUpdateProcessor
from telegram.warnings import PTBDeprecationWarning

from dondoc.channels.limits import KeyedLocks, RateLimiter
from dondoc.conversation.channel import RetryLater

# Calls that put a message in a chat; everything else (getUpdates, answerCallbackQuery, …) is not held back.
LIMITED_ENDPOINTS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument", "copyMessage"}
)
Result = bool | dict[str, Any] | list[dict[str, Any]]


def seconds(error: RetryAfter) -> float:
    """How long Telegram asked us to wait (PTB 22 gives an int or a timedelta, and warns when it is read)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: timedelta | float = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramRateLimiter(BaseRateLimiter[None]):
    """PTB's rate-limiter hook over `RateLimiter`: Telegram's RetryAfter in, RetryAfter out."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter

    async def initialize(self) -> None:
        """Nothing to set up: the limiter makes its locks on first use."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        chat = data.get("chat_id")
        if endpoint not in LIMITED_ENDPOINTS or chat is None:
            return await callback(*args, **kwargs)

        async def send() -> Result:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                raise RetryLater(seconds(error)) from error

        try:
            return await self.limiter.run(str(chat), send, group=str(chat).startswith("-"))
        except RetryLater as error:
            raise error.__cause__ or error from None  # PTB's own RetryAfter, as its callers expect


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Updates from different chats are answered concurrently, one chat's updates one at a time, in order.

    With PTB's default (one update at a time) a burst from one chat, held to 1 message/s,
    would stall every other chat; with plain concurrency a chat's answers could arrive out of order.
    """

    def __init__(self, max_concurrent_updates: int = 4096) -> None:
        super().__init__(max_concurrent_updates)
        self._chat_locks = KeyedLocks()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        async with self._chat_locks.hold(chat.id):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
