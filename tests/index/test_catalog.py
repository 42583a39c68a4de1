"""Structured filters are exact: they agree with the database's own filter, task for task."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from dondoc.data.tasks import TaskFilter, find_tasks
from dondoc.index.catalog import TaskQuery

TODAY = date(2026, 11, 23)


def _ids(service, rows) -> set[int]:
    return {service.engine.catalog.tasks[row].id for row in rows}


def _sql_ids(corpus, registry, flt: TaskFilter) -> set[int]:
    """What `tasks` lists: a unit's own tasks and, through `data.groups`, its group tasks."""
    return {task.id for task in find_tasks(corpus, flt, registry)}


@pytest.mark.parametrize(
    ("units", "status", "overdue"),
    [
        (("Bộ Y tế",), None, True),
        (("Bộ Công an",), "not_done", False),
        (("Bộ Tài chính",), None, True),  # with the tasks of Bộ Kế hoạch và Đầu tư it took over
        (("Bộ Khoa học và Công nghệ",), "in_progress", False),
        (("Bộ Tư pháp",), "done", False),
        (("Thành phố Hồ Chí Minh",), None, True),  # with the group tasks of every province
        (("Bộ Khoa học và Công nghệ",), None, True),
        ((), "unknown", True),
    ],
)
@pytest.mark.parametrize("day", [TODAY, date(2024, 6, 30)])
def test_filters_match_the_database(hash_service, corpus, registry, units, status, overdue, day) -> None:
    flt = TaskFilter(today=day, units=units, status=status, overdue=overdue)
    expected = _sql_ids(corpus, registry, flt)
    rows = hash_service.engine.catalog.filter(TaskQuery(units=units, status=status, overdue=overdue), day)
    assert _ids(hash_service, rows) == expected
    assert expected


def test_due_window_and_document(hash_service, corpus, registry) -> None:
    flt = TaskFilter(today=TODAY, due_from=date(2024, 4, 1), due_to=date(2024, 6, 30), documents=("ct-4",))
    expected = {task.id for task in find_tasks(corpus, flt, registry)}
    query = TaskQuery(due_from=date(2024, 4, 1), due_to=date(2024, 6, 30), documents=("ct-4",))
    assert _ids(hash_service, hash_service.engine.catalog.filter(query, TODAY)) == expected


def test_a_province_owns_the_group_tasks_of_its_own_report(hash_service) -> None:
    catalog = hash_service.engine.catalog
    rows = catalog.filter(TaskQuery(units=("Thành phố Hồ Chí Minh",)), TODAY)
    sources = {document for row in rows for document in catalog.tasks[row].documents}
    assert "004_4bbc0c4d086d08e5.txt" in sources
    # Hà Nội gets from that report only what names Hà Nội itself, or what every province has "giao chung".
    shared = set(catalog.shared_rows(("Thành phố Hà Nội",)))
    for row in catalog.filter(TaskQuery(units=("Thành phố Hà Nội",)), TODAY):
        assert "Thành phố Hà Nội" in catalog.tasks[row].lead_units or row in shared


def test_a_group_task_belongs_to_the_members_its_result_names_as_lagging(hash_service) -> None:
    catalog = hash_service.engine.catalog
    roadmap = next(r for r, t in enumerate(catalog.tasks) if "chưa có lộ trình" in (t.status_text or ""))
    late_health = catalog.filter(TaskQuery(units=("Bộ Y tế",), overdue=True), TODAY)
    assert roadmap in late_health
    assert roadmap not in catalog.shared_rows(("Bộ Y tế",)), "named as lagging: its own, not giao chung"
    assert roadmap not in catalog.filter(TaskQuery(units=("Bộ Công an",), overdue=True), TODAY)
    assert roadmap in catalog.filter(TaskQuery(units=("Bộ Công an",)), TODAY), "still listed, giao chung"
    # Own tasks first, group tasks after them.
    rows = catalog.by_lateness(catalog.filter(TaskQuery(units=("Bộ Công an",)), TODAY), TODAY, units=("Bộ Công an",))
    shared = np.isin(rows, catalog.shared_rows(("Bộ Công an",)))
    assert shared.any() and not shared[: np.argmax(shared)].any() and shared[np.argmax(shared) :].all()


def test_lateness_order_puts_named_units_before_whole_groups(hash_service) -> None:
    """Over everyone, "Việc gì quá hạn?" lists the overdue tasks of named units most overdue first, then those
    given only to a whole group ("Các bộ, ngành"), as a unit's listing puts its "giao chung" last."""
    catalog = hash_service.engine.catalog
    rows = catalog.by_lateness(catalog.filter(TaskQuery(overdue=True), TODAY), TODAY)
    groups = [all(catalog.registry.entries[n].kind == "group" for n in catalog.tasks[row].lead_units) for row in rows]
    first_group = groups.index(True)
    assert first_group > 0 and all(groups[first_group:])
    for part in (rows[:first_group], rows[first_group:]):
        dues = [catalog.tasks[row].deadline.due for row in part]
        assert dues == sorted(dues)
