"""`dondoc stats`: the figures /thongke shows, per lead unit, for scripts and reports."""

from __future__ import annotations

from datetime import date

import click

from dondoc.cli._app import App, output_options, output_rows, pass_app, today_option
from dondoc.data.statistics import unit_statistics

ALL_TASKS = "(tất cả)"


@click.command()
@click.option("--unit", "unit_name", help='Only this unit\'s own tasks ("Bộ Y tế", "BYT", "bo y te").')
@today_option
@output_options
@pass_app
def stats(app: App, unit_name: str | None, today: date | None, fmt: str | None) -> None:
    """Count tasks done on time, done late, in progress within their deadline and overdue.

    The first row counts every task (or the unit's own, with --unit: those it leads and the
    group tasks whose result names it among the lagging; its overdue group tasks "giao chung"
    are counted apart, in shared_overdue); then one row per lead unit under its 2025 name,
    most tasks first. The numbers are those of /thongke in chat.

    Example:

        dondoc stats --unit "Bộ Y tế" --today 2026-11-23 --json
    """
    unit = app.registry.lookup(unit_name) if unit_name else None
    with app.sessions() as session:
        totals, by_unit = unit_statistics(session, app.registry, today or app.today(), unit)
    rows = [{**totals.as_dict(), "unit": unit or ALL_TASKS}, *(row.as_dict() for row in by_unit)]
    output_rows(rows, ["unit", "total", "done_on_time", "done_late", "in_time", "overdue", "completion"], fmt)
