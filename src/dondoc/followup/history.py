"""Task history: append-only events (who changed what, through which channel, speaking for which day)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.models import Task, TaskEvent
from dondoc.data.tasks import get_task

FIELDS = ("status", "deadline", "units", "note")
CHANNELS = ("telegram", "zalo", "console", "cli", "web", "report")


def record_event(
    session: Session,
    task: Task,
    field: str,
    old: str | None,
    new: str | None,
    *,
    actor: str,
    channel: str,
    at: datetime,
    as_of: date,
    note: str | None = None,
    source_document: str | None = None,
    update_key: str | None = None,
    applied: bool = True,
    supersedes: TaskEvent | None = None,
) -> TaskEvent:
    """Append one event; one with an `update_key` is flushed, so a duplicate fails here, before anything else changes.

    Args:
        field: one of FIELDS.
        channel: one of CHANNELS.
        at: when it was recorded.
        as_of: the day the information speaks for (a report's issue date, an update's date).
        supersedes: the chat or CLI update this report event overrode.

    Raises:
        sqlalchemy.exc.IntegrityError: an event with this `update_key` exists.
    """
    event = TaskEvent(
        task=task, field=field, old_value=old, new_value=new, actor=actor, channel=channel, recorded_at=at,
        as_of=as_of, note=note, source_document=source_document, update_key=update_key, applied=applied,
        supersedes_id=supersedes.id if supersedes else None,
    )  # fmt: skip
    session.add(event)
    if update_key is not None:
        session.flush()
    return event


def task_history(session: Session, task_id: int) -> list[TaskEvent]:
    """A task's events in the order they were recorded.

    Raises:
        NoSuchTask: no task has that id.
    """
    get_task(session, task_id)
    return list(session.scalars(select(TaskEvent).where(TaskEvent.task_id == task_id).order_by(TaskEvent.id)))


def latest_events(session: Session, task_ids: list[int]) -> dict[int, TaskEvent]:
    """Per task, the applied event that speaks for the latest day (ties: the later recorded)."""
    query = (
        select(TaskEvent)
        .where(TaskEvent.applied, TaskEvent.task_id.in_(task_ids))
        .order_by(TaskEvent.as_of, TaskEvent.id)
    )
    return {event.task_id: event for event in session.scalars(query)}  # the last one per task stays


def overridden_updates(session: Session, since: datetime | None = None) -> list[TaskEvent]:
    """Report events that overrode a chat or CLI update (what the admins must be told), oldest first."""
    query = select(TaskEvent).where(TaskEvent.supersedes_id.is_not(None)).order_by(TaskEvent.id)
    if since is not None:
        query = query.where(TaskEvent.recorded_at >= since)
    return list(session.scalars(query))


def event_record(event: TaskEvent) -> dict[str, Any]:
    """An event as `dondoc history --json` prints it."""
    return {
        "id": event.id,
        "task_id": event.task_id,
        "field": event.field,
        "old": event.old_value,
        "new": event.new_value,
        "actor": event.actor,
        "channel": event.channel,
        "recorded_at": event.recorded_at.isoformat(),
        "as_of": event.as_of.isoformat(),
        "note": event.note,
        "source_document": event.source_document,
        "applied": event.applied,
        "supersedes": event.supersedes_id,
    }
