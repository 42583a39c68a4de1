"""Deadline extensions: a unit asks to move a deadline, an admin approves (the deadline moves) or rejects."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.models import DeadlineExtension
from dondoc.data.tasks import get_task
from dondoc.data.units import UnitRegistry
from dondoc.followup.focal_points import Actor, InvalidDecision, NotAdmin, can_update
from dondoc.followup.history import record_event
from dondoc.followup.progress import NotAllowed
from dondoc.followup.reconcile import set_deadline


class NoSuchExtension(Exception):
    """Raised when an extension request id is not in the database."""

    def __init__(self, request_id: int) -> None:
        super().__init__(f"no extension request with id {request_id}")
        self.request_id = request_id


def request_extension(
    session: Session, task_id: int, due: date, *, actor: Actor, at: datetime, registry: UnitRegistry,
    reason: str | None = None,
) -> DeadlineExtension:  # fmt: skip
    """Ask to move a task's deadline to `due`; it waits for an admin.

    Raises:
        NoSuchTask: no task has that id.
        NotAllowed: `actor` may not update the task (see `can_update`).
    """
    task = get_task(session, task_id)
    if not can_update(session, actor, task, registry):
        raise NotAllowed(actor, task_id)
    request = DeadlineExtension(
        task=task, requested_due=due, reason=reason, requested_by=actor.name, channel=actor.channel,
        chat_id=actor.chat_id, requested_at=at, state="pending",
    )  # fmt: skip
    session.add(request)
    session.flush()
    return request


def decide_extension(
    session: Session, request_id: int, approve: bool, *, admin: Actor, at: datetime
) -> DeadlineExtension:
    """Approve (the task's deadline moves, recorded as an event dated `at`) or reject a pending request.

    Raises:
        NotAdmin: `admin` is not an admin.
        NoSuchExtension: no request has that id.
        InvalidDecision: the request was decided already.
    """
    if not admin.is_admin:
        raise NotAdmin(admin)
    request = session.get(DeadlineExtension, request_id)
    if request is None:
        raise NoSuchExtension(request_id)
    decision = "approved" if approve else "rejected"
    if request.state != "pending":
        raise InvalidDecision(request_id, request.state, decision, kind="extension")
    request.state, request.decided_by, request.decided_at = decision, admin.name, at
    if approve:
        task = request.task
        old = task.deadline_due.isoformat() if task.deadline_due else task.deadline_text
        record_event(
            session, task, "deadline", old, request.requested_due.isoformat(), actor=admin.name,
            channel=admin.channel, at=at, as_of=at.date(), note=request.reason,
        )  # fmt: skip
        set_deadline(task, request.requested_due)
    session.flush()
    return request


def extensions(session: Session, state: str | None = None) -> list[DeadlineExtension]:
    """Extension requests, oldest first, optionally only those in `state`."""
    query = select(DeadlineExtension).order_by(DeadlineExtension.id)
    if state:
        query = query.where(DeadlineExtension.state == state)
    return list(session.scalars(query))


def extension_record(request: DeadlineExtension) -> dict[str, Any]:
    """A request as a listing prints it."""
    return {
        "id": request.id,
        "task_id": request.task_id,
        "requested_due": request.requested_due.isoformat(),
        "reason": request.reason,
        "requested_by": request.requested_by,
        "channel": request.channel,
        "state": request.state,
        "decided_by": request.decided_by,
        "decided_at": request.decided_at.isoformat() if request.decided_at else None,
    }
