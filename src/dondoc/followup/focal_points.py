"""Focal points: a chat asks to report progress for a unit, an admin decides; who may update which task.

Chat, CLI and web call these same functions: each takes who acts and when explicitly, and none commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.models import FocalPoint, Task, TaskUnit, Unit
from dondoc.data.tasks import unit_names_for
from dondoc.data.unit_store import unit_named
from dondoc.data.units import UnitRegistry

STATES = ("pending", "approved", "rejected", "revoked")
# What each decision may follow: an approval answers a request, a revocation ends an approval.
_DECISIONS = {"approved": ("pending",), "rejected": ("pending",), "revoked": ("approved",)}


@dataclass(frozen=True)
class Actor:
    """Who acts, through which channel: a chat (its id), the terminal, a web user.

    Attributes:
        channel: "telegram", "zalo", "console", "cli", "web".
        chat_id: the chat as the channel writes it ("terminal" for the CLI).
        name: the person or chat shown in the history.
        is_admin: an admin chat or the terminal: may update any task and decide requests.
    """

    channel: str
    chat_id: str
    name: str
    is_admin: bool = False


class NoSuchFocalPoint(Exception):
    """Raised when a focal-point request id is not in the database."""

    def __init__(self, request_id: int) -> None:
        super().__init__(f"no focal-point request with id {request_id}")
        self.request_id = request_id


class InvalidDecision(Exception):
    """Raised when a request cannot take that decision in its state (approving a revoked one, say).

    `kind` says which requests: "focal" (focal points) or "extension" (deadline extensions).
    """

    def __init__(self, request_id: int, state: str, decision: str, kind: str = "focal") -> None:
        super().__init__(f"{kind} request {request_id} is {state}; it cannot become {decision}")
        self.request_id, self.state, self.decision, self.kind = request_id, state, decision, kind


class NotAdmin(Exception):
    """Raised when someone who is not an admin tries an admin's action."""

    def __init__(self, actor: Actor) -> None:
        super().__init__(f"{actor.name} ({actor.channel}) is not an admin")
        self.actor = actor


def request_focal_point(session: Session, actor: Actor, unit: str, at: datetime) -> FocalPoint:
    """Ask for `actor`'s chat to report for `unit`; asking again after a refusal makes it pending again.

    Args:
        unit: a canonical unit name (resolve user input with `UnitRegistry.lookup` first).
        at: when the request was made.

    Returns:
        The request; an already pending or approved one is returned unchanged.
    """
    row = session.scalar(select(Unit).where(Unit.name == unit)) or unit_named(session, {}, unit)
    point = session.scalar(
        select(FocalPoint).where(
            FocalPoint.channel == actor.channel, FocalPoint.chat_id == actor.chat_id, FocalPoint.unit_id == row.id
        )
    )
    if point is None:
        point = FocalPoint(channel=actor.channel, chat_id=actor.chat_id, unit=row, requested_by=actor.name)
        session.add(point)
    elif point.state in ("pending", "approved"):
        return point
    point.state, point.requested_at, point.requested_by = "pending", at, actor.name
    point.decided_by = point.decided_at = None
    session.flush()
    return point


def decide(session: Session, request_id: int, decision: str, admin: Actor, at: datetime) -> FocalPoint:
    """Approve, reject or revoke a focal point.

    Args:
        decision: "approved", "rejected" or "revoked".

    Raises:
        NotAdmin: `admin` is not an admin.
        NoSuchFocalPoint: no request has that id.
        InvalidDecision: the request's state does not allow it (only pending requests are decided,
            only approved ones revoked).
    """
    if not admin.is_admin:
        raise NotAdmin(admin)
    point = session.get(FocalPoint, request_id)
    if point is None:
        raise NoSuchFocalPoint(request_id)
    if point.state not in _DECISIONS[decision]:
        raise InvalidDecision(request_id, point.state, decision)
    point.state, point.decided_by, point.decided_at = decision, admin.name, at
    session.flush()
    return point


def focal_points(session: Session, state: str | None = None) -> list[FocalPoint]:
    """Every request, oldest first, optionally only those in `state`."""
    query = select(FocalPoint).join(Unit).order_by(FocalPoint.id)
    if state:
        query = query.where(FocalPoint.state == state)
    return list(session.scalars(query))


def chat_focal_points(session: Session, channel: str, chat_id: str) -> list[FocalPoint]:
    """A chat's requests in every state, by unit name: what /dangky tells it it may do."""
    query = (
        select(FocalPoint)
        .join(Unit)
        .where(FocalPoint.channel == channel, FocalPoint.chat_id == chat_id)
        .order_by(Unit.name)
    )
    return list(session.scalars(query))


def approved_focal_point(session: Session, channel: str, chat_id: str, unit: str) -> FocalPoint | None:
    """The chat's approved right to report for `unit` (a canonical name), or None: what /thuhoi revokes."""
    return session.scalar(
        select(FocalPoint)
        .join(Unit)
        .where(
            FocalPoint.channel == channel,
            FocalPoint.chat_id == chat_id,
            Unit.name == unit,
            FocalPoint.state == "approved",
        )
    )


def approved_units(session: Session, channel: str, chat_id: str) -> list[str]:
    """The units a chat may report for."""
    return list(
        session.scalars(
            select(Unit.name)
            .join(FocalPoint, FocalPoint.unit_id == Unit.id)
            .where(FocalPoint.channel == channel, FocalPoint.chat_id == chat_id, FocalPoint.state == "approved")
            .order_by(Unit.name)
        )
    )


def can_update(session: Session, actor: Actor, task: Task, registry: UnitRegistry) -> bool:
    """Whether `actor` may update `task`: an admin, or an approved focal point of one of its lead units.

    A unit also covers the units it took over in 2025, so Bộ Tài chính's focal point updates
    Bộ Kế hoạch và Đầu tư's tasks.
    """
    if actor.is_admin:
        return True
    units = approved_units(session, actor.channel, actor.chat_id)
    if not units:
        return False
    covered = unit_names_for(registry, tuple(units))
    leads = session.scalars(
        select(Unit.name)
        .join(TaskUnit, TaskUnit.unit_id == Unit.id)
        .where(TaskUnit.task_id == task.id, TaskUnit.role == "lead")
    )
    return any(name in covered for name in leads)


def focal_record(point: FocalPoint) -> dict[str, object]:
    """A request as `dondoc focal list --json` prints it."""
    return {
        "id": point.id,
        "channel": point.channel,
        "chat_id": point.chat_id,
        "unit": point.unit.name,
        "state": point.state,
        "requested_by": point.requested_by,
        "requested_at": point.requested_at.isoformat() if point.requested_at else None,
        "decided_by": point.decided_by,
        "decided_at": point.decided_at.isoformat() if point.decided_at else None,
    }
