"""Units come only from unit slots: the failure classes of reports never seen, each written as a fresh document.

None of these sentences is from a development document: each states a structure (a heading of units, a
subject, an assignment, a labelled block, a colon list, recipients) in words of its own.
"""

from __future__ import annotations

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract import extract_tasks
from dondoc.ingest.model import ParsedTask
from dondoc.ingest.readers.text import read_text
from dondoc.nlp.dates import parse_deadline


def _tasks(registry: UnitRegistry, text: str) -> list[ParsedTask]:
    return extract_tasks(read_text("van-ban.txt", text, "text"), registry).tasks


def _leads(registry: UnitRegistry, task: ParsedTask) -> list[str]:
    return registry.resolve_names(task.lead_text)


def test_a_task_that_begins_with_a_ministrys_word_is_not_that_ministrys(registry: UnitRegistry) -> None:
    text = (
        "**II. NHIỆM VỤ**\n\n1. Bộ Tư pháp:\n\n"
        "a) Xây dựng Luật Hộ tịch sửa đổi, trình Quốc hội tại kỳ họp cuối năm.\n\n"
        "b) Tài chính công khai các khoản phí hộ tịch trên Cổng dịch vụ công.\n"
    )
    tasks = _tasks(registry, text)
    assert [_leads(registry, t) for t in tasks] == [["Bộ Tư pháp"], ["Bộ Tư pháp"]]


def test_the_subject_of_a_task_sentence_leads_and_those_it_works_with_coordinate(registry: UnitRegistry) -> None:
    text = (
        "**III. TỔ CHỨC THỰC HIỆN**\n\n1. Bộ Công Thương chủ trì, phối hợp với Bộ Tài chính xây dựng cơ chế "
        "bình ổn giá phân bón, hoàn thành trước ngày 15/3/2026.\n"
    )
    [task] = _tasks(registry, text)
    assert _leads(registry, task) == ["Bộ Công Thương"]
    assert registry.resolve_names(task.coordinating_text) == ["Bộ Tài chính"]
    assert parse_deadline(task.deadline_text).due.isoformat() == "2026-03-15"


def test_a_colon_list_of_ministries_keeps_a_name_with_a_comma_whole(registry: UnitRegistry) -> None:
    text = "1. Các Bộ: Y tế, Văn hóa, Thể thao và Du lịch, Ngoại giao phối hợp tổ chức tuần lễ phòng chống dịch.\n"
    [task] = _tasks(registry, text)
    assert _leads(registry, task) == ["Bộ Y tế", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Ngoại giao"]


def test_a_paragraph_numbered_by_addressee_gives_its_items_to_them(registry: UnitRegistry) -> None:
    text = (
        "Thủ tướng Chính phủ yêu cầu:\n\n1. Chủ tịch Ủy ban nhân dân các tỉnh: Lào Cai, Yên Bái:\n\n"
        "a) Sơ tán dân khỏi vùng có nguy cơ sạt lở.\n\nb) Bảo đảm lương thực cho các thôn bị chia cắt.\n\n"
        "2. Bộ trưởng Bộ Quốc phòng chỉ đạo các đơn vị sẵn sàng lực lượng cứu hộ.\n"
    )
    first, second, third = _tasks(registry, text)
    assert _leads(registry, first) == _leads(registry, second) == ["Tỉnh Lào Cai", "Tỉnh Yên Bái"]
    assert _leads(registry, third) == ["Bộ Quốc phòng"]


def test_a_labelled_block_gives_its_unit_and_deadline_to_each_item_above(registry: UnitRegistry) -> None:
    text = (
        "**II. NHIỆM VỤ, GIẢI PHÁP**\n\n**1. Chuyển đổi số trong giáo dục**\n\n"
        "- Số hóa học bạ cấp trung học cơ sở.\n\n- Kết nối phần mềm quản lý trường học với cơ sở dữ liệu ngành.\n\n"
        "*Đơn vị chủ trì: *Sở Giáo dục và Đào tạo.\n\n*Đơn vị phối hợp: *Sở Khoa học và Công nghệ.\n\n"
        "*Thời gian thực hiện: *Quý III/2026.\n"
    )
    tasks = _tasks(registry, text)
    assert [(_leads(registry, t), t.deadline_text) for t in tasks] == [(["Sở Giáo dục và Đào tạo"], "Quý III/2026")] * 2


def test_an_assignment_leads_and_one_later_in_the_sentence_is_a_task_of_its_own(registry: UnitRegistry) -> None:
    text = (
        "**III. TỔ CHỨC THỰC HIỆN**\n\n1. Giao Sở Nội vụ rà soát vị trí việc làm của cấp xã; "
        "giao Sở Tài chính bố trí kinh phí thực hiện trong năm 2026.\n\n"
        "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh giám sát việc thực hiện.\n"
    )
    first, second, third = _tasks(registry, text)
    assert (_leads(registry, first), _leads(registry, second)) == (["Sở Nội vụ"], ["Sở Tài chính"])
    assert second.content.startswith("giao Sở Tài chính bố trí")
    assert _leads(registry, third) == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]


