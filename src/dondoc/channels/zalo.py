"""The Zalo channel: the Zalo Bot Platform API (bot-api.zaloplatforms.com), translated to and from the core.

Not the Official Account API (its free replies end 48 hours after the user's last message) and
no personal-account library. What differs from Telegram, and how the adapter copes:

- plain text only, 1–2,000 characters a message: replies are split at 2,000, and buttons become
  a numbered menu that the user answers with a number (`_zalo_menu`);
- no message editing: a page turned by "Xem thêm" comes as a new message;
- getUpdates hands out one update per call and stops working while a webhook is set;
- no published flood limits: we keep Telegram's one message a second per chat and a lower overall
  rate, and wait when the platform answers 429.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import httpx

from dondoc.channels._zalo_api import MAX_TEXT, ZaloApi, ZaloApiError
from dondoc.channels._zalo_menu import MenuBook
from dondoc.channels._zalo_updates import ZaloUpdate, parse_updates
from dondoc.channels._zalo_webhook import WebhookServer
from dondoc.channels.base import ChatChannel
from dondoc.channels.limits import Limits, RateLimiter
from dondoc.conversation.channel import ChannelUnavailable, ChatGone, DeliveryError, RetryLater, TemporaryError
from dondoc.conversation.core import APOLOGY, Conversation
from dondoc.conversation.messages import IncomingMessage, Reply
from dondoc.nlp.text import normalize

log = logging.getLogger(__name__)
NO_FILES = "(Zalo chưa nhận tệp từ bot: tệp Excel và biểu đồ được gửi qua Telegram hoặc xuất bằng lệnh dondoc export.)"

DEFAULT_LISTEN = "0.0.0.0:8444"
# Zalo publishes no limits: one message a second per chat (as Telegram), 10 a second overall.
ZALO_LIMITS = Limits(overall=10, overall_window=1.0, chat_interval=1.0, max_retries=2)
_GONE_WORDS = ("block", "not found", "not exist", "không tồn tại", "invalid chat", "unfollow")
UNSPLIT = 1_000_000
POLL_BACKOFF = (1.0, 2.0, 5.0, 10.0, 30.0)


def _gone(error: ZaloApiError) -> bool:
    """Whether a refused send means the chat is gone for good (the platform documents no error codes)."""
    if error.code == 403:
        return True
    return error.code in (400, 404) and any(word in error.description.lower() for word in _GONE_WORDS)


class ZaloChannel(ChatChannel):
    """Long polling by default, a webhook when `webhook_url` is given.

    Args:
        core: the conversation core.
        token: the bot token (ZALO_BOT_TOKEN).
        base_url: the API root (ZALO_API_BASE_URL); the platform's own by default.
        webhook_url: the public HTTPS URL the platform posts updates to (ZALO_WEBHOOK_URL).
        listen: "host:port" the webhook server binds (behind the reverse proxy serving `webhook_url`).
        limiter: the send-rate limiter (ZALO_LIMITS on the real clock by default).
        poll_timeout: seconds one getUpdates call waits for an update.
        transport: an httpx transport for every API call (tests); a real connection pool by default.
    """

    name = "zalo"
    max_length = MAX_TEXT
    default_limits = ZALO_LIMITS

    def __init__(
        self,
        core: Conversation,
        token: str,
        *,
        base_url: str | None = None,
        webhook_url: str | None = None,
        listen: str = DEFAULT_LISTEN,
        limiter: RateLimiter | None = None,
        poll_timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(core, limiter)
        self.api = ZaloApi(token, base_url, transport=transport)
        self.webhook_url = webhook_url
        self.poll_timeout = poll_timeout
        self.menus = MenuBook()
        # The platform echoes it in X-Bot-Api-Secret-Token; derived from the token, so rotating one rotates both.
        self.secret = hashlib.sha256(b"dondoc-zalo-webhook:" + token.encode()).hexdigest()[:32]
        self.webhook = (
            WebhookServer(listen, urlsplit(webhook_url).path, self.secret, self._on_body) if webhook_url else None
        )
        self.bot_name = ""
        self._tasks: set[asyncio.Task[None]] = set()
        self._poller: asyncio.Task[None] | None = None
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()

    async def start(self) -> None:
        """Check the token (getMe), then poll, or set the webhook and open its server.

        Raises:
            ZaloApiError: the token is refused or the platform cannot be reached.
        """
        me = await self.api.get_me()
        self.bot_name = str(me.get("display_name") or me.get("account_name") or me.get("name") or "")
        if self.bot_name:
            self.watch_mentions(self.bot_name)
        if self.webhook is not None and self.webhook_url:
            await self.webhook.start()
            await self.api.set_webhook(self.webhook_url, self.secret)
        else:
            with contextlib.suppress(ZaloApiError):  # none set is fine; a real failure shows in getUpdates
                await self.api.delete_webhook()
            self._poller = asyncio.create_task(self._poll(), name="zalo-polling")
        log.info(
            "Zalo bot %s started (%s)", self.bot_name or me.get("id", "?"), "webhook" if self.webhook else "polling"
        )

    async def stop(self) -> None:
        """Stop receiving, finish the messages in hand, close connections."""
        if self._poller is not None:
            self._poller.cancel()
            await asyncio.gather(self._poller, return_exceptions=True)
            self._poller = None
        if self.webhook is not None:
            await self.webhook.stop()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=30)
        await self.api.aclose()

    async def close_for_sending(self) -> None:
        """Close the API connections (sending needs no start: the client opens on first use)."""
        await self.api.aclose()

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Send a reply (split at 2,000 characters, buttons as a numbered menu); errors as DeliveryError's kinds."""
        await self._send_batch(chat_id, [reply])
        self.remember_listing(chat_id, reply)

    async def open_for_sending(self) -> None:
        """Check that the platform answers (getMe) before anything is claimed for sending.

        Raises:
            ChannelUnavailable: the platform cannot be reached or refused the token.
        """
        try:
            await self.api.get_me()
        except ZaloApiError as error:
            raise ChannelUnavailable(self.name, f"the Zalo Bot API did not answer getMe ({error})") from error

    async def _send_batch(self, chat_id: str, replies: Sequence[Reply], *, retry: bool = False) -> None:
        """Send the pieces in order; with `retry` (answers, not reminders: the ledger retries those) each is retried."""
        # The Zalo Bot API sends text (and photos by public URL only): a file is named, not sent.
        replies = [replace(r, text=f"{r.text}\n{NO_FILES}") if r.attachment else r for r in replies]
        for text in self.menus.render(chat_id, replies, self.max_length):
            if retry:
                await self.retrying(chat_id, partial(self._deliver, chat_id, text))
            else:
                await self._deliver(chat_id, text)

    async def _deliver(self, chat_id: str, text: str) -> None:
        async def send() -> dict[str, Any]:
            try:
                return await self.api.send_message(chat_id, text)
            except ZaloApiError as error:
                if error.rate_limited:  # the limiter waits and retries
                    raise RetryLater(float(error.retry_after or 1)) from error
                raise

        try:
            await self.limiter.run(chat_id, send)
        except ZaloApiError as error:
            if _gone(error):
                raise ChatGone(chat_id, error.description) from error
            if error.code is None or error.code >= 500:  # no answer, a timeout, or a server error
                raise TemporaryError(str(error)) from error
            raise DeliveryError(str(error)) from error

    def incoming(self, update: ZaloUpdate) -> IncomingMessage | None:
        """The neutral message for a text update (a menu number becomes a button press), or None."""
        if not update.is_text or update.text is None:
            return None
        text = update.text
        text, mentioned = self.strip_mention(text)
        pressed = self.menus.choice(update.chat_id, text)
        return IncomingMessage(
            channel=self.name,
            chat_id=update.chat_id,
            user_id=update.user_id,
            text=pressed if pressed is not None else normalize(text),
            chat_type="group" if update.group else "private",
            mentioned=mentioned,
            is_callback=pressed is not None,
            extras={"message_id": update.message_id},
        )

    def _on_body(self, payload: Any) -> None:
        for update in parse_updates(payload):
            self._dispatch(update)

    def _dispatch(self, update: ZaloUpdate) -> None:
        """Answer in the background: chats concurrently, one chat's messages one at a time, in order."""
        key = (update.chat_id, update.message_id)
        if update.message_id and key in self._seen:
            log.debug("dropping a repeated Zalo message %s", update.message_id)
            return
        self._seen[key] = None
        while len(self._seen) > 1000:
            self._seen.popitem(last=False)
        task = asyncio.create_task(self._handle(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, update: ZaloUpdate) -> None:
        async with self.chat_locks.hold(update.chat_id):
            msg = self.incoming(update)
            if msg is None:
                log.debug("dropping Zalo %s from chat %s: no text for the bot", update.event_name, update.chat_id)
                return
            try:
                # Whole replies: the menu goes under each, then `menus.render` cuts them between entries.
                replies = await asyncio.to_thread(self.core.handle, msg, UNSPLIT)
                await self._send_batch(msg.chat_id, [r for r in replies if r.to in ("", msg.chat_id)], retry=True)
                for reply in replies:
                    if reply.to not in ("", msg.chat_id):  # to another chat (an admin asked to decide)
                        await self.send(reply.to, reply)
            except DeliveryError as error:
                log.warning("could not answer Zalo chat %s: %s", msg.chat_id, error)
            except Exception as error:
                await self._on_error(msg, error)

    async def _on_error(self, msg: IncomingMessage, error: Exception) -> None:
        """Log the full context, apologise in the chat, and copy a short report to the admin chats."""
        log.error("error while answering Zalo chat %s: %r", msg.chat_id, msg.text, exc_info=error)
        await self.report_error(msg.chat_id, error, lambda: self._deliver(msg.chat_id, APOLOGY))

    async def _poll(self) -> None:
        """getUpdates until stopped; a failure waits a little longer each time, up to 30 s."""
        failures = 0
        loop = asyncio.get_running_loop()
        while True:
            began = loop.time()
            try:
                updates = await self.api.get_updates(self.poll_timeout)
            except ZaloApiError as error:
                pause = POLL_BACKOFF[min(failures, len(POLL_BACKOFF) - 1)]
                failures += 1
                log.warning("Zalo getUpdates failed (%s); retrying in %.0f s", error, pause)
                await asyncio.sleep(pause)
                continue
            failures = 0
            for update in updates:
                self._dispatch(update)
            if not updates and loop.time() - began < 1.0:  # a platform that stops long-polling must not spin us
                await asyncio.sleep(1.0)
