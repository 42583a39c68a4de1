"""Finding tasks: exact filters (unit, status, overdue, due window, document) and listings in the order every
view shows them; `data.task_view` reads the tasks found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, case, or_, select
from sqlalchemy.orm import Session, selectinload

from dondoc.data.groups import UnitGroupTasks, unit_group_tasks
from dondoc.data.models import Source, Task, TaskReport, TaskUnit, Unit
from dondoc.data.task_state import open_clause, overdue_clause
from dondoc.data.units import UnitRegistry


class NoSuchTask(Exception):
    """Raised when a task id is not in the database."""

    def __init__(self, task_id: int) -> None:
        super().__init__(f"no task with id {task_id}")
        self.task_id = task_id


@dataclass(frozen=True)
class TaskFilter:
    """What a listing asks for; every field narrows the result exactly (no ranking here).

    Attributes:
        units: canonical unit names; a unit also stands for the units it took over in 2025.
        roles: which roles of the unit count ("lead", "coordinating").
        status: one of `dondoc.data.task_state.STATUSES`.
        overdue: only tasks overdue as of `today` (`dondoc.data.task_state.is_overdue`).
        due_from, due_to: the due date falls in this window (inclusive).
        documents: document keys ("ct-7", see nlp.documents): only tasks citing one of them, or listed in one
            of `document_sources`.
        document_sources: the files of the reports that are those documents themselves
            (`data.sources.sources_named`): "Thông báo 624" finds the tasks the notice gives, not only those
            that cite it.
        sources: only tasks reported in one of these files.
    """

    today: date
    units: tuple[str, ...] = ()
    roles: tuple[str, ...] = ("lead",)
    status: str | None = None
    overdue: bool = False
    due_from: date | None = None
    due_to: date | None = None
    documents: tuple[str, ...] = ()
    document_sources: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)


def unit_names_for(registry: UnitRegistry, units: tuple[str, ...]) -> set[str]:
    """A unit with the units it took over: asking for Bộ Tài chính finds Bộ Kế hoạch và Đầu tư's tasks."""
    return {name for unit in units for name in (unit, *registry.former_names(unit))}


@dataclass(frozen=True)
class TaskListing:
    """A listing's task ids in the order every view shows them, and which of them are "giao chung".

    Attributes:
        ids: the units' own tasks first, then their group tasks; each part most overdue first, then
            by due date, undated tasks last.
        shared: the ids given to a group the units belong to (`data.groups`), shown "(giao chung)".
    """

    ids: list[int]
    shared: frozenset[int] = frozenset()

    @property
    def own(self) -> int:
        """How many of the tasks are the units' own."""
        return len(self.ids) - len(self.shared)


def filtered_query(flt: TaskFilter, registry: UnitRegistry, groups: UnitGroupTasks | None = None) -> Select[Task]:
    """The SELECT for `flt`: the units' own tasks, then their group tasks; each most overdue first,
    then by due date, undated tasks last.

    Args:
        groups: tasks the units have through their groups (`data.groups.unit_group_tasks`); without
            it, only the tasks they lead.
    """
    query = select(Task)
    own = own_clause(flt, registry, groups)
    order: list[Any] = []
    if own is not None:
        shared = groups.shared if groups else frozenset()
        query = query.where(or_(own, Task.id.in_(list(shared))) if shared else own)
        if shared:
            order.append(case((own, 0), else_=1))
    if flt.status:
        query = query.where(Task.status == flt.status)
    if flt.overdue:
        query = query.where(overdue_clause(flt.today))
    if flt.due_from:
        query = query.where(Task.deadline_due >= flt.due_from)
    if flt.due_to:
        query = query.where(Task.deadline_due <= flt.due_to)
    if flt.sources:
        query = query.where(_reported_in(flt.sources))
    if flt.documents:
        cited = [Task.directing_keys.contains(f" {key} ") for key in flt.documents]
        query = query.where(or_(*cited, _reported_in(flt.document_sources)) if flt.document_sources else or_(*cited))
    return query.order_by(*order, Task.deadline_due.is_(None), Task.deadline_due, Task.id)


def _reported_in(documents: tuple[str, ...]) -> Any:
    """Tasks a report in one of these files lists."""
    return Task.id.in_(
        select(TaskReport.task_id).join(Source, Source.id == TaskReport.source_id).where(Source.document.in_(documents))
    )


def own_clause(flt: TaskFilter, registry: UnitRegistry, groups: UnitGroupTasks | None) -> Any:
    """The units' own tasks: those they lead, and the group tasks that are theirs (None: no units asked)."""
    if not flt.units:
        return None
    names = unit_names_for(registry, flt.units)
    # IN (subquery), not a correlated EXISTS: SQLite then reads the unit's few tasks instead of
    # probing every task (10 ms instead of 800 ms for one ministry among 100,000 tasks).
    led = Task.id.in_(
        select(TaskUnit.task_id)
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .where(TaskUnit.role.in_(flt.roles), Unit.name.in_(names))
    )
    return or_(led, Task.id.in_(list(groups.own))) if groups and groups.own else led


def listing_groups(
    session: Session, flt: TaskFilter, registry: UnitRegistry, unfinished: bool = False
) -> UnitGroupTasks:
    """The group tasks ("Các bộ, ngành") the filter's units lead as members; a listing by state leaves out
    those whose result names only other members as lagging (`data.groups`)."""
    if not flt.units or "lead" not in flt.roles:
        return UnitGroupTasks()
    by_state = bool(flt.status or flt.overdue or unfinished)
    return unit_group_tasks(session, registry, flt.units).for_state(by_state)


def find_tasks(session: Session, flt: TaskFilter, registry: UnitRegistry, limit: int | None = None) -> list[Task]:
    """Tasks passing `flt` in listing order (own, then "giao chung"), with units and reports loaded."""
    query = filtered_query(flt, registry, listing_groups(session, flt, registry)).options(
        selectinload(Task.units).selectinload(TaskUnit.unit).selectinload(Unit.current),
        selectinload(Task.reports).selectinload(TaskReport.source),
    )
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def find_task_ids(session: Session, flt: TaskFilter, registry: UnitRegistry, unfinished: bool = False) -> TaskListing:
    """The tasks passing `flt`, in `find_tasks` order, without loading them: what /cham, /sapden and
    `dondoc tasks` list.

    Args:
        unfinished: only tasks not finished (`dondoc.data.task_state.is_open`).
    """
    groups = listing_groups(session, flt, registry, unfinished)
    query = filtered_query(flt, registry, groups)
    if unfinished:
        query = query.where(open_clause())
    own = own_clause(flt, registry, groups)
    if own is None or not groups.shared:
        return TaskListing(list(session.scalars(query.with_only_columns(Task.id))))
    rows = session.execute(query.with_only_columns(Task.id, own)).all()
    return TaskListing([task_id for task_id, _ in rows], frozenset(task_id for task_id, mine in rows if not mine))


def get_task(session: Session, task_id: int) -> Task:
    """One task by id.

    Raises:
        NoSuchTask: no task has that id.
    """
    task = session.get(Task, task_id)
    if task is None:
        raise NoSuchTask(task_id)
    return task