def test_the_recipients_lead_what_names_no_one_and_a_heading_can_point_back_to_them(registry: UnitRegistry) -> None:
    text = (
        "Kính gửi:\n- Sở Công Thương các tỉnh: Sơn La, Điện Biên;\n- Tổng công ty Điện lực miền Bắc.\n\n"
        "1. Kiểm tra an toàn lưới điện trước mùa mưa bão.\n\n2. Các Sở Công Thương nêu trên\n\n"
        "- Báo cáo thiệt hại về Bộ trước ngày 20/5/2026.\n"
    )
    first, second = _tasks(registry, text)
    assert _leads(registry, first) == [
        "Sở Công Thương Sơn La",
        "Sở Công Thương Điện Biên",
        "Tổng công ty Điện lực miền Bắc",
    ]
    assert _leads(registry, second) == ["Sở Công Thương Sơn La", "Sở Công Thương Điện Biên"]


def test_purpose_background_and_figures_are_not_tasks(registry: UnitRegistry) -> None:
    text = (
        "**I. MỤC ĐÍCH, YÊU CẦU**\n\n1. Bộ Y tế nâng cao chất lượng khám chữa bệnh.\n\n"
        "**II. KINH PHÍ**\n\n1. Sở Tài chính bảo đảm kinh phí từ ngân sách tỉnh.\n\n"
        "**III. NHIỆM VỤ**\n\n1. Sở Y tế triển khai bệnh án điện tử tại bệnh viện tỉnh.\n"
    )
    [task] = _tasks(registry, text)
    assert task.content.startswith("Sở Y tế triển khai bệnh án điện tử")


@pytest.mark.parametrize(
    "text",
    [
        # News: units narrate what they did or said.
        "Sáng 3/12, Bộ Y tế cho biết đã tiêm hơn 2 triệu liều vắc xin. Bộ trưởng Bộ Y tế đánh giá cao các địa phương.",
        # A rule: what happens whenever, not a task given to anyone.
        "1. Trong thời hạn 05 ngày làm việc, kể từ ngày nhận đủ hồ sơ, Sở Xây dựng có trách nhiệm cấp giấy phép.\n"
        "2. Trường hợp hồ sơ chưa hợp lệ, Sở Xây dựng thông báo cho người nộp.",
        # A biography: the date opens a past event.
        "Ngày 5/6/2019, Ủy ban Kiểm tra Trung ương đề nghị Bộ Chính trị xem xét kỷ luật ông A.",
    ],
)
def test_text_that_narrates_or_states_rules_assigns_nothing(registry: UnitRegistry, text: str) -> None:
    assert _tasks(registry, text) == []


def test_a_shuffled_plan_is_doubted(registry: UnitRegistry) -> None:
    items = [f"{n}. Sở Nội vụ chủ trì rà soát nội dung số {n} của kế hoạch." for n in (4, 1, 6, 2, 8, 3, 7, 5)]
    extraction = extract_tasks(read_text("kh.txt", "\n\n".join(items), "text"), registry)
    assert extraction.doubts and "numbered items follow the one before" in extraction.doubts[0]


