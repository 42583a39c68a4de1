"""A report's name as officials cite it: kind, number and date from its header, else its title, its file last."""

from __future__ import annotations

from datetime import date

from dondoc.nlp.documents import report_name

DAY = date(2025, 11, 16)


def test_a_report_with_a_number_is_named_by_kind_number_and_date() -> None:
    assert report_name("Thông báo", "624/TB-VPCP", DAY, "THÔNG BÁO KẾT LUẬN", "101.txt") == (
        "Thông báo 624/TB-VPCP ngày 16/11/2025"
    )
    assert report_name("Công văn", "11414/VPCP-CN", None, "x.txt", "x.txt") == "Công văn 11414/VPCP-CN"


def test_a_number_without_a_kind_names_the_kind_its_code_says() -> None:
    assert report_name(None, "217/CĐ-TTg", None, "", "x.txt") == "Công điện 217/CĐ-TTg"
    assert report_name(None, "77/ABC", DAY, "", "x.txt") == "Văn bản số 77/ABC ngày 16/11/2025"


def test_a_report_without_a_number_is_named_by_its_title_in_sentence_case_cut_visibly() -> None:
    title = "CÔNG ĐIỆN VỀ ỨNG PHÓ BÃO SỐ 3 VÀ NGHỊ QUYẾT 57-NQ/TW"
    assert (
        report_name("Công điện", None, None, title, "cd.txt") == "Công điện về ứng phó bão số 3 và nghị quyết 57-NQ/TW"
    )
    long = report_name(None, None, DAY, "PHỤ LỤC II " + "DANH MỤC NHIỆM VỤ " * 20, "102.txt")
    assert long.startswith("Phụ lục II danh mục nhiệm vụ") and len(long) <= 90 and long.endswith("…")


def test_the_file_name_is_the_last_resort_and_never_taken_for_a_title() -> None:
    assert report_name("Kế hoạch", None, DAY, None, "kh.txt") == "Kế hoạch ngày 16/11/2025"
    assert report_name(None, None, None, "cd.txt", "cd.txt") == "Văn bản không rõ số hiệu (tệp cd.txt)"
