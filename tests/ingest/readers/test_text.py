"""Plain text and Markdown into the document model: both table forms, items, and where each block starts."""

from __future__ import annotations

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract import extract_tasks
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


def _flattened(*rows: tuple[str, ...]) -> str:
    """A table as a web page's "save as text" writes it: a lone "|" before each cell and after each row."""
    lines = ["**PHỤ LỤC**", ""]
    for row in rows:
        for cell in row:
            lines += ["|", *cell.split("\n")] if cell else ["|"]
        lines.append("|")
    return "\n".join([*lines, "Nơi nhận: như trên."]) + "\n"


MERGED = _flattened(
    ("**STT**", "**Nội dung công việc**", "**Đơn vị chủ trì**", "**Đơn vị phối hợp**", "**Thời hạn**"),
    ("**A**", "**Hạ tầng\nsố**"),  # a group row: its title spans the table
    ("1", "Lắp đặt camera giám sát tại các\nnút giao thông trọng điểm", "Công an tỉnh", "Sở Xây dựng", "Quý II/2026"),
    ("Nâng cấp đường truyền cho trung tâm\nchỉ huy", "Sở Khoa học và Công nghệ"),  # number, partner, deadline merged
    ("2", "Số hóa hồ sơ đất đai của các xã", "UBND các xã", "", ""),  # two empty cells, then the next row
    ("3", "Tập huấn kỹ năng số cho cán bộ", "Sở Nội vụ", "Các sở, ngành", "Năm 2026"),
)


def test_a_flattened_table_with_merged_cells_gives_every_column_of_every_row() -> None:
    [table] = read_text("pl.txt", MERGED, "text").tables
    rows = [row.cells for row in table.rows]
    assert rows[1] == ("A", "Hạ tầng số", "Hạ tầng số", "Hạ tầng số", "Hạ tầng số")
    assert rows[3] == (
        "1",
        "Nâng cấp đường truyền cho trung tâm chỉ huy",
        "Sở Khoa học và Công nghệ",
        "Sở Xây dựng",
        "Quý II/2026",
    )
    assert rows[4] == ("2", "Số hóa hồ sơ đất đai của các xã", "UBND các xã", "", "")
    assert rows[5][0] == "3" and rows[5][4] == "Năm 2026"
    assert table.rows[3].cell_lines[1] == table.rows[3].line  # the continuation row starts at its own text


def test_a_unit_column_first_keeps_each_cell_under_its_header() -> None:
    text = _flattened(
        ("**Cơ quan thực hiện**", "**Nhiệm vụ**", "**Thời gian hoàn thành**"),
        ("Sở Tài chính", "Rà soát định mức chi cho hoạt động chuyển đổi số", "Tháng 3/2026"),
        ("Lập dự toán kinh phí năm 2027 cho các đề án", "Tháng 7/2026"),  # the unit cell is merged down
    )
    [table] = read_text("pl.txt", text, "text").tables
    assert table.rows[2].cells == ("Sở Tài chính", "Lập dự toán kinh phí năm 2027 cho các đề án", "Tháng 7/2026")


def test_a_bold_two_row_header_and_a_header_repeated_after_a_page_break(registry: UnitRegistry) -> None:
    text = _flattened(
        ("**TT**", "**Nội dung**", "**Cơ quan thực hiện**", "**Thời hạn**"),
        ("**Chủ trì**", "**Phối hợp**"),
        ("1", "Xây dựng kho dữ liệu dùng chung của tỉnh", "Sở Khoa học và Công nghệ", "Các sở, ngành", "Quý I/2026"),
        ("**TT**", "**Nội dung**", "**Chủ trì**", "**Phối hợp**", "**Thời hạn**"),
        ("2", "Chuẩn hóa dữ liệu hộ tịch điện tử", "Sở Tư pháp", "Công an tỉnh", "Quý II/2026"),
    )
    document = read_text("pl.txt", text, "text")
    [table] = document.tables
    assert table.rows[1].cells == ("TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn")
    tasks = extract_tasks(document, registry).tasks
    assert [(t.stt, t.lead_text, t.coordinating_text, t.deadline_text) for t in tasks] == [
        ("1", "Sở Khoa học và Công nghệ", "Các sở, ngành", "Quý I/2026"),
        ("2", "Sở Tư pháp", "Công an tỉnh", "Quý II/2026"),
    ]


def test_a_layout_table_whose_header_names_no_field_does_not_swallow_the_letter() -> None:
    lines = _flattened(
        ("**Người ký:**", "Nguyễn Văn An", "**Ngày ban hành:**", "03/12/2025"),
        ("**Tình trạng:**", "Đã biết"),
    ).splitlines()[2:-1]
    body = [
        "|",
        "**Kính gửi:**",
        "|",
        "- Sở Y tế;",
        "|",
        "1. Sở Y tế: rà soát danh mục thuốc, xong trước 30/12/2025.",
        "|",
    ]
    document = read_text("cv.txt", "\n".join(lines + body) + "\n", "text")
    assert "1. Sở Y tế: rà soát danh mục thuốc, xong trước 30/12/2025." in [b.text for b in document.blocks]
