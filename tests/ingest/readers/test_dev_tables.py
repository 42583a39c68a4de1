"""Each task table of ../shared/corpus-dev/dev read as the flattened text it was published as, and written again
as a Markdown pipe table, a .docx, an .xlsx and a .pdf (LibreOffice, from the .docx): the same tasks come out.

Merged cells are written as each format writes them: the .docx and .xlsx merge a group row's title across and
a continuation row's number, deadline and other repeated cells down; the pipe table leaves them empty.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.columns import find_columns
from dondoc.ingest.readers.document import Block
from dondoc.ingest.readers.text import read_text
from dondoc.ingest.report_reader import read_report
from dondoc.nlp.dates import parse_deadline
from tests.ingest.readers.conftest import convert

DEV = Path(__file__).parents[3].parent / "shared" / "corpus-dev" / "dev"
TABLES = {"001c610b2efdcf0c": 28, "ad5aff6c13929815": 2}  # the document, and how many tasks its table gives
TITLE = "PHỤ LỤC: NHIỆM VỤ CỦA CÁC CƠ QUAN, ĐƠN VỊ"
pytestmark = pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is not beside the checkout")

Task = tuple[str, tuple[str, ...], str | None]


def _published(doc_id: str) -> tuple[str, Block]:
    """The task table's text as the document has it, and the table it reads as."""
    text = (DEV / f"{doc_id}.txt").read_text(encoding="utf-8")
    blocks = read_text(f"{doc_id}.txt", text, "text").blocks
    index = next(i for i, b in enumerate(blocks) if b.kind == "table" and find_columns(b.rows))
    lines = text.splitlines()
    end = blocks[index + 1].line - 1 if index + 1 < len(blocks) else len(lines)
    return "\n".join(lines[blocks[index].line - 1 : end]), blocks[index]


def _is_group(cells: tuple[str, ...]) -> bool:
    return len(set(cells[1:])) == 1 and bool(cells[1])


def _merged_down(rows: list[tuple[str, ...]]) -> list[set[int]]:
    """For each row, the columns a Word table would merge with the row above: a continuation row's repeats."""
    merged: list[set[int]] = [set()]
    for above, row in itertools.pairwise(rows):
        continued = row[0] == above[0] and not _is_group(row) and not _is_group(above)
        merged.append({c for c, text in enumerate(row) if continued and text and text == above[c]})
    return merged


def _write_pipe(path: Path, rows: list[tuple[str, ...]]) -> Path:
    lines = [f"**{TITLE}**", ""]
    for n, (row, merged) in enumerate(zip(rows, _merged_down(rows), strict=True)):
        shown = (row[0], row[1], *[""] * (len(row) - 2)) if _is_group(row) else row
        lines.append("| " + " | ".join("" if c in merged else text for c, text in enumerate(shown)) + " |")
        if n == 0:
            lines.append("|" + "---|" * len(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _write_docx(path: Path, rows: list[tuple[str, ...]]) -> Path:
    """A landscape appendix as offices print one: the task column wide, the others narrow."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.5)
    document.styles["Normal"].font.size = Pt(10)
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.autofit = False
    usable = (section.page_width or 0) - Cm(3)
    shares = [1] + [4] + [2] * (len(rows[0]) - 2)
    for column, share in zip(table.columns, shares, strict=False):
        for cell in column.cells:
            cell.width = int(usable * share / sum(shares))
    for r, (row, merged) in enumerate(zip(rows, _merged_down(rows), strict=True)):
        cells = table.rows[r].cells
        if _is_group(row):
            cells[0].text = row[0]
            cells[1].merge(cells[-1]).text = row[1]
            continue
        for c, text in enumerate(row):
            if c in merged:
                table.cell(r - 1, c).merge(cells[c]).text = text
            else:
                cells[c].text = text
    document.save(str(path))
    return path


def _write_xlsx(path: Path, rows: list[tuple[str, ...]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    top = sheet.max_row + 1
    for r, (row, merged) in enumerate(zip(rows, _merged_down(rows), strict=True), start=top):
        group = _is_group(row)
        sheet.append([row[0], row[1], *[None if group else text for text in row[2:]]])
        if group:
            sheet.merge_cells(start_row=r, start_column=2, end_row=r, end_column=len(row))
        for c in merged:
            sheet.cell(r, c + 1).value = None
            sheet.merge_cells(start_row=r - 1, start_column=c + 1, end_row=r, end_column=c + 1)
    book.save(str(path))
    return path


def _tasks(path: Path, registry: UnitRegistry) -> list[Task]:
    """Content, lead units and due date of each task the file gives, in order."""
    return [
        (
            " ".join(task.content.split()),
            tuple(registry.resolve_cell(task.lead_text, task.coordinating_text)[0]),
            str(parse_deadline(task.deadline_text).due or ""),
        )
        for task in read_report(path, registry).tasks
    ]


@pytest.fixture(scope="module", params=sorted(TABLES))
def dev_table(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, list]:
    doc_id = request.param
    text, table = _published(doc_id)
    folder = tmp_path_factory.mktemp(doc_id)
    published = folder / f"{doc_id}.txt"
    published.write_text(f"**{TITLE}**\n\n{text}\n", encoding="utf-8")
    return doc_id, published, [tuple(row.cells) for row in table.rows]


@pytest.mark.parametrize("fmt", ["md", "docx", "xlsx", "pdf"])
def test_the_table_gives_the_same_tasks_in_every_format(
    fmt: str, dev_table: tuple[str, Path, list], registry: UnitRegistry
) -> None:
    doc_id, published, rows = dev_table
    expected = _tasks(published, registry)
    assert len(expected) == TABLES[doc_id]
    assert all(content and lead for content, lead, _ in expected)
    folder = published.parent
    if fmt == "md":
        copy = _write_pipe(folder / f"{doc_id}.md", rows)
    elif fmt == "xlsx":
        copy = _write_xlsx(folder / f"{doc_id}.xlsx", rows)
    else:
        copy = folder / f"{doc_id}.docx"
        if not copy.exists():
            _write_docx(copy, rows)
        if fmt == "pdf":
            if shutil.which("soffice") is None:
                pytest.skip("LibreOffice is missing: make sysdeps")
            copy = convert(copy, folder)
    assert _tasks(copy, registry) == expected
