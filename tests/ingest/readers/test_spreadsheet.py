"""The workbook readers: every sheet a table, merged ranges resolved, values as the cell shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.readers import read_document
from dondoc.ingest.readers.spreadsheet import read_xlsx
from tests.ingest.readers.conftest import EXPECTED_ROWS, TITLE, convert, needs_soffice, write_task_xlsx


@pytest.fixture(scope="module")
def task_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_task_xlsx(tmp_path_factory.mktemp("xlsx") / "bao-cao.xlsx")


def test_each_sheet_is_a_table_numbered_by_its_sheet_rows(task_xlsx: Path) -> None:
    document = read_xlsx(task_xlsx)
    tasks, summary = document.tables
    assert (tasks.sheet, summary.sheet) == ("Nhiệm vụ", "Tổng hợp")
    assert [row.cells for row in tasks.rows] == [(TITLE, "", "", "", "", ""), *EXPECTED_ROWS]
    assert [row.line for row in tasks.rows] == [1, 3, 4, 5, 6, 7, 8]  # row 2 is empty and dropped


def test_dates_numbers_and_percentages_read_as_the_cell_shows_them(task_xlsx: Path) -> None:
    document = read_xlsx(task_xlsx)
    assert document.tables[0].rows[3].cells[4] == "30/06/2025"
    assert document.tables[0].rows[3].cells[0] == "1"
    assert [row.cells for row in document.tables[1].rows] == [("Tổng số nhiệm vụ", "3"), ("Tỷ lệ hoàn thành", "50%")]
    assert "Tỷ lệ hoàn thành | 50%" in document.text


@needs_soffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_old_excel_and_opendocument_workbooks_read_like_the_xlsx_and_damage_is_named(
    fmt: str, task_xlsx: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    converted = convert(task_xlsx, tmp_path_factory.mktemp(fmt), target=fmt)
    document = read_document(converted)
    assert document.format == fmt
    assert [row.cells for row in document.tables[0].rows][1:] == EXPECTED_ROWS
    assert [row.line for row in document.tables[0].rows] == [1, 3, 4, 5, 6, 7, 8]
    assert document.tables[1].sheet == "Tổng hợp"
    broken = tmp_path_factory.mktemp(f"{fmt}-broken") / f"hong.{fmt}"
    data = bytearray(converted.read_bytes())
    data[2000:6000] = bytes(4000)
    broken.write_bytes(bytes(data))
    with pytest.raises(UnreadableReport) as caught:
        read_document(broken)
    assert caught.value.reason.startswith("the file is damaged: ")
