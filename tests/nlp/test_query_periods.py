"""Time windows in questions, relative to --today, and completion dates in result cells."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.nlp.periods import completion_date, find_period

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("question", "start", "end", "kind"),
    [
        ("Việc gì phải xong trong tháng 6/2025?", date(2025, 6, 1), date(2025, 6, 30), "month"),
        ("viec gi phai xong trong thang 6 nam 2025", date(2025, 6, 1), date(2025, 6, 30), "month"),
        ("Những nhiệm vụ nào có thời hạn Quý II/2024?", date(2024, 4, 1), date(2024, 6, 30), "quarter"),
        ("nhiệm vụ hạn quý 3 năm 2023", date(2023, 7, 1), date(2023, 9, 30), "quarter"),
        ("việc gì hạn chót năm 2027?", date(2027, 1, 1), date(2027, 12, 31), "year"),
        ("những việc phải xong trong quý này", date(2026, 10, 1), date(2026, 12, 31), "quarter"),
        ("việc gì đến hạn tuần tới", date(2026, 11, 30), date(2026, 12, 6), "week"),
        ("tháng sau có việc gì", date(2026, 12, 1), date(2026, 12, 31), "month"),
        ("tháng 6 năm nay có việc gì", date(2026, 6, 1), date(2026, 6, 30), "month"),
        ("những việc sắp đến hạn", TODAY, date(2026, 12, 23), "soon"),
        ("việc phải làm trong 7 ngày tới", TODAY, date(2026, 11, 30), "ahead"),
        ("6 tháng đầu năm 2025", date(2025, 1, 1), date(2025, 6, 30), "half"),
        ("từ tháng 3 đến tháng 6/2025", date(2025, 3, 1), date(2025, 6, 30), "range"),
        ("Nửa đầu tháng 3/2027 (từ 01/3 đến 15/3) có hạn nào?", date(2027, 3, 1), date(2027, 3, 15), "range"),
        ("hạn ngày 15/4/2024", date(2024, 4, 15), date(2024, 4, 15), "date"),
        ("Nửa đầu năm 2025 phải xong việc gì?", date(2025, 1, 1), date(2025, 6, 30), "half"),
        ("sáu tháng cuối năm nay", date(2026, 7, 1), date(2026, 12, 31), "half"),
        ("việc gì sắp đến hạn trong 2 tuần tới?", TODAY, date(2026, 12, 7), "soon"),
        ("trong 1 năm tới có việc gì đến hạn", TODAY, date(2027, 11, 23), "ahead"),
        ("Từ đầu năm đến nay việc gì đã quá hạn?", date(2026, 1, 1), TODAY, "range"),
        ("Bộ Tài chính có việc gì sắp đến hạn trong tháng này?", TODAY, date(2026, 11, 30), "soon"),
        ("sap den han trong quy I/2027 co viec gi", date(2027, 1, 1), date(2027, 3, 31), "soon"),
        ("Việc gì phải xong trước 30/6?", None, date(2026, 6, 30), "date"),
        ("Tháng 12 năm ngoái có việc gì đến hạn?", date(2025, 12, 1), date(2025, 12, 31), "month"),
        ("tu dau quy nay co viec gi den han", date(2026, 10, 1), TODAY, "range"),
    ],
)
def test_windows(question, start, end, kind) -> None:
    period = find_period(question, TODAY)
    assert period is not None
    assert (period.start, period.end, period.kind) == (start, end, kind)


@pytest.mark.parametrize(
    ("question", "end"),
    [
        ("Nhiệm vụ nào quá hạn hơn 1 năm?", date(2025, 11, 22)),
        ("Những việc nào chậm hơn 6 tháng?", date(2026, 5, 22)),
        ("nhiem vu qua han tren 90 ngay", date(2026, 8, 24)),
    ],
)
def test_past_due_by_more_than_a_length(question, end) -> None:
    from dondoc.nlp.query import read_question

    parsed = read_question(question, TODAY)
    assert parsed.period is not None and (parsed.period.start, parsed.period.end) == (None, end)
    assert parsed.overdue and not parsed.topic


@pytest.mark.parametrize("question", ["Việc gì sắp đến hạn trong 2 tuần tới?", "2 tuần tới có việc gì sắp đến hạn?"])
def test_coming_due_within_a_length_is_one_window(question) -> None:
    from dondoc.nlp.query import read_question

    parsed = read_question(question, TODAY)
    assert parsed.period is not None and parsed.period.end == date(2026, 12, 7)
    assert parsed.pending and not parsed.topic


def test_open_windows() -> None:
    before = find_period("Nhiệm vụ hoàn thành trước 30/6/2024", TODAY)
    assert (before.start, before.end) == (None, date(2024, 6, 30))
    after = find_period("các việc có hạn sau tháng 3/2025", TODAY)
    assert (after.start, after.end) == (date(2025, 3, 1), None)


@pytest.mark.parametrize("question", ["Bộ Y tế còn chậm gì?", "hạn bao giờ?", "Chỉ thị 07 giao gì", "100% bệnh viện"])
def test_no_window(question) -> None:
    assert find_period(question, TODAY) is None


def test_span_covers_the_phrase() -> None:
    question = "Việc gì phải xong trước tháng 6/2025?"
    period = find_period(question, TODAY)
    assert question[period.span[0] : period.span[1]] == "trước tháng 6/2025"


def test_completion_date_is_the_latest_full_date() -> None:
    assert completion_date("Hoàn thành Nghị định số 13/2023/NĐ-CP, ngày 17/4/2023") == date(2023, 4, 17)
    assert completion_date("Hoàn thành") is None
    assert completion_date(None) is None


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("Từ nay đến cuối năm Bộ Y tế phải làm gì?", TODAY, date(2026, 12, 31)),
        ("Việc gì phải xong trước cuối tháng này?", TODAY, date(2026, 11, 30)),
        ("tu nay den het quy bo cong an phai xong viec gi", TODAY, date(2026, 12, 31)),
    ],
)
def test_until_the_end_of_this_period_starts_today(question, start, end) -> None:
    period = find_period(question, TODAY)
    assert period is not None
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("question", ["Cuối năm 2025 Bộ Tư pháp phải xong gì?", "Những việc hạn cuối quý II/2024"])
def test_edge_words_of_a_period_are_no_topic(question) -> None:
    from dondoc.nlp.query import read_question

    parsed = read_question(question, TODAY)
    assert parsed.period is not None
    assert "cuối" not in parsed.topic.lower()


@pytest.mark.parametrize(
    "question",
    [
        "Tháng 12 năm ngoái có việc gì đến hạn?",
        "Những nhiệm vụ nào đến hạn vào tháng tới mà chưa hoàn thành?",
        "Việc nào quá hạn lâu nhất?",
        "Việc gì sắp đến hạn trong 2 tuần tới?",
    ],
)
def test_time_questions_are_listings(question) -> None:
    from dondoc.nlp.query import read_question

    parsed = read_question(question, TODAY)
    assert parsed.listing, parsed.topic
