"""Task tables as a .docx or .xlsx reader gives them: header words, group rows spanning the table, continued rows."""

from __future__ import annotations

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract import extract_tasks
from dondoc.ingest.readers.document import Block, Document, TableRow
from dondoc.nlp.status import classify_status


def _table(*rows: tuple[str, ...]) -> Document:
    block = Block("table", line=1, rows=tuple(TableRow(cells, n) for n, cells in enumerate(rows, start=1)))
    return Document("bang.docx", "docx", [block], text="")


def test_a_word_table_with_a_two_row_header_groups_and_a_continued_row(registry: UnitRegistry) -> None:
    group = "Nhiệm vụ giao Bộ trưởng Bộ Y tế chỉ đạo"
    document = _table(
        ("TT", "Nội dung nhiệm vụ", "Cơ quan", "Cơ quan", "Thời hạn hoàn thành", "Kết quả thực hiện"),
        ("", "", "Chủ trì", "Phối hợp", "", ""),
        ("I.", "Hoàn thiện thể chế", "", "", "", ""),
        (group,) * 6,
        ("1", "Xây dựng Nghị định về hồ sơ sức khỏe điện tử", "", "Bộ Công an", "Quý II/2026", "Đã hoàn thành"),
        ("", "và bệnh án điện tử toàn quốc", "", "", "", ""),
        ("2", "Ban hành Thông tư hướng dẫn", "Bộ Tư pháp; Bộ Nội vụ", "", "2026 - 2030", ""),
        ("TT", "Nội dung nhiệm vụ", "Cơ quan", "Cơ quan", "Thời hạn hoàn thành", "Kết quả thực hiện"),
        ("3", "Rà soát văn bản", "Bộ Tài chính", "", "Hằng năm", "Đang thực hiện"),
    )
    tasks = extract_tasks(document, registry).tasks
    assert [t.stt for t in tasks] == ["1", "2", "3"]
    first = tasks[0]
    assert first.content == "Xây dựng Nghị định về hồ sơ sức khỏe điện tử và bệnh án điện tử toàn quốc"
    assert first.lead_text == "Bộ Y tế"  # the group row's unit, where the row names none
    assert first.coordinating_text == "Bộ Công an"
    assert first.section.startswith("I. Hoàn thiện thể chế") or group in first.section
    assert classify_status(first.result_text) == "done"
    assert registry.resolve_cell(tasks[1].lead_text)[0] == ["Bộ Tư pháp", "Bộ Nội vụ"]
    assert tasks[1].deadline_text == "2026 - 2030"


def test_a_late_tasks_group_row_makes_every_task_under_it_not_done(registry: UnitRegistry) -> None:
    document = _table(
        ("STT", "Nhiệm vụ", "Văn bản giao nhiệm vụ", "Cơ quan chủ trì thực hiện", "Thời hạn hoàn thành"),
        ("Các nhiệm vụ quá hạn chưa hoàn thành",) * 5,
        ("1.", "Xây dựng Luật Thuế thu nhập cá nhân", "Nghị quyết số 71/NQ-CP", "Bộ Tài chính", "31/10/2025"),
    )
    [task] = extract_tasks(document, registry).tasks
    assert task.status_hint == "not_done"
    assert task.directing_docs == ["Nghị quyết số 71/NQ-CP"]


def test_a_table_of_numbers_is_not_a_task_table(registry: UnitRegistry) -> None:
    document = _table(("Tỉnh", "Dân số", "Diện tích"), ("Hà Nội", "8.587.100", "3.359,8"))
    assert extract_tasks(document, registry).tasks == []


def test_a_numbered_row_without_task_text_is_reported_with_its_place(registry: UnitRegistry) -> None:
    document = _table(("STT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"), ("4", "", "Bộ Y tế", "2026"))
    extraction = extract_tasks(document, registry)
    assert [(row.line, row.reason) for row in extraction.skipped] == [(2, "a numbered row without task text")]


def test_a_spreadsheet_with_title_rows_above_its_header_and_a_late_heading_row(registry: UnitRegistry) -> None:
    title = "DANH MỤC NHIỆM VỤ TRIỂN KHAI NGHỊ QUYẾT 57-NQ/TW"
    document = _table(
        (title,) * 5,
        ("", "", "", "", ""),
        ("TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        ("I.", "Hoàn thiện thể chế", "", "", "năm tiếp theo"),
        ("16", "Dự án Luật sửa đổi Luật Chuyển giao công nghệ", "Bộ Khoa học và Công nghệ", "Bộ Tư pháp", "2025-10-31"),
        ("17", "Đề án thử nghiệm có kiểm soát", "Bộ Khoa học và Công nghệ Bộ Thông tin và Truyền thông", "", "12/2025"),
    )
    first, second = extract_tasks(document, registry).tasks
    assert (first.stt, first.line, first.section) == ("16", 5, "I. Hoàn thiện thể chế")
    assert first.coordinating_text == "Bộ Tư pháp"
    assert registry.resolve_cell(second.lead_text)[0] == ["Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông"]
