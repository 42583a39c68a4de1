"""The Telegram channel: a python-telegram-bot Application that only translates updates and replies."""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
)
from telegram.ext import filters as tg_filters

from dondoc.channels._telegram_limits import PerChatUpdateProcessor, TelegramRateLimiter, seconds
from dondoc.channels.base import ChatChannel
from dondoc.channels.limits import RateLimiter
from dondoc.conversation.channel import ChannelUnavailable, ChatGone, DeliveryError, RetryLater, TemporaryError
from dondoc.conversation.chat_text import fit
from dondoc.conversation.commands import COMMANDS
from dondoc.conversation.core import APOLOGY, Conversation
from dondoc.conversation.messages import Attachment, IncomingFile, IncomingMessage, Reply
from dondoc.conversation.uploads import PREFIX as UPLOAD_PREFIX
from dondoc.conversation.uploads import send_notices
from dondoc.data.db import transaction
from dondoc.nlp.text import normalize
from dondoc.reminders.subscriptions import move_chat

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
DEFAULT_LISTEN = "0.0.0.0:8443"
CORE_THREADS = 16
MAX_CONNECT_DELAY = 60.0
FETCH_TIMEOUT = 120.0  # seconds to download a sent report (20 MB at most)


def _markup(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    rows = [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in reply.buttons]
    return InlineKeyboardMarkup(rows)


class TelegramChannel(ChatChannel):
    """Long polling by default, a webhook when `webhook_url` is given.

    Args:
        core: the conversation core.
        token: the bot token (TELEGRAM_BOT_TOKEN).
        base_url: a self-hosted Bot API server, as PTB's `base_url` takes it
            ("http://127.0.0.1:8081/bot"); Telegram's own by default.
        webhook_url: the public HTTPS URL Telegram posts updates to (DONDOC_WEBHOOK_URL).
        listen: "host:port" the webhook server binds (behind the reverse proxy serving `webhook_url`).
        limiter: the send-rate limiter (Telegram's limits on the real clock by default).
        poll_timeout: seconds one long-polling request waits for updates.
    """

    name = "telegram"
    max_length = 4096

    def __init__(
        self,
        core: Conversation,
        token: str,
        *,
        base_url: str | None = None,
        webhook_url: str | None = None,
        listen: str = DEFAULT_LISTEN,
        limiter: RateLimiter | None = None,
        poll_timeout: float = 10.0,
    ) -> None:
        super().__init__(core, limiter)
        self.token = token
        self.webhook_url = webhook_url
        self.listen = listen
        self.poll_timeout = poll_timeout
        self.application = self._build(token, base_url)
        # The core is synchronous (database, search): it runs on threads of its own, enough that
        # one chat's slow question never holds up another chat's command.
        self._workers = ThreadPoolExecutor(max_workers=CORE_THREADS, thread_name_prefix="dondoc-core")

    def _build(self, token: str, base_url: str | None) -> Application:
        """The application with every handler: messages, button presses, the rest dropped, errors."""
        builder = (
            ApplicationBuilder()
            .token(token)
            .rate_limiter(TelegramRateLimiter(self.limiter))
            .concurrent_updates(PerChatUpdateProcessor())
            .job_queue(None)
        )
        if base_url:
            builder = builder.base_url(base_url)
            if base_url.rstrip("/").endswith("/bot"):
                builder = builder.base_file_url(base_url.rstrip("/").removesuffix("/bot") + "/file/bot")
        application = builder.build()
        application.add_handler(MessageHandler(tg_filters.StatusUpdate.MIGRATE, self._on_migrate))
        application.add_handler(MessageHandler(tg_filters.UpdateType.MESSAGE & tg_filters.TEXT, self._on_message))
        application.add_handler(MessageHandler(tg_filters.UpdateType.MESSAGE & tg_filters.Document.ALL, self._on_file))
        application.add_handler(CallbackQueryHandler(self._on_button))
        application.add_handler(TypeHandler(Update, self._on_other))
        application.add_error_handler(self._on_error)
        return application

    async def open_for_sending(self) -> None:
        """Initialise the bot (getMe), which is enough to send; no polling, no webhook.

        Raises:
            ChannelUnavailable: the Bot API cannot be reached or refused the token.
        """
        try:
            await self.application.initialize()
        except (InvalidToken, NetworkError) as error:
            raise ChannelUnavailable(self.name, f"the Bot API did not answer getMe ({error})") from error

    async def close_for_sending(self) -> None:
        """Shut down what `open_for_sending` started."""
        await self.application.shutdown()

    async def start(self) -> None:
        """Connect (getMe), register the command menu, then poll or open the webhook.

        Raises:
            ChannelUnavailable: Telegram refused the token (retrying would not help).
        """
        app = self.application
        await self._connect()
        self.watch_mentions(app.bot.username)
        commands = [BotCommand(name, spec.description[:256]) for name, spec in COMMANDS.items()]
        try:
            await app.bot.set_my_commands(commands)
        except TelegramError:
            log.exception("could not register the command menu; continuing without it")
        updater = app.updater
        if updater is None:  # built with an updater in `_build`; this tells the type checker
            raise ChannelUnavailable(self.name, "no updater")
        if self.webhook_url:
            host, _, port = self.listen.rpartition(":")
            await updater.start_webhook(
                listen=host or "0.0.0.0",
                port=int(port),
                url_path=urlsplit(self.webhook_url).path.lstrip("/"),
                webhook_url=self.webhook_url,
                # Telegram echoes it in a header, so posts from anyone else are refused.
                secret_token=hashlib.sha256(self.token.encode()).hexdigest()[:32],
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await updater.start_polling(
                timeout=int(self.poll_timeout), allowed_updates=ALLOWED_UPDATES, bootstrap_retries=5
            )
        await app.start()
        log.info("Telegram bot @%s started (%s)", app.bot.username, "webhook" if self.webhook_url else "polling")

    async def _connect(self) -> None:
        """getMe until it answers: a bot started while the network is down waits for it, it does not exit."""
        delay = 1.0
        while True:
            try:
                await self.application.initialize()
                return
            except InvalidToken as error:
                raise ChannelUnavailable(self.name, f"the Bot API refused TELEGRAM_BOT_TOKEN ({error})") from error
            except NetworkError as error:  # also TimedOut and Telegram's 5xx
                log.warning("cannot reach the Bot API (%s); retrying in %.0f s", error, delay)
                await self.sleep(delay)
                delay = min(delay * 2, MAX_CONNECT_DELAY)

    async def stop(self) -> None:
        """Stop receiving, finish the updates in hand, confirm them to Telegram, close connections."""
        app = self.application
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        self._workers.shutdown(wait=False, cancel_futures=True)

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Send a reply, split to 4,096 characters; translates Telegram's errors to DeliveryError's kinds."""
        for piece in fit([reply], self.max_length):
            await self._deliver(chat_id, piece)
        self.remember_listing(chat_id, reply)

    async def _deliver(
        self, chat_id: str, reply: Reply, *, reply_to: int | None = None, edit: int | None = None
    ) -> None:
        bot = self.application.bot
        text = html.escape(reply.text, quote=False)
        try:
            if edit is not None:
                try:
                    await bot.edit_message_text(
                        text, chat_id=chat_id, message_id=edit, parse_mode=ParseMode.HTML, reply_markup=_markup(reply)
                    )
                    return
                except BadRequest as error:
                    if "not modified" in error.message.lower():
                        return
                    log.info("cannot edit message %s in chat %s (%s); sending anew", edit, chat_id, error.message)
            await bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=_markup(reply),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_parameters=ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None,
            )
            if reply.attachment is not None:
                await self._attach(chat_id, reply.attachment)
        except RetryAfter as error:
            raise RetryLater(seconds(error)) from error
        except Forbidden as error:
            raise ChatGone(chat_id, error.message) from error
        except ChatMigrated as error:  # the group became a supergroup: follow it, subscriptions too
            new_chat_id = str(error.new_chat_id)
            await asyncio.to_thread(self._migrate, chat_id, new_chat_id)
            await self._deliver(new_chat_id, reply)
        except BadRequest as error:
            if "chat not found" in error.message.lower():
                raise ChatGone(chat_id, error.message) from error
            raise DeliveryError(error.message) from error
        except NetworkError as error:  # timeouts, no connection, the Bot API's 5xx
            raise TemporaryError(str(error)) from error
        except TelegramError as error:
            raise DeliveryError(str(error)) from error

    async def _attach(self, chat_id: str, attachment: Attachment) -> None:
        """A reply's file: a photo (the chart) or a document (the register), after its text."""
        bot = self.application.bot
        upload = InputFile(attachment.content, filename=attachment.name)
        if attachment.photo:
            await bot.send_photo(chat_id, upload)
        else:
            await bot.send_document(chat_id, upload)

    def _migrate(self, old_chat_id: str, new_chat_id: str) -> None:
        with transaction(self.core.sessions) as session:
            moved = move_chat(session, self.name, old_chat_id, new_chat_id)
        log.info("chat %s is now %s: %d subscriptions moved", old_chat_id, new_chat_id, moved)

    async def _on_migrate(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message and message.migrate_to_chat_id:
            await asyncio.to_thread(self._migrate, str(message.chat.id), str(message.migrate_to_chat_id))
        elif message and message.migrate_from_chat_id:
            await asyncio.to_thread(self._migrate, str(message.migrate_from_chat_id), str(message.chat.id))

    def incoming(self, update: Update) -> IncomingMessage | None:
        """The neutral message for a text update, or None when it is not for this bot."""
        message = update.message
        if message is None or message.text is None or message.chat.type == "channel":
            return None
        text = message.text
        if text.startswith("/"):
            word = text.split(maxsplit=1)[0]
            command, _, target = word.partition("@")
            if target and target.lower() != self.application.bot.username.lower():
                return None  # "/cham@other_bot" is for another bot in the group
            text = command + text[len(word) :]
        text, mentioned = self.strip_mention(text)
        replied = message.reply_to_message
        extras: dict[str, object] = {"message_id": message.message_id}
        if replied and replied.from_user and replied.from_user.id == self.application.bot.id:
            mentioned = True
            # The buttons of the message replied to say which tasks a reply like "đã xong" is about.
            markup = replied.reply_markup.inline_keyboard if replied.reply_markup else ()
            extras["replied_buttons"] = [b.callback_data for row in markup for b in row if b.callback_data]
        user = message.from_user
        return IncomingMessage(
            channel=self.name,
            chat_id=str(message.chat.id),
            user_id=str(user.id if user else message.chat.id),
            text=normalize(text),
            chat_type="private" if message.chat.type == "private" else "group",
            mentioned=mentioned,
            extras=extras,
        )

    def incoming_file(self, update: Update) -> IncomingMessage | None:
        """The neutral message for a document sent to the bot; the file is downloaded (getFile) if the core asks."""
        message = update.message
        if message is None or message.document is None or message.chat.type == "channel":
            return None
        document, bot, loop = message.document, self.application.bot, asyncio.get_running_loop()

        async def download(folder: Path) -> Path:
            target = folder / Path(document.file_name or "bao-cao").name
            await (await bot.get_file(document.file_id)).download_to_drive(target)
            return target

        def fetch(folder: Path) -> Path:  # called on a core thread while the event loop runs
            return asyncio.run_coroutine_threadsafe(download(folder), loop).result(timeout=FETCH_TIMEOUT)

        user = message.from_user
        return IncomingMessage(
            channel=self.name,
            chat_id=str(message.chat.id),
            user_id=str(user.id if user else message.chat.id),
            text=normalize(message.caption or ""),
            chat_type="private" if message.chat.type == "private" else "group",
            extras={"message_id": message.message_id},
            file=IncomingFile(document.file_name or "bao-cao", document.file_size, fetch),
        )

    async def _on_file(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        msg = self.incoming_file(update)
        if msg is not None:
            await self._answer(msg)

    async def _on_message(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        msg = self.incoming(update)
        if msg is not None:
            await self._answer(msg)

    async def _on_button(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()  # stop the button's spinner at once; the reply follows
        if query.message is None or not query.data:
            return
        chat = query.message.chat
        await self._answer(
            IncomingMessage(
                channel=self.name,
                chat_id=str(chat.id),
                user_id=str(query.from_user.id),
                text=query.data,
                chat_type="private" if chat.type == "private" else "group",
                is_callback=True,
                extras={"message_id": query.message.message_id, "callback_query_id": query.id},
            )
        )

    async def _is_group_admin(self, chat_id: str, user_id: str) -> bool:
        """Whether the user administers the group (getChatMember); False when Telegram cannot say."""
        try:
            member = await self.application.bot.get_chat_member(chat_id, int(user_id))
        except (TelegramError, ValueError) as error:
            log.warning("cannot check the rights of user %s in chat %s: %s", user_id, chat_id, error)
            return False
        return member.status in ("administrator", "creator")

    async def _answer(self, msg: IncomingMessage) -> None:
        if self.core.changes_group(msg):  # /theodoi, /huy, /tamdung in a group: its administrators only
            msg.extras["group_admin"] = await self._is_group_admin(msg.chat_id, msg.user_id)
        loop = asyncio.get_running_loop()
        replies = await loop.run_in_executor(self._workers, self.core.handle, msg, self.max_length)
        message_id = msg.extras.get("message_id")
        for index, reply in enumerate(replies):
            if reply.to and reply.to != msg.chat_id:  # to another chat (an admin asked to decide)
                await self.send(reply.to, reply)
                continue
            first = index == 0
            edit = message_id if first and reply.edit and msg.is_callback else None
            quote = message_id if first and not msg.is_callback and msg.chat_type == "group" else None
            await self.retrying(msg.chat_id, partial(self._deliver, msg.chat_id, reply, reply_to=quote, edit=edit))
        if msg.is_callback and msg.text.startswith(UPLOAD_PREFIX):  # "Nhập" pressed: a report was ingested just now
            await send_notices(self.core.uploads, [self])  # its followers hear of it at once, not at the next tick

    async def _on_other(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        log.debug("dropping update %s: nothing for the bot in it", update.update_id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the full context, apologise in the chat, and copy a short report to the admin chats."""
        chat = update.effective_chat if isinstance(update, Update) else None
        log.error("error while handling update %s", update, exc_info=context.error)
        if chat is None or context.error is None:
            return
        chat_id = str(chat.id)
        await self.report_error(chat_id, context.error, lambda: self._deliver(chat_id, Reply(APOLOGY)))