def test_a_list_of_departments_names_those_only_provinces_have_and_goes_on_after_them(
    registry: UnitRegistry,
) -> None:
    text = (
        "**III. TỔ CHỨC THỰC HIỆN**\n\n2. Các Sở: Du lịch, Ngoại vụ, Y tế và Ủy ban nhân dân các phường: "
        "hướng dẫn khách quốc tế khai báo lưu trú trực tuyến trong dịp lễ hội mùa xuân.\n"
    )
    [task] = _tasks(registry, text)
    assert _leads(registry, task)[:3] == ["Sở Du lịch", "Sở Ngoại vụ", "Sở Y tế"]
    assert "phường" in _leads(registry, task)[3]


def test_a_heading_of_a_department_of_every_province_and_of_people_who_lead_a_body(registry: UnitRegistry) -> None:
    text = (
        "**IV. TỔ CHỨC THỰC HIỆN**\n\n**1. Sở Nông nghiệp và Môi trường các tỉnh, thành phố trực thuộc "
        "Trung ương**\n\na) Rà soát diện tích rừng ngập mặn bị suy thoái.\n\n"
        "(2) Các đồng chí lãnh đạo Ban Chỉ đạo phòng, chống thiên tai tỉnh có trách nhiệm\n\n"
        "Kiểm tra công tác chuẩn bị ứng phó bão tại các xã ven biển.\n\n"
        "(3) Các Thành viên Ban Chỉ đạo tỉnh; Trưởng Ban Chỉ đạo của các xã\n\n"
        "- Báo cáo kết quả ứng phó về Văn phòng thường trực.\n"
    )
    first, second, third = _tasks(registry, text)
    assert _leads(registry, first) == ["Sở Nông nghiệp và Môi trường"]
    assert _leads(registry, second) == ["Ban Chỉ đạo phòng, chống thiên tai tỉnh"]
    assert _leads(registry, third) == ["Các Thành viên Ban Chỉ đạo tỉnh", "Ban Chỉ đạo của các xã"]


def test_a_list_of_a_persons_roles_is_not_a_body_with_a_task(registry: UnitRegistry) -> None:
    text = (
        "Tiểu sử\n\n- Giám đốc Công an tỉnh Quảng Trị - Đại biểu Hội đồng nhân dân tỉnh khóa X "
        "- Ủy viên Ban Thường vụ Tỉnh ủy - Ứng cử viên Đại biểu Quốc hội khóa XV do tỉnh giới thiệu\n"
    )
    assert _tasks(registry, text) == []


def test_a_request_to_the_recipients_by_courtesy_name_is_theirs_and_the_thanks_is_no_task(
    registry: UnitRegistry,
) -> None:
    text = (
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương\n\n"
        "Thực hiện Nghị định số 15/2026/NĐ-CP, Bộ Nội vụ đề nghị Ủy ban nhân dân các tỉnh, thành phố:\n\n"
        "- Chỉ đạo các sở, ngành rà soát số lượng viên chức sự nghiệp giáo dục;\n\n"
        "Để kịp tổng hợp trình Chính phủ, đề nghị Quý Ủy ban gửi kết quả rà soát về Bộ Nội vụ trước ngày "
        "05/02/2026.\n\nBộ Nội vụ trân trọng cảm ơn sự phối hợp của Quý Ủy ban./.\n"
    )
    tasks = _tasks(registry, text)
    assert [t.content[:12] for t in tasks] == ["Chỉ đạo các ", "Để kịp tổng "]
    assert "tỉnh" in tasks[1].lead_text
    assert parse_deadline(tasks[1].deadline_text).due.isoformat() == "2026-02-05"


def test_bodies_named_by_their_fields_keep_every_field(registry: UnitRegistry) -> None:
    text = (
        "Bộ trưởng giao:\n\n**1. Thủ trưởng các đơn vị tham mưu, quản lý chuyên ngành thuộc Bộ**\n\n"
        "- Rà soát các thủ tục hành chính còn chồng chéo.\n\n"
        "**2. Cục Bảo tồn và Thông tin di sản, Cục Mỹ thuật:** tổ chức triển lãm mỹ thuật toàn quốc năm 2026.\n"
    )
    first, second = _tasks(registry, text)
    assert _leads(registry, first) == ["các đơn vị tham mưu, quản lý chuyên ngành thuộc Bộ"]
    assert _leads(registry, second) == ["Cục Bảo tồn và Thông tin di sản", "Cục Mỹ thuật"]


