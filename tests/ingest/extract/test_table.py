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


def _leads(task_lead_text: str, registry: UnitRegistry) -> list[str]:
    return registry.resolve_cell(task_lead_text)[0]


def test_a_unit_column_first_with_its_cell_merged_down_gives_each_row_its_unit(registry: UnitRegistry) -> None:
    # A province's plan: the unit leads, its cell merged over three rows; Word repeats it, a pipe table leaves it empty.
    header = ("Đơn vị chủ trì", "Nhiệm vụ", "Thời gian thực hiện")
    rows = [
        ("Sở Nông nghiệp và Môi trường", "Cập nhật bản đồ vùng trồng cây ăn quả", "Tháng 6/2026"),
        ("Sở Nông nghiệp và Môi trường", "Cấp mã số vùng trồng cho các hợp tác xã", "Quý III/2026"),
        ("Sở Nông nghiệp và Môi trường", "Tổng kết mô hình tưới tiết kiệm nước", "Năm 2027"),
        ("Sở Công Thương", "Kết nối tiêu thụ nông sản qua sàn thương mại điện tử", "Hằng năm"),
    ]
    repeated = extract_tasks(_table(header, *rows), registry).tasks
    emptied = extract_tasks(_table(header, rows[0], *(("", *row[1:]) for row in rows[1:3]), rows[3]), registry).tasks
    for tasks in (repeated, emptied):
        assert [(t.content[:20], _leads(t.lead_text, registry), t.deadline_text) for t in tasks] == [
            ("Cập nhật bản đồ vùng", ["Sở Nông nghiệp và Môi trường"], "Tháng 6/2026"),
            ("Cấp mã số vùng trồng", ["Sở Nông nghiệp và Môi trường"], "Quý III/2026"),
            ("Tổng kết mô hình tướ", ["Sở Nông nghiệp và Môi trường"], "Năm 2027"),
            ("Kết nối tiêu thụ nôn", ["Sở Công Thương"], "Hằng năm"),
        ]


def test_a_second_task_under_one_number_takes_the_merged_deadline_and_a_cut_row_joins(
    registry: UnitRegistry,
) -> None:
    header = ("STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn")
    document = _table(
        header,
        ("1", "Nâng cấp trung tâm dữ liệu của tỉnh", "Sở Khoa học và Công nghệ", "Công an tỉnh", "Quý IV/2026"),
        ("", "Thuê dịch vụ sao lưu dữ liệu dự phòng", "Văn phòng UBND tỉnh", "", ""),  # no number: merged
        ("2", "Rà soát, chuẩn hóa danh mục dữ liệu dùng chung của các sở,", "Sở Nội vụ", "", "Tháng 9/2026"),
        ("", "ngành và địa phương", "", "", ""),  # the same sentence, cut by the page
    )
    tasks = extract_tasks(document, registry).tasks
    assert [(t.stt, t.content) for t in tasks] == [
        ("1", "Nâng cấp trung tâm dữ liệu của tỉnh"),
        ("1", "Thuê dịch vụ sao lưu dữ liệu dự phòng"),
        ("2", "Rà soát, chuẩn hóa danh mục dữ liệu dùng chung của các sở, ngành và địa phương"),
    ]
    second = tasks[1]
    assert (second.lead_text, second.deadline_text) == ("Văn phòng Ủy ban nhân dân tỉnh", "Quý IV/2026")


def test_an_expected_result_column_holds_products_and_a_progress_column_holds_statuses(registry: UnitRegistry) -> None:
    document = _table(
        ("TT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời hạn", "Kết quả dự kiến", "Tiến độ"),
        ("1", "Xây dựng quy chế khai thác dữ liệu", "Sở Tư pháp", "Tháng 10/2026", "Quyết định của UBND tỉnh", ""),
        ("2", "Đào tạo kỹ năng số cho công chức", "Sở Nội vụ", "Năm 2026", "Các lớp tập huấn", "Đang thực hiện"),
    )
    first, second = extract_tasks(document, registry).tasks
    assert classify_status(first.result_text) == "unknown"  # a product is no status
    assert classify_status(second.result_text) == "in_progress"


def test_columns_without_a_header_word_take_the_role_of_what_they_hold(registry: UnitRegistry) -> None:
    document = _table(
        ("STT", "Nội dung công việc", "", ""),
        ("1", "Hoàn thiện cổng dịch vụ công của thành phố", "Trung tâm Phục vụ hành chính công", "30/6/2026"),
        ("2", "Công khai quy trình giải quyết thủ tục", "Văn phòng UBND thành phố", "31/12/2026"),
    )
    tasks = extract_tasks(document, registry).tasks
    assert [(t.lead_text, t.deadline_text) for t in tasks] == [
        ("Trung tâm Phục vụ hành chính công", "30/6/2026"),
        ("Văn phòng Ủy ban nhân dân thành phố", "31/12/2026"),
    ]


