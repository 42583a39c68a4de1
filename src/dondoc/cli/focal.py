"""`dondoc focal`: the chats asking to report for a unit, and the admin's decision at the terminal."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from dondoc.cli._app import App, output_options, output_rows, pass_app
from dondoc.cli._loop import decision_verbs, loop_errors, terminal_actor
from dondoc.data.db import transaction
from dondoc.followup.focal_points import STATES, decide, focal_points, focal_record


@click.group()
def focal() -> None:
    """Focal points: chats that report progress for a unit, approved by an admin.

    A chat asks with /dangky <đơn vị>; an approved chat may update its unit's tasks (and those
    of the units it took over in 2025). From the terminal you act as an admin.

    Example:

        dondoc focal list --state pending && dondoc focal approve 3 --by "Văn phòng Bộ"
    """


@focal.command("list")
@click.option("--state", type=click.Choice(STATES), help="Only requests in this state.")
@output_options
@pass_app
def list_requests(app: App, state: str | None, fmt: str | None) -> None:
    """List focal-point requests, oldest first.

    Example:

        dondoc focal list --state pending --json
    """
    with app.sessions() as session:
        rows = [focal_record(point) for point in focal_points(session, state)]
    output_rows(rows, ["id", "state", "unit", "channel", "chat_id", "requested_by", "decided_by"], fmt)


def _decide(app: App, request_id: int, verb: str, who: str | None) -> None:
    decision = {"approve": "approved", "reject": "rejected", "revoke": "revoked"}[verb]
    with loop_errors(), transaction(app.sessions) as session:
        point = decide(session, request_id, decision, terminal_actor(who), datetime.now(UTC))
        click.echo(f"Request {request_id} ({point.unit.name}, {point.channel} {point.chat_id}) is now {decision}.")


decision_verbs(
    focal,
    _decide,
    {
        "approve": """Let the chat of a pending request update its unit's tasks.

    Example:

        dondoc focal approve 3 --by "Văn phòng Bộ Y tế"
    """,
        "reject": """Refuse a pending request (the chat may ask again).

    Example:

        dondoc focal reject 3 --by "Văn phòng Bộ Y tế"
    """,
        "revoke": """End an approval: the chat may no longer update the unit's tasks.

    Example:

        dondoc focal revoke 3 --by "Văn phòng Bộ Y tế"
    """,
    },
)
