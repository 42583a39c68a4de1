"""The service-group parser on the real column-dumped evaluation table (002): solutions paired with units."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from dondoc.ingest.layouts import service_groups
from dondoc.ingest.model import ParsedTask
from tests.builders import ROOT

SOURCES = ROOT / "src" / "dondoc" / "ingest" / "sources"
TABLE = SOURCES / "002_1c37787a67318719.txt"
GROUPS = (
    "A NHÓM DVC",
    "B NHÓM PHÁT TRIỂN KNH TẾ",
    "C NHÓM CÔNG DÂN SỐ",
    "D NHÓM KẾT NỐI, CHIA SẺ TẠO LẬP HỆ SINH THÁI DỮ LIỆU DÙNG CHUNG",
    "E NHÓM PHÂN TÍCH CHỈ ĐẠO ĐIỀU HÀNH",
)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def tasks() -> list[ParsedTask]:
    return service_groups.parse(_lines(TABLE))


def _at(tasks: list[ParsedTask], line: int) -> ParsedTask:
    (task,) = [t for t in tasks if t.line == line]
    return task


def test_matches_only_the_group_table() -> None:
    for path in sorted(SOURCES.glob("*.txt")):
        assert service_groups.matches(_lines(path)) == (path == TABLE), path.name


def test_solutions_per_group(tasks: list[ParsedTask]) -> None:
    assert Counter(t.section for t in tasks) == dict(zip(GROUPS, (7, 9, 9, 8, 6), strict=True))


def test_every_task_has_a_unit_and_no_deadline_or_status(tasks: list[ParsedTask]) -> None:
    for task in tasks:
        assert task.lead_text and task.content and task.stt and task.stt.isdigit()
        assert task.deadline_text is None and task.result_text is None and task.coordinating_text is None
        assert not task.content.startswith("(")  # the "(n)" number went to stt


def test_dvc_row_pairs_by_number_across_the_page_break(tasks: list[ParsedTask]) -> None:
    row = [t for t in tasks if 138 <= t.line <= 219]
    assert [t.stt for t in row] == ["1", "2", "3", "4", "5"]
    assert row[0].lead_text.startswith("Bộ Kế hoạch và Đầu tư, Bộ Lao động - Thương binh và Xã hội, Bộ Tài nguyên")
    assert row[0].lead_text.endswith("Tập đoàn điện lực Việt Nam")
    assert row[1].lead_text == "Bộ Ngoại giao, Ủy ban dân tộc"
    assert row[2].lead_text == "Bộ Thông tin và Truyền thông"
    assert row[3].lead_text == "Văn phòng Chính phủ"  # not the "tồn tại" fragment printed just before
    # (4) is cut by the page break at L159 and resumes at L211
    assert row[3].content.endswith("trên Cổng dịch vụ công quốc gia phục vụ giải quyết TTHC, cung cấp dịch vụ công.")
    # (5) has no unit (4 units, 5 solutions)
    assert row[4].line == 213 and row[4].lead_text == "Các bộ, ngành, địa phương"
    assert row[4].content.startswith("Hoàn thiện tài liệu 01 mô hình mẫu về Bộ phận một cửa")


@pytest.mark.parametrize(
    ("line", "stt", "lead", "prefix"),
    [
        (497, "1", "Bộ Công thương", "Hoàn thiện dữ liệu cho cá tổ chức, doanh nghiệp, ngân hàng"),
        (768, "1", "Cơ quan quản lý, triển khai phần mềm", "Có giải pháp triển khai đồng bộ phần mềm"),
        (771, "2", "Các doanh nghiệp, khách sạn", "Hoàn thiện phần mềm đáp ứng hiệu năng"),
        (1195, "1", "Cơ quan nhà nước", "Tiếp tục hoàn thiện, nâng cấp hạ tầng"),  # "… chưa làm tốt …" trimmed
        (2302, "1", "Bộ Xây dựng", "Hoàn thiện hệ thống, đầu tư đảm bảo các điều kiện"),
        (2308, "2", "Bộ Giao Thông vận tải, Bộ Tài chính, Bộ Kế hoạch và Đầu tư", "Duy trì, nâng cấp hệ thống"),
        (2477, "4", "Các bộ, ngành", "Các bộ, ngành khẩn trương số hóa 289 trường dữ liệu"),  # its own subject
        (2980, "3", "Bộ Thông tin và truyền thông", "Bộ Thông tin và truyền thông chủ trì tham mưu"),
    ],
)
def test_pairs(tasks: list[ParsedTask], line: int, stt: str, lead: str, prefix: str) -> None:
    task = _at(tasks, line)
    assert (task.stt, task.lead_text) == (stt, lead)
    assert task.content.startswith(prefix)


def test_unnumbered_unit_cell_covers_every_solution(tasks: list[ParsedTask]) -> None:
    units = "Bộ Y tế, Bộ Lao động - Thương binh và Xã hội, Thanh tra Chính phủ, Viện Kiểm sát nhân dân tối cao"
    assert [_at(tasks, line).lead_text for line in (2696, 2703)] == [units, units]


def test_units_and_solutions_continue_after_later_pages(tasks: list[ParsedTask]) -> None:
    # E.1: units "(1) Người đứng đầu các bộ, ngành, địa" resume at L2955 with (2) and (3);
    # solutions resume at L2967 and again, after row E.2 began, at L3070.
    e1 = {t.stt: t for t in tasks if t.section == GROUPS[4]}
    assert list(e1) == ["1", "2", "3", "4", "5", "6"]
    assert e1["2"].lead_text.startswith("Bộ Kế hoạch và Đầu tư, Bộ Công an")
    assert e1["4"].content.endswith("đảm bảo các chỉ tiêu duy trì “sống”.")
    assert e1["6"].line == 3083


def test_page_furniture_and_unpaired_items_are_left_out(tasks: list[ParsedTask]) -> None:
    text = " ".join(t.content for t in tasks)
    assert "tiếp tục thời gian, tiết kiệm chi phí" not in text  # header fragment inside C.1 (L1394)
    assert "Gồm:" not in text  # footnote L162
    # "(7)" at L1556 sits in row C.2, whose only unit is "Bộ Tư pháp", but continues C.1's numbering
    assert not any(t.content.startswith("Nghiên cứu giải pháp triển khai nhân rộng") for t in tasks)


def test_unusable_input_raises() -> None:
    with pytest.raises(ValueError, match="NHÓM"):
        service_groups.parse(["TT NỘI DUNG", "(1) Hoàn thiện"])
    with pytest.raises(ValueError, match="giải pháp"):
        service_groups.parse(["A NHÓM DVC", "", "76 Dịch vụ công"])


def test_parse_is_fast() -> None:
    lines = _lines(TABLE)
    start = time.perf_counter()
    service_groups.parse(lines)
    assert time.perf_counter() - start < 1
