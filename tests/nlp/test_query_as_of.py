"""The meaning of "chưa hoàn thành" and "tính đến …": every unfinished task, judged on the day named."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.index.understanding import question_matcher
from dondoc.nlp.periods import find_as_of
from dondoc.nlp.query import read_question
from dondoc.nlp.text import fold

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def matcher(registry: UnitRegistry):
    return question_matcher(registry)


@pytest.mark.parametrize(
    "question",
    [
        "Bộ Công an còn những nhiệm vụ nào chưa hoàn thành?",
        "BCA còn việc gì chưa xong?",
        "Bộ Y tế còn việc nào chưa làm?",
        "Những việc Bộ Tư pháp còn dở dang",
    ],
)
def test_unfinished_means_every_task_not_done(matcher, question) -> None:
    for typed in (question, fold(question)):
        parsed = read_question(typed, TODAY, matcher)
        assert (parsed.status, parsed.pending, parsed.overdue) == (None, True, False), typed
        assert parsed.listing, typed


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("Tính đến hôm nay, Bộ Y tế có nhiệm vụ nào quá hạn chưa hoàn thành?", TODAY),
        ("Đến nay Bộ Tài chính còn việc gì chậm?", TODAY),
        ("Tính đến 01/3/2023, Bộ Công an có nhiệm vụ nào quá hạn?", date(2023, 3, 1)),
        ("tinh den ngay 15/6/2024 bo y te con cham viec gi", date(2024, 6, 15)),
        ("Tính đến hết tháng 6/2024, Bộ Tư pháp còn việc gì chưa xong?", date(2024, 6, 30)),
    ],
)
def test_as_of_is_the_day_to_judge_by_not_a_due_window(matcher, question, day) -> None:
    parsed = read_question(question, TODAY, matcher)
    assert parsed.as_of == day
    assert parsed.period is None, "a day to judge by is no due window"
    assert parsed.listing


def test_a_due_date_is_still_a_window() -> None:
    assert find_as_of("Việc gì phải xong trước 30/6/2025?", TODAY) is None
    assert find_as_of("Nhiệm vụ có hạn đến ngày 30/6/2025", TODAY) is None
