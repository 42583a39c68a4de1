"""The four official states counted in the database agree, task for task, with the one Python definition."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.models import Task, TaskUnit, Unit
from dondoc.data.statistics import (
    CATEGORIES,
    category_clause,
    category_of,
    category_rows,
    statistics_by_unit,
    statistics_for,
    unit_statistics,
)
from dondoc.data.task_view import all_task_views, task_views
from dondoc.data.tasks import TaskFilter, find_task_ids
from dondoc.data.units import UnitRegistry
from dondoc.nlp.periods import completion_date

DAYS = (date(2023, 1, 1), date(2024, 6, 30), date(2025, 7, 1), date(2026, 11, 23), date(2028, 1, 1))


def _four(figures) -> tuple[int, ...]:
    return tuple(getattr(figures, category) for category in CATEGORIES)


@pytest.mark.parametrize("day", DAYS)
def test_the_corpus_counts_the_same_in_sql_as_task_by_task(corpus: Session, registry: UnitRegistry, day: date) -> None:
    tasks = all_task_views(corpus)
    rows = category_rows(tasks, day)
    totals, by_unit = unit_statistics(corpus, registry, day)
    assert _four(totals) == _four(statistics_for("", rows)) and totals.total == len(tasks) == 959
    assert by_unit == statistics_by_unit(rows)
    in_sql = {task_id: category for task_id, category in corpus.execute(select(Task.id, category_clause(day)))}
    assert in_sql == {task.id: category_of(task, day) for task in tasks}
    if day >= date(2025, 7, 1):
        assert totals.done_late and totals.done_on_time and totals.overdue and totals.in_time


@pytest.mark.parametrize("unit", ["Bộ Y tế", "Bộ Công an", "Bộ Tài chính", "Thành phố Hồ Chí Minh"])
def test_a_units_own_tasks_count_the_same_in_sql(corpus: Session, registry: UnitRegistry, unit: str) -> None:
    for day in DAYS[2:4]:
        listing = find_task_ids(corpus, TaskFilter(day, units=(unit,)), registry)
        own = [task_id for task_id in listing.ids if task_id not in listing.shared]
        figures, by_unit = unit_statistics(corpus, registry, day, unit)
        assert figures.unit == unit and by_unit == []
        assert _four(figures) == _four(statistics_for(unit, category_rows(task_views(corpus, own), day)))


def test_the_stored_result_date_is_the_one_the_result_text_gives(corpus: Session) -> None:
    stored = corpus.execute(select(Task.status_text, Task.result_date)).all()
    assert all(day == completion_date(text) for text, day in stored)
    assert sum(day is not None for _, day in stored) > 50


def _task(session: Session, leads: tuple[str, ...], status: str, due: date | None, text: str | None = None) -> Task:
    task = Task(content=f"Nhiệm vụ {status} {due}", status=status, deadline_due=due, status_text=text)
    for position, name in enumerate(leads):
        unit = session.scalar(select(Unit).where(Unit.name == name))
        task.units.append(TaskUnit(unit=unit, role="lead", position=position))
    session.add(task)
    session.flush()
    return task


def test_every_state_counts_the_same_on_either_database(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    """SQLite and PostgreSQL: late and on-time finishes, undated results, recurring, overdue, two lead units."""
    day = date(2025, 7, 1)
    with transaction(sessions) as session:
        finance = Unit(name="Bộ Tài chính", kind="ministry")
        session.add_all([Unit(name="Bộ Y tế", kind="ministry"), Unit(name="Bộ Công an", kind="ministry"), finance])
        session.add(Unit(name="Bộ Kế hoạch và Đầu tư", kind="ministry", current=finance))
        session.flush()
        _task(session, ("Bộ Y tế",), "done", date(2025, 3, 31), "Đã hoàn thành theo Công văn số 12 ngày 15/5/2025")
        _task(session, ("Bộ Y tế",), "done", date(2025, 3, 31), "Hoàn thành ngày 20/3/2025")
        _task(session, ("Bộ Y tế",), "done", date(2025, 3, 31), "Đã hoàn thành")
        _task(session, ("Bộ Y tế",), "done", None, "Hoàn thành ngày 20/3/2025")
        _task(session, ("Bộ Công an",), "recurring", date(2025, 1, 1))
        _task(session, ("Bộ Công an",), "not_done", date(2025, 6, 30))
        _task(session, ("Bộ Công an",), "unknown", date(2025, 7, 1))
        _task(session, ("Bộ Công an", "Bộ Y tế"), "in_progress", None, "Dự kiến hoàn thành ngày 31/12/2025")
        _task(session, ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"), "done", date(2025, 1, 31), "Xong ngày 2/2/2025")
        reopened = _task(session, ("Bộ Y tế",), "done", date(2025, 3, 31), "Hoàn thành ngày 1/3/2025")
    with transaction(sessions) as session:  # a later update rewrites the result: the stored date follows
        changed = session.get(Task, reopened.id)
        changed.status_text = "Hoàn thành muộn, ngày 9/4/2025"
    with sessions() as session:
        rows = category_rows(all_task_views(session), day)
        totals, by_unit = unit_statistics(session, registry, day)
        health, _ = unit_statistics(session, registry, day, "Bộ Y tế")
    assert _four(totals) == _four(statistics_for("", rows)) == (3, 3, 3, 1)
    assert by_unit == statistics_by_unit(rows)
    assert {f.unit: _four(f) for f in by_unit} == {
        "Bộ Y tế": (3, 2, 1, 0), "Bộ Công an": (0, 0, 3, 1), "Bộ Tài chính": (0, 1, 0, 0)
    }  # fmt: skip
    assert _four(health) == (3, 2, 1, 0)
