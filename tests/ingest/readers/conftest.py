"""One task table written as .docx, .xlsx, .html, .pdf (LibreOffice) and a scanned .pdf; the PDFs made once a run."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.shared import Pt

HEADER = ("STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Kết quả")
GROUP_1 = "I. Nhiệm vụ về hoàn thiện thể chế"
GROUP_2 = "II. Nhiệm vụ về dịch vụ công trực tuyến"
# Each task: the cells as printed; the unit of tasks 1 and 2 is one cell merged down over both rows.
TASKS = (
    (
        "1",
        "Xây dựng Nghị định quy định về định danh điện tử",
        "Bộ Công an",
        "Bộ Tư pháp",
        "30/06/2025",
        "Đã hoàn thành",
    ),
    (
        "2",
        "Sửa đổi Thông tư hướng dẫn cấp căn cước",
        "Bộ Công an",
        "Văn phòng Chính phủ",
        "31/12/2025",
        "Đang thực hiện",
    ),
    (
        "3",
        "Tích hợp dịch vụ công liên thông khai sinh, khai tử",
        "Bộ Tư pháp",
        "Ủy ban nhân dân tỉnh",
        "Quý IV/2025",
        "Chưa hoàn thành",
    ),
)
# The rows every reader must give back: header, group rows spanning the table, the merged unit repeated.
EXPECTED_ROWS = [HEADER, (GROUP_1,) * 6, TASKS[0], TASKS[1], (GROUP_2,) * 6, TASKS[2]]
TITLE = "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ"
NUMBER = "Số: 125/BC-UBND ngày 15/7/2025"

# One LibreOffice profile per test run (a warm profile starts faster), removed at the end.
LIBREOFFICE_PROFILE = Path(tempfile.gettempdir()) / f"dondoc-test-lo-{os.getpid()}"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is missing: make sysdeps")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is missing: make sysdeps")


def write_task_docx(path: Path, copies: int = 1, running_header: str = "") -> Path:
    """A Word report: title, number, a list item, then the task table (`copies` times its task rows)."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    document.sections[0].header.paragraphs[0].text = running_header  # printed atop every page
    document.add_heading(TITLE, level=1)
    document.add_paragraph(NUMBER)
    document.add_paragraph("Tình hình thực hiện các nhiệm vụ được giao", style="List Bullet")
    table = document.add_table(rows=0, cols=len(HEADER))
    table.style = "Table Grid"
    for _ in range(copies):
        _add_rows(table, copies == 1 or not table.rows)
    document.add_paragraph("Nơi nhận: như trên.")
    document.save(str(path))
    return path


def _add_rows(table: docx.table.Table, with_header: bool) -> None:
    if with_header:
        for cell, text in zip(table.add_row().cells, HEADER, strict=True):
            cell.text = text
    for group, tasks in ((GROUP_1, TASKS[:2]), (GROUP_2, TASKS[2:])):
        row = table.add_row()
        row.cells[0].merge(row.cells[-1]).text = group
        first = len(table.rows)
        for task in tasks:
            for cell, text in zip(table.add_row().cells, task, strict=True):
                cell.text = text
        if len(tasks) == 2:  # the unit cell of both tasks is one cell merged down
            top, bottom = table.rows[first].cells[2], table.rows[first + 1].cells[2]
            top.merge(bottom).text = tasks[0][2]


def write_task_xlsx(path: Path) -> Path:
    """The table in a workbook: the group rows merged across, the unit merged down, deadlines as date cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    sheet.append([TITLE])
    sheet.append([])
    sheet.append(list(HEADER))
    for group, tasks in ((GROUP_1, TASKS[:2]), (GROUP_2, TASKS[2:])):
        sheet.append([group])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=6)
        for task in tasks:
            deadline = task[4]
            if deadline[0].isdigit():
                day, month, year = map(int, deadline.split("/"))
                cells = [int(task[0]), task[1], task[2], task[3], date(year, month, day), task[5]]
                sheet.append(cells)
                sheet.cell(sheet.max_row, 5).number_format = "dd/mm/yyyy"
            else:
                sheet.append([int(task[0]), *task[1:]])
    sheet.merge_cells(start_row=5, start_column=3, end_row=6, end_column=3)
    other = book.create_sheet("Tổng hợp")
    other.append(["Tổng số nhiệm vụ", 3])
    other.append(["Tỷ lệ hoàn thành", 0.5])
    other["B2"].number_format = "0%"
    book.save(str(path))
    return path


def write_task_html(path: Path) -> Path:
    """The table as a web page, with colspan group rows and a rowspan unit cell."""
    cells = "".join(f"<th>{text}</th>" for text in HEADER)
    body = [f"<tr>{cells}</tr>"]
    for group, tasks in ((GROUP_1, TASKS[:2]), (GROUP_2, TASKS[2:])):
        body.append(f'<tr><td colspan="6"><b>{group}</b></td></tr>')
        for n, task in enumerate(tasks):
            texts = list(task)
            spans = [""] * 6
            if len(tasks) == 2:
                if n == 0:
                    spans[2] = ' rowspan="2"'
                else:
                    del texts[2], spans[2]
            body.append("<tr>" + "".join(f"<td{s}>{t}</td>" for t, s in zip(texts, spans, strict=True)) + "</tr>")
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Báo cáo</title></head><body>'
        f"<h1>{TITLE}</h1><p>{NUMBER}</p><ul><li>Tình hình thực hiện các nhiệm vụ được giao</li></ul>"
        f"<table border=1>{''.join(body)}</table></body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path


def convert(source: Path, out_dir: Path, target: str = "pdf") -> Path:
    """Convert with LibreOffice headless (to PDF by default), in this run's own profile so runs do not collide."""
    profile = LIBREOFFICE_PROFILE
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out_dir / f"{source.stem}.{target}"


def scan(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """A scanned copy of a PDF: every page rendered to a picture and put back into a PDF without text."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


def normalise_rows(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Rows with whitespace collapsed, so a PDF's wraps do not count as differences."""
    return [tuple(" ".join(cell.split()) for cell in row) for row in rows]


@pytest.fixture(scope="session", autouse=True)
def _libreoffice_profile() -> Iterator[None]:
    yield
    shutil.rmtree(LIBREOFFICE_PROFILE, ignore_errors=True)


@pytest.fixture(scope="session")
def task_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_task_docx(tmp_path_factory.mktemp("docx") / "bao-cao.docx")


@pytest.fixture(scope="session")
def task_pdf(task_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is missing: make sysdeps")
    return convert(task_docx, tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="session")
def scanned_pdf(task_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scan(task_pdf, tmp_path_factory.mktemp("scan") / "bao-cao-scan.pdf")
