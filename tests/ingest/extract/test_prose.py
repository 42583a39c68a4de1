"""Tasks in prose: unit-headed items, units opening a sentence, and blocks whose unit and deadline come last."""

from __future__ import annotations

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract import extract_tasks, read_header
from dondoc.ingest.readers.document import Block, Document
from dondoc.ingest.readers.text import read_text
from dondoc.nlp.dates import parse_deadline

CONCLUSIONS = """**I. VỀ KẾT QUẢ ĐẠT ĐƯỢC**
Bộ Công an đã hoàn thành nhiều nhiệm vụ; **(1)** ban hành nhiều văn bản.
**II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM**
a) Bộ Y tế: **(1)** trình Thủ tướng Chính phủ Kế hoạch triển khai Sổ sức khỏe
điện tử, hoàn thành trong tháng 10 năm 2025; **(2)** hướng dẫn các địa phương
kết nối dữ liệu khám chữa bệnh, hoàn thành trước ngày 15/9/2025.
b) Văn phòng Chính phủ chủ trì tham mưu sửa đổi Nghị định số 118/2025/NĐ-CP
ngày 09 tháng 6 năm 2025, hoàn thành trong tháng 12 năm 2025.
**III. TỔ CHỨC THỰC HIỆN**
**1. Về dữ liệu**
a) Nhiệm vụ:
- Rà soát, chuẩn hóa cơ sở dữ liệu của đơn vị.
- Kết nối, chia sẻ dữ liệu với Trung tâm dữ liệu quốc gia.
b) Cơ quan thực hiện:
- Đơn vị chủ trì: Các Sở, ban,
ngành.
- Đơn vị phối hợp: Công an Thành phố.
c) Thời gian thực hiện: Hoàn thành trong năm 2025.
"""


def _tasks(registry: UnitRegistry, text: str = CONCLUSIONS):  # type: ignore[no-untyped-def]
    return extract_tasks(read_text("kl.txt", text, "text"), registry).tasks


def test_items_under_a_unit_heading_are_that_units_tasks_with_their_own_deadlines(registry: UnitRegistry) -> None:
    first, second = _tasks(registry)[:2]
    assert (first.stt, first.line, first.lead_text) == ("(1)", 4, "Bộ Y tế")
    assert first.content.startswith("trình Thủ tướng Chính phủ Kế hoạch")
    assert parse_deadline(first.deadline_text).due.isoformat() == "2025-10-31"
    assert (second.line, parse_deadline(second.deadline_text).due.isoformat()) == (5, "2025-09-15")


def test_a_unit_opening_the_sentence_leads_and_a_cited_decrees_date_is_not_the_deadline(
    registry: UnitRegistry,
) -> None:
    task = _tasks(registry)[2]
    assert registry.resolve_cell(task.lead_text)[0] == ["Văn phòng Chính phủ"]
    assert task.content.startswith("Văn phòng Chính phủ chủ trì tham mưu")
    assert parse_deadline(task.deadline_text).due.isoformat() == "2025-12-31"


def test_unit_and_deadline_after_the_tasks_apply_to_each_bullet(registry: UnitRegistry) -> None:
    bullets = _tasks(registry)[3:]
    assert [t.line for t in bullets] == [12, 13]
    assert {(t.lead_text, t.coordinating_text, t.deadline_text) for t in bullets} == {
        ("Các Sở, ban, ngành", "Công an Thành phố", "Hoàn thành trong năm 2025")
    }


def test_results_outside_the_task_sections_are_not_tasks(registry: UnitRegistry) -> None:
    assert not any("ban hành nhiều văn bản" in t.content for t in _tasks(registry))


def test_the_header_gives_kind_number_issuer_date_and_a_provinces_scope(registry: UnitRegistry) -> None:
    text = (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 308/KH-UBND | Hà Nội, ngày 17 tháng 11 năm 2025\nKẾ HOẠCH\nTRIỂN KHAI NGHỊ QUYẾT 214/NQ-CP\n"
        "Thực hiện Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ"
    )
    header = read_header(text, registry, "kh.txt")
    assert (header.kind, header.number) == ("Kế hoạch", "308/KH-UBND")
    assert header.issuer == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert (header.issued.isoformat(), header.scope) == ("2025-11-17", "Thành phố Hà Nội")


def test_an_undated_document_has_no_date_rather_than_today(registry: UnitRegistry) -> None:
    header = read_header("BÁO CÁO\nTiến độ thực hiện Nghị quyết số 50/NQ-CP ngày 08/4/2022", registry, "bc.txt")
    assert header.issued is None


def test_a_word_documents_bullets_without_marks_take_the_unit_and_time_that_follow(registry: UnitRegistry) -> None:
    texts = [
        ("heading", "II. NHIỆM VỤ"),
        ("paragraph", "a) Nhiệm vụ:"),
        ("list_item", "Rà soát, chuẩn hóa cơ sở dữ liệu hộ tịch của tỉnh."),
        ("list_item", "Kết nối dữ liệu hộ tịch với Trung tâm dữ liệu quốc gia."),
        ("paragraph", "b) Cơ quan thực hiện: Sở Tư pháp chủ trì, phối hợp Công an tỉnh."),
        ("paragraph", "c) Thời gian thực hiện: Quý II/2026."),
    ]
    blocks = [Block(kind, text=text, line=n) for n, (kind, text) in enumerate(texts, start=1)]  # type: ignore[arg-type]
    tasks = extract_tasks(Document("kh.docx", "docx", blocks), registry).tasks
    assert [(t.line, t.deadline_text) for t in tasks] == [(3, "Quý II/2026"), (4, "Quý II/2026")]
    assert registry.resolve_cell(tasks[0].lead_text)[0] == ["Sở Tư pháp"]


def test_a_letterhead_is_not_a_task_in_a_document_without_task_headings(registry: UnitRegistry) -> None:
    text = "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI\n\nĐồng Nai, ngày 20 tháng 2 năm 2026\n\n1. Sở Y tế triển khai bệnh án.\n"
    [task] = _tasks(registry, text)
    assert (task.content, task.lead_text) == ("Sở Y tế triển khai bệnh án", "Sở Y tế")
