"""Plain text and Markdown into the document model: both table forms, items, and where each block starts."""

from __future__ import annotations

from dondoc.ingest.readers.text import read_text

FLATTENED = """**1. Các nhiệm vụ quá hạn chưa hoàn thành**
|
**STT**
|
**Nhiệm vụ**
|
**Cơ quan chủ trì
thực hiện**
|
**Thời hạn**
|
|
1.
|
Rà soát các quy định pháp luật để tháo gỡ
kịp thời các điểm nghẽn
|
Các bộ, ngành
|
30/06/2025
|
|
2.
|
Xây dựng Luật Thuế thu nhập cá nhân
|
Bộ Tài chính
|
|
**PHỤ LỤC II**
"""


def test_a_flattened_html_table_gives_one_row_per_task_with_wrapped_cells_joined() -> None:
    document = read_text("pl.txt", FLATTENED, "text")
    [table] = document.tables
    assert [row.cells for row in table.rows] == [
        ("STT", "Nhiệm vụ", "Cơ quan chủ trì thực hiện", "Thời hạn"),
        ("1.", "Rà soát các quy định pháp luật để tháo gỡ kịp thời các điểm nghẽn", "Các bộ, ngành", "30/06/2025"),
        ("2.", "Xây dựng Luật Thuế thu nhập cá nhân", "Bộ Tài chính", ""),
    ]
    assert table.rows[1].cell_lines[1] == 15  # where the task text starts, not its number
    assert document.blocks[-1].text == "PHỤ LỤC II"


def test_a_markdown_pipe_table_skips_its_separator_and_keeps_each_row_line() -> None:
    text = "Phụ lục\n\n| TT | Tên nhiệm vụ | Cơ quan chủ trì |\n|---|---|---|\n| 1. | Xây dựng đề án | Bộ Y tế |\n"
    [table] = read_text("a.md", text, "markdown").tables
    assert [(row.cells, row.line) for row in table.rows] == [
        (("TT", "Tên nhiệm vụ", "Cơ quan chủ trì"), 3),
        (("1.", "Xây dựng đề án", "Bộ Y tế"), 5),
    ]


def test_wrapped_prose_is_one_item_per_marker_and_keeps_its_line_breaks() -> None:
    text = (
        "**II. NHIỆM VỤ**\na) Bộ Y tế: **(1)** xây dựng\nkế hoạch, hoàn thành trong\n"
        "22 tháng 12 năm 2025;\nb) Bộ Công an: rà soát\n"
    )
    blocks = read_text("p.txt", text, "text").blocks
    assert [(b.kind, b.line) for b in blocks] == [("heading", 1), ("list_item", 2), ("list_item", 5)]
    assert blocks[1].text == "a) Bộ Y tế: (1) xây dựng\nkế hoạch, hoàn thành trong\n22 tháng 12 năm 2025;"


def test_a_stray_bar_around_prose_is_not_a_table() -> None:
    text = "|\nSố: 624/TB-VPCP\n|\n*Hà Nội, ngày 16\ntháng 11 năm 2025*\n|\n**THÔNG BÁO**\n" + "Nội dung.\n" * 50
    document = read_text("tb.txt", text, "text")
    assert not document.tables
    assert "Hà Nội, ngày 16 tháng 11 năm 2025" in document.text
