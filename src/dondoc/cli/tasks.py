"""`dondoc tasks` and `dondoc units`: exact listings straight from the database."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import click

from dondoc.cli._app import App, day_option, output_options, output_rows, pass_app, today_option
from dondoc.data.task_state import STATUSES
from dondoc.data.task_view import TaskView, task_views
from dondoc.data.tasks import TaskFilter, find_task_ids
from dondoc.data.unit_store import list_units, new_units


@click.command()
@click.option("--unit", "unit_name", help='A unit by name or abbreviation ("Bộ Y tế", "BYT", "bo y te").')
@click.option("--status", type=click.Choice(STATUSES), help="Only tasks in this state.")
@click.option("--overdue", is_flag=True, help="Only tasks past their deadline and not finished.")
@day_option("--due-before", "Only tasks due on or before this day.")
@today_option
@click.option("--limit", type=click.IntRange(min=1), help="At most this many tasks.")
@output_options
@pass_app
def tasks(
    app: App,
    unit_name: str | None,
    status: str | None,
    overdue: bool,
    due_before: date | None,
    today: date | None,
    limit: int | None,
    fmt: str | None,
) -> None:
    """List tasks, most overdue first; with --unit, the unit's own tasks, then its group tasks.

    A unit's own tasks are those it leads and the tasks given to a group ("Các bộ, ngành") whose
    result names it among the members still lagging. Then come the group tasks it has "giao
    chung" ("shared": true in --json, "(giao chung)" in the table); with --status or --overdue,
    not those whose result names only other members as lagging. The same tasks as /cham.

    Example:

        dondoc tasks --unit "Bộ Y tế" --overdue --today 2025-07-01 --json
    """
    units = (app.registry.lookup(unit_name),) if unit_name else ()
    flt = TaskFilter(today=today or app.today(), units=units, status=status, overdue=overdue, due_to=due_before)
    with app.sessions() as session:
        listing = find_task_ids(session, flt, app.registry)
        views = task_views(session, listing.ids[:limit])
    if fmt is None:
        rows = [_table_row(view, view.id in listing.shared) for view in views]
    else:
        rows = [{**view.as_json(), "shared": view.id in listing.shared} for view in views]
    output_rows(rows, ["id", "status", "due", "lead_units", "content"], fmt)


def _table_row(view: TaskView, shared: bool) -> dict[str, Any]:
    """What the table shows of a task: its due day (or the deadline as written) and "(giao chung)" marks."""
    due = view.deadline.due.isoformat() if view.deadline.due else view.deadline.text
    content = f"(giao chung) {view.content}" if shared else view.content
    return {"id": view.id, "status": view.status, "due": due, "lead_units": list(view.lead_units), "content": content}


@click.command()
@click.option("--new", "only_new", is_flag=True, help="Only units met in reports but not in the registry.")
@output_options
@pass_app
def units(app: App, only_new: bool, fmt: str | None) -> None:
    """List the units that have tasks, with their abbreviation and 2025 successor.

    With --new: the units reports name that the registry does not know, kept as written,
    with where they were met and the closest known names, for an admin to map or confirm.

    Example:

        dondoc units --new --json
    """
    with app.sessions() as session:
        if only_new:
            found = [asdict(unit) for unit in new_units(session, app.registry)]
            output_rows(found, ["name", "tasks", "scopes", "suggestions"], fmt)
            return
        rows = list_units(session)
    output_rows(rows, ["name", "abbreviation", "current", "tasks"], fmt)
