"""Per-unit figures as government progress reports count them (đúng hạn, trễ hạn, trong hạn, quá hạn)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from dondoc.data.models import Task, TaskUnit, Unit
from dondoc.data.tasks import TaskFilter, filtered_query
from dondoc.data.units import UnitRegistry
from dondoc.index.answer import status_term

CATEGORIES = ("done_on_time", "done_late", "in_time", "overdue")


@dataclass
class Figures:
    """Counts for one unit (or for all tasks); every task falls in exactly one category.

    The categories follow `dondoc.index.answer.status_term`, so a task counted late here reads
    "hoàn thành quá hạn" or "quá hạn N ngày" wherever it is listed.

    Attributes:
        done_on_time: finished, with no sign it finished after its due date.
        done_late: finished, and the result dates the finish after the due date.
        in_time: not finished and not past due (no due date, recurring, or due later).
        overdue: past due and not finished.
    """

    unit: str
    done_on_time: int = 0
    done_late: int = 0
    in_time: int = 0
    overdue: int = 0

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


def figure_rows(session: Session, flt: TaskFilter, registry: UnitRegistry) -> list[dict[str, Any]]:
    """The tasks passing `flt`, with only what the figures read (a light query: no ORM objects).

    Each row has the keys of `task_as_dict` that `status_term` reads, plus `current_units`.
    """
    columns = (Task.id, Task.status, Task.status_text, Task.deadline_text, Task.deadline_kind, Task.deadline_due)
    rows = {
        task_id: {
            "status": status,
            "status_text": status_text,
            "deadline": {"text": text, "kind": kind, "due": due.isoformat() if due else None},
            "current_units": [],
        }
        for task_id, status, status_text, text, kind, due in session.execute(
            filtered_query(flt, registry).with_only_columns(*columns)
        )
    }
    successor = aliased(Unit)
    leads = (
        select(TaskUnit.task_id, func.coalesce(successor.name, Unit.name))
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .outerjoin(successor, successor.id == Unit.current_id)
        .where(TaskUnit.role == "lead")
        .order_by(TaskUnit.task_id, TaskUnit.position)
    )
    for task_id, name in session.execute(leads):
        row = rows.get(task_id)
        if row is not None and name not in row["current_units"]:
            row["current_units"].append(name)
    return list(rows.values())


def category(task: dict[str, Any], today: date) -> str:
    """Which of CATEGORIES a task (as `task_as_dict` gives it) is in on `today`."""
    term = status_term(task, today)
    if term == "hoàn thành quá hạn":
        return "done_late"
    if term == "hoàn thành đúng hạn":
        return "done_on_time"
    return "overdue" if term.startswith("quá hạn") else "in_time"


def figures_for(unit: str, tasks: Iterable[dict[str, Any]], today: date) -> Figures:
    """The figures of one set of tasks (one unit's, or all of them)."""
    figures = Figures(unit)
    for task in tasks:
        figures.add(category(task, today))
    return figures


def figures_by_unit(tasks: Iterable[dict[str, Any]], today: date) -> list[Figures]:
    """Figures per lead unit under its 2025 name, most tasks first.

    A task led by two units counts once for each; a unit renamed in 2025 is counted under
    its successor, as reports written after the reorganisation do.
    """
    by_unit: dict[str, Figures] = {}
    for task in tasks:
        which = category(task, today)
        for unit in task["current_units"]:
            by_unit.setdefault(unit, Figures(unit)).add(which)
    return sorted(by_unit.values(), key=lambda f: (-f.total, f.unit))
