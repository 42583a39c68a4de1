"""A task as every view receives it (answers, pages, exports, reminders): `TaskView`, read in as few queries as
the view needs; `as_json` gives the shape `dondoc tasks --json` prints, and only the JSON edges call it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Integer, any_, bindparam, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased, selectinload

from dondoc.data.models import Source, Task, TaskReport, TaskUnit, Unit
from dondoc.data.sources import source_name
from dondoc.data.task_state import TaskState, task_state
from dondoc.nlp.dates import Deadline
from dondoc.nlp.documents import report_name


@dataclass(frozen=True)
class TaskSource:
    """What one report said about the task: which report (its name, `nlp.documents.report_name`, and its file),
    where in it (section, STT, line) and with which status."""

    document: str
    report: str
    section: str | None = None
    stt: str | None = None
    line: int | None = None
    status: str | None = None
    status_text: str | None = None
    deadline_text: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "section": self.section,
            "stt": self.stt,
            "line": self.line,
            "status": self.status,
            "status_text": self.status_text,
            "deadline_text": self.deadline_text,
            "report": self.report,
        }


@dataclass(frozen=True)
class TaskView:
    """One task with its units and the reports that list it.

    Attributes:
        lead_units, coordinating_units: the units as the reports name them, in the task's order.
        current_units: the lead units under their 2025 names (each once).
        deadline: the current deadline (its `start` is never set here).
        status, status_text: the latest known status and the result text it came with.
        sources: one per report row that lists the task, in the order stored.
    """

    id: int
    content: str
    directing_docs: tuple[str, ...]
    lead_units: tuple[str, ...]
    coordinating_units: tuple[str, ...]
    current_units: tuple[str, ...]
    deadline: Deadline
    status: str
    status_text: str | None
    sources: tuple[TaskSource, ...] = ()

    def state(self, today: date) -> TaskState:
        """Where the task stands on `today` (`data.task_state`)."""
        return task_state(self.status, self.status_text, self.deadline.due, today)

    @property
    def documents(self) -> tuple[str, ...]:
        """The report files that list the task, each once, in the order stored."""
        return tuple(dict.fromkeys(source.document for source in self.sources))

    @property
    def reports(self) -> tuple[str, ...]:
        """The reports that list the task by name ("Thông báo 624/TB-VPCP ngày 16/11/2025"), each once, in the
        order stored: a task met in several reports names them all."""
        return tuple(dict.fromkeys(source.report for source in self.sources))

    def as_json(self) -> dict[str, Any]:
        """The task as `dondoc tasks --json` prints it."""
        return {
            "id": self.id,
            "content": self.content,
            "directing_docs": list(self.directing_docs),
            "lead_units": list(self.lead_units),
            "coordinating_units": list(self.coordinating_units),
            "current_units": list(self.current_units),
            "deadline": self.deadline.as_dict(),
            "status": self.status,
            "status_text": self.status_text,
            "sources": [source.as_json() for source in self.sources],
        }


def _view(task: Task, units: list[tuple[str, str, str | None]], sources: Iterable[TaskSource]) -> TaskView:
    """The view of a task row, from its units as (role, name, name of its 2025 successor or None)."""
    lead = [(name, current) for role, name, current in units if role == "lead"]
    return TaskView(
        id=task.id,
        content=task.content,
        directing_docs=tuple(task.directing_docs or ()),
        lead_units=tuple(name for name, _ in lead),
        coordinating_units=tuple(name for role, name, _ in units if role == "coordinating"),
        current_units=tuple(dict.fromkeys(current or name for name, current in lead)),
        deadline=Deadline(task.deadline_text, task.deadline_kind, task.deadline_due),
        status=task.status,
        status_text=task.status_text,
        sources=tuple(sources),
    )


def task_view(task: Task) -> TaskView:
    """The view of a task loaded through the ORM (its units and reports are read if not loaded yet)."""
    units = [(tu.role, tu.unit.name, tu.unit.current.name if tu.unit.current else None) for tu in task.units]
    sources = (
        TaskSource(
            r.source.document, source_name(r.source), r.section, r.stt, r.line, r.status, r.status_text, r.deadline_text
        )
        for r in task.reports
    )
    return _view(task, units, sources)


def task_views(session: Session, task_ids: list[int]) -> list[TaskView]:
    """The tasks with these ids, in the order given (unknown ids left out)."""
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
    return [task_view(loaded[task_id]) for task_id in task_ids if task_id in loaded]


def all_task_views(session: Session, ids: Collection[int] | None = None) -> list[TaskView]:
    """Every task (or the tasks `ids` names), by id, in four queries instead of the ORM's object graph (six
    times faster on the corpus, which is most of a search service's warm start; a page of 50 of 100,000 tasks
    in a few ms instead of 50)."""
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
    reports: dict[int, list[TaskSource]] = {}
    names = {
        source_id: report_name(kind, number, issued, title, document)
        for source_id, kind, number, issued, title, document in session.execute(
            select(Source.id, Source.kind, Source.number, Source.issued, Source.title, Source.document)
        )
    }
    report_rows = (
        select(TaskReport.task_id, TaskReport.source_id, Source.document, TaskReport.section, TaskReport.stt,
               TaskReport.line, TaskReport.status, TaskReport.status_text, TaskReport.deadline_text)
        .join(Source, Source.id == TaskReport.source_id)
        .order_by(TaskReport.id)
    )  # fmt: skip
    for task_id, source_id, document, section, stt, line, status, status_text, deadline_text in session.execute(
        report_rows if ids is None else report_rows.where(TaskReport.task_id.in_(ids))
    ):
        reports.setdefault(task_id, []).append(
            TaskSource(document, names[source_id], section, stt, line, status, status_text, deadline_text)
        )
    tasks = select(Task).order_by(Task.id)
    return [
        _view(task, units.get(task.id, []), reports.get(task.id, ()))
        for task in session.execute(tasks if ids is None else tasks.where(Task.id.in_(ids))).scalars()
    ]


_CHUNK = 5000


def _among(session: Session, column: Any, ids: list[int]) -> Any:
    """`column IN ids`; on PostgreSQL one array parameter (`= ANY`), since thousands of bind
    parameters cost more to expand than the query itself."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("ids", ids, type_=postgresql.ARRAY(Integer)))
    return column.in_(ids)


def task_summaries(session: Session, task_ids: Iterable[int]) -> dict[int, TaskView]:
    """These tasks without their sources and coordinating units, by id: what reminders show of them.

    Read with two light queries per 5,000 tasks instead of ORM loads (a day's digests list thousands).
    """
    ids = sorted(set(task_ids))
    leads: dict[int, list[tuple[str, str]]] = defaultdict(list)
    found: dict[int, TaskView] = {}
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
            found[task_id] = TaskView(
                id=task_id,
                content=content,
                directing_docs=tuple(docs or ()),
                lead_units=tuple(name for name, _ in leads[task_id]),
                coordinating_units=(),
                current_units=tuple(dict.fromkeys(successor for _, successor in leads[task_id])),
                deadline=Deadline(deadline_text, deadline_kind, due),
                status=status,
                status_text=status_text,
            )
    return found
