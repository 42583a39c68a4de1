"""`dondoc remind`: the reminders and digests owed on a day, shown (--dry-run) or sent once."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import click

from dondoc.cli._app import App, output_options, output_rows, pass_app, today_option
from dondoc.cli.chat import application
from dondoc.conversation import with_texts
from dondoc.reminders import plan_day

# Outcomes that leave a message owed: the command then exits 1 so a cron job notices.
UNSENT = {"retry", "given_up", "paused"}


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
    or an earlier run) is left out. Telegram is used when TELEGRAM_BOT_TOKEN is set, Zalo
    when ZALO_BOT_TOKEN is set; console subscriptions are printed to standard error.
    Quiet hours do not apply (you asked now), quiet days do. Kinds: due_in_7, due_in_3, due_in_1, due_today,
    overdue_digest, recurring_digest.

    Example:

        dondoc remind --today 2026-11-23 --dry-run --json
    """
    app.create_schema = False  # an empty or mistyped DATABASE_URL is an error here, not a new database
    built = application(app, today)
    policy, day = built.policy, built.today()
    columns = ["chat", "unit", "kind", "tasks", "text"]
    if dry_run:
        with app.sessions() as session:
            rows = [reminder.as_dict() for reminder in with_texts(session, policy, plan_day(session, policy, day))]
    else:
        rows = [outcome.as_dict() for outcome in asyncio.run(built.send_reminders(day))]
        columns.insert(3, "state")
    output_rows(rows if fmt else [_for_people(row) for row in rows], columns, fmt)
    unsent = sum(row.get("state") in UNSENT for row in rows)
    if unsent:
        raise click.ClickException(
            f"{unsent} of {len(rows)} messages were not sent; the next `dondoc remind` or `dondoc serve` tick "
            "retries them (see the state column and the log)."
        )
