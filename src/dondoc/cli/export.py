"""`dondoc export`: the task register as an Excel workbook (with a summary per unit) or CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from dondoc.cli._app import App, day_option, pass_app, today_option
from dondoc.data.task_state import STATUSES
from dondoc.data.tasks import TaskFilter


@click.command()
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.xlsx or FILE.csv"
)
@click.option("--unit", "unit_name", help='A unit by name or abbreviation ("Bộ Y tế", "BYT", "bo y te").')
@click.option("--status", type=click.Choice(STATUSES), help="Only tasks in this state.")
@click.option("--overdue", is_flag=True, help="Only tasks past their deadline and not finished.")
@day_option("--due-before", "Only tasks due on or before this day.")
@today_option
@pass_app
def export(
    app: App,
    output: Path,
    unit_name: str | None,
    status: str | None,
    overdue: bool,
    due_before: date | None,
    today: date | None,
) -> None:
    """Write the task register as an Excel workbook (with a summary per unit) or as CSV.

    Columns: STT, nội dung, văn bản chỉ đạo, đơn vị chủ trì, phối hợp, thời hạn, tình trạng
    (hoàn thành đúng hạn / hoàn thành quá hạn / đang thực hiện trong hạn / quá hạn chưa hoàn
    thành), cập nhật gần nhất, nguồn, mã nhiệm vụ. The filters are those of `dondoc tasks`, so
    both list the same tasks. An .xlsx file also gets a summary sheet per lead unit, in the same
    states as /thongke.

    Example:

        dondoc export -o so-theo-doi-byt.xlsx --unit "Bộ Y tế" --today 2026-12-01
    """
    from dondoc.output.register import UnsupportedFormat, export_register  # openpyxl loads only for this verb

    units = (app.registry.lookup(unit_name),) if unit_name else ()
    flt = TaskFilter(today=today or app.today(), units=units, status=status, overdue=overdue, due_to=due_before)
    try:
        with app.sessions() as session:
            count = export_register(session, output, flt, app.registry)
    except UnsupportedFormat as error:
        raise click.ClickException(
            f"Cannot write {error.path}: give a file name ending in .xlsx or .csv. Nothing was written."
        ) from None
    click.echo(f"Wrote {count} tasks to {output}.")
