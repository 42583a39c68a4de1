"""Progress updates from a unit or an admin: check who may, record the event, change the task once.

The same `apply_update` serves the chat buttons, a confirmed plain reply, `dondoc update` and a
future web page: each passes who acts, the channel and the dates explicitly.

"Gặp vướng mắc" (blocked) is not one of the official states: a blocked task is unfinished work,
so the task's status becomes in_progress ("đang thực hiện trong hạn" before its deadline, "quá
hạn chưa hoàn thành" after it) and its status text says "Gặp vướng mắc"; the event keeps "blocked".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dondoc.data.models import Task, TaskEvent
from dondoc.data.tasks import get_task
from dondoc.data.units import UnitRegistry
from dondoc.followup.focal_points import Actor, can_update
from dondoc.followup.history import record_event
from dondoc.nlp.periods import completion_date
from dondoc.nlp.text import vn_date

UPDATE_STATUSES = ("done", "in_progress", "not_done", "blocked")
LABELS = {
    "done": "Đã hoàn thành",
    "in_progress": "Đang thực hiện",
    "not_done": "Chưa hoàn thành",
    "blocked": "Gặp vướng mắc",
    "recurring": "Thực hiện thường xuyên",
    "unknown": "Chưa có báo cáo",
}
# A chat or CLI update counts for these fields (both carry the reported status).
MANUAL_FIELDS = ("status", "note")


class NotAllowed(Exception):
    """Raised when a chat that is not an approved focal point of the task's lead unit (nor an admin) updates it."""

    def __init__(self, actor: Actor, task_id: int) -> None:
        super().__init__(f"{actor.name} ({actor.channel}) may not update task {task_id}")
        self.actor, self.task_id = actor, task_id


class InvalidStatus(Exception):
    """Raised when an update names a status outside UPDATE_STATUSES."""

    def __init__(self, value: str) -> None:
        super().__init__(f"unknown status {value!r}; expected one of {', '.join(UPDATE_STATUSES)}")
        self.value = value


@dataclass(frozen=True)
class UpdateResult:
    """What `apply_update` did.

    Attributes:
        event: the update's event (the earlier one when this was a replay).
        duplicate: the same update key was applied before; nothing changed now.
        applied: the task took the update; False when newer information already stood.
        old_status: the task's status before.
    """

    event: TaskEvent
    duplicate: bool
    applied: bool
    old_status: str | None


def task_status(reported: str) -> str:
    """The task's status for a reported one: "blocked" is unfinished work, so in_progress."""
    return "in_progress" if reported == "blocked" else reported


def status_text(reported: str, note: str | None, as_of: date) -> str:
    """The task's result text after an update: the label, the note, and for a finish the day it is known.

    A finish whose note dates nothing is dated by the update, so a late finish reads "hoàn thành quá hạn".
    """
    text = f"{LABELS[reported]}: {note}" if note else LABELS[reported]
    if reported == "done" and completion_date(note) is None:
        text += f" (ngày {vn_date(as_of)})"
    return text


def update_key(actor: Actor, task_id: int, status: str, note: str | None, as_of: date) -> str:
    """The key of an update that carries none: the same person saying the same thing on the same day counts once."""
    raw = "\x1f".join((actor.channel, actor.chat_id, str(task_id), status, note or "", as_of.isoformat()))
    return "auto:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def newest_status_day(session: Session, task_id: int) -> date | None:
    """The day the task's current status speaks for: the latest applied status event of any channel."""
    return session.scalar(
        select(TaskEvent.as_of)
        .where(TaskEvent.task_id == task_id, TaskEvent.applied, TaskEvent.field.in_(MANUAL_FIELDS))
        .order_by(TaskEvent.as_of.desc(), TaskEvent.id.desc())
        .limit(1)
    )


def apply_update(
    session: Session,
    task_id: int,
    status: str,
    *,
    actor: Actor,
    as_of: date,
    at: datetime,
    registry: UnitRegistry,
    note: str | None = None,
    key: str | None = None,
) -> UpdateResult:
    """Record a progress update and apply it to the task, once, in the open transaction.

    Args:
        status: one of UPDATE_STATUSES.
        actor: who updates, through which channel.
        as_of: the day the update speaks for; newer information (a later report) is not undone by it.
        at: when it is recorded.
        note: the evidence ("Công văn 123/BYT ngày 02/12/2026").
        key: a unique id of the update (a chat's message or button id); two instances applying the
            same key store one event. Without one, `update_key` derives it from the content.

    Returns:
        What happened; a replayed key returns the first event with `duplicate` set.

    Raises:
        InvalidStatus: `status` is not one of UPDATE_STATUSES.
        NoSuchTask: no task has that id.
        NotAllowed: `actor` is neither an admin nor an approved focal point of a lead unit.
    """
    if status not in UPDATE_STATUSES:
        raise InvalidStatus(status)
    task = get_task(session, task_id)
    if not can_update(session, actor, task, registry):
        raise NotAllowed(actor, task_id)
    key = key or update_key(actor, task_id, status, note, as_of)
    earlier = session.scalar(select(TaskEvent).where(TaskEvent.update_key == key))
    if earlier is not None:
        return UpdateResult(earlier, duplicate=True, applied=earlier.applied, old_status=earlier.old_value)
    newest = newest_status_day(session, task_id)
    applied = newest is None or newest <= as_of
    old = task.status
    field = "note" if task_status(status) == old else "status"
    try:
        with session.begin_nested():
            event = record_event(
                session, task, field, old, status, actor=actor.name, channel=actor.channel, at=at, as_of=as_of,
                note=note, update_key=key, applied=applied,
            )  # fmt: skip
            if applied:
                _apply(task, status, note, as_of)
                session.flush()
    except IntegrityError:  # another instance stored the same update first
        earlier = session.scalars(select(TaskEvent).where(TaskEvent.update_key == key)).one()
        return UpdateResult(earlier, duplicate=True, applied=earlier.applied, old_status=earlier.old_value)
    return UpdateResult(event, duplicate=False, applied=applied, old_status=old)


def _apply(task: Task, reported: str, note: str | None, as_of: date) -> None:
    task.status, task.status_text = task_status(reported), status_text(reported, note, as_of)


def restore_update(task: Task, event: TaskEvent) -> None:
    """Put a chat or CLI update back on a task whose fields were just recomputed from older reports."""
    _apply(task, event.new_value or "unknown", event.note, event.as_of)
