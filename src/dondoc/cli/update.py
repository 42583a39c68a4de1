"""`dondoc update` and `dondoc history`: record a task's progress from the terminal, and read its events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import click

from dondoc.cli._app import App, day_option, output_options, output_rows, pass_app
from dondoc.cli._loop import loop_errors, terminal_actor
from dondoc.data.db import transaction
from dondoc.followup.history import event_record, task_history
from dondoc.followup.progress import LABELS, UPDATE_STATUSES, apply_update
from dondoc.nlp.text import vn_date


@click.command()
@click.argument("task_id", type=int)
@click.option("--status", required=True, type=click.Choice(UPDATE_STATUSES), help="The task's state now.")
@click.option("--note", help="Evidence or remark, e.g. the document that closes it.")
@click.option("--by", "who", help="Who reports it (default: your login name).")
@day_option("--date", "The day the update speaks for (default: today in Vietnam).")
@pass_app
def update(app: App, task_id: int, status: str, note: str | None, who: str | None, date: date | None) -> None:
    """Record a task's progress, as a focal point or an admin does in chat.

    The change is kept in the task's history (`dondoc history`) and survives later ingests:
    a report issued before --date does not undo it; a newer one wins. "blocked" (gặp vướng
    mắc) counts as unfinished work: đang thực hiện, or quá hạn once past the deadline. The
    same update given twice is recorded once.

    Example:

        dondoc update 12 --status done --note "Công văn 123/BYT ngày 02/12/2026" --by "Bộ Y tế" --date 2026-12-02
    """
    day = date or app.today()
    with loop_errors(), transaction(app.sessions) as session:
        result = apply_update(
            session, task_id, status, actor=terminal_actor(who), as_of=day, at=datetime.now(UTC),
            registry=app.registry, note=note,
        )  # fmt: skip
    if result.duplicate:
        click.echo(f"Task {task_id}: this update was already recorded; nothing changed.")
    elif not result.applied:
        click.echo(f"Task {task_id}: recorded in its history, but newer information stands; the status is unchanged.")
    else:
        old = LABELS.get(result.old_status or "unknown", result.old_status)
        click.echo(f"Task {task_id}: {old} → {LABELS[status]} ({vn_date(day)}). See `dondoc history {task_id}`.")


@click.command()
@click.argument("task_id", type=int)
@output_options
@pass_app
def history(app: App, task_id: int, fmt: str | None) -> None:
    """List every change of a task: status, deadline, units and notes, from reports, chats and the CLI.

    Each event says the day it speaks for, who made it and through which channel. An
    update that newer information already outdated is listed with applied = false.

    Example:

        dondoc history 12 --json
    """
    with app.sessions() as session:
        rows = [event_record(event) for event in task_history(session, task_id)]
    output_rows(rows, ["as_of", "field", "old", "new", "channel", "actor", "note"], fmt)
