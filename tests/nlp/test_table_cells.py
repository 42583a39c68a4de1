"""What a table's header cells name and what its body cells look like."""

from __future__ import annotations

import pytest

from dondoc.nlp.table_cells import cell_kind, header_role


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Cơ quan chủ trì thực hiện", "lead"),
        ("Đơn vị phối hợp", "coordinating"),
        ("Thời gian dự kiến hoàn thành", "deadline"),
        ("Tiến độ thực hiện", "progress"),
        ("Kết quả thực hiện", "result"),
        ("Kết quả dự kiến", "product"),
        ("Đơn vị tính", "measure"),
        ("Chỉ tiêu", "target"),
        ("Tiêu chí thi đua", None),
        ("STT", "stt"),
    ],
)
def test_a_header_cell_names_its_field(header: str, role: str | None) -> None:
    assert header_role(header) == role


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("", "empty"),
        ("IV", "stt"),
        ("5.1.1", "stt"),
        ("27.000", "number"),
        ("Quý II/2027", "date"),
        ("Hằng năm.", "date"),
        ("Sở Tài chính", "unit"),
        ("UBND xã, phường, đặc khu", "unit"),
        ("Ban hành quy chế", "short"),
        ("Đã hoàn thành", "status"),
        ("Rà soát, sửa đổi các quy định về quản lý dữ liệu dùng chung của tỉnh", "long"),
    ],
)
def test_a_body_cell_looks_like_what_it_holds(cell: str, kind: str) -> None:
    assert cell_kind(cell) == kind
