"""The register's rows as an .xlsx workbook: what is on screen, with a frozen header, filters and real dates."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from dondoc.web.library import TaskRow

COLUMNS = (
    ("STT", 6),
    ("Mã", 8),
    ("Nội dung nhiệm vụ", 70),
    ("Văn bản chỉ đạo", 28),
    ("Đơn vị chủ trì", 28),
    ("Đơn vị phối hợp", 28),
    ("Thời hạn", 14),
    ("Thời hạn (theo văn bản)", 24),
    ("Tình trạng", 26),
    ("Nguồn", 30),
)


def register_xlsx(rows: list[TaskRow], today: date, first: int = 1) -> bytes:
    """A workbook with one sheet holding `rows` (task rows as the register shows them).

    Args:
        rows: rows from `library.register`, in screen order.
        today: the day the states were judged on (written in the sheet's title row).
        first: the STT of the first row (the page's offset + 1), so the numbers match the screen.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    sheet.append([f"Danh sách nhiệm vụ — tình trạng tính đến ngày {today:%d/%m/%Y}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([name for name, _ in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3A5F")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, row in enumerate(rows, start=first):
        task = row.task
        sheet.append(
            [
                number,
                task.id,
                task.content,
                "; ".join(task.directing_docs),
                ", ".join(task.lead_units),
                ", ".join(task.coordinating_units),
                task.deadline.due,
                task.deadline.text,
                row.term,
                "; ".join(task.reports),
            ]
        )
        sheet.cell(sheet.max_row, 7).number_format = "DD/MM/YYYY"
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(2, index).column_letter].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{sheet.cell(2, len(COLUMNS)).column_letter}{max(sheet.max_row, 2)}"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
