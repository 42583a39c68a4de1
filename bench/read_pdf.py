"""Benchmark: read a 40-page task-table PDF (Word → LibreOffice) and OCR one scanned page of it.

Needs LibreOffice and tesseract (`make sysdeps`).
Run: .venv/bin/python bench/read_pdf.py [--pages 40]
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import tempfile
import time
from pathlib import Path

import docx
import pypdfium2
from docx.shared import Pt

from dondoc.ingest.readers import read_document

HEADER = ("STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Kết quả")
ROWS_PER_PAGE = 5  # task rows of this table LibreOffice puts on an A4 page, measured
UNITS = ("Bộ Công an", "Bộ Tư pháp", "Bộ Y tế", "Văn phòng Chính phủ", "Ủy ban nhân dân tỉnh")


def write_report(path: Path, rows: int) -> None:
    """A Word report with one ruled task table of `rows` rows, a group row every ten tasks."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading("BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", level=1)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for n in range(1, rows + 1):
        if n % 10 == 1:
            group = table.add_row()
            group.cells[0].merge(group.cells[-1]).text = f"Nhóm {n // 10 + 1}. Nhiệm vụ về chuyển đổi số"
        cells = (
            str(n),
            f"Triển khai nhiệm vụ số {n} về tích hợp dữ liệu dân cư với hệ thống dịch vụ công",
            UNITS[n % len(UNITS)],
            UNITS[(n + 2) % len(UNITS)],
            f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/2025",
            "Đang thực hiện" if n % 3 else "Đã hoàn thành",
        )
        for cell, text in zip(table.add_row().cells, cells, strict=True):
            cell.text = text
    document.save(str(path))


def to_pdf(source: Path, folder: Path) -> Path:
    profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"
    command = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    return folder / f"{source.stem}.pdf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=40)
    pages = parser.parse_args().pages
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_report(folder / "bao-cao.docx", pages * ROWS_PER_PAGE)
        pdf = to_pdf(folder / "bao-cao.docx", folder)
        started = time.perf_counter()
        document = read_document(pdf)
        read = time.perf_counter() - started
        page_count = len(pypdfium2.PdfDocument(str(pdf)))
        rows = sum(len(block.rows) for block in document.tables)
        scan = folder / "scan.pdf"
        pypdfium2.PdfDocument(str(pdf))[1].render(scale=200 / 72).to_pil().convert("L").save(scan, resolution=200)
        started = time.perf_counter()
        scanned = read_document(scan)
        ocr = time.perf_counter() - started
    print(f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}")
    print(f"text PDF: {page_count} pages, {len(document.tables)} table(s), {rows} rows read in {read:.2f} s")
    print(f"  ({read / page_count:.2f} s a page; target: 40 pages < 20 s)")
    scanned_rows = sum(len(block.rows) for block in scanned.tables)
    print(f"scanned page (200 dpi, OCR): {scanned_rows} rows read in {ocr:.2f} s")


if __name__ == "__main__":
    main()
