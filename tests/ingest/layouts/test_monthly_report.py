"""The monthly-report parser on the real Báo cáo 230/BC-TCTTKĐA (001): late-tasks table and section IV directives."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.ingest.layouts import monthly_report
from dondoc.ingest.model import ParsedTask
from dondoc.nlp.status import classify_status

SOURCES = Path(monthly_report.__file__).resolve().parents[1] / "sources"
FILE = "001_ac39c7003030bd12.txt"
A_II = "A.II Lộ trình Đề án - nhiệm vụ cụ thể bộ, ngành"
B_II = "B.II Chỉ thị/NQ/TCTTKĐA - nhiệm vụ cụ thể bộ, ngành"

# Hand-checked records (the public gold sample for this file).
GOLD = [
    {
        "line": 366, "section": A_II, "stt": "4",
        "content_prefix": "Kết nối, chia sẻ dữ liệu giữa Cơ sở dữ liệu quốc gia về dân cư với Cơ sở dữ liệu quốc gia "
        "về Khoa học và công nghệ.",
        "lead_units": ["Bộ Công an", "Bộ Khoa học và Công nghệ"], "deadline_text": "Năm 2022",
        "status": "not_done", "status_text": "Chưa hoàn thành",
    },
    {
        "line": 395, "section": B_II, "stt": "5",
        "content_prefix": "Nghiên cứu, sửa đổi các văn bản quy phạm pháp luật liên quan đến việc",
        "lead_units": ["Bộ Thông tin và Truyền thông"], "deadline_text": "Tháng 11/2023", "status": "not_done",
        "status_text": "Chưa hoàn thành - Đã có tờ trình báo cáo TTCP về nội dung Nghị định. Hiện đang phối hợp Bộ "
        "Công an đánh giá thực trạng k",
    },
]  # fmt: skip

# Every row of the late-tasks table: (line, section prefix, stt, deadline_text).
TABLE = [
    (361, "A.I", "1", "Năm 2022"), (363, "A.II", "1", "Năm 2022"), (364, "A.II", "2", "Tháng 6/2022"),
    (365, "A.II", "3", "Năm 2022"), (366, "A.II", "4", "Năm 2022"), (367, "A.II", "5", "Tháng 4/2022"),
    (368, "A.II", "6", "Tháng 12/2022"), (370, "A.II", "7", "Tháng 12/2022"), (371, "A.II", "8", "Tháng 12/2022"),
    (372, "A.II", "9", "Tháng 6/2023"), (377, "B.I", "1", "Tháng 9/2023"),
    (379, "B.I", "2", "Theo tiến độ của Nghị quyết số 50/NQ-CP ngày 08/4/2022 và Nghị định số 107/2021/NĐ-CP ngày "
     "06/12/2021"),
    (380, "B.I", "3", "Tháng 6/2023"), (381, "B.I", "4", "Theo tiến độ, yêu cầu tại Quyết định số 766/QĐ-TTg"),
    (383, "B.I", "5", "6/2023"), (384, "B.I", "6", "15/12/2023"), (385, "B.I", "7", "15/12/2023"),
    (388, "B.II", "1", None), (389, "B.II", "2", None), (390, "B.II", "3", "11/2023"),
    (391, "B.II", "4", "Tháng 6/2023"), (395, "B.II", "5", "Tháng 11/2023"), (396, "B.II", "6", "Tháng 12/2023"),
    (397, "B.II", "7", "15/12/2023"), (399, "B.II", "8", "1/12/2023"), (400, "B.II", "9", "15/12/2023"),
    (402, "B.III", "1", "Tháng 6/2023"),
]  # fmt: skip


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return (SOURCES / FILE).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def tasks(lines: list[str]) -> list[ParsedTask]:
    return monthly_report.parse(lines)


@pytest.fixture(scope="module")
def table(tasks: list[ParsedTask]) -> list[ParsedTask]:
    return [t for t in tasks if not t.section.startswith("IV")]


@pytest.fixture(scope="module")
def prose(tasks: list[ParsedTask]) -> list[ParsedTask]:
    return [t for t in tasks if t.section.startswith("IV")]


def _at(tasks: list[ParsedTask], line: int, stt: str | None = None) -> ParsedTask:
    found = [t for t in tasks if t.line == line and (stt is None or t.stt == stt)]
    assert len(found) == 1, f"expected one task at line {line}, got {found}"
    return found[0]


def test_matches_only_the_monthly_report() -> None:
    for path in sorted(SOURCES.glob("*.txt")):
        assert monthly_report.matches(path.read_text(encoding="utf-8").splitlines()) is (path.name == FILE)


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: f"L{g['line']}")
def test_gold_records(tasks: list[ParsedTask], registry: UnitRegistry, gold: dict) -> None:
    task = _at(tasks, gold["line"])
    assert task.content.startswith(gold["content_prefix"])
    assert (task.section, task.stt, task.deadline_text) == (gold["section"], gold["stt"], gold["deadline_text"])
    assert (task.status_hint or classify_status(task.result_text)) == gold["status"]
    assert task.result_text and task.result_text.startswith(gold["status_text"])
    assert registry.resolve_cell(task.lead_text, task.coordinating_text)[0] == gold["lead_units"]


def test_every_table_row(table: list[ParsedTask]) -> None:
    assert len(table) == 27
    got = [(t.line, t.section.split()[0], t.stt, t.deadline_text) for t in table]
    assert got == TABLE
    # STT restarts in every group, so (section, stt) is the key.
    assert len({(t.section, t.stt) for t in table}) == 27
    assert all(t.status_hint == "not_done" and t.result_text for t in table)


def test_every_task_has_text_and_unit_without_markup(tasks: list[ParsedTask]) -> None:
    for task in tasks:
        assert task.content and task.lead_text, task
        fields = [task.content, task.lead_text, task.deadline_text or "", task.result_text or "", *task.directing_docs]
        assert not any(mark in text for text in fields for mark in ("<", ">", "**", "\t")), task
        assert not any(doc in task.content for doc in task.directing_docs), task


def test_table_cells_and_tags(table: list[ParsedTask]) -> None:
    row = _at(table, 377)
    assert row.directing_docs[0] == "Chỉ thị 05, ngày 23/2/2023 của Thủ tướng Chính phủ"
    assert len(row.directing_docs) == 5
    assert _at(table, 379).directing_docs == [
        "Chi thị 05, ngày 23/2/2023 của Thủ tướng Chính phủ",
        "Thông báo 238/TB-VPCP ngày 22/6/2023",
        "Công văn 452/TTg-KSTT ngày 26/5/2023",
    ]
    # Runs of ten spaces inside <p> cells separate items.
    assert _at(table, 395).directing_docs == [
        "Thông báo 8055/1B-TCTTKĐA ngày 01/11/2023",
        "Nghị quyết 74/NQ-CP ngày 7/5/2023",
        "Thông báo 299/1B-VPCP ngày 31/07/2023",
    ]
    assert _at(table, 390).lead_text == "Bộ Y tế phối hợp Bộ công an"
    assert _at(table, 389).lead_text.startswith("Bộ Công an đồng chủ trì, Bộ Tư pháp phối hợp")
    assert _at(table, 361).directing_docs == ["Lộ trình Đề án"]


def test_nasty_rows(table: list[ParsedTask]) -> None:
    # (a) "02 bộ, ngành" listing three ministries, no deadline, a <ul> of problems as result.
    row = _at(table, 388)
    assert row.lead_text == "02 bộ, ngành: Tư pháp, Y tế, Lao động - Thương binh và Xã hội"
    assert row.deadline_text is None
    assert row.result_text == (
        "- Bộ y tế: 01 văn đề - Phần mềm hộ tịch của Bộ Tư pháp còn 02 văn đề (lỗi đồng bộ hồ sơ và chữ ký số)"
    )
    # (b) "Đã hoàn thành …" for a sub-part only: the late list still says not done.
    row = _at(table, 397)
    assert row.result_text.startswith("- Đã hoàn thành tích hợp")
    assert classify_status(row.result_text) == "done" and row.status_hint == "not_done"
    # (c) content written in lower case, late ministries listed only in the result.
    row = _at(table, 385)
    assert row.content.startswith("hoàn thành kết nối Kho quản lý dữ liệu điện tử")
    assert "Y tế" in row.result_text
    assert _at(table, 400).result_text == "Chưa có báo cáo kết quả"
    assert _at(table, 402).result_text.startswith("Còn 09 địa phương chưa ban hành")


def test_section_iv_general_directives(prose: list[ParsedTask]) -> None:
    general = [t for t in prose if t.section == "IV.1 Nhiệm vụ chung của các bộ, ngành, địa phương"]
    assert [t.stt for t in general][:8] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert all(t.result_text is None and t.status_hint is None for t in prose)
    mooc = _at(prose, 251)
    assert mooc.content.startswith("Các Bộ, ngành, địa phương đẩy mạnh tổ chức đào tạo tập huấn")
    assert (mooc.lead_text, mooc.deadline_text) == ("Các bộ, ngành, địa phương", "Hoàn thành trước ngày 01/7/2024")
    # A plan "trong năm 2024" is not the deadline; the "Hoàn thành …" sentence is.
    assert _at(prose, 239).deadline_text == "Hoàn thành trong tháng 01/2024"
    # Footnote references are dropped from the text.
    assert "15 bộ, ngành khẩn trương" in _at(prose, 241).content
    # Named subject or "Bộ X:" label beats the general unit.
    assert _at(prose, 253).lead_text == "Bộ Tư pháp, Văn phòng Chính phủ phối hợp Bộ Công an"
    assert _at(prose, 277).lead_text == "Bộ Kế hoạch và Đầu tư"
    # "(9) Đối với …:" introduces bullets: the bullets are the tasks, "(1)… (2)…" inside one splits further.
    assert not any(t.stt == "9" for t in general)
    assert [t.stt for t in general if t.line == 279] == ["9.9.1", "9.9.2"]
    assert _at(prose, 279, "9.9.2").deadline_text == "trước 08/02/2024"
    # A bullet's second paragraph stays with it.
    assert "Các bộ, ngành phải chủ động rà soát" in _at(prose, 261).content


def test_section_iv_per_ministry_blocks(prose: list[ParsedTask]) -> None:
    police = [t for t in prose if t.section == "IV.2.1 Bộ Công an"]
    assert [(t.stt, t.lead_text) for t in police] == [("1", "Bộ Công an"), ("2", "Bộ Công an"), ("3", "Bộ Công an")]
    assert police[2].deadline_text == "Hoàn thành trong tháng 02/2024"
    health = _at(prose, 293)
    assert (health.section, health.lead_text) == ("IV.2.6 Bộ Y tế", "Bộ Y tế")
    assert health.content.startswith("Bộ Y tế phối hợp với Bộ Công an")
    assert health.deadline_text is None  # "bắt đầu từ 01/6/2024" is a start date
    assert _at(prose, 301).deadline_text == "Hoàn thành trước 15/02/2024"
    assert _at(prose, 303, "1").deadline_text == "Thực hiện thường xuyên"
    assert [t.stt for t in prose if t.section == "IV.2.11 Văn phòng Chính phủ"] == ["1", "2", "3", "4"]
    assert {t.lead_text for t in prose if t.section.startswith("IV.2.")} >= {"Ngân hàng Nhà nước Việt Nam"}
    assert len(prose) == 42


def test_unusable_file_raises(lines: list[str]) -> None:
    table_start = next(i for i, line in enumerate(lines) if line.startswith("STT\t"))
    with pytest.raises(ValueError, match="no TAB-separated"):
        monthly_report.parse(lines[:table_start])
    with pytest.raises(ValueError, match="no numbered rows"):
        monthly_report.parse(lines[: table_start + 3])
