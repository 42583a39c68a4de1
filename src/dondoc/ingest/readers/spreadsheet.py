"""Readers for workbooks: .xlsx with openpyxl, .xls and .ods with python-calamine; every sheet is one table block."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import python_calamine
from lxml import etree

from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.readers._blocks import make_document, table_block
from dondoc.ingest.readers._errors import PASSWORD, damaged
from dondoc.ingest.readers.document import Block, Document

Value = str | int | float | bool | date | datetime | time | timedelta | None


def read_xlsx(path: Path) -> Document:
    """Read every sheet of an .xlsx: values as the cell shows them (cached formula results), merged ranges resolved.

    Each sheet becomes a table block named by `sheet`, its rows numbered as the sheet numbers them
    (`line`), empty rows and columns dropped. A merged range's text stands in every cell it covers.

    Args:
        path: the workbook; the caller has checked it is a ZIP holding xl/workbook.xml.

    Returns:
        The document, format "xlsx".
    """
    book = openpyxl.load_workbook(str(path), data_only=True)
    blocks: list[Block | None] = []
    for sheet in book.worksheets:
        grid = [[_shown(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid[r - 1][c - 1] = top
        blocks.append(table_block(((row, n) for n, row in enumerate(grid, start=1)), sheet=sheet.title))
    return make_document(path.name, "xlsx", blocks)


def read_calamine(path: Path, fmt: str) -> Document:
    """Read every sheet of an .xls (Excel 97-2003) or .ods (OpenDocument) workbook with python-calamine.

    calamine (Rust, maintained, one wheel for xls, xlsx, ods) reads both formats openpyxl cannot and
    gives the merged ranges of an .xls; those of an .ods are read from its content.xml. Cell number
    formats are not exposed, so numbers read as stored and dates as dd/mm/yyyy.

    Args:
        path: the workbook.
        fmt: "xls" or "ods", the format the dispatcher recognised.

    Returns:
        The document with that format.

    Raises:
        UnreadableReport: the workbook is password-protected or damaged.
    """
    try:
        return _read_calamine(path, fmt)
    except python_calamine.PasswordError:
        raise UnreadableReport(str(path), f"the workbook is protected by a password; {PASSWORD}") from None
    except (python_calamine.CalamineError, python_calamine.XmlError, python_calamine.ZipError) as error:
        raise damaged(path, fmt, error) from None


def _read_calamine(path: Path, fmt: str) -> Document:
    """`read_calamine` without the error wording."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    ods_merges = _ods_merges(path) if fmt == "ods" else {}
    blocks: list[Block | None] = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        first_row, first_col = sheet.start or (0, 0)
        grid = [[_shown(value, "General") for value in row] for row in sheet.to_python(skip_empty_area=True)]
        merges = ods_merges.get(name, []) if fmt == "ods" else sheet.merged_cell_ranges or []
        for (r0, c0), (r1, c1) in merges:
            _fill(grid, r0 - first_row, c0 - first_col, r1 - r0 + 1, c1 - c0 + 1)
        numbered = ((row, first_row + n) for n, row in enumerate(grid, start=1))
        blocks.append(table_block(numbered, sheet=name))
    return make_document(path.name, fmt, blocks)


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
Merge = tuple[tuple[int, int], tuple[int, int]]


def _ods_merges(path: Path) -> dict[str, list[Merge]]:
    """The merged ranges of each sheet of an .ods, 0-based ((top, left), (bottom, right)) as calamine gives for .xls."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("content.xml"))
    merges: dict[str, list[Merge]] = {}
    for table in root.iter(f"{_ODS_TABLE}table"):
        found = merges.setdefault(table.get(f"{_ODS_TABLE}name", ""), [])
        r = 0
        for row in table.iter(f"{_ODS_TABLE}table-row"):
            c = 0
            for cell in row:
                across = int(cell.get(f"{_ODS_TABLE}number-columns-spanned", "1"))
                down = int(cell.get(f"{_ODS_TABLE}number-rows-spanned", "1"))
                if across > 1 or down > 1:
                    found.append(((r, c), (r + down - 1, c + across - 1)))
                c += int(cell.get(f"{_ODS_TABLE}number-columns-repeated", "1"))
            r += int(row.get(f"{_ODS_TABLE}number-rows-repeated", "1"))
    return merges


def _fill(grid: list[list[str]], top: int, left: int, height: int, width: int) -> None:
    """Repeat the top-left text of a merged range into every cell of it that the grid holds."""
    if not 0 <= top < len(grid) or not 0 <= left < len(grid[top]):
        return
    text = grid[top][left]
    for r in range(top, min(top + height, len(grid))):
        for c in range(left, min(left + width, len(grid[r]))):
            grid[r][c] = text


def _shown(value: Value, number_format: str) -> str:
    """A cell value as a Vietnamese official reads it on screen: dates dd/mm/yyyy, 3.0 as 3, 0.5 in "0%" as 50%."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0) and "h" not in number_format.lower():
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number(float(value), number_format)
    return str(value)


def _number(value: float, number_format: str) -> str:
    """A number by the decimals and percent sign of its format ("0.00", "0%"), else as short as it goes."""
    pattern = number_format.split(";")[0]
    percent = "%" in pattern
    if percent:
        value *= 100
    decimals = len(pattern.split(".")[1].rstrip("%").replace("#", "0")) if "." in pattern else None
    if decimals is not None:
        text = f"{value:,.{decimals}f}" if "," in pattern else f"{value:.{decimals}f}"
    elif value.is_integer():
        text = f"{int(value):,}" if "," in pattern else str(int(value))
    else:
        text = repr(value)
    return text + ("%" if percent else "")
