"""Reading tasks: exact filters (unit, status, overdue, due window, document) and the JSON shape of a task."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, any_, bindparam, case, func, or_, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased, selectinload

from dondoc.data.groups import UnitGroupTasks, unit_group_tasks
from dondoc.data.models import Source, Task, TaskReport, TaskUnit, Unit
from dondoc.data.task_state import open_clause, overdue_clause
from dondoc.data.units import UnitRegistry
from dondoc.nlp.documents import report_name


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
        documents: document keys ("ct-7", see nlp.documents): only tasks citing one of them.
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
        query = query.where(
            Task.id.in_(
                select(TaskReport.task_id)
                .join(Source, Source.id == TaskReport.source_id)
                .where(Source.document.in_(flt.sources))
            )
        )
    if flt.documents:
        query = query.where(or_(*(Task.directing_keys.contains(f" {key} ") for key in flt.documents)))
    return query.order_by(*order, Task.deadline_due.is_(None), Task.deadline_due, Task.id)


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


def task_dicts(session: Session, task_ids: list[int]) -> list[dict[str, Any]]:
    """The tasks with these ids as `task_as_dict` makes them, in the order given (unknown ids left out)."""
    loaded = {
        task.id: task
        for task in session.scalars(
            select(Task)
            .where(Task.id.in_(task_ids))
            .options(
                selectinload(Task.units).selectinload(TaskUnit.unit).selectinload(Unit.current),
                selectinload(Task.reports).selectinload(TaskReport.source),
            )
        )
    }
    return [task_as_dict(loaded[task_id]) for task_id in task_ids if task_id in loaded]


def source_name(source: Source) -> str:
    """How a report is cited: "Thông báo 624/TB-VPCP ngày 16/11/2025" (`nlp.documents.report_name`)."""
    return report_name(source.kind, source.number, source.issued, source.title, source.document)


def source_names(session: Session) -> dict[str, str]:
    """Report file name -> how the report is cited ("Thông báo 624/TB-VPCP ngày 16/11/2025"), never its file name."""
    return {source.document: source_name(source) for source in session.scalars(select(Source))}


def get_task(session: Session, task_id: int) -> Task:
    """One task by id.

    Raises:
        NoSuchTask: no task has that id.
    """
    task = session.get(Task, task_id)
    if task is None:
        raise NoSuchTask(task_id)
    return task


SOURCE_FIELDS = ("document", "section", "stt", "line", "status", "status_text", "deadline_text")


def task_record(task: Task, units: list[tuple[str, str, str | None]], sources: list[dict[str, Any]]) -> dict[str, Any]:
    """The task as `dondoc tasks --json` prints it, from its row, its units and its sources.

    Args:
        units: (role, unit name, name of its 2025 successor or None), in the task's order.
        sources: one dict of SOURCE_FIELDS per report, and "report": how the report is cited.
    """
    lead = [(name, current) for role, name, current in units if role == "lead"]
    return {
        "id": task.id,
        "content": task.content,
        "directing_docs": task.directing_docs,
        "lead_units": [name for name, _ in lead],
        "coordinating_units": [name for role, name, _ in units if role == "coordinating"],
        "current_units": list(dict.fromkeys(current or name for name, current in lead)),
        "deadline": {
            "text": task.deadline_text,
            "kind": task.deadline_kind,
            "due": task.deadline_due.isoformat() if task.deadline_due else None,
        },
        "status": task.status,
        "status_text": task.status_text,
        "sources": sources,
    }


def task_as_dict(task: Task) -> dict[str, Any]:
    """The task as `dondoc tasks --json` prints it (units and reports loaded through the ORM)."""
    units = [(tu.role, tu.unit.name, tu.unit.current.name if tu.unit.current else None) for tu in task.units]
    sources = [
        {
            **{f: getattr(r, f, None) for f in SOURCE_FIELDS},
            "document": r.source.document,
            "report": source_name(r.source),
        }
        for r in task.reports
    ]
    return task_record(task, units, sources)


def all_task_dicts(session: Session, ids: Collection[int] | None = None) -> list[dict[str, Any]]:
    """Every task (or the tasks `ids` names) as `task_as_dict` makes it, by id, in three queries instead of
    the ORM's object graph (six times faster on the corpus, which is most of a search service's warm start;
    a page of 50 of 100,000 tasks in a few ms instead of 50)."""
    current = aliased(Unit)
    units: dict[int, list[tuple[str, str, str | None]]] = {}
    unit_rows = (
        select(TaskUnit.task_id, TaskUnit.role, Unit.name, current.name)
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .outerjoin(current, current.id == Unit.current_id)
        .order_by(TaskUnit.task_id, TaskUnit.position, TaskUnit.id)
    )
    for task_id, role, name, now in session.execute(
        unit_rows if ids is None else unit_rows.where(TaskUnit.task_id.in_(ids))
    ):
        units.setdefault(task_id, []).append((role, name, now))
    reports: dict[int, list[dict[str, Any]]] = {}
    report_rows = (
        select(TaskReport.task_id, Source.document, TaskReport.section, TaskReport.stt, TaskReport.line,
               TaskReport.status, TaskReport.status_text, TaskReport.deadline_text, TaskReport.source_id)
        .join(Source, Source.id == TaskReport.source_id)
        .order_by(TaskReport.id)
    )  # fmt: skip
    names = {source.id: source_name(source) for source in session.scalars(select(Source))}
    for row in session.execute(report_rows if ids is None else report_rows.where(TaskReport.task_id.in_(ids))):
        fields = dict(zip(SOURCE_FIELDS, row[1:-1], strict=True))
        reports.setdefault(row[0], []).append({**fields, "report": names[row[-1]]})
    tasks = select(Task).order_by(Task.id)
    return [
        task_record(task, units.get(task.id, []), reports.get(task.id, []))
        for task in session.execute(tasks if ids is None else tasks.where(Task.id.in_(ids))).scalars()
    ]


_CHUNK = 5000


def _among(session: Session, column: Any, ids: list[int]) -> Any:
    """`column IN ids`; on PostgreSQL one array parameter (`= ANY`), since thousands of bind
    parameters cost more to expand than the query itself."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("ids", ids, type_=postgresql.ARRAY(Integer)))
    return column.in_(ids)


