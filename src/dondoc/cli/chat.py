"""`dondoc chat` and `dondoc serve`: the bot in the terminal, or on Telegram and/or Zalo with the reminders."""

from __future__ import annotations

import asyncio
import logging
from datetime import date

import click

from dondoc.application import DEFAULT_LISTEN, Application
from dondoc.channels import ConsoleChannel, run_channels
from dondoc.cli._app import App, pass_app, today_option
from dondoc.conversation import ChannelUnavailable
from dondoc.logs import configure_logging


def application(app: App, today: date | None) -> Application:
    """This run's application; with --today every part of it (answers, reminders) judges by that day."""
    return Application(app.settings, app.sessions, app.registry, today=today)


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
    configure_logging(app.settings, logging.WARNING)
    asyncio.run(run_channels([ConsoleChannel(application(app, today).conversation, chat_id=chat_id)]))


@click.command()
@today_option
@click.option(
    "--listen",
    default=DEFAULT_LISTEN,
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
    which ends at end of input. The search index loads in the background at start, on every
    channel: commands and listings are answered at once, and a question that arrives meanwhile
    (Telegram and Zalo hand over those sent while the bot was down) waits up to 15 seconds for
    it, then is answered by keywords alone and says so; none is refused.
    With DONDOC_WEB_PORT set it serves the web pages too (docs/web.md) on DONDOC_WEB_HOST
    (default 127.0.0.1), and /web in an admin chat sends a one-time sign-in link.

    Example:

        TELEGRAM_BOT_TOKEN=123456:ABC ZALO_BOT_TOKEN=987654:XYZ dondoc serve
    """
    app.create_schema = False  # an empty or mistyped DATABASE_URL is an error here, not a new database
    built = application(app, today)
    configure_logging(app.settings, logging.INFO if built.remote else logging.WARNING)  # tokens redacted
    channels = built.channels(listen)
    built.start_web()  # the web pages too, when DONDOC_WEB_PORT is set
    built.warm()  # loads in the background: questions queued meanwhile wait for it, none is refused
    try:
        asyncio.run(run_channels(channels, on_started=built.start_jobs))
    except ChannelUnavailable as error:
        raise click.ClickException(f"Cannot start {error}. Check the token and try again.") from None
