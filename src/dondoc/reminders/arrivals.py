"""The tasks a report brought: what the followers of their units are told once, however the report came in.

Read from what is stored (a task's first report names the report that brought it), so the news of a
report survives a restart of the bot and quiet hours, and every process computes the same notices.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from dondoc.data.models import Source, Task, TaskReport, TaskUnit, Unit
from dondoc.data.units import UnitRegistry
from dondoc.reminders.subscriptions import chats_for_units, followed_names


@dataclass(frozen=True)
class Arrival:
    """The new tasks of one report for one following chat."""

    source_id: int
    day: date  # the day the report was ingested (UTC), part of the notice's ledger key
    channel: str
    chat_id: str
    tasks: tuple[Task, ...]


def arrivals(
    session: Session,
    registry: UnitRegistry,
    *,
    since: datetime | None = None,
    sources: Collection[int] | None = None,
    today: date | None = None,
) -> list[Arrival]:
    """For each report ingested since `since` (and among `sources`, when given), the chats that followed a
    lead unit of a task it brought before it came in, with those tasks; oldest report first.

    Args:
        today: when given, chats muted until today or later are left out.
    """
    query = select(Source).order_by(Source.id)
    if since is not None:
        query = query.where(Source.ingested_at >= _utc(since))
    if sources is not None:
        query = query.where(Source.id.in_(list(sources)))
    found: list[Arrival] = []
    for source in session.scalars(query):
        mine = select(TaskReport.task_id).where(TaskReport.source_id == source.id)
        earlier = aliased(TaskReport)
        first_reports = select(func.min(earlier.id)).where(earlier.task_id.in_(mine)).group_by(earlier.task_id)
        brought = session.scalars(
            select(Task)
            .join(TaskReport, TaskReport.task_id == Task.id)
            .where(TaskReport.source_id == source.id, TaskReport.id.in_(first_reports))
            .order_by(Task.id)
            .options(selectinload(Task.units).selectinload(TaskUnit.unit).selectinload(Unit.current))
        ).all()
        leads = {task.id: [tu.unit.name for tu in task.units if tu.role == "lead"] for task in brought}
        every_lead = [name for names in leads.values() for name in names]
        chats = chats_for_units(session, every_lead, registry, today, subscribed_by=source.ingested_at)
        by_chat: dict[tuple[str, str], list[Task]] = {}
        for task in brought:  # one query for the report, then each task to the chats following one of its leads
            wanted = set(followed_names(leads[task.id], registry))
            for chat, followed in chats.items():
                if wanted.intersection(followed):
                    by_chat.setdefault(chat, []).append(task)
        day = _utc(source.ingested_at).date()
        found += [
            Arrival(source.id, day, channel, chat_id, tuple(tasks)) for (channel, chat_id), tasks in by_chat.items()
        ]
    return found


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC times; PostgreSQL aware ones."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
