"""The web page reader: headings, paragraphs, nested lists, rowspan/colspan, the declared encoding."""

from __future__ import annotations

from dondoc.ingest.readers.web import read_html


def test_blocks_keep_their_kind_level_and_order() -> None:
    page = (
        "<html><body><div>Kính gửi: <b>Bộ Công an</b><p>Báo cáo như sau</p>"
        "<ul><li>Thể chế<ul><li>Nghị định</li></ul></li><li>Dữ liệu</li></ul><h2>Kết quả</h2>"
        "<script>var x = 1;</script></div></body></html>"
    )
    document = read_html("trang.html", page.encode())
    assert [(block.kind, block.level, block.text, block.line) for block in document.blocks] == [
        ("paragraph", 0, "Kính gửi: Bộ Công an", 1),
        ("paragraph", 0, "Báo cáo như sau", 2),
        ("list_item", 0, "Thể chế", 3),
        ("list_item", 1, "Nghị định", 4),
        ("list_item", 0, "Dữ liệu", 5),
        ("heading", 2, "Kết quả", 6),
    ]


def test_spans_resolve_across_and_down_and_nested_tables_flatten() -> None:
    page = (
        "<table><thead><tr><th>STT</th><th>Nội dung</th><th>Đơn vị</th></tr></thead><tbody>"
        '<tr><td colspan="3">I. Thể chế</td></tr>'
        '<tr><td>1</td><td>Nghị định<br>định danh</td><td rowspan="2">Bộ Công an</td></tr>'
        "<tr><td>2</td><td><table><tr><td>Thông tư</td><td>căn cước</td></tr></table></td></tr>"
        "</tbody></table>"
    )
    rows = [row.cells for row in read_html("bang.html", page.encode()).tables[0].rows]
    assert rows == [
        ("STT", "Nội dung", "Đơn vị"),
        ("I. Thể chế", "I. Thể chế", "I. Thể chế"),
        ("1", "Nghị định định danh", "Bộ Công an"),
        ("2", "Thông tư | căn cước", "Bộ Công an"),
    ]


def test_a_page_in_a_legacy_encoding_is_read_by_its_meta_charset() -> None:
    page = '<html><head><meta charset="windows-1258"></head><body><p>Báo cáo Đơn</p></body></html>'
    document = read_html("cu.htm", page.encode("cp1258"))
    assert document.text == "Báo cáo Đơn"
