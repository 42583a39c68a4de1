"""The HCMC appendix parser on the real Phụ lục I (004): fragmented PDF cells, page numbers, two STT runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.ingest.layouts import hcmc_table
from dondoc.ingest.model import ParsedTask
from dondoc.nlp.status import classify_status

SOURCES = Path(hcmc_table.__file__).resolve().parents[1] / "sources"
FILE = "004_4bbc0c4d086d08e5.txt"
PART1 = "Phần 1 (STT 1-23): nhiệm vụ của bộ, ngành, địa phương"
PART2 = "Phần 2 (STT 1-18): nhiệm vụ của địa phương"

GOLD = [
    {
        "line": 1234, "section": PART2, "stt": "9",
        "content_prefix": "Triển khai đào tạo tập huấn cho đội ngũ cán bộ, công chức, viên chức",
        "lead_units": ["UBND 63 địa phương"], "deadline_text": "Hoàn thành trước ngày 01/7/2024",
        "status": "in_progress", "status_text": "Đang triển khai",
    },
]  # fmt: skip

# Every row, checked by hand against the file: (part, stt, content line, deadline_text, status).
ROWS = [
    (1, "1", 49, "2024", "in_progress"),
    (1, "2", 99, None, "unknown"),
    (1, "3", 176, "Tháng 6/2023", "unknown"),
    (1, "4", 229, "Theo tiến độ, yêu cầu tại Quyết định số 766/QĐ-TTg", "in_progress"),
    (1, "5", 288, "Tháng 6/2023 Tháng 3/2024 (Lộ trình tại TB 836/TCTTKĐA)", "unknown"),
    (1, "8", 334, "1/7/2024", "in_progress"),
    (1, "9", 383, "Quý II/2024", "in_progress"),
    (1, "10", 419, "Thường xuyên trong 2024, 2025", "recurring"),
    (1, "11", 454, "Theo lộ trình Bộ Công an đề xuất", "in_progress"),
    (1, "12", 494, "Tháng 12/2024", "in_progress"),
    (1, "13", 527, "Thực hiện thường xuyên", "recurring"),
    (1, "14", 572, "Tháng 6/2024", "in_progress"),
    (1, "15", 608, "1/7/2024", "in_progress"),
    (1, "16", 636, "Thường xuyên", "recurring"),
    (1, "17", 684, "23/2/2024", "in_progress"),
    (1, "22", 720, "Tháng 02/2024", "recurring"),
    (1, "23", 755, "Thường xuyên", "recurring"),
    (2, "1", 797, "Tháng 6/2023", "done"),
    (2, "2", 889, "Tháng 2/2024", "done"),
    (2, "3", 939, None, "unknown"),
    (2, "4", 970, "Thực hiện thường xuyên", "recurring"),
    (2, "5", 1054, "Theo lộ trình đề ra tại Kế hoạch của từng đơn vị", "in_progress"),
    (2, "6", 1093, "Thực hiện thường xuyên", "recurring"),
    (2, "7", 1130, "Thực hiện thường xuyên", "recurring"),
    (2, "8", 1177, "Thực hiện theo lộ trình thực hiện Nghị quyết số 175/NQ-CP.", "in_progress"),
    (2, "9", 1234, "Hoàn thành trước ngày 01/7/2024", "in_progress"),
    (2, "10", 1280, "Hoàn thành trước tháng 6/2024", "in_progress"),
    (2, "11", 1324, "Hoàn thành trước tháng 30/11/2024", "in_progress"),
    (2, "12", 1365, None, "in_progress"),
    (2, "13", 1388, None, "in_progress"),
    (2, "14", 1411, "Năm 2025", "in_progress"),
    (2, "15", 1451, "Quý II/2024.", "in_progress"),
    (2, "16", 1497, "Tháng 4/2024", "done"),
    (2, "17", 1553, "Tháng 4/2024", "done"),
    (2, "18", 1590, "Tháng 6/2024", "in_progress"),
]


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return (SOURCES / FILE).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def tasks(lines: list[str]) -> list[ParsedTask]:
    return hcmc_table.parse(lines)


def _status(task: ParsedTask) -> str:
    return task.status_hint or classify_status(task.result_text)


def _row(tasks: list[ParsedTask], part: int, stt: str) -> ParsedTask:
    section = PART1 if part == 1 else PART2
    found = [t for t in tasks if t.section == section and t.stt == stt]
    assert len(found) == 1, f"part {part} STT {stt}: {found}"
    return found[0]


def test_matches_only_the_hcmc_table() -> None:
    for path in sorted(SOURCES.glob("*.txt")):
        assert hcmc_table.matches(path.read_text(encoding="utf-8").splitlines()) is (path.name == FILE)


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: f"L{g['line']}")
def test_gold_records(tasks: list[ParsedTask], registry: UnitRegistry, gold: dict) -> None:
    (task,) = [t for t in tasks if t.line == gold["line"]]
    assert task.content.startswith(gold["content_prefix"])
    assert (task.section, task.stt, task.deadline_text) == (gold["section"], gold["stt"], gold["deadline_text"])
    assert _status(task) == gold["status"]
    assert task.result_text and task.result_text.startswith(gold["status_text"])
    assert registry.resolve_cell(task.lead_text, task.coordinating_text)[0] == gold["lead_units"]


def test_every_row(tasks: list[ParsedTask]) -> None:
    assert len(tasks) == 35
    got = [(1 if t.section == PART1 else 2, t.stt, t.line, t.deadline_text, _status(t)) for t in tasks]
    assert got == ROWS


def test_every_task_has_text_and_unit_and_no_foreign_cells(tasks: list[ParsedTask]) -> None:
    for task in tasks:
        assert task.content and task.lead_text and task.directing_docs, task
        assert not any(doc in task.content for doc in task.directing_docs), task
        assert not task.content.endswith(task.lead_text), task
        assert "ỦY BAN NHÂN DÂN" not in (task.result_text or ""), task


def test_page_numbers_are_not_rows(tasks: list[ParsedTask], lines: list[str]) -> None:
    # "2" L171, "3" L378, … "6" L885 (just before STT "2" L888) and "7" L965 are page numbers.
    for page_line in (171, 378, 567, 750, 885, 965):
        assert lines[page_line - 1].strip().isdigit()
        assert all(abs(t.line - page_line) > 2 for t in tasks)
    assert [t.stt for t in tasks if t.section == PART1] == [str(n) for n in (1, 2, 3, 4, 5, *range(8, 18), 22, 23)]
    assert [t.stt for t in tasks if t.section == PART2] == [str(n) for n in range(1, 19)]


def test_fragmented_cells(tasks: list[ParsedTask]) -> None:
    first = _row(tasks, 1, "1")
    assert first.content.endswith("QĐ 422/QĐ-TTg ngày 04/4/2024")
    assert first.directing_docs == [
        "Quyết định 206/QĐ-TTg ngày 28/2/2024",
        "Thông báo 2513/TCTTKĐA ngày 29/3/2024",
        "Thông báo 3151/TCTTKĐA ngày 18/4/2024",
        "Thông báo 203/TB-VPCP ngày 06/5/2024",
    ]
    assert first.result_text == "Đang triển khai"  # printed "Đang" / "triển" / "khai"
    # Words and numbers cut at the line end are glued back.
    assert "Nghị quyết số 07/NQ-HĐND ngày 19/5/2024" in _row(tasks, 2, "1").result_text
    assert "29.297.561.000 đồng" in _row(tasks, 2, "2").result_text
    assert "14.425/35.389 trường hợp" in _row(tasks, 2, "4").result_text
    # A content line opening with "Chỉ thị …" is still content when it is wider than the documents column.
    assert _row(tasks, 1, "23").content.endswith("tại Chỉ thị số 04/CT-TTg, ngày 11/02/2024.")


def test_merged_and_duplicated_cells(tasks: list[ParsedTask]) -> None:
    # "Các bộ, ngành 1/7/2024": unit and deadline on one line.
    row = _row(tasks, 1, "15")
    assert (row.lead_text, row.deadline_text) == ("Các bộ, ngành", "1/7/2024")
    # "Tháng 4/2024 Đã triển khai": deadline and result on one line.
    row = _row(tasks, 2, "17")
    assert (row.deadline_text, row.result_text) == ("Tháng 4/2024", "Đã triển khai")
    # The lead printed twice ("UBND 63 địa phương phối hợp UBND 63 địa phương phối hợp Bộ Công an, …").
    assert _row(tasks, 2, "9").lead_text == "UBND 63 địa phương phối hợp Bộ Công an, Bộ Thông tin và Truyền thông"
    assert _row(tasks, 1, "16").lead_text.startswith("UBND các tỉnh/thành phố, Bộ Tư pháp")


def test_deadline_cells_saying_hoan_thanh_are_not_status(tasks: list[ParsedTask]) -> None:
    for stt in ("9", "10", "11"):
        row = _row(tasks, 2, stt)
        assert row.deadline_text.startswith("Hoàn thành trước")
        assert row.result_text == "Đang triển khai" and _status(row) == "in_progress"


def test_rows_without_status_word(tasks: list[ParsedTask]) -> None:
    row = _row(tasks, 1, "2")
    assert row.deadline_text is None and row.result_text.startswith("- Tỷ lệ số hóa hồ sơ")
    assert _row(tasks, 1, "3").result_text is None
    assert _row(tasks, 1, "5").result_text is None
    row = _row(tasks, 2, "3")
    assert (row.deadline_text, row.result_text) == (None, "UBND Tp Hà Nội và Tp Hồ Chí Minh đã trển khai")


def test_thuong_xuyen_as_deadline_and_as_result(tasks: list[ParsedTask]) -> None:
    row = _row(tasks, 1, "16")
    assert (row.deadline_text, row.result_text) == ("Thường xuyên", "Thường xuyên")
    # "Đã triển khai" in the product column, "Thường xuyên" in the status column: the column wins.
    row = _row(tasks, 2, "6")
    assert (row.result_text, row.status_hint) == ("Đã triển khai Thường xuyên", "recurring")


def test_sub_items_are_rows(tasks: list[ParsedTask]) -> None:
    assert _row(tasks, 2, "12").content.startswith("+ Phê duyệt hồ sơ đề xuất cấp độ cho 100% hệ thống")
    assert _row(tasks, 2, "13").content.startswith("+ 100% hệ thống thông tin được triển khai đầy đủ")
    assert _row(tasks, 2, "11").content.endswith("Trong đó:")


def test_unusable_file_raises(lines: list[str]) -> None:
    with pytest.raises(ValueError, match="no numbered task row"):
        hcmc_table.parse(lines[:46])
