"""`dondoc extension`: deadline extension requests, decided by an admin at the terminal."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from dondoc.cli._app import App, output_options, output_rows, pass_app
from dondoc.cli._loop import decision_verbs, loop_errors, terminal_actor
from dondoc.data.db import transaction
from dondoc.followup.extensions import decide_extension, extension_record, extensions
from dondoc.nlp.text import vn_date


@click.group()
def extension() -> None:
    """Deadline extensions: a unit asks ("xin gia hạn đến 31/01/2027"), an admin decides.

    An approved extension moves the task's deadline (reminders follow it) and is kept in
    its history; a later ingest of an older report does not move it back.

    Example:

        dondoc extension list --state pending && dondoc extension approve 2 --by "Văn phòng Bộ"
    """


@extension.command("list")
@click.option("--state", type=click.Choice(("pending", "approved", "rejected")), help="Only requests in this state.")
@output_options
@pass_app
def list_extensions(app: App, state: str | None, fmt: str | None) -> None:
    """List extension requests, oldest first.

    Example:

        dondoc extension list --state pending --json
    """
    with app.sessions() as session:
        rows = [extension_record(request) for request in extensions(session, state)]
    output_rows(rows, ["id", "state", "task_id", "requested_due", "requested_by", "reason"], fmt)


def _decide(app: App, request_id: int, verb: str, who: str | None) -> None:
    approve = verb == "approve"
    with loop_errors(), transaction(app.sessions) as session:
        request = decide_extension(session, request_id, approve, admin=terminal_actor(who), at=datetime.now(UTC))
        due = vn_date(request.requested_due)
    outcome = f"approved: task {request.task_id} is now due {due}" if approve else f"rejected (asked for {due})"
    click.echo(f"Extension {request_id} {outcome}.")


decision_verbs(
    extension,
    _decide,
    {
        "approve": """Move the task's deadline to the day asked for.

    Example:

        dondoc extension approve 2 --by "Văn phòng Bộ Y tế"
    """,
        "reject": """Refuse the request; the deadline stays.

    Example:

        dondoc extension reject 2 --by "Văn phòng Bộ Y tế"
    """,
    },
)