def test_a_minister_named_by_title_alone_stands_for_the_ministries(registry: UnitRegistry) -> None:
    text = (
        "Thủ tướng Chính phủ yêu cầu Bộ trưởng, Thủ trưởng cơ quan thuộc Chính phủ và Chủ tịch Ủy ban nhân dân "
        "các tỉnh:\n\n1. Công khai danh mục dự án chậm giải ngân trước ngày 30/6/2026.\n\n"
        "2. Xử lý dứt điểm vướng mắc mặt bằng của các dự án trọng điểm.\n"
    )
    tasks = _tasks(registry, text)
    assert len(tasks) == 2
    for task in tasks:
        assert _leads(registry, task)[0] == "Các bộ"
        assert len(_leads(registry, task)) == 3


def test_provinces_listed_after_every_province_of_the_centre_and_heads_of_a_group(registry: UnitRegistry) -> None:
    text = (
        "**II. NHIỆM VỤ**\n\n1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương: Lạng Sơn, "
        "Cao Bằng, Hà Giang khẩn trương khắc phục sạt lở trên các tuyến quốc lộ.\n\n"
        "**2. Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các xã, phường**\n\n"
        "a) Công khai thủ tục hành chính tại bộ phận một cửa.\n"
    )
    first, second = _tasks(registry, text)
    assert _leads(registry, first) == ["Tỉnh Lạng Sơn", "Tỉnh Cao Bằng", "Tỉnh Hà Giang"]
    assert len(_leads(registry, second)) == 2 and "ngành" in _leads(registry, second)[0]


def test_a_heading_of_a_group_that_lists_its_members_in_parentheses(registry: UnitRegistry) -> None:
    text = (
        "**IV. TỔ CHỨC THỰC HIỆN**\n\n1. Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh (gồm các Sở: Tư pháp, "
        "Nội vụ, Tài chính)\n\n- Rà soát thủ tục hành chính nội bộ, hoàn thành trước ngày 20/3/2026.\n"
    )
    [task] = _tasks(registry, text)
    assert _leads(registry, task) == ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"]


def test_a_news_articles_headlines_do_not_cut_the_unit_its_paragraphs_name(registry: UnitRegistry) -> None:
    text = (
        "# Thủ tướng chỉ đạo gỡ vướng cho các dự án điện gió ngoài khơi\n\n"
        "**Hoàn thiện quy hoạch không gian biển**\n\n"
        "Bộ Nông nghiệp và Môi trường chủ trì cập nhật quy hoạch không gian biển quốc gia.\n\n"
        "Thủ tướng Chính phủ giao Bộ Công Thương chủ trì rà soát danh mục dự án điện gió ngoài khơi, "
        "báo cáo trước ngày 15/3/2026.\n\n"
        "**Rút ngắn thời gian cấp phép**\n\n"
        "Công khai quy trình khảo sát, đo đạc khu vực biển cho các nhà đầu tư trong quý II/2026.\n"
    )
    tasks = _tasks(registry, text)
    assert [_leads(registry, t) for t in tasks] == [
        ["Bộ Nông nghiệp và Môi trường"],
        ["Bộ Công Thương"],
        ["Bộ Công Thương"],
    ]


def test_bare_bodies_before_one_that_names_its_place_share_the_place(registry: UnitRegistry) -> None:
    text = (
        "**II. NHIỆM VỤ**\n\n1. Đảng ủy, Ủy ban nhân dân phường Tân Lập khẩn trương vận động các hộ dân bàn giao "
        "mặt bằng trước ngày 31/01/2026.\n"
    )
    [task] = _tasks(registry, text)
    assert task.lead_text.split("; ") == ["Đảng ủy phường Tân Lập", "Ủy ban nhân dân phường Tân Lập"]


