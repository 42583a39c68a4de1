"""The task register as the office keeps it: one row per task in the four official states, a summary per unit.

The rows come from `find_tasks` with the caller's `TaskFilter`, so an export has exactly the rows
`dondoc tasks` lists for the same filters, and the states come from `data.statistics.category_of`, so
they agree with /thongke. It sits beside `charts` above the layers, for the CLI and the bot alike.
"""

from __future__ import annotations

import csv
from dataclasses import astuple, dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from dondoc.conversation.wording import CATEGORY_WORDS
from dondoc.data.models import TaskEvent
from dondoc.data.sources import source_names
from dondoc.data.statistics import (
    UnitStatistics,
    category_of,
    category_rows,
    statistics_by_unit,
    statistics_for,
)
from dondoc.data.task_view import task_view
from dondoc.data.tasks import TaskFilter, find_tasks
from dondoc.data.units import UnitRegistry
from dondoc.followup.history import latest_events
from dondoc.nlp.text import vn_date

TERMS = CATEGORY_WORDS
HEADERS = (
    "STT", "Nội dung nhiệm vụ", "Văn bản chỉ đạo", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn",
    "Tình trạng", "Cập nhật gần nhất", "Nguồn", "Mã nhiệm vụ",
)  # fmt: skip
WIDTHS = (6, 70, 35, 28, 28, 14, 26, 45, 35, 11)
SUMMARY_HEADERS = ("Đơn vị chủ trì", "Tổng số", *(t.capitalize() for t in TERMS.values()), "Tỷ lệ hoàn thành (%)")
FORMATS = (".xlsx", ".csv")


class UnsupportedFormat(Exception):
    """Raised when the output file's extension is neither .xlsx nor .csv."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"cannot write {path}: the register is written as {' or '.join(FORMATS)}")
        self.path = path


@dataclass(frozen=True)
class RegisterRow:
    """One task as the register shows it; `deadline` is a date when the task has a due day, else its text."""

    number: int
    content: str
    directing: str
    lead: str
    coordinating: str
    deadline: date | str
    state: str
    latest_update: str
    sources: str
    task_id: int


def _update_text(event: TaskEvent | None, reports: dict[str, str]) -> str:
    """ "02/12/2026 · Công văn 123/BYT (cli: Nguyễn Văn A)", or what the last report said (the report by name)."""
    if event is None:
        return ""
    what = event.note or event.new_value or ""
    report = reports.get(event.source_document or "") or event.source_document or "báo cáo"
    who = report if event.channel == "report" else f"{event.channel}: {event.actor}"
    return f"{vn_date(event.as_of)} · {what} ({who})"


def register(
    session: Session, flt: TaskFilter, registry: UnitRegistry
) -> tuple[list[RegisterRow], list[UnitStatistics]]:
    """The register rows for `flt` and the per-unit figures of the same tasks, the total last."""
    tasks = [task_view(task) for task in find_tasks(session, flt, registry)]
    latest = latest_events(session, [task.id for task in tasks])
    reports = dict(source_names(session))
    rows = [
        RegisterRow(
            number=i,
            content=task.content,
            directing="; ".join(task.directing_docs),
            lead="; ".join(task.lead_units),
            coordinating="; ".join(task.coordinating_units),
            deadline=task.deadline.due or task.deadline.text or "",
            state=TERMS[category_of(task, flt.today)],
            latest_update=_update_text(latest.get(task.id), reports),
            sources="; ".join(task.reports),
            task_id=task.id,
        )
        for i, task in enumerate(tasks, start=1)
    ]
    counted = category_rows(tasks, flt.today)
    return rows, [*statistics_by_unit(counted), statistics_for("Tổng cộng", counted)]


def _sheet(
    sheet: Worksheet, headers: tuple[str, ...], widths: tuple[int, ...], lines: list[tuple[object, ...]]
) -> None:
    """A table with a bold frozen header, a filter on every column and readable widths."""
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for line in lines:
        sheet.append(line)
    for column, width in zip(sheet.iter_cols(min_row=1, max_row=1), widths, strict=False):
        sheet.column_dimensions[column[0].column_letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def write_xlsx(path: Path, rows: list[RegisterRow], figures: list[UnitStatistics], today: date) -> None:
    """The register sheet (dates as dates, long text wrapped) and the per-unit summary sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh mục nhiệm vụ"
    _sheet(sheet, HEADERS, WIDTHS, [astuple(row) for row in rows])
    for line in sheet.iter_rows(min_row=2):
        line[5].number_format = "DD/MM/YYYY"
        for cell in (line[1], line[2], line[7]):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    summary = book.create_sheet(f"Tổng hợp {today:%d-%m-%Y}")
    _sheet(
        summary,
        SUMMARY_HEADERS,
        (40, 10, 14, 14, 14, 14, 14),
        [(f.unit, f.total, *(getattr(f, c) for c in TERMS), f.completion) for f in figures],
    )
    summary.cell(summary.max_row, 1).font = Font(bold=True)
    book.save(path)


def write_csv(path: Path, rows: list[RegisterRow]) -> None:
    """The register alone, UTF-8 with a BOM so Excel reads the Vietnamese letters; dates as dd/mm/yyyy."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for row in rows:
            values = list(astuple(row))
            values[5] = vn_date(row.deadline) if isinstance(row.deadline, date) else row.deadline
            writer.writerow(values)


def export_register(session: Session, path: Path, flt: TaskFilter, registry: UnitRegistry) -> int:
    """Write the register for `flt` to `path` (.xlsx or .csv); returns how many tasks it holds.

    Raises:
        UnsupportedFormat: `path` ends in neither .xlsx nor .csv (nothing is written).
    """
    if path.suffix.lower() not in FORMATS:
        raise UnsupportedFormat(path)
    rows, figures = register(session, flt, registry)
    if path.suffix.lower() == ".xlsx":
        write_xlsx(path, rows, figures, flt.today)
    else:
        write_csv(path, rows)
    return len(rows)