def task_summaries(session: Session, task_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """These tasks in `task_as_dict` shape without their sources, by id: what reminders show of them.

    Read with two light queries per 5,000 tasks instead of ORM loads (a day's digests list thousands).
    """
    ids = sorted(set(task_ids))
    leads: dict[int, list[tuple[str, str]]] = defaultdict(list)
    found: dict[int, dict[str, Any]] = {}
    current = aliased(Unit)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        lead_rows = session.connection().execute(
            select(TaskUnit.task_id, Unit.name, func.coalesce(current.name, Unit.name))
            .join(Unit, Unit.id == TaskUnit.unit_id)
            .outerjoin(current, current.id == Unit.current_id)
            .where(_among(session, TaskUnit.task_id, chunk), TaskUnit.role == "lead")
            .order_by(TaskUnit.task_id, TaskUnit.position)
        )
        for task_id, name, successor in lead_rows:
            leads[task_id].append((name, successor))
        columns = (Task.id, Task.content, Task.deadline_due, Task.deadline_text, Task.deadline_kind, Task.status)
        rows = session.connection().execute(
            select(*columns, Task.status_text, Task.directing_docs).where(_among(session, Task.id, chunk))
        )
        for task_id, content, due, deadline_text, deadline_kind, status, status_text, docs in rows:
            found[task_id] = {
                "id": task_id,
                "content": content,
                "directing_docs": list(docs or ()),
                "lead_units": [name for name, _ in leads[task_id]],
                "current_units": list(dict.fromkeys(successor for _, successor in leads[task_id])),
                "deadline": {"text": deadline_text, "kind": deadline_kind, "due": due.isoformat() if due else None},
                "status": status,
                "status_text": status_text,
                "sources": [],
            }
    return found
