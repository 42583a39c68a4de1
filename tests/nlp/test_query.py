"""Query understanding: units, status intent, documents, listing vs topic, with and without diacritics."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.index.understanding import question_matcher
from dondoc.nlp.query import read_question
from dondoc.nlp.segment import content_words
from dondoc.nlp.text import fold

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def matcher(registry: UnitRegistry):
    return question_matcher(registry)


@pytest.mark.parametrize(
    ("question", "units", "status", "overdue"),
    [
        ("Nhiệm vụ nào của Bộ Y tế còn chậm?", ("Bộ Y tế",), None, True),
        ("BCA còn việc gì chưa xong?", ("Bộ Công an",), None, False),
        ("Bộ Tư pháp đã hoàn thành những việc gì?", ("Bộ Tư pháp",), "done", False),
        ("BHXH đang triển khai những nhiệm vụ gì?", ("Bảo hiểm xã hội Việt Nam",), "in_progress", False),
        ("Những nhiệm vụ quá hạn của Bộ Tài chính", ("Bộ Tài chính",), None, True),
        ("Bộ Thông tin và Truyền thông trễ hạn những gì?", ("Bộ Thông tin và Truyền thông",), None, True),
        ("Bộ Giao thông còn chậm gì?", ("Bộ Giao thông vận tải",), None, True),
        ("TP.HCM có việc nào chưa có báo cáo?", ("Thành phố Hồ Chí Minh",), "unknown", False),
        ("Những nhiệm vụ nào của Bộ Nội vụ đã hết hạn?", ("Bộ Nội vụ",), None, True),
        ("Bộ Y tế có nhiệm vụ nào đã quá thời hạn?", ("Bộ Y tế",), None, True),
        ("Bộ GD&ĐT có việc gì chưa hoàn thành đúng hạn?", ("Bộ Giáo dục và Đào tạo",), None, True),
    ],
)
def test_units_and_status_with_and_without_diacritics(matcher, question, units, status, overdue) -> None:
    for typed in (question, fold(question)):
        parsed = read_question(typed, TODAY, matcher)
        assert (parsed.units, parsed.status, parsed.overdue) == (units, status, overdue), typed
        assert parsed.listing, typed


@pytest.mark.parametrize(
    "question",
    [
        "Sổ sức khỏe điện tử cho trẻ em",
        "tôi muốn biết tiến độ cấp căn cước",
        "hoàn thành chậm nhất tháng 6",
        "chăm sóc",
    ],
)
def test_words_that_look_like_late_are_not(matcher, question) -> None:
    assert not read_question(question, TODAY, matcher).overdue


@pytest.mark.parametrize(
    ("question", "keys"),
    [
        ("Chỉ thị 07 giao Bộ Y tế làm gì?", ("ct-7",)),
        ("QĐ 06 có những việc gì?", ("qd-6",)),
        ("Nghị quyết số 50/NQ-CP ngày 08/4/2022", ("nq-50",)),
        ("chi thi 18 giao bo cong thuong nhung gi", ("ct-18",)),
    ],
)
def test_directing_documents(matcher, question, keys) -> None:
    assert read_question(question, TODAY, matcher).documents == keys


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("Thông báo 487/TB-VPCP ngày 24/10/2024 giao Bộ Y tế những nhiệm vụ gì?", "tb-487"),
        ("Thông báo kết luận 276 của VPCP giao việc gì cho Bộ Y tế?", "tb-276"),
        ("Chỉ thị 18/CT-TTg năm 2023 giao gì cho Bộ Y tế?", "ct-18"),
        ("Chỉ thị 07 của Thủ tướng Chính phủ giao Bộ Y tế làm gì?", "ct-7"),
        ("Nghị quyết 50/NQ-CP hồi tháng 4/2022 giao Bộ Y tế những việc gì?", "nq-50"),
    ],
)
def test_a_documents_issuer_and_date_are_neither_unit_nor_deadline(matcher, question, key) -> None:
    parsed = read_question(question, TODAY, matcher)
    assert parsed.documents == (key,)
    assert parsed.units == ("Bộ Y tế",)
    assert parsed.period is None
    assert parsed.listing


def test_topic_keeps_content_words_only(matcher) -> None:
    parsed = read_question("tp ho chi minh dang trien khai nhung nhiem vu nao ve an toan thong tin?", TODAY, matcher)
    assert parsed.units == ("Thành phố Hồ Chí Minh",)
    assert parsed.status == "in_progress"
    assert parsed.topic.endswith("an toan thong tin")
    assert not parsed.listing


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Camera giám sát giao thông", "Camera giám sát giao thông"),
        ("Những việc hạn chế tiếp xúc trực tiếp", "hạn chế tiếp xúc trực tiếp"),
        ("Chỉ thị 07 giao Bộ Y tế những việc gì?", ""),
    ],
)
def test_a_question_word_that_starts_a_compound_is_content(matcher, question, topic) -> None:
    compounds = frozenset({"giao thong", "han che", "giao dich"})
    assert read_question(question, TODAY, matcher, compounds=compounds).topic == topic


def test_unaccented_question_words_are_not_topic(matcher) -> None:
    """ "co" is "có" in a question but "cơ" in "cơ sở": a compound keeps it, nothing else does."""
    restored = "những nhiệm vụ nào cơ thời hạn quý ii/2024"
    parsed = read_question("nhung nhiem vu nao co thoi han quy ii/2024", TODAY, matcher, restored=restored)
    assert parsed.listing
    words = ["cơ", "sở", "dữ", "liệu"]
    assert content_words(words, ["co", "so", "du", "lieu"], frozenset({"co so"})) == words


def test_unknown_unit_phrase_is_reported(matcher) -> None:
    assert read_question("Bộ Giáo dục Đại học còn chậm gì?", TODAY, matcher).units == ("Bộ Giáo dục và Đào tạo",)
    parsed = read_question("Bộ Hàng hải còn chậm gì?", TODAY, matcher)
    assert parsed.units == ()
    assert parsed.not_found == ("Bộ Hàng hải",)


@pytest.mark.parametrize("question", ["", "   ", "???", "nhiệm vụ nào?"])
def test_empty_questions_have_no_filter_and_no_topic(matcher, question) -> None:
    parsed = read_question(question, TODAY, matcher)
    assert not parsed.has_filters
    assert not parsed.topic


def test_a_numbered_document_without_its_type(matcher) -> None:
    parsed = read_question("Văn bản 3630/VPCP-KSTT giao việc gì?", TODAY, matcher)
    assert parsed.documents == ("so-3630",)
    assert parsed.units == ()  # VPCP is the issuer here, not a unit asked about


def test_a_negation_inside_the_topic_stays(matcher) -> None:
    parsed = read_question("NHNN đang triển khai gì về thanh toán không dùng tiền mặt?", TODAY, matcher)
    assert parsed.topic == "thanh toán không dùng tiền mặt"
    assert read_question("việc kết nối dữ liệu hộ tịch có bị chậm không?", TODAY, matcher).topic == (
        "kết nối dữ liệu hộ tịch"
    )


def test_a_window_said_twice_leaves_no_number_in_the_topic(matcher) -> None:
    parsed = read_question("Việc gì hết hạn trong 7 ngày cuối tháng 9/2026 (từ 24/9 đến 30/9)?", TODAY, matcher)
    assert (parsed.due_from, parsed.due_to) == (date(2026, 9, 24), date(2026, 9, 30))
    assert parsed.topic == "" and parsed.listing
