"""`dondoc remind`: the reminders and digests owed on a day, shown (--dry-run) or sent once."""

from __future__ import annotations

import asyncio
import sys
from datetime import date, datetime
from typing import Any

import click

from dondoc.bot.channel import BaseChannel
from dondoc.cli._app import App, output_options, output_rows, pass_app, today_option
from dondoc.jobs import Outcome, ReminderPolicy, plan_day, send_day, with_texts


async def _send(app: App, policy: ReminderPolicy, day: date) -> list[Outcome]:
    """Send through the console (printed to stderr) and, with a token, Telegram (send-only: no polling)."""
    from dondoc.bot.console import ConsoleChannel
    from dondoc.cli.chat import conversation

    core = conversation(app)
    channels: dict[str, BaseChannel] = {"console": ConsoleChannel(core, stdout=sys.stderr, interactive=False)}
    telegram = None
    if app.settings.telegram_token:
        from dondoc.bot.telegram import TelegramChannel

        telegram = TelegramChannel(core, app.settings.telegram_token, base_url=app.settings.telegram_api_base_url)
        await telegram.application.initialize()  # enough to send; `dondoc serve` may be polling meanwhile
        channels["telegram"] = telegram
    try:
        return await send_day(app.sessions, policy, channels, day, datetime.now(policy.tz))
    finally:
        if telegram is not None:
            await telegram.application.shutdown()


def _for_people(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "tasks": len(row["task_ids"]), "text": row["text"].splitlines()[0]}


@click.command()
@today_option
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send and record nothing.")
@output_options
@pass_app
def remind(app: App, today: date | None, dry_run: bool, fmt: str | None) -> None:
    """Send the deadline reminders and digests owed on a day, or show them with --dry-run.

    Each message goes out once: what the reminder ledger says was sent (by `dondoc serve`
    or an earlier run) is left out. Telegram is used when TELEGRAM_BOT_TOKEN is set;
    console subscriptions are printed to standard error. Quiet hours do not apply (you
    asked now), quiet days do. Kinds: due_in_7, due_in_3, due_in_1, due_today,
    overdue_digest, recurring_digest.

    Example:

        dondoc remind --today 2026-11-23 --dry-run --json
    """
    policy = ReminderPolicy.from_settings(app.settings)
    day = today or app.today()
    columns = ["chat", "unit", "kind", "tasks", "text"]
    if dry_run:
        with app.sessions() as session:
            rows = [reminder.as_dict() for reminder in with_texts(session, policy, plan_day(session, policy, day))]
    else:
        rows = [outcome.as_dict() for outcome in asyncio.run(_send(app, policy, day))]
        columns.insert(3, "state")
    output_rows(rows if fmt else [_for_people(row) for row in rows], columns, fmt)
