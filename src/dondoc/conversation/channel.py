"""The channel base class and the delivery errors every adapter raises the same way."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod

from dondoc.conversation.messages import Reply


class DeliveryError(Exception):
    """Raised when a message could not be delivered; subclasses say whether to retry."""


class RetryLater(DeliveryError):
    """The channel asked us to slow down (Telegram's retry_after, HTTP 429)."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class TemporaryError(DeliveryError):
    """A failure that may pass by itself (a 5xx from the platform, a timeout, no network): retry after a pause."""


class ChatGone(DeliveryError):
    """The chat blocked the bot or no longer exists: unsubscribe it, never retry."""

    def __init__(self, chat_id: str, reason: str) -> None:
        super().__init__(f"chat {chat_id} is gone: {reason}")
        self.chat_id = chat_id
        self.reason = reason


class ChannelUnavailable(Exception):
    """Raised by `start()` when the channel cannot run as configured (a refused token): retrying will not help."""

    def __init__(self, channel: str, reason: str) -> None:
        super().__init__(f"{channel}: {reason}")
        self.channel = channel
        self.reason = reason


class BaseChannel(ABC):
    """What the core and the scheduler need from a chat channel, and nothing more.

    Attributes:
        name: the channel's key ("telegram", "zalo", "console").
        max_length: the longest text one message may carry; longer replies are split.
    """

    name: str = "base"
    max_length: int = 4096

    @abstractmethod
    async def start(self) -> None:
        """Connect and begin handing incoming messages to the core."""

    @abstractmethod
    async def stop(self) -> None:
        """Stop receiving and release connections."""

    @abstractmethod
    async def send(self, chat_id: str, reply: Reply) -> None:
        """Deliver one reply to a chat.

        Raises:
            RetryLater: the channel is rate-limiting us.
            ChatGone: the chat blocked the bot or was deleted.
            DeliveryError: any other failure (network, server error); may be retried.
        """

    async def open_for_sending(self) -> None:
        """Get ready to `send` without receiving (`dondoc remind` while `dondoc serve` may be polling)."""
        return None

    async def close_for_sending(self) -> None:
        """Release what `open_for_sending` (or sending) took."""
        return None

    async def wait_closed(self) -> None:
        """Return when the channel ends on its own (the console at end of input); most never do."""
        await asyncio.Event().wait()
