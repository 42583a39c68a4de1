"""A channel that delivers nowhere: it records what was sent and fails on request, for tests."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from dondoc.conversation.channel import BaseChannel, DeliveryError
from dondoc.conversation.messages import Reply


@dataclass(frozen=True)
class Sent:
    """One delivered message."""

    chat_id: str
    reply: Reply


class FakeChannel(BaseChannel):
    """A full channel for tests: `send` appends to `sent`, or raises the next queued failure.

    Args:
        name: the channel it stands in for ("telegram" by default, so subscriptions match).
        max_length: the longest text it accepts, as the real channel would.

    Example:
        channel = FakeChannel()
        channel.fail(RetryLater(3), chat_id="42")   # the next send to chat 42 raises RetryLater
    """

    def __init__(self, name: str = "telegram", max_length: int = 4096) -> None:
        self.name = name
        self.max_length = max_length
        self.sent: list[Sent] = []
        self.attempts = 0
        self.started = False
        self._failures: dict[str | None, deque[DeliveryError]] = {}

    async def start(self) -> None:
        self.started = True

    async def stop(self) -> None:
        self.started = False

    def fail(self, error: DeliveryError, chat_id: str | None = None, times: int = 1) -> None:
        """Make the next `times` sends (to `chat_id`, or to any chat) raise `error`."""
        self._failures.setdefault(chat_id, deque()).extend([error] * times)

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.attempts += 1
        for target in (chat_id, None):
            queue = self._failures.get(target)
            if queue:
                raise queue.popleft()
        if len(reply.text) > self.max_length:
            raise DeliveryError(f"message of {len(reply.text)} characters is over {self.max_length}")
        self.sent.append(Sent(chat_id, reply))

    def texts(self, chat_id: str | None = None) -> list[str]:
        """The texts sent (to one chat, or to all), oldest first."""
        return [s.reply.text for s in self.sent if chat_id is None or s.chat_id == chat_id]
