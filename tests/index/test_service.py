"""SearchService.ask as a user meets it: exact listings, paging, helpful replies, never an error."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.conversation.answer_text import answer_text
from dondoc.data.task_view import TaskView
from dondoc.data.tasks import TaskFilter, find_tasks
from dondoc.index.answer import FAILED, Answer
from dondoc.nlp.text import fold

TODAY = date(2026, 11, 23)


def _all_pages(service, question: str, page: int = 7) -> tuple[Answer, list[TaskView]]:
    first = service.ask(question, TODAY, 0, page)
    tasks = [r.task for r in first.results]
    while len(tasks) < first.total:
        tasks += [r.task for r in service.ask(question, TODAY, len(tasks), page).results]
    return first, tasks


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("Nhiệm vụ nào của Bộ Y tế còn chậm?", "Bộ Y tế"),
        ("BCA còn những việc gì quá hạn?", "Bộ Công an"),
        ("bo tai chinh con cham nhung viec gi", "Bộ Tài chính"),
    ],
)
def test_unit_status_listing_is_exact_and_complete(hash_service, corpus, registry, question, unit) -> None:
    answer, tasks = _all_pages(hash_service, question)
    expected = {t.id for t in find_tasks(corpus, TaskFilter(today=TODAY, units=(unit,), overdue=True), registry)}
    assert answer.listing
    assert answer.total == len(expected) == len(tasks)
    assert {t.id for t in tasks} == expected
    assert str(len(expected)) in answer_text(answer)
    # The unit's own tasks first, then those it has "giao chung"; each part most overdue first.
    for part in ([t for t in tasks if t.id not in answer.shared], [t for t in tasks if t.id in answer.shared]):
        late = [(TODAY - t.deadline.due).days for t in part]
        assert late == sorted(late, reverse=True)


def test_answer_lists_unit_deadline_status_and_document(hash_service) -> None:
    answer = hash_service.ask("Nhiệm vụ nào của Bộ Y tế còn chậm?", TODAY, limit=3)
    first, text = answer.results[0].task, answer_text(answer)
    assert "Bộ Y tế" in text
    assert "quá hạn" in text and "ngày" in text
    assert first.content[:40] in text
    data = answer.as_dict()
    assert set(data) >= {"query", "understood", "results", "total"}
    assert data["understood"]["units"] == ["Bộ Y tế"] and data["understood"]["overdue"] is True


def test_same_answer_without_diacritics(hash_service) -> None:
    question = "Chỉ thị 07 giao Bộ Y tế làm gì?"
    accented, plain = hash_service.ask(question, TODAY), hash_service.ask(fold(question), TODAY)
    assert [r.task.id for r in accented.results] == [r.task.id for r in plain.results]
    assert accented.total == plain.total > 0


def test_deadline_question_puts_the_named_period_first(hash_service) -> None:
    answer = hash_service.ask("Những nhiệm vụ nào có thời hạn Quý II/2024?", TODAY, limit=5)
    assert answer.listing and answer.total >= 5
    assert all(r.task.deadline.kind == "quarter" for r in answer.results)
    assert all(r.task.deadline.due == date(2024, 6, 30) for r in answer.results)


def test_topic_question_ranks(hash_service) -> None:
    answer = hash_service.ask("luật bảo vệ dữ liệu cá nhân", TODAY)
    assert not answer.listing and answer.results
    assert "dữ liệu cá nhân" in answer.results[0].task.content.lower()


def test_unknown_unit_gets_suggestions(hash_service) -> None:
    typo = answer_text(hash_service.ask("Bộ Giao thông vân tải còn chậm gì?", TODAY))
    assert "Bộ Giao thông vận tải" in typo  # read as that unit, or offered as the closest name
    unknown = answer_text(hash_service.ask("Bộ Nông nghiệp còn chậm gì?", TODAY))
    assert "Không tìm thấy đơn vị" in unknown
    assert "Bộ Nông nghiệp và Môi trường" in unknown


@pytest.mark.parametrize("question", ["", "   ", "???", "nhiệm vụ nào?"])
def test_empty_questions_get_help(hash_service, question) -> None:
    answer = hash_service.ask(question, TODAY)
    assert answer.results == []
    assert "Ví dụ" in answer_text(answer)


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("asdfgh qwerty", "ví dụ"),
        ("😀😀", "ví dụ"),
        ("'; DROP TABLE tasks; --", "ví dụ"),
        ("x" * 5000, "ví dụ"),
        ("\x00\n\t", "ví dụ"),
        ("Bộ Y tế " * 300, "bộ y tế"),
    ],
)
def test_strange_input_gets_help_not_an_apology(hash_service, question, shown) -> None:
    """Nonsense gets the examples (not the apology an internal failure gives); a repeated unit, its tasks."""
    answer = hash_service.ask(question, TODAY)
    assert answer.outcome != FAILED
    assert shown in answer_text(answer).lower()


def test_paging_past_the_end(hash_service) -> None:
    answer = hash_service.ask("Nhiệm vụ nào của Bộ Y tế còn chậm?", TODAY, offset=10_000, limit=5)
    assert answer.results == [] and answer.total > 0
