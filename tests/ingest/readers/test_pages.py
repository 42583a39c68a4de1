"""Stitching pages: a table going on over a page break joins, its repeated header and its cut row are mended."""

from __future__ import annotations

from dondoc.ingest.readers._pages import PageStitcher, PageTable

HEADER = ["STT", "Nội dung", "Đơn vị"]
EDGES = [72.0, 110.0, 400.0]


def _rows(stitcher: PageStitcher) -> list[tuple[tuple[str, ...], int]]:
    return [(row.cells, row.line) for block in stitcher.blocks if block and block.kind == "table" for row in block.rows]


def test_a_continued_table_joins_under_a_running_header() -> None:
    pages = PageStitcher()
    pages.add_page(1, ["BÁO CÁO", PageTable([HEADER, ["1", "Xây dựng Nghị định", "Bộ Công an"]], EDGES, 2)])
    pages.add_page(2, ["Trang 2", PageTable([HEADER, ["2", "Sửa đổi Thông tư", "Bộ Tư pháp"]], [72.5, 110, 401], 2)])
    assert [block.kind for block in pages.blocks if block] == ["paragraph", "table", "paragraph"]
    assert _rows(pages) == [
        (("STT", "Nội dung", "Đơn vị"), 2),
        (("1", "Xây dựng Nghị định", "Bộ Công an"), 3),
        (("2", "Sửa đổi Thông tư", "Bộ Tư pháp"), 5),
    ]
    assert pages.blocks[1] is not None and pages.blocks[1].page == 1


def test_a_row_cut_by_the_page_break_is_glued_back() -> None:
    pages = PageStitcher()
    pages.add_page(1, [PageTable([HEADER, ["1", "Xây dựng Nghị định quy định", "Bộ Công an"]], EDGES, 2)])
    pages.add_page(2, [PageTable([["", "về định danh điện tử", ""], ["2", "Sửa đổi", "Bộ Y tế"]], EDGES, 2)])
    assert [cells for cells, _ in _rows(pages)] == [
        ("STT", "Nội dung", "Đơn vị"),
        ("1", "Xây dựng Nghị định quy định về định danh điện tử", "Bộ Công an"),
        ("2", "Sửa đổi", "Bộ Y tế"),
    ]


def test_other_columns_prose_between_or_a_skipped_page_start_a_new_table() -> None:
    pages = PageStitcher()
    pages.add_page(1, [PageTable([HEADER, ["1", "a", "b"]], EDGES, 2)])
    pages.add_page(2, [PageTable([["1", "c", "d"]], [72, 150, 400], 2)])  # columns moved
    pages.add_page(
        3, ["Phần II. Các nhiệm vụ được giao bổ sung trong năm 2025", PageTable([["x", "y", "z"]], EDGES, 2)]
    )
    pages.add_page(5, [PageTable([["2", "e", "f"]], EDGES, 2)])  # page 4 was blank
    assert len([block for block in pages.blocks if block and block.kind == "table"]) == 4
