"""Answers an official can trust: what "chưa hoàn thành" counts, group tasks, "tính đến …", widening to the parent."""

from __future__ import annotations

from datetime import date

from dondoc.conversation.answer_text import answer_text
from dondoc.index.catalog import TaskQuery

TODAY = date(2026, 11, 23)
ROADMAP = "chưa có lộ trình"


def _ids(answer) -> set[int]:
    return {r.task.id for r in answer.results}


def test_unfinished_counts_every_task_not_done_and_says_how(hash_service) -> None:
    answer = hash_service.ask("Bộ Công an còn những nhiệm vụ nào chưa hoàn thành?", TODAY, limit=500)
    states = {r.task.status for r in answer.results}
    assert {"not_done", "in_progress", "unknown"} <= states
    assert not states & {"done", "recurring"}
    counts = answer.counts
    assert counts["overdue"] and counts["in_progress_overdue"] and counts["shared"]
    own = answer.total - counts["shared"]
    assert answer_text(answer).startswith(f"Bộ Công an có {own} nhiệm vụ chưa hoàn thành")
    assert f"Trong đó {counts['overdue']} đã quá hạn ({counts['in_progress_overdue']} đang thực hiện" in answer_text(
        answer
    )
    assert f"cùng {counts['shared']} nhiệm vụ giao chung" in answer_text(answer)


def test_as_of_today_is_no_due_window(hash_service) -> None:
    asked = hash_service.ask("Tính đến hôm nay, Bộ Y tế có nhiệm vụ nào quá hạn chưa hoàn thành?", TODAY, limit=500)
    late = hash_service.ask("Nhiệm vụ nào của Bộ Y tế còn chậm?", TODAY, limit=500)
    assert asked.reading.due_from is None and asked.reading.due_to is None
    assert asked.reading.overdue and asked.total == late.total > 0
    assert _ids(asked) == _ids(late)


def test_a_group_task_naming_the_unit_as_lagging_is_its_own(hash_service) -> None:
    late = hash_service.ask("Nhiệm vụ nào của Bộ Y tế còn chậm?", TODAY, limit=500)
    roadmap = next(r.task for r in late.results if ROADMAP in (r.task.status_text or ""))
    assert roadmap.lead_units == ("Các bộ, ngành",)
    assert roadmap.id not in late.shared
    # For Bộ Công an the same result says nothing is left to do: not late, yet listed "giao chung".
    police_late = hash_service.ask("Bộ Công an còn chậm những việc gì?", TODAY, limit=500)
    assert roadmap.id not in _ids(police_late)
    police = hash_service.engine.catalog
    assert police.row_of[roadmap.id] in police.filter(TaskQuery(units=("Bộ Công an",)), TODAY)


def test_group_tasks_are_marked_and_listed_after_the_units_own(hash_service) -> None:
    answer = hash_service.ask("Bộ Tư pháp còn việc gì chưa xong?", TODAY, limit=500)
    marks = [r.task.id in answer.shared for r in answer.results]
    assert any(marks) and marks == sorted(marks), "own tasks first, then giao chung"
    first_shared = next(r.task for r in answer.results if r.task.id in answer.shared)
    assert "(giao chung)" in answer_text(
        hash_service.ask("Bộ Tư pháp còn việc gì chưa xong?", TODAY, offset=marks.index(True))
    )
    assert "Bộ Tư pháp" not in first_shared.lead_units


def test_a_past_day_is_answered_from_the_reports_known_then(hash_service) -> None:
    then = hash_service.ask("Tính đến 01/3/2024, Bộ Y tế có nhiệm vụ nào quá hạn?", TODAY, limit=500)
    now = hash_service.ask("Nhiệm vụ nào của Bộ Y tế còn chậm?", TODAY, limit=500)
    assert then.reading.as_of == date(2024, 3, 1) and then.reading.due_to is None
    assert "tính đến 01/03/2024, theo các báo cáo đã có đến ngày đó" in answer_text(then)
    assert all(r.task.deadline.due < date(2024, 3, 1) for r in then.results)
    assert then.total < now.total
    # A task reported only in 2025 had no report yet on that day.
    later_only = [r.task for r in then.results if {document[:3] for document in r.task.documents} == {"003"}]
    assert all(task.status == "unknown" for task in later_only)


def test_a_department_with_no_task_on_the_topic_widens_to_its_city(hash_service) -> None:
    answer = hash_service.ask("Sở Y tế TP.HCM đã làm gì về sổ sức khỏe điện tử?", TODAY)
    assert answer.reading.units == ("Sở Y tế TP Hồ Chí Minh",)
    assert answer.widened_to == ("Thành phố Hồ Chí Minh",)
    assert answer_text(answer).startswith(
        "Sở Y tế TP Hồ Chí Minh không có nhiệm vụ nào về “sổ sức khỏe điện tử”; đây là các nhiệm vụ của "
        "Thành phố Hồ Chí Minh:"
    )
    assert "sức khỏe điện tử" in answer.results[0].task.content
