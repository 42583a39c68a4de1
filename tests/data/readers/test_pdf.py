"""The PDF reader: a table going on over pages (under a running header) stays one table, cut rows are glued."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.data.readers.pdf import read_pdf
from tests.data.readers.conftest import EXPECTED_ROWS, convert, needs_soffice, write_task_docx

COPIES = 8


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    return convert(write_task_docx(folder / "dai.docx", copies=COPIES, running_header="125/BC-UBND"), folder)


@needs_soffice
def test_a_table_over_several_pages_is_one_table_with_every_row(long_pdf: Path) -> None:
    document = read_pdf(long_pdf)
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.page == 1
    assert document.blocks[-1].text == "Nơi nhận: như trên." and document.blocks[-1].page > 2
    rows = [row.cells for row in table.rows]
    expected = [EXPECTED_ROWS[0], *EXPECTED_ROWS[1:] * COPIES]
    assert len(rows) == len(expected)
    # every row whole (number, content, deadline, result), also those Word cut at a page break
    assert [(r[0], r[1], r[4], r[5]) for r in rows] == [(r[0], r[1], r[4], r[5]) for r in expected]
    lines = [row.line for row in table.rows]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
