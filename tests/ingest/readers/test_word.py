"""The Word reader: body order, headings and list items by style, merged and nested table cells."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from dondoc.ingest.readers.word import read_docx
from tests.ingest.readers.conftest import EXPECTED_ROWS, NUMBER, TITLE


def test_blocks_come_in_body_order_with_their_kinds(task_docx: Path) -> None:
    document = read_docx(task_docx)
    kinds = [(block.kind, block.level, block.text) for block in document.blocks if block.kind != "table"]
    assert kinds == [
        ("heading", 1, TITLE),
        ("paragraph", 0, NUMBER),
        ("list_item", 0, "Tình hình thực hiện các nhiệm vụ được giao"),
        ("paragraph", 0, "Nơi nhận: như trên."),
    ]
    assert [block.kind for block in document.blocks].index("table") == 3
    table = document.tables[0]
    assert [row.cells for row in table.rows] == EXPECTED_ROWS
    assert [row.line for row in table.rows] == list(range(4, 10))


def test_a_nested_table_is_flattened_into_its_cell_and_empty_columns_are_dropped(tmp_path: Path) -> None:
    word = docx.Document()
    outer = word.add_table(rows=2, cols=3)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "Nội dung", "Đơn vị"
    outer.cell(1, 0).text = "Triển khai"
    inner = outer.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Bộ Công an", "Bộ Y tế"
    word.save(str(tmp_path / "long.docx"))
    table = read_docx(tmp_path / "long.docx").tables[0]
    assert [row.cells for row in table.rows] == [("Nội dung", "Đơn vị"), ("Triển khai", "Bộ Công an | Bộ Y tế")]


def test_automatic_numbering_is_written_out_as_word_shows_it(tmp_path: Path) -> None:
    """An STT column numbered by Word stores no digits; the reader writes "1.", "2." as printed."""
    word = docx.Document()
    word.add_paragraph("Hoàn thiện thể chế", style="List Number")
    word.add_paragraph("Phát triển dữ liệu", style="List Number")
    word.add_paragraph("Ghi chú", style="List Bullet")
    table = word.add_table(rows=3, cols=2)
    for n, row in enumerate(table.rows):
        row.cells[0].paragraphs[0].style = "List Number 2"
        row.cells[1].text = f"Nhiệm vụ {n + 1}"
    word.save(str(tmp_path / "so.docx"))
    document = read_docx(tmp_path / "so.docx")
    assert [(block.kind, block.text) for block in document.blocks[:3]] == [
        ("list_item", "1. Hoàn thiện thể chế"),
        ("list_item", "2. Phát triển dữ liệu"),
        ("list_item", "Ghi chú"),
    ]
    assert [row.cells for row in document.tables[0].rows] == [
        ("1.", "Nhiệm vụ 1"),
        ("2.", "Nhiệm vụ 2"),
        ("3.", "Nhiệm vụ 3"),
    ]


def test_tracked_insertions_and_content_controls_are_read_as_word_shows_them(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Hoàn thành ")
    paragraph._p.append(
        parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="A"><w:r><w:t>trước 30/6</w:t></w:r></w:ins>')
    )
    paragraph._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="A"><w:r><w:delText>sau</w:delText></w:r></w:del>')
    )
    control = (
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Kính gửi: Bộ Y tế</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    word.element.body.insert(0, parse_xml(control))
    word.save(str(tmp_path / "sua.docx"))
    assert read_docx(tmp_path / "sua.docx").text == "Kính gửi: Bộ Y tế\nHoàn thành trước 30/6"
