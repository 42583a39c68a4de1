"""Telegram's flood limits, kept on our side: ≤ 30 messages/s overall, ≤ 1/s per chat, ≤ 20/min per group.

PTB's AIORateLimiter is not used: it needs an extra dependency (aiolimiter), does not space out
messages to one private chat, and its leaky buckets let up to twice the rate through in a burst.
This limiter counts a message from the moment it is sent until its response arrives, so the
gaps Telegram sees are never shorter than the ones we keep.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, BaseUpdateProcessor
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

# Calls that put a message in a chat; everything else (getUpdates, answerCallbackQuery, …) is not held back.
LIMITED_ENDPOINTS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument", "copyMessage"}
)


@dataclass(frozen=True)
class Limits:
    """Telegram's published limits (core.telegram.org/bots/faq, "My bot is hitting limits").

    Attributes:
        overall: messages per `overall_window` seconds across all chats.
        chat_interval: seconds between two messages to the same chat.
        group: messages per `group_window` seconds to one group.
        max_retries: how often a message is retried after Telegram answers 429 (RetryAfter).
    """

    overall: int = 30
    overall_window: float = 1.0
    chat_interval: float = 1.0
    group: int = 20
    group_window: float = 60.0
    max_retries: int = 2


def seconds(value: RetryAfter | timedelta | float) -> float:
    """How long we were asked to wait, from a RetryAfter or its `retry_after` (PTB 22 gives an int or a
    timedelta, and warns when the attribute is read)."""
    if isinstance(value, RetryAfter):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            value = value.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class _Slot:
    """One message: in flight until `end` is set to the time its response arrived."""

    __slots__ = ("end",)

    def __init__(self) -> None:
        self.end = math.inf


class KeyedLocks:
    """One asyncio.Lock per key (FIFO, so one chat's messages keep their order), freed when unused."""

    def __init__(self) -> None:
        self._locks: dict[object, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: object) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


class TelegramRateLimiter(BaseRateLimiter[None]):
    """Holds each outgoing message until sending it keeps every limit; retries after a 429.

    Args:
        limits: the limits to keep.
        clock: monotonic seconds (swappable for tests).
    """

    def __init__(self, limits: Limits | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or Limits()
        self._clock = clock
        self._overall: deque[_Slot] = deque()
        self._chats: dict[str, _Slot] = {}
        self._groups: dict[str, deque[_Slot]] = {}
        self._paused_until = 0.0
        self._chat_locks = KeyedLocks()
        self._gate: asyncio.Lock | None = None
        self._released: asyncio.Event | None = None

    async def initialize(self) -> None:
        self._gate, self._released = asyncio.Lock(), asyncio.Event()

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat = data.get("chat_id")
        if endpoint not in LIMITED_ENDPOINTS or chat is None:
            return await callback(*args, **kwargs)
        key = str(chat)
        async with self._chat_locks.hold(key):
            for attempt in itertools.count():
                slot = await self._reserve(key, group=key.startswith("-"))
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as error:
                    pause = seconds(error)
                    self._paused_until = max(self._paused_until, self._clock() + pause)
                    if attempt >= self.limits.max_retries:
                        raise
                    log.warning("Telegram asked to wait %.1f s before %s to chat %s; retrying", pause, endpoint, key)
                finally:
                    await self._release(slot)
        raise AssertionError("unreachable")

    def _chat_delay(self, now: float, key: str, group: bool) -> float:
        """Seconds until a message to `key` keeps that chat's own limits."""
        lim = self.limits
        waits = [0.0]
        last = self._chats.get(key)
        if last is not None:
            waits.append(last.end + lim.chat_interval - now)
        recent = self._groups.get(key)
        if group and recent is not None and len(recent) >= lim.group:
            waits.append(recent[-lim.group].end + lim.group_window - now)
        return max(waits)

    def _overall_delay(self, now: float) -> float:
        """Seconds until one more message keeps the overall limit (inf: until a response arrives)."""
        lim = self.limits
        waits = [self._paused_until - now]
        ends = sorted(slot.end for slot in self._overall if slot.end > now - lim.overall_window)
        if len(ends) >= lim.overall:
            waits.append(ends[len(ends) - lim.overall] + lim.overall_window - now)
        return max(waits)

    async def _reserve(self, key: str, group: bool) -> _Slot:
        """Wait for this chat's limits, then queue first come first served for the overall one.

        The queue keeps the burst fair: a chat that has just sent joins the back, so every chat
        advances at the same pace and none is left with a tail of messages at the end.
        """
        if self._gate is None or self._released is None:
            await self.initialize()
        assert self._gate is not None and self._released is not None
        while (delay := self._chat_delay(self._clock(), key, group)) > 0:
            await asyncio.sleep(delay)
        async with self._gate:
            while (delay := self._overall_delay(self._clock())) > 0:
                if delay == math.inf:  # the window is full of messages still in flight
                    self._released.clear()
                    await self._released.wait()
                else:
                    await asyncio.sleep(delay)
            slot = _Slot()
            self._overall.append(slot)
            self._chats[key] = slot
            if group:
                self._groups.setdefault(key, deque(maxlen=self.limits.group)).append(slot)
            self._forget_old(self._clock())
            return slot

    async def _release(self, slot: _Slot) -> None:
        slot.end = self._clock()
        if self._released is not None:
            self._released.set()

    def _forget_old(self, now: float) -> None:
        """Drop slots no limit looks at any more, so memory stays flat however many chats write."""
        lim = self.limits
        while self._overall and self._overall[0].end <= now - lim.overall_window:
            self._overall.popleft()
        if len(self._chats) > 1000:
            self._chats = {k: s for k, s in self._chats.items() if s.end > now - lim.chat_interval}
        if len(self._groups) > 1000:
            self._groups = {k: q for k, q in self._groups.items() if q[-1].end > now - lim.group_window}


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