def test_a_subject_after_a_short_label_leads_its_bullet(registry: UnitRegistry) -> None:
    text = (
        "**III. TỔ CHỨC THỰC HIỆN**\n\n1. Các sở, ngành triển khai kế hoạch này trong phạm vi quản lý.\n\n"
        "2. Chế độ báo cáo:\n\n"
        "- Báo cáo quý: Sở Nội vụ tổng hợp kết quả thi đua của các cơ quan, gửi Ủy ban nhân dân tỉnh.\n\n"
        "- Về tuyên truyền: Sở Văn hóa, Thể thao và Du lịch chủ trì phổ biến kế hoạch trên báo, đài.\n"
    )
    by_text = {t.content: _leads(registry, t) for t in _tasks(registry, text)}
    [quarterly] = [leads for content, leads in by_text.items() if "thi đua" in content]
    [media] = [leads for content, leads in by_text.items() if "phổ biến" in content]
    assert (quarterly, media) == (["Sở Nội vụ"], ["Sở Văn hóa, Thể thao và Du lịch"])


def test_a_name_ends_before_the_words_that_say_how_it_was_assigned(registry: UnitRegistry) -> None:
    text = (
        "**II. NHIỆM VỤ**\n\n1. Giao các Phó Thủ tướng Chính phủ theo lĩnh vực được phân công đôn đốc các bộ "
        "triển khai chương trình.\n\n"
        "2. Các sở, ngành và Ủy ban nhân dân các xã được phân công chủ trì nhiệm vụ có trách nhiệm lập dự toán.\n"
    )
    first, second = _tasks(registry, text)
    assert first.lead_text == "các Phó Thủ tướng Chính phủ"
    assert second.lead_text == "Các sở, ngành; Ủy ban nhân dân các xã"


def test_a_deadline_that_opens_a_list_of_semicolon_paragraphs_holds_for_each(registry: UnitRegistry) -> None:
    text = (
        "Theo kế hoạch, các bộ khẩn trương hoàn thiện thể chế.\n\n"
        "Chậm nhất ngày 15/9/2026, Bộ Tài chính chủ trì, phối hợp với các bộ trình Chính phủ ban hành Nghị định "
        "về quản lý tài sản công tại xã, phường;\n\n"
        "Ban hành Thông tư hướng dẫn định mức chi cho hoạt động của Ủy ban nhân dân cấp xã;\n\n"
        "Hướng dẫn các địa phương bàn giao trụ sở dôi dư sau sắp xếp.\n\n"
        "Bộ Nội vụ chủ trì rà soát vị trí việc làm của công chức cấp xã.\n"
    )
    due = {t.content[:25]: parse_deadline(t.deadline_text).due for t in _tasks(registry, text)}
    assert [str(d) for d in due.values()] == ["2026-09-15", "2026-09-15", "2026-09-15", "None"]


def test_the_notice_that_closes_a_letter_is_no_task(registry: UnitRegistry) -> None:
    text = (
        "**KẾT LUẬN**\n\n1. Sở Giáo dục và Đào tạo hoàn thành việc sửa chữa trường học trước ngày 20/8/2026.\n\n"
        "2. Sở Tài chính bố trí kinh phí sửa chữa trong dự toán năm 2026.\n\n"
        "Văn phòng Ủy ban nhân dân tỉnh xin thông báo để Sở Giáo dục và Đào tạo, Sở Tài chính biết, thực hiện./.\n"
    )
    assert [_leads(registry, t) for t in _tasks(registry, text)] == [
        ["Sở Giáo dục và Đào tạo"],
        ["Sở Tài chính"],
    ]


def test_a_bare_body_named_after_its_commune_is_that_communes(registry: UnitRegistry) -> None:
    text = (
        "**II. NHIỆM VỤ**\n\n1. Đảng ủy, UBND phường Tân Mỹ khẩn trương rà soát các hộ chưa bàn giao mặt bằng.\n\n"
        "2. Đồng chí Bí thư Đảng ủy trực tiếp chỉ đạo việc vận động người dân di dời mộ trước ngày 15/8/2026.\n\n"
        "3. UBND phường phối hợp với Ban Quản lý dự án lập phương án tái định cư.\n"
    )
    assert [_leads(registry, t) for t in _tasks(registry, text)] == [
        ["Đảng ủy phường Tân Mỹ", "UBND phường Tân Mỹ"],
        ["Đảng ủy phường Tân Mỹ"],
        ["UBND phường Tân Mỹ"],
    ]
