"""The national-table parser on the real Đề án 06 task table (000): rows, STTs and the cells of the hard rows."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.ingest.layouts import national_table
from dondoc.ingest.model import ParsedTask
from dondoc.nlp.dates import parse_deadline
from dondoc.nlp.status import classify_status

SOURCES = Path(national_table.__file__).resolve().parents[1] / "sources"
FILE = "000_54a253231b71210c.txt"

# Hand-checked records (the public gold sample for this file).
GOLD = [
    {
        "line": 10006, "section": "B", "stt": "377", "lead_units": ["Bộ Y tế"], "deadline_text": "2024",
        "content_prefix": "Xây dựng giải pháp, công cụ để giám sát các cơ sở khám chữa bệnh thực",
        "status": "not_done", "status_text": "Chưa hoàn thành",
    },
    {
        "line": 6610, "section": "B", "stt": "217", "lead_units": ["Bộ Tài chính"], "deadline_text": "Quý II/2022",
        "content_prefix": "Thông tư quy định về mức thu, chế độ thu, nộp, quản lý và sử dụng phí",
        "status": "done", "status_text": "Hoàn thành Thông tư số 48/2022/TT-BTC ngày 3/8/2022",
    },
    {
        "line": 6017, "section": "B", "stt": None, "lead_units": ["Bộ Tư pháp"], "deadline_text": "Tháng 6/2022",
        "content_prefix": "Phối hợp với Bộ Công an trình Chính phủ ban hành Nghị định bảo vệ dữ l",
        "status": "done", "status_text": "Hoàn thành Nghị định số 13/2023/NĐ-CP, ngày 17/4/2023",
    },
    {
        "line": 8687, "section": "B", "stt": "320", "lead_units": ["Bộ Công an"], "deadline_text": "2024",
        "content_prefix": "Chủ trì tham mưu trình Chính phủ trình Ủy ban Thường vụ Quốc hội đề ng",
        "status": "in_progress", "status_text": "Đang triển khai",
    },
    {
        "line": 8427, "section": "B", "stt": "307", "lead_units": ["Các doanh nghiệp viễn thông di động"],
        "deadline_text": "Trước ngày 30/9/2022",
        "content_prefix": "Xây dựng kế hoạch, triển khai đối soát, cập nhật thông tin đối với số",
        "status": "done", "status_text": "Hoàn thành đối soát 102 triệu dữ liệu thông tin thuê bao di động của 3 nhà "
        "mạng Viettel, Mobiphone, Vinaphone. Đối với c",
    },
]  # fmt: skip

# Rows per section, and the highest printed STT: A 1–76, B 1–542, C 1–66 plus six unnumbered rows at the end.
COUNTS = {"A": (76, 76), "B": (542, 542), "C": (72, 66)}
WORDED_DEADLINE = re.compile(r"Theo|Lộ trình|Trong quá trình|Thực hiện theo|Từ ngày")
STATUS_TAIL = re.compile(r"(?:Thường xuyên|Đang triển khai|Hoàn thành|Chưa hoàn thành|Đã hoàn thành)\W*$")


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return (SOURCES / FILE).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def tasks(lines: list[str]) -> list[ParsedTask]:
    return national_table.parse(lines)


def _at(tasks: list[ParsedTask], line: int) -> ParsedTask:
    found = [t for t in tasks if t.line == line]
    assert len(found) == 1, f"expected one task at line {line}, got {found}"
    return found[0]


def _next(tasks: list[ParsedTask], task: ParsedTask) -> ParsedTask:
    return tasks[tasks.index(task) + 1]


def test_matches_only_the_national_table() -> None:
    for path in sorted(SOURCES.glob("*.txt")):
        assert national_table.matches(path.read_text(encoding="utf-8").splitlines()) is (path.name == FILE)


def test_other_layouts_are_refused_with_a_reason() -> None:
    for name in ("001_ac39c7003030bd12.txt", "003_8e26280b7b37d2bb.txt", "004_4bbc0c4d086d08e5.txt"):
        with pytest.raises(ValueError, match="national table"):
            national_table.parse((SOURCES / name).read_text(encoding="utf-8").splitlines())
    with pytest.raises(ValueError, match="national table"):
        national_table.parse([])


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: f"L{g['line']}")
def test_gold_records(tasks: list[ParsedTask], registry: UnitRegistry, gold: dict) -> None:
    task = _at(tasks, gold["line"])
    assert task.content.startswith(gold["content_prefix"])
    assert (task.section, task.stt, task.deadline_text) == (gold["section"], gold["stt"], gold["deadline_text"])
    assert classify_status(task.result_text) == gold["status"]
    assert task.result_text and task.result_text.startswith(gold["status_text"])
    assert registry.resolve_cell(task.lead_text, task.coordinating_text)[0] == gold["lead_units"]


def test_rows_per_section_and_stt_sequence(tasks: list[ParsedTask]) -> None:
    for section, (rows, top) in COUNTS.items():
        got = [t for t in tasks if t.section == section]
        assert len(got) == rows, section
        numbered = [int(t.stt) for t in got if t.stt is not None]
        assert numbered[0] == 1 and max(numbered) == top, section
        # Every gap in the printed STTs is filled by exactly as many rows whose number was lost.
        last = lost = 0
        for task in got:
            if task.stt is None:
                lost += 1
                continue
            assert int(task.stt) == last + lost + 1, f"{section} L{task.line}: STT {task.stt} after {last} + {lost}"
            last, lost = int(task.stt), 0
    assert [t.line for t in tasks] == sorted(t.line for t in tasks)


def test_every_row_is_complete_and_clean(tasks: list[ParsedTask]) -> None:
    for task in tasks:
        assert task.content and task.lead_text, task
        assert task.content == task.content.strip() and "  " not in task.content, task
        # The content never swallows the cells after it.
        assert not STATUS_TAIL.search(task.content), task
        if task.deadline_text and task.deadline_text[0].isupper():
            assert not task.content.endswith((" " + task.deadline_text, task.lead_text + " " + task.deadline_text))
        assert not any(doc in task.content for doc in task.directing_docs), task
        assert "PHỤ LỤC" not in (task.result_text or "") and "Nhiệm vụ cụ thể" not in (task.result_text or "")
        # Deadlines in words have no date; "Từ ngày 01/8/2022" is read by parse_deadline as an effective date.
        if task.deadline_text and not WORDED_DEADLINE.match(task.deadline_text):
            assert parse_deadline(task.deadline_text).kind != "none", task
    assert sum(1 for t in tasks if t.result_text) == len(tasks) - 1  # B20's only cell after its unit is "Thường xuyên"


def test_status_spread_matches_the_notes(tasks: list[ParsedTask]) -> None:
    statuses = [classify_status(t.result_text) for t in tasks]
    share = {s: statuses.count(s) / len(statuses) for s in set(statuses)}
    assert 0.42 < share["done"] < 0.52 and 0.2 < share["in_progress"] < 0.3
    assert 0.12 < share["recurring"] < 0.2 and statuses.count("not_done") >= 30


def test_last_row_of_section_a_before_the_bare_letter_b(tasks: list[ParsedTask]) -> None:
    row = _at(tasks, 1947)  # L1945–1965
    assert (row.section, row.stt) == ("A", "76")
    assert row.content.startswith("Hoàn thành việc tích hợp giải pháp ký số từ xa vào Cổng Dịch vụ công")
    assert row.directing_docs == ["Thông báo 203/TB-VPCP ngày 06/5/2024"]
    assert (row.lead_text, row.deadline_text) == ("Bộ, ngành", "Tháng 6/2024")
    assert row.result_text and row.result_text.endswith("chưa hoàn thành tích hợp giải pháp ký số từ xa.")
    assert classify_status(row.result_text) == "not_done"
    first_b = _next(tasks, row)
    assert (first_b.section, first_b.stt, first_b.line) == ("B", "1", 1970)
    assert (first_b.lead_text, first_b.deadline_text) == ("Bộ Công an", "5/2022")  # glued on L1981
    assert first_b.result_text == "Hoàn thành Thông tư 08"


def test_rows_without_stt_after_a_result(tasks: list[ParsedTask]) -> None:
    row = _at(tasks, 3237)  # L3237–3260
    assert (row.section, row.stt) == ("B", None)
    assert row.content.startswith("Hoàn thiện ứng dụng VNeID, phấn đấu đến tháng 6 năm 2023")
    assert row.content.endswith("hiển thị lên ít nhất 30 triệu tài khoản VNeID")
    assert (row.lead_text, row.deadline_text) == ("Bộ Công an", "Tháng 6/2023")
    assert row.result_text == "Hoàn thành, đến nay đã cấp được 45 triệu tài khoản định danh điện tử"
    after = _next(tasks, row)
    assert (after.line, after.stt, after.deadline_text) == (3261, None, "Từ tháng 02/2023")
    a10 = _at(tasks, 261)  # unnumbered row right after the repeated table title
    assert (a10.stt, a10.lead_text, a10.deadline_text, a10.result_text) == (
        None,
        "Bộ, ngành, địa phương",
        "Thường xuyên",
        "Thường xuyên",
    )
    assert _at(tasks, 232).result_text == "Hoàn thành báo cáo 334, ngày 19/10/2023 của Bộ Tư pháp"


def test_content_line_that_looks_like_a_directive(tasks: list[ParsedTask]) -> None:
    row = _at(tasks, 4789)  # L4789–4802
    assert "theo Nghị định số 61/2018/NĐ-CP để phục vụ thực hiện" in row.content
    assert row.directing_docs == ["Nghị quyết số 50/NQ-CP ngày 08/4/2022"]
    assert (row.lead_text, row.deadline_text) == ("Bộ Nội vụ", "10/2022")
    assert row.result_text == "Hoàn thành Thông tư 13, ngày 31/8/2023 về hướng dẫn lưu trữ điện tử"
    assert _at(tasks, 6610).content.startswith("Thông tư quy định về mức thu")  # a row that opens like one


def test_inline_stt(tasks: list[ParsedTask]) -> None:
    row = _at(tasks, 5011)
    assert (row.stt, row.content) == ("146", "Bàn giao Nền tảng quản lý tiêm chủng COVID-19 cho Bộ Y tế")
    assert (row.lead_text, row.deadline_text, row.result_text) == ("Bộ TTTT", "Tháng 3/2022", "Hoàn thành")
    assert _at(tasks, 4990).result_text == "Đang triển khai khung kiến trúc dữ liệu"
    for line, stt in ((4160, "106"), (8986, "334"), (15417, "51")):
        assert _at(tasks, line).stt == stt


def test_roadmap_rows_311_to_318(tasks: list[ParsedTask]) -> None:
    rows = [t for t in tasks if t.section == "B" and t.stt and 311 <= int(t.stt) <= 318]
    assert [t.line for t in rows] == [8520, 8532, 8550, 8568, 8601, 8618, 8632, 8643]
    for row in rows:
        assert row.directing_docs[0] == "Lộ trình Đề án"
        assert row.lead_text.startswith("Bộ Công an, ")
        assert classify_status(row.result_text) == "not_done"
    assert rows[0].lead_text == "Bộ Công an, Tòa án nhân dân tối cao"
    assert rows[4].content.startswith("Triển khai cung cấp dịch vụ xác thực thông tin")
    link = "Kết nối, chia sẻ dữ liệu giữa Cơ sở dữ liệu quốc gia về dân cư"
    assert sum(t.content.startswith(link) for t in rows) == 7


def test_stray_numbers_are_not_rows(tasks: list[ParsedTask]) -> None:
    assert "quyết tâm hoàn thành nhiệm vụ năm 2022" in _at(tasks, 388).content  # "2022" alone on L394
    assert _at(tasks, 2212).result_text == "Hoàn thành, gửi Bộ Tài chính ban hành Thông tư 48"  # "48" on L2227
    assert "khoản 1 Điều 6 Luật Đầu tư công" in _at(tasks, 12621).content  # L12625
    assert _at(tasks, 1776).content.startswith("07 bộ, ngành nghiên cứu")  # STT 68, not 7
    assert _at(tasks, 8876).deadline_text.endswith("hoàn thành trước năm 2025")  # "2025" on L8901


def test_directives(tasks: list[ParsedTask]) -> None:
    assert _at(tasks, 2152).directing_docs == [
        "Nghị quyết số 121/NQ-CP ngày 11/9/2022",
        "Văn bản số 274/TB-VPCP ngày 05/9/2022",
    ]
    assert len(_at(tasks, 9728).directing_docs) == 6  # L9738–9760
    assert _at(tasks, 12345).directing_docs[1] == "Thông báo 2513/TCTTKĐA ngày 29/3/2024"  # "'Thông báo" L12361
    assert _at(tasks, 9929).directing_docs[0] == "Thông báo 487/TB-VPCP ngày 24/10/2024"
    assert _at(tasks, 10646).directing_docs[0] == "Nghị quyết 01/NQ-CP ngày 05/01/2024"  # "'-Nghị quyết"
    no_doc = _at(tasks, 12076)  # STT 460
    assert (no_doc.stt, no_doc.directing_docs, no_doc.lead_text) == ("460", [], "Bộ Tài chính")
    glued = _at(tasks, 3616)  # "Chỉ thị 18/CT-TTg ngày 30/5/2023 Bộ Công an Năm 2023 Đã hoàn thành"
    assert (glued.directing_docs, glued.lead_text, glued.deadline_text, glued.result_text) == (
        ["Chỉ thị 18/CT-TTg ngày 30/5/2023"],
        "Bộ Công an",
        "Năm 2023",
        "Đã hoàn thành",
    )


def test_wrapped_units_deadlines_and_results(tasks: list[ParsedTask]) -> None:
    a1 = _at(tasks, 8)
    assert a1.lead_text.endswith("Chủ tịch UBND các tỉnh, thành phố trực thuộc trung ương")
    assert (a1.deadline_text, a1.result_text) == ("2022- Thường xuyên", "Thường xuyên")
    assert (_at(tasks, 49).deadline_text, _at(tasks, 49).result_text) == ("2022 -Thường xuyên", "Thường xuyên")
    assert _at(tasks, 1341).deadline_text == "Tháng 6/2023 Tháng 3/2024 (Lộ trình tại TB 836/TCTTKĐA)"
    assert _at(tasks, 15882).deadline_text == "9/2024 12/2024"
    assert (_at(tasks, 128).deadline_text, _at(tasks, 2152).deadline_text) == (
        "Trước ngày 20/9/2022",
        "Trước ngày 30/9/2022",
    )
    glued = _at(tasks, 4017)  # "Bộ Y tế 10/11/2023 Đã hoàn thành" on L4036
    assert (glued.lead_text, glued.deadline_text, glued.result_text) == ("Bộ Y tế", "10/11/2023", "Đã hoàn thành")
    theo = _at(tasks, 12057)
    assert theo.deadline_text == "Theo lộ trình của Đề án do Bộ Công an đề xuất"
    assert theo.result_text == "Đang triển khai"
    free = _at(tasks, 11922)
    assert free.deadline_text == "Thí điểm trong tháng 6/2024, triển khai toàn quốc từ năm học 2024 - 2025"
    assert free.result_text == "Đã triển khai thí điểm trên địa bàn HN"
    # A result that opens with a unit name, after a finished unit and no deadline.
    kh = _at(tasks, 7002)
    assert (kh.lead_text, kh.deadline_text) == ("Bộ Tài chính", None)
    assert kh.result_text and kh.result_text.startswith("Bộ Kế hoạch và Đầu tư 16/10/2023, chủ trì cuộc họp")
    two = _at(tasks, 6931)  # a second body on its own wrapped lines
    assert two.lead_text == "Bộ Tài chính Bộ Thông tin và truyền thông đồng chủ trì"


def test_parse_is_fast(lines: list[str]) -> None:
    start = time.perf_counter()
    national_table.parse(lines)
    assert time.perf_counter() - start < 1.0
