"""Newest information wins: a task recomputed from its reports meets the chat and CLI updates it already has.

Ingest recomputes a task's status, deadline and units from its reports, then calls `reconcile`:
- an update (chat, CLI, web; an approved deadline extension) speaking for a day on or after the
  report that gave the recomputed value is put back, so ingesting an older report undoes nothing;
- otherwise the report's value stands; every change it makes is recorded as a "report" event, and
  when it overrides an update the event points at it and is returned for the admins.
A task met for the first time gets one event, its status and the report it came from; its first
deadline and units are on the task itself (an event each would make the first ingest half slower).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.models import Task, TaskEvent, TaskReport
from dondoc.followup.history import overridden_updates, record_event
from dondoc.followup.progress import LABELS, MANUAL_FIELDS, restore_update, task_status
from dondoc.nlp.dates import parse_deadline
from dondoc.nlp.text import vn_date


@dataclass(frozen=True)
class TaskState:
    """A task's reconciled fields before ingest recomputed them."""

    status: str
    deadline_due: date | None
    deadline_text: str | None
    units: str | None


@dataclass(frozen=True)
class Override:
    """A newer report overrode a chat or CLI update: what the admins must be told."""

    task_id: int
    update: TaskEvent
    report: TaskEvent

    @property
    def text(self) -> str:
        """The notice in Vietnamese, e.g. for the admin chats."""
        return (
            f"Nhiệm vụ #{self.task_id}: báo cáo {self.report.source_document} (ngày {vn_date(self.report.as_of)}) "
            f"ghi «{LABELS.get(self.report.new_value or '', self.report.new_value)}», thay cho cập nhật "
            f"«{LABELS.get(self.update.new_value or '', self.update.new_value)}» ngày {vn_date(self.update.as_of)} "
            f"của {self.update.actor} ({self.update.channel})."
        )


def overrides_since(session: Session, since: datetime | None = None) -> list[Override]:
    """The overrides recorded since `since` (all when None), oldest first, each with the update it overrode."""
    reports = overridden_updates(session, since)
    ids = [report.supersedes_id for report in reports]
    updates = {event.id: event for event in session.scalars(select(TaskEvent).where(TaskEvent.id.in_(ids)))}
    return [
        Override(report.task_id, updates[report.supersedes_id], report)
        for report in reports
        if report.supersedes_id in updates
    ]


def snapshot(session: Session, task: Task) -> TaskState | None:
    """The fields `reconcile` compares, read before ingest recomputes them.

    Returns:
        None for a task met for the first time (not stored yet, or stored by this ingest without units).
    """
    if task.id is None:
        return None
    with session.no_autoflush:  # ingest has pending rows; flushing them per task would double its time
        units = _units(task)
    return None if units is None else TaskState(task.status, task.deadline_due, task.deadline_text, units)


def _units(task: Task) -> str | None:
    lead = [tu.unit.name for tu in task.units if tu.role == "lead"]
    coordinating = [tu.unit.name for tu in task.units if tu.role == "coordinating"]
    text = "; ".join(lead) + (f" (phối hợp: {'; '.join(coordinating)})" if coordinating else "")
    return text or None


def _deadline(due: date | None, text: str | None) -> str | None:
    return due.isoformat() if due else text


def _manual(session: Session, task: Task) -> dict[str, TaskEvent]:
    """The newest applied non-report event per kind ("status", "deadline") by the day it speaks for."""
    newest: dict[str, TaskEvent] = {}
    query = (
        select(TaskEvent)
        .where(TaskEvent.task_id == task.id, TaskEvent.channel != "report", TaskEvent.applied)
        .order_by(TaskEvent.as_of, TaskEvent.id)
    )
    with session.no_autoflush:  # updates are stored already; ingest's pending rows need not be flushed
        events = list(session.scalars(query))
    for event in events:
        newest["status" if event.field in MANUAL_FIELDS else event.field] = event
    return newest


def reconcile(
    session: Session,
    task: Task,
    before: TaskState | None,
    *,
    status_from: TaskReport,
    deadline_from: TaskReport,
    units_from: TaskReport,
    at: datetime | None = None,
) -> list[Override]:
    """Reconcile a task just recomputed from its reports with its updates, recording what changed.

    Contract: call it at the end of the recomputation, with the task's fields already set from the
    reports, `before` taken by `snapshot` at its start, and the report each field came from.

    Args:
        status_from, deadline_from, units_from: the reports that gave the status, deadline and units;
            their documents' issue dates are the days those values speak for.
        at: when the events are recorded (default: now).

    Returns:
        The updates a newer report overrode, one per field, for the admins.
    """
    at = at or datetime.now(UTC)
    manual = _manual(session, task) if before is not None else {}  # a task met for the first time has none
    overrides: list[Override] = []

    def report_event(field: str, old: str | None, new: str | None, report: TaskReport, note: str | None) -> None:
        update = manual.get(field)
        overridden = update is not None and old == _applied_value(update) and old != new
        event = record_event(
            session, task, field, old, new, actor=report.source.document, channel="report", at=at,
            as_of=_day(report), note=note, source_document=report.source.document,
            supersedes=update if overridden else None,
        )  # fmt: skip
        if overridden and update is not None:
            overrides.append(Override(task.id, update, event))

    update = manual.get("status")
    if update is not None and update.as_of >= _day(status_from):
        restore_update(task, update)
    elif before is None or task.status != before.status:
        report_event("status", before.status if before else None, task.status, status_from, task.status_text)

    update = manual.get("deadline")
    if update is not None and update.as_of >= _day(deadline_from):
        set_deadline(task, date.fromisoformat(update.new_value or ""))
    else:
        new = _deadline(task.deadline_due, task.deadline_text)
        if before is not None and _deadline(before.deadline_due, before.deadline_text) != new:
            report_event("deadline", _deadline(before.deadline_due, before.deadline_text), new, deadline_from, None)

    if before is not None and before.units != (new_units := _units(task)):
        report_event("units", before.units, new_units, units_from, None)
    return overrides


def _applied_value(update: TaskEvent) -> str | None:
    """What an update put in the field a report event compares (a task status, an ISO deadline)."""
    return task_status(update.new_value or "") if update.field in MANUAL_FIELDS else update.new_value


def _day(report: TaskReport) -> date:
    return report.source.issued or date.min


def set_deadline(task: Task, due: date) -> None:
    """Give a task a new due date, written as officials write it (an approved extension)."""
    deadline = parse_deadline(vn_date(due))
    task.deadline_text, task.deadline_kind, task.deadline_due = deadline.text, deadline.kind, due