def test_numbered_group_rows_give_sections_units_and_statuses(registry: UnitRegistry) -> None:
    document = _table(
        ("TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Kết quả"),
        ("A", "NHIỆM VỤ NĂM 2026", "", "", ""),
        ("I", "Các nhiệm vụ đã hoàn thành", "", "", ""),
        ("1", "Hạ tầng số", "", "", ""),
        ("1.1", "Phủ sóng 5G tại các khu công nghiệp", "Sở Khoa học và Công nghệ", "Quý I/2026", ""),
        ("1.2", "Kết nối mạng truyền số liệu chuyên dùng cấp xã", "Sở Khoa học và Công nghệ", "Quý II/2026", ""),
        ("II", "Nhiệm vụ giao Sở Y tế", "Nhiệm vụ giao Sở Y tế", "Nhiệm vụ giao Sở Y tế", "Nhiệm vụ giao Sở Y tế"),
        ("2", "Triển khai bệnh án điện tử tại bệnh viện tuyến tỉnh", "", "Tháng 12/2026", ""),
    )
    first, second, third = extract_tasks(document, registry).tasks
    assert first.section == "A. NHIỆM VỤ NĂM 2026 I. Các nhiệm vụ đã hoàn thành 1. Hạ tầng số"
    assert (first.stt, second.stt, first.status_hint) == ("1.1", "1.2", "done")
    assert (third.section, third.lead_text, third.status_hint) == (
        "A. NHIỆM VỤ NĂM 2026 II. Nhiệm vụ giao Sở Y tế",
        "Sở Y tế",
        None,
    )


def test_in_a_table_of_targets_only_the_rows_that_say_what_to_do_are_tasks(registry: UnitRegistry) -> None:
    document = _table(
        ("TT", "Chỉ tiêu", "Đơn vị chủ trì"),
        ("1", "Tỷ lệ hồ sơ được số hóa đạt 90%", "Sở Nội vụ"),
        ("2", "Thương mại điện tử chiếm 15% tổng mức bán lẻ", "Sở Công Thương"),
        (
            "3",
            "Phấn đấu mỗi xã có ít nhất một điểm phục vụ số; đến năm 2028 phủ kín toàn tỉnh",
            "Sở Khoa học và Công nghệ",
        ),
    )
    [task] = extract_tasks(document, registry).tasks
    assert (task.stt, task.lead_text, task.deadline_text) == ("3", "Sở Khoa học và Công nghệ", "đến năm 2028")


def test_tables_of_scores_or_figures_give_no_task(registry: UnitRegistry) -> None:
    scores = _table(
        ("STT", "Tiêu chí thi đua", "Điểm chuẩn", "Hướng dẫn chấm điểm"),
        ("1", "Tỷ lệ chi trả an sinh xã hội không dùng tiền mặt", "20", "Đạt 100% được 20 điểm"),
    )
    figures = _table(
        ("TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2026", "Năm 2027"),
        ("1", "Diện tích cây ăn quả", "Ha", "12.500", "13.000"),
    )
    assert extract_tasks(scores, registry).tasks == extract_tasks(figures, registry).tasks == []


def test_units_come_from_the_unit_cell_never_from_the_task_text(registry: UnitRegistry) -> None:
    document = _table(
        ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"),
        ("1", "Xây dựng Luật Dữ liệu cá nhân sửa đổi", "Bộ Công an", "2026"),
        ("2", "Tài chính cho các dự án chuyển đổi số", "Kế hoạch và Đầu tư", "2026"),
        ("3", "Xây dựng cơ sở dữ liệu về nhà ở", "Xây dựng", "2027"),
    )
    tasks = extract_tasks(document, registry).tasks
    assert [_leads(t.lead_text, registry) for t in tasks] == [
        ["Bộ Công an"],
        ["Bộ Kế hoạch và Đầu tư"],
        ["Bộ Xây dựng"],  # a bare ministry word in the unit column is that ministry
    ]


def test_the_heading_above_a_table_without_a_unit_column_names_its_unit(registry: UnitRegistry) -> None:
    block = Block(
        "table",
        line=2,
        rows=(
            TableRow(("STT", "Nhiệm vụ", "Tiến độ thực hiện"), 2),
            TableRow(("1", "Trình Chính phủ Nghị định về quản lý thuế điện tử", "Quý IV/2026"), 3),
        ),
    )
    heading = Block("heading", text="Nhiệm vụ giao Bộ Tài chính", line=1)
    [task] = extract_tasks(Document("pl.docx", "docx", [heading, block], text=""), registry).tasks
    assert (task.lead_text, task.deadline_text) == ("Bộ Tài chính", "Quý IV/2026")  # "Tiến độ" holding dates


def test_a_table_of_named_items_with_column_numbers_and_cells_merged_down(registry: UnitRegistry) -> None:
    # "Tên …" names what each row is about; the row under the header numbers the columns; the unit cell of row 1
    # spans rows 2 and 3, which a flattened copy leaves short.
    document = _table(
        ("STT", "Tên báo cáo định kỳ", "Thời gian gửi", "Đơn vị chịu trách nhiệm"),
        ("A", "B", "1", "2"),
        ("1", "Báo cáo tình hình giải ngân vốn đầu tư công", "Tháng 1/2027", "Cục Quản lý đầu tư"),
        ("2", "Báo cáo kết quả thu ngân sách quý", "Tháng 4/2027"),
        ("3", "Báo cáo tình hình nợ đọng xây dựng cơ bản"),
    )
    tasks = extract_tasks(document, registry).tasks
    assert [t.stt for t in tasks] == ["1", "2", "3"]
    assert {t.lead_text for t in tasks} == {"Cục Quản lý đầu tư"}
    assert [t.deadline_text for t in tasks] == ["Tháng 1/2027", "Tháng 4/2027", "Tháng 4/2027"]
