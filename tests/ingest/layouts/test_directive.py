"""The directive parser on the real Chỉ thị 07/CT-TTg (003): body items, bullets and the appendix table."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from dondoc.ingest.layouts import directive
from dondoc.ingest.model import ParsedTask
from dondoc.nlp.dates import parse_deadline
from tests.builders import ROOT

SOURCES = ROOT / "src" / "dondoc" / "ingest" / "sources"
DIRECTIVE = SOURCES / "003_8e26280b7b37d2bb.txt"
ICT_HANDOVER = "(Nhiệm vụ của Bộ Thông tin và Truyền thông chuyển sang)"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def tasks() -> list[ParsedTask]:
    return directive.parse(_lines(DIRECTIVE))


def _row(tasks: list[ParsedTask], group: str, stt: int) -> ParsedTask:
    (task,) = [t for t in tasks if t.section == f"Phụ lục {group}" and t.stt == str(stt)]
    return task


def _at(tasks: list[ParsedTask], line: int) -> ParsedTask:
    (task,) = [t for t in tasks if t.line == line]
    return task


def test_matches_only_the_directive() -> None:
    for path in sorted(SOURCES.glob("*.txt")):
        assert directive.matches(_lines(path)) == (path == DIRECTIVE), path.name


@pytest.mark.parametrize(
    ("line", "section", "prefix", "lead", "deadline", "due"),
    [
        (
            39,
            "2.g Bộ Giáo dục và Đào tạo",
            "Xây dựng dữ liệu học sinh từ lớp 1 đến lớp 12 phục vụ phân tích, hoạch",
            "Bộ Giáo dục và Đào tạo",
            "hoàn thành trong tháng 6 năm 2025",
            date(2025, 6, 30),
        ),
        (
            24,
            "2.b Bộ Tư pháp",
            "Bộ Tư pháp đôn đốc các địa phương khẩn trương hoàn thành số hóa dữ",
            "Bộ Tư pháp",
            "hoàn thành trong tháng 3 năm 2025",
            date(2025, 3, 31),
        ),
    ],
)
def test_gold_records(
    tasks: list[ParsedTask], line: int, section: str, prefix: str, lead: str, deadline: str, due: date
) -> None:
    task = _at(tasks, line)
    assert task.section == section
    assert task.stt is None
    assert task.content.startswith(prefix)
    assert task.lead_text == lead
    assert task.coordinating_text is None
    assert task.deadline_text == deadline
    assert deadline in task.content  # the phrase stays part of the sentence
    assert parse_deadline(task.deadline_text).due == due
    assert task.result_text is None


def test_appendix_has_26_81_5_rows_in_order(tasks: list[ParsedTask]) -> None:
    rows = [t for t in tasks if t.section.startswith("Phụ lục")]
    assert Counter(t.section for t in rows) == {"Phụ lục A": 26, "Phụ lục B": 81, "Phụ lục C": 5}
    for group, size in (("A", 26), ("B", 81), ("C", 5)):
        assert [t.stt for t in rows if t.section == f"Phụ lục {group}"] == [str(n) for n in range(1, size + 1)]
    assert len(tasks) - len(rows) == 41  # body: 4 + 3 items in 1., 36 in 2. (bullets and sentences), 3.


def test_every_appendix_row_has_a_deadline_and_a_lead(tasks: list[ParsedTask]) -> None:
    for task in tasks:
        if task.section.startswith("Phụ lục"):
            assert task.deadline_text and parse_deadline(task.deadline_text).kind != "none", task
            assert task.lead_text and not task.content.endswith(task.deadline_text), task


@pytest.mark.parametrize(
    ("group", "stt", "deadline"),
    [
        ("A", 1, "Tháng 3/2025"),
        ("A", 6, "Quý I/2025"),
        ("A", 14, "Quý II/2025"),
        ("A", 16, "2025"),
        ("A", 22, "Thực hiện thường xuyên"),
        ("B", 21, "Tháng 12/2025 và những năm tiếp theo"),
        ("B", 24, "Năm 2025"),
        ("B", 26, "Năm 2027"),
        ("C", 5, "Tháng 7/2025"),
    ],
)
def test_appendix_deadlines(tasks: list[ParsedTask], group: str, stt: int, deadline: str) -> None:
    assert _row(tasks, group, stt).deadline_text == deadline


def test_yte_block_yields_three_bullets(tasks: list[ParsedTask]) -> None:
    block = [t for t in tasks if t.section == "2.d Bộ Y tế"]
    assert [t.line for t in block] == [27, 28, 29]
    assert {t.lead_text for t in block} == {"Bộ Y tế"}
    assert block[0].content.startswith("Chủ trì, phối hợp với Bộ Công an và các đơn vị")  # no "- "
    assert block[1].deadline_text == "hoàn thành trong tháng 9 năm 2025"
    assert block[2].deadline_text is None


def test_one_sentence_items_keep_their_subject(tasks: list[ParsedTask]) -> None:
    task = _at(tasks, 46)
    assert task.section == "2.i Bộ Nông nghiệp và Môi trường"
    assert task.content.startswith("Bộ Nông nghiệp và Môi trường hoàn thiện cơ sở dữ")
    assert task.lead_text == "Bộ Nông nghiệp và Môi trường"
    assert _at(tasks, 51).lead_text == "Bộ Xây dựng"  # "xây dựng" in the name is not the verb
    assert _at(tasks, 53).lead_text == "Đài Truyền hình Việt Nam, Đài tiếng nói Việt Nam"


def test_section_one_goes_to_all_ministries_and_provinces(tasks: list[ParsedTask]) -> None:
    first = [t for t in tasks if t.section.startswith("1.")]
    assert [t.section for t in first] == ["1.a", "1.b", "1.c", "1.d", *["1.đ Về phát triển dữ liệu"] * 3]
    assert {t.lead_text for t in first} == {"Các bộ, ngành, địa phương"}
    # "(nay là Bộ Khoa học và Công nghệ)" names the issuer of Văn bản 1552, not an assignee.
    assert "Văn bản số 1552/BTTTT-THH ngày 26 tháng 4 năm 2022" in _at(tasks, 11).directing_docs


def test_effective_date_is_not_a_deadline(tasks: list[ParsedTask]) -> None:
    assert _at(tasks, 19).deadline_text is None
    assert _at(tasks, 20).deadline_text is None
    assert _at(tasks, 21).deadline_text == "hoàn thành trong tháng 6 năm 2025"


def test_handover_notes_stay_on_the_lead(tasks: list[ParsedTask]) -> None:
    assert _row(tasks, "B", 32).lead_text == f"Bộ Khoa học và Công nghệ {ICT_HANDOVER}"
    assert all(_row(tasks, "B", n).lead_text.endswith(ICT_HANDOVER) for n in range(32, 47))
    assert all(_row(tasks, "B", n).lead_text.endswith("Bộ Kế hoạch và Đầu tư chuyển sang)") for n in range(59, 71))
    assert _row(tasks, "B", 73).lead_text.endswith("(Nhiệm vụ của Bộ Tài nguyên và Môi trường chuyển sang)")
    assert _row(tasks, "B", 79).lead_text == "Bộ Xây dựng (Nhiệm vụ Bộ Giao thông vận tải chuyển sang)"
    assert _row(tasks, "B", 79).coordinating_text == "Bộ Công an"
    assert _row(tasks, "B", 9).lead_text == "Bộ Kế hoạch và Đầu tư"  # still written with the old name


def test_a21_long_content_and_six_ministry_lead(tasks: list[ParsedTask]) -> None:
    task = _row(tasks, "A", 21)
    assert task.line == 172
    assert task.content.startswith("Xây dựng Đề án chuyển đổi số bảo đảm kết nối với Đề án 06 theo 11 tiện ích")
    assert "(1) Định danh tàu thuyền;" in task.content
    assert task.content.endswith("(11) Mô hình điểm tại các tỉnh, thành phố có đảo.")
    assert task.lead_text.startswith("Bộ Nội vụ (của Bộ Lao động - Thương binh và Xã hội chuyển sang), Bộ Nông")
    assert task.lead_text.endswith("Bộ Khoa học và Công nghệ, Bộ Tài chính")
    assert task.coordinating_text == "Bộ Công an"
    assert task.deadline_text == "Tháng 12/2025"


def test_a3_lead_cell_lists_ministries_and_no_coordinator(tasks: list[ParsedTask]) -> None:
    task = _row(tasks, "A", 3)
    assert task.lead_text.startswith("Bộ Tài chính: 03 dịch vụ (01 DVC BHXH chuyển sang); Bộ Công thương: 01")
    assert task.lead_text.endswith("Bộ Văn hóa, Thể thao và Du lịch: 01 dịch vụ")
    assert task.coordinating_text is None
    assert task.deadline_text == "Tháng 3/2025"
    assert task.directing_docs == [
        "Chỉ thị 07/CT-TTg",
        "Quyết định số 422/QĐ-TTg ngày 04/4/2022",
        "Quyết định số 206/QĐ-TTg ngày 28/02/2024",
    ]


def test_c1_bullets_stay_one_row(tasks: list[ParsedTask]) -> None:
    task = _row(tasks, "C", 1)
    assert task.line == 621
    assert task.content.startswith("- 04 địa phương chưa hoàn thành (Vĩnh Long, Quảng Trị, Quảng Nam, Kiên Giang)")
    assert "- Đối với 39 địa phương" in task.content and "- Đối với 20 địa phương" in task.content
    assert (task.lead_text, task.coordinating_text, task.deadline_text) == (
        "Các địa phương",
        "Bộ Tư pháp",
        "Tháng 3/2025",
    )


@pytest.mark.parametrize(
    ("group", "stt", "lead", "coordinating"),
    [
        ("A", 6, "Các bộ, ngành, địa phương", "Bộ Công an"),
        ("B", 1, "Bộ Công an", None),
        ("B", 21, "Bộ Tài chính", "Bộ Công an, Bộ Công Thương, Bộ Khoa học và Công nghệ"),  # "Bộ Tài chính,"
        ("B", 23, "Bộ Ngoại giao", "Bộ Công an, Bộ Tư pháp"),  # coordinator cell on two lines
        ("B", 69, "Bộ Tài chính (Nhiệm vụ Bộ Kế hoạch và Đầu tư chuyển sang)", "Bộ Tài chính"),
        ("B", 81, "Đài Truyền hình Việt Nam, Đài tiếng nói Việt Nam", None),
    ],
)
def test_appendix_unit_cells(
    tasks: list[ParsedTask], group: str, stt: int, lead: str, coordinating: str | None
) -> None:
    task = _row(tasks, group, stt)
    assert (task.lead_text, task.coordinating_text) == (lead, coordinating)


def test_every_task_is_directed_by_the_directive_and_has_no_status(tasks: list[ParsedTask]) -> None:
    for task in tasks:
        assert task.directing_docs[0] == "Chỉ thị 07/CT-TTg"
        assert task.result_text is None and task.status_hint is None
        assert task.lead_text and task.content
    # only the C.1 cell is written as a list of "- " items; body bullets lose their dash
    assert [t.stt for t in tasks if t.content.startswith("- ")] == ["1"]


@pytest.mark.parametrize(
    "prefix",
    [
        "Chủ trì, phối hợp với Bộ Công an và các đơn vị",
        "Chỉ đạo, đôn đốc 100% các bệnh viện trên toàn quốc",
        "Chủ trì, phối hợp với Bộ Tài chính, Bộ Khoa học và",
        "Xây dựng giải pháp, công cụ để giám sát các cơ sở",
        "Triển khai thí điểm Hệ thống điều phối dữ liệu y",
        "Chỉ đạo, đôn đốc các bệnh viện trên toàn quốc phải",
        "Phối hợp với Bộ Tài chính xây dựng Bộ chỉ số đánh",
        "Xây dựng dữ liệu học sinh từ lớp 1 đến lớp 12 phục",
        "Chủ trì, phối hợp các Tập đoàn công nghệ (VNPT,",
        "Bộ Nông nghiệp và Môi trường hoàn thiện cơ sở dữ",
        "Triển khai bộ chỉ số đánh giá mức độ hài lòng của",
        "Xây dựng Hệ thống thông tin phục vụ giám sát dự án",
        "Nghiên cứu, hoàn thiện giải pháp tích hợp Học bạ",
        "Phối hợp với các đơn vị hoàn thành định danh cơ",
        "Hoàn thành xây dựng cơ sở dữ liệu quốc gia về đất",
        "461 huyện đã hoàn thành số hóa dữ liệu đất đai",
    ],
)
def test_question_sample_prefixes_start_a_task(tasks: list[ParsedTask], prefix: str) -> None:
    assert any(t.content.startswith(prefix) for t in tasks)


def test_yte_tasks_across_body_and_appendix(tasks: list[ParsedTask]) -> None:
    assert [t.line for t in tasks if t.lead_text == "Bộ Y tế"] == [27, 28, 29, 590, 595, 600]


def test_unusable_input_raises() -> None:
    with pytest.raises(ValueError, match="Số"):
        directive.parse(["CHỈ THỊ", "nothing here"])
    with pytest.raises(ValueError, match="no lettered items"):
        directive.parse(["Số: 01/CT-TTg", "CHỈ THỊ", "Lời mở đầu."])


def test_parse_is_fast() -> None:
    lines = _lines(DIRECTIVE)
    start = time.perf_counter()
    directive.parse(lines)
    assert time.perf_counter() - start < 1
