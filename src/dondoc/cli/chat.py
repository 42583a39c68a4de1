"""`dondoc chat` and `dondoc serve`: the bot in the terminal, or on Telegram and/or Zalo with the reminders."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from dondoc.bot.access import Access
from dondoc.bot.channel import BaseChannel, ChannelUnavailable
from dondoc.bot.console import ConsoleChannel
from dondoc.bot.core import Conversation, Searcher
from dondoc.bot.runner import OnStarted, run_channels
from dondoc.cli._app import App, pass_app, today_option
from dondoc.health import start_heartbeat
from dondoc.index.service import SearchService
from dondoc.jobs import ReminderPolicy
from dondoc.jobs import start as start_reminders
from dondoc.logs import configure_logging


def _fix_today(app: App, today: date | None) -> None:
    """With --today, every part of this run (answers and reminders) judges deadlines by that day."""
    if today is not None:
        app.today = lambda: today  # type: ignore[method-assign]


def _search(app: App) -> Callable[[], Searcher]:
    """Opens the search service when first needed: it loads (or builds) the index, which takes seconds."""

    def open_service() -> Searcher:
        return SearchService.open(app.settings, app.sessions, app.registry)

    return open_service


def conversation(app: App) -> Conversation:
    """The conversation core over this run's database, registry, day and access settings."""
    settings = app.settings
    return Conversation(
        app.sessions,
        app.registry,
        today=app.today,
        search=_search(app),
        access=Access(settings.allowed_chats, settings.admin_chats),
        reminders=ReminderPolicy.from_settings(settings),
    )


def _jobs(app: App, today: date | None) -> OnStarted:
    """Starts the reminder scheduler on the running channels (stopped by `run_channels` on exit)."""

    def clock() -> datetime:
        now = datetime.now(ZoneInfo(app.settings.timezone))
        return datetime.combine(today, now.timetz()) if today else now

    def start_jobs(channels: Sequence[BaseChannel]) -> Any:
        scheduler = start_reminders(app.sessions, app.settings, {c.name: c for c in channels}, clock=clock)
        start_heartbeat(scheduler, app.settings, [c.name for c in channels])  # read by `dondoc health`
        return scheduler

    return start_jobs


def _logging(app: App, level: int) -> None:
    configure_logging(app.settings, level)  # JSON with DONDOC_LOG_JSON=1; tokens redacted either way


def _warm(core: Conversation) -> None:
    """Load (or build) the search index now, so the first question is fast and `dondoc health` sees it."""
    try:
        core.warm()
    except Exception:
        logging.getLogger(__name__).exception("could not load the search index; questions will retry")


def _channels(app: App, core: Conversation, listen: str) -> list[BaseChannel]:
    """Telegram and/or Zalo, each when its token is set; the console when neither is."""
    settings = app.settings
    channels: list[BaseChannel] = []
    if settings.telegram_token:
        from dondoc.bot.telegram import TelegramChannel

        channels.append(
            TelegramChannel(
                core,
                settings.telegram_token,
                base_url=settings.telegram_api_base_url,
                webhook_url=settings.webhook_url,
                listen=listen,
            )
        )
    if settings.zalo_token:
        from dondoc.bot.zalo import ZaloChannel

        channels.append(
            ZaloChannel(
                core,
                settings.zalo_token,
                base_url=settings.zalo_api_base_url,
                webhook_url=settings.zalo_webhook_url,
                listen=settings.zalo_listen,
            )
        )
    return channels or [ConsoleChannel(core)]


@click.command()
@today_option
@click.option("--chat-id", default="console", show_default=True, help="The chat id subscriptions are stored under.")
@pass_app
def chat(app: App, today: date | None, chat_id: str) -> None:
    """Chat with the bot in the terminal (questions, commands, buttons by number).

    Reads questions from standard input, so it also works in scripts; it stops at end of
    input (Ctrl-D). Type /help for the commands.

    Example:

        echo "BYT con cham gi" | dondoc chat --today 2026-11-23
    """
    _logging(app, logging.WARNING)
    _fix_today(app, today)
    core = conversation(app)
    asyncio.run(run_channels([ConsoleChannel(core, chat_id=chat_id)]))


@click.command()
@today_option
@click.option(
    "--listen",
    default="0.0.0.0:8443",
    show_default=True,
    metavar="HOST:PORT",
    help="Where the Telegram webhook server listens (only when DONDOC_WEBHOOK_URL is set).",
)
@pass_app
def serve(app: App, today: date | None, listen: str) -> None:
    """Run the bot and the reminders until stopped (Ctrl-C or SIGTERM).

    With TELEGRAM_BOT_TOKEN set the bot runs on Telegram: long polling, or a webhook when
    DONDOC_WEBHOOK_URL is set; TELEGRAM_API_BASE_URL points it at a self-hosted Bot API
    server. With ZALO_BOT_TOKEN set it runs on Zalo (Zalo Bot Platform) too: long polling,
    or a webhook when ZALO_WEBHOOK_URL is set. Without a token it is the console chat,
    which ends at end of input. The search index is loaded at start: in the background for
    Telegram and Zalo (commands work meanwhile), before the first prompt on the console.

    Example:

        TELEGRAM_BOT_TOKEN=123456:ABC ZALO_BOT_TOKEN=987654:XYZ dondoc serve
    """
    settings = app.settings
    remote = bool(settings.telegram_token or settings.zalo_token)
    _logging(app, logging.INFO if remote else logging.WARNING)
    _fix_today(app, today)
    core = conversation(app)
    channels = _channels(app, core, listen)
    if remote:
        threading.Thread(target=_warm, args=(core,), name="warm-index", daemon=True).start()
    else:  # one person at a terminal: a second's wait beats "ask again later" for the first question
        _warm(core)
    try:
        asyncio.run(run_channels(channels, on_started=_jobs(app, today)))
    except ChannelUnavailable as error:
        raise click.ClickException(f"Cannot start {error}. Check the token and try again.") from None
