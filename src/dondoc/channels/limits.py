"""Send-rate limits kept on our side, for any channel: messages per second overall, per chat, per group.

Independent of any SDK: a channel passes each send as a coroutine function, which raises
`RetryLater` when the platform asks to slow down. PTB's AIORateLimiter is not used: it needs an
extra dependency (aiolimiter), does not space out messages to one private chat, and its leaky
buckets let up to twice the rate through in a burst. This limiter counts a message from the
moment it is sent until its response arrives, so the gaps the platform sees are never shorter
than the ones we keep. Time comes from an injected clock and sleep, so tests never wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from dondoc.conversation.channel import RetryLater

log = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Limits:
    """Send limits; the defaults are Telegram's published ones (core.telegram.org/bots/faq).

    Attributes:
        overall: messages per `overall_window` seconds across all chats.
        chat_interval: seconds between two messages to the same chat.
        group: messages per `group_window` seconds to one group.
        max_retries: how often a message is retried after the platform answers 429 (RetryLater).
    """

    overall: int = 30
    overall_window: float = 1.0
    chat_interval: float = 1.0
    group: int = 20
    group_window: float = 60.0
    max_retries: int = 2


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


class RateLimiter:
    """Holds each outgoing message until sending it keeps every limit; retries after a RetryLater.

    One chat's messages go out one at a time, in order.

    Args:
        limits: the limits to keep.
        clock: monotonic seconds.
        sleep: waits that many seconds (tests pass a virtual clock's, which returns at once).
    """

    def __init__(
        self, limits: Limits | None = None, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.limits = limits or Limits()
        self.clock = clock
        self.sleep = sleep
        self._overall: deque[_Slot] = deque()
        self._chats: dict[str, _Slot] = {}
        self._groups: dict[str, deque[_Slot]] = {}
        self._paused_until = 0.0
        self._chat_locks = KeyedLocks()
        self._gate: asyncio.Lock | None = None
        self._released: asyncio.Event | None = None

    async def run(self, chat: str, send: Callable[[], Awaitable[T]], *, group: bool = False) -> T:
        """`send()` once the limits allow a message to `chat`; again after a RetryLater, up to `max_retries`.

        Args:
            chat: the chat the message goes to.
            send: makes the one API call; raises RetryLater when the platform asks to wait.
            group: the chat is a group (its own, lower limit applies).

        Raises:
            RetryLater: the platform still asks to wait after `max_retries` retries.
        """
        async with self._chat_locks.hold(chat):
            for attempt in itertools.count():
                slot = await self._reserve(chat, group)
                try:
                    return await send()
                except RetryLater as error:
                    self._paused_until = max(self._paused_until, self.clock() + error.retry_after)
                    if attempt >= self.limits.max_retries:
                        raise
                    log.warning("asked to wait %.1f s before sending to chat %s; retrying", error.retry_after, chat)
                finally:
                    self._release(slot)
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
        if self._gate is None or self._released is None:  # made on the running loop, at first use
            self._gate, self._released = asyncio.Lock(), asyncio.Event()
        while (delay := self._chat_delay(self.clock(), key, group)) > 0:
            await self.sleep(delay)
        async with self._gate:
            while (delay := self._overall_delay(self.clock())) > 0:
                if delay == math.inf:  # the window is full of messages still in flight
                    self._released.clear()
                    await self._released.wait()
                else:
                    await self.sleep(delay)
            slot = _Slot()
            self._overall.append(slot)
            self._chats[key] = slot
            if group:
                self._groups.setdefault(key, deque(maxlen=self.limits.group)).append(slot)
            self._forget_old(self.clock())
            return slot

    def _release(self, slot: _Slot) -> None:
        slot.end = self.clock()
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
