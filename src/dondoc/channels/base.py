"""What every chat adapter shares, whatever its SDK: the core, send limits, mentions and error reports."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from dondoc.channels.limits import KeyedLocks, Limits, RateLimiter
from dondoc.conversation.channel import BaseChannel, DeliveryError, TemporaryError
from dondoc.conversation.core import Conversation
from dondoc.conversation.messages import Reply

log = logging.getLogger(__name__)

# Seconds before each new try of a reply that failed on a 5xx or a timeout; then it is logged and dropped.
REPLY_BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0)


class ChatChannel(BaseChannel):
    """A channel people chat with: it hands their messages to the core and keeps the platform's limits.

    Args:
        core: the conversation core.
        limiter: the send-rate limiter; one keeping `default_limits` on the real clock by default.
            Its clock and sleep are the channel's: retry waits use them too, so tests never wait.
    """

    default_limits = Limits()

    def __init__(self, core: Conversation, limiter: RateLimiter | None = None) -> None:
        self.core = core
        self.limiter = limiter or RateLimiter(self.default_limits)
        self.sleep = self.limiter.sleep
        self.chat_locks = KeyedLocks()  # one chat's messages are answered one at a time, in order
        self._mention: re.Pattern[str] | None = None

    async def retrying(self, chat_id: str, send: Callable[[], Awaitable[None]]) -> None:
        """`send()`, tried again after `REPLY_BACKOFF` pauses (the channel's sleep) while it fails temporarily.

        A timeout may hide a message that did arrive: the user may then see it twice, never zero times.

        Raises:
            TemporaryError: still failing after the last try (logged here).
            DeliveryError: any other failure, at once.
        """
        for attempt, pause in enumerate((*REPLY_BACKOFF, None), start=1):
            try:
                return await send()
            except TemporaryError as error:
                if pause is None:
                    log.error("gave up a reply to %s chat %s after %d tries: %s", self.name, chat_id, attempt, error)
                    raise
                log.warning("reply to %s chat %s failed (%s); retrying in %.0f s", self.name, chat_id, error, pause)
                await self.sleep(pause)

    def remember_listing(self, chat_id: str, reply: Reply) -> None:
        """After sending a reminder or digest: its "Chi tiết N" become the chat's listing, for "Chi tiết N" typed."""
        self.core.listings.remember(self.name, chat_id, [reply])

    def watch_mentions(self, bot_name: str) -> None:
        """Recognise "@<bot_name>" in group messages from now on."""
        self._mention = re.compile(rf"@{re.escape(bot_name)}\b", re.IGNORECASE) if bot_name else None

    def strip_mention(self, text: str) -> tuple[str, bool]:
        """`text` without the bot's @mention, and whether it had one."""
        if self._mention is None or not self._mention.search(text):
            return text, False
        return self._mention.sub(" ", text), True

    async def report_error(self, chat_id: str, error: BaseException, apologise: Callable[[], Awaitable[None]]) -> None:
        """After an unexpected failure: apologise in the chat, and copy a short report to the admin chats.

        Args:
            chat_id: the chat whose message failed.
            error: what went wrong (the caller has logged it with its context).
            apologise: sends the apology the platform's way.
        """
        try:
            await apologise()
        except DeliveryError:
            log.warning("could not apologise in %s chat %s", self.name, chat_id)
        report = Reply(f"dondoc: lỗi khi trả lời chat {self.name} {chat_id}: {type(error).__name__}: {error}")
        for admin in self.core.access.admin_chats(self.name):
            if admin != chat_id:
                try:
                    await self.send(admin, report)
                except DeliveryError:
                    log.warning("could not report the error to admin chat %s", admin)
