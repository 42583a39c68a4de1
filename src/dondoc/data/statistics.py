"""Per-unit statistics as government progress reports count them (đúng hạn, trễ hạn, trong hạn, quá hạn).

What /thongke, `dondoc stats` and the web overview show; each task is counted by its state (`data.task_state`),
in the database (`category_clause`, the SQL form of `category_of`), so 100,000 tasks count in a fraction of a
second; tasks already loaded are counted in Python (`category_rows`, the register export).
A unit's figures count its own tasks, the first part of its /cham and `tasks --unit` listings: those it
leads, and the group tasks whose result names it among the members still lagging (`data.groups`). Its
group tasks "giao chung" are not in these figures, which reports state per lead unit; the overdue ones
are counted apart (`shared_overdue`), the number /cham lists after the unit's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Subquery, case, distinct, func, select
from sqlalchemy.orm import Session

from dondoc.data.groups import UnitGroupTasks
from dondoc.data.models import Task, TaskUnit, Unit
from dondoc.data.task_state import TaskState, done_late_clause, overdue_clause
from dondoc.data.task_view import TaskView
from dondoc.data.tasks import TaskFilter, filtered_query, find_task_ids, listing_groups
from dondoc.data.units import UnitRegistry

CATEGORIES = ("done_on_time", "done_late", "in_time", "overdue")
_CATEGORY = {TaskState.DONE_ON_TIME: "done_on_time", TaskState.DONE_LATE: "done_late", TaskState.OVERDUE: "overdue"}


@dataclass
class UnitStatistics:
    """Counts for one unit (or for all tasks); every task falls in exactly one category.

    The categories are task states (`dondoc.data.task_state`), so a task counted late here reads
    "hoàn thành quá hạn" or "quá hạn N ngày" wherever it is listed.

    Attributes:
        done_on_time: finished, with no sign it finished after its due date.
        done_late: finished, and the result dates the finish after the due date.
        in_time: not finished and not past due (no due date, recurring, or due later).
        overdue: past due and not finished.
        shared_overdue: for one unit, its overdue group tasks "giao chung" (not in the other figures).
    """

    unit: str
    done_on_time: int = 0
    done_late: int = 0
    in_time: int = 0
    overdue: int = 0
    shared_overdue: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.in_time + self.overdue

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def completion(self) -> int:
        """Completion rate in whole percent: finished tasks over all tasks, as reports state it."""
        return round(100 * self.done / self.total) if self.total else 0

    def add(self, category: str) -> None:
        setattr(self, category, getattr(self, category) + 1)

    def as_dict(self) -> dict[str, Any]:
        """The row `dondoc stats --json` prints."""
        return {
            "unit": self.unit,
            "total": self.total,
            "done_on_time": self.done_on_time,
            "done_late": self.done_late,
            "in_time": self.in_time,
            "overdue": self.overdue,
            "completion": self.completion,
            "shared_overdue": self.shared_overdue,
        }


def category_clause(today: date) -> ColumnElement[str]:
    """SQL: which of CATEGORIES a task is in on `today` (`category_of`), from the task-state clauses."""
    return case(
        (done_late_clause(), "done_late"),
        (Task.status == "done", "done_on_time"),
        (overdue_clause(today), "overdue"),
        else_="in_time",
    )


def _categorised(flt: TaskFilter, registry: UnitRegistry, groups: UnitGroupTasks | None) -> Subquery:
    """The tasks passing `flt` as (task_id, category) rows, for the database to count."""
    query = filtered_query(flt, registry, groups).order_by(None)
    return query.with_only_columns(Task.id.label("task_id"), category_clause(flt.today).label("category")).subquery()


def count_states(
    session: Session, flt: TaskFilter, registry: UnitRegistry, groups: UnitGroupTasks | None = None, unit: str = ""
) -> UnitStatistics:
    """The four official states of the tasks passing `flt`, counted in the database (one GROUP BY).

    Args:
        groups: the group tasks that count as the units' (`data.tasks.filtered_query`).
        unit: the name the figures carry.
    """
    tasks = _categorised(flt, registry, groups)
    figures = UnitStatistics(unit)
    for category, count in session.execute(select(tasks.c.category, func.count()).group_by(tasks.c.category)):
        setattr(figures, category, count)
    return figures


def count_states_by_unit(session: Session, flt: TaskFilter, registry: UnitRegistry) -> list[UnitStatistics]:
    """`count_states` per lead unit under its 2025 name, most tasks first (`statistics_by_unit`'s rule).

    A task led by two units counts once for each, and once for a successor that took over both.
    """
    tasks = _categorised(flt, registry, None)
    current = func.coalesce(Unit.current_id, Unit.id)  # the unit, or the body that took it over in 2025
    counts = (
        select(current, tasks.c.category, func.count(distinct(tasks.c.task_id)))
        .select_from(tasks)
        .join(TaskUnit, TaskUnit.task_id == tasks.c.task_id)
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .where(TaskUnit.role == "lead")
        .group_by(current, tasks.c.category)
    )
    names = {unit_id: name for unit_id, name in session.execute(select(Unit.id, Unit.name))}
    by_unit: dict[str, UnitStatistics] = {}
    for unit_id, category, count in session.execute(counts):
        name = names[unit_id]
        setattr(by_unit.setdefault(name, UnitStatistics(name)), category, count)
    return sorted(by_unit.values(), key=lambda f: (-f.total, f.unit))


def category_of(task: TaskView, today: date) -> str:
    """Which of CATEGORIES a task is in on `today`: its state, with every unfinished, not overdue state "in_time"."""
    return _CATEGORY.get(task.state(today), "in_time")


@dataclass(frozen=True)
class CategoryRow:
    """A loaded task as `statistics_for` and `statistics_by_unit` count it: its category and its lead units
    under their 2025 names."""

    category: str
    current_units: tuple[str, ...]


def category_rows(tasks: Iterable[TaskView], today: date) -> list[CategoryRow]:
    """Tasks already loaded as the rows `statistics_for` and `statistics_by_unit` count, as of `today`."""
    return [CategoryRow(category_of(task, today), task.current_units) for task in tasks]


def statistics_for(unit: str, rows: Iterable[CategoryRow]) -> UnitStatistics:
    """The statistics of one set of `category_rows` (one unit's, or all of them)."""
    figures = UnitStatistics(unit)
    for row in rows:
        figures.add(row.category)
    return figures


def statistics_by_unit(rows: Iterable[CategoryRow]) -> list[UnitStatistics]:
    """Statistics per lead unit under its 2025 name, most tasks first.

    A task led by two units counts once for each; a unit renamed in 2025 is counted under
    its successor, as reports written after the reorganisation do.
    """
    by_unit: dict[str, UnitStatistics] = {}
    for row in rows:
        for unit in row.current_units:
            by_unit.setdefault(unit, UnitStatistics(unit)).add(row.category)
    return sorted(by_unit.values(), key=lambda f: (-f.total, f.unit))


def unit_statistics(
    session: Session, registry: UnitRegistry, today: date, unit: str | None = None
) -> tuple[UnitStatistics, list[UnitStatistics]]:
    """The statistics /thongke and `dondoc stats` show as of `today`.

    Args:
        unit: a canonical unit name: only its own tasks (and no per-unit rows); all tasks when None.

    Returns:
        The totals (named `unit`, or "" for all tasks) and, without `unit`, one row per lead unit.
    """
    if unit is None:
        flt = TaskFilter(today)
        return count_states(session, flt, registry), count_states_by_unit(session, flt, registry)
    flt = TaskFilter(today, units=(unit,))
    own = UnitGroupTasks(own=listing_groups(session, flt, registry).own)
    figures = count_states(session, flt, registry, own, unit)
    figures.shared_overdue = len(find_task_ids(session, replace(flt, overdue=True), registry).shared)
    return figures, []
