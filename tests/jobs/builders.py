"""Builders for reminder tests: synthetic units, tasks and subscriptions, a wall clock in Vietnam, ticks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from dondoc.channels.fake import FakeChannel
from dondoc.data.db import transaction
from dondoc.data.models import Task, TaskUnit, Unit
from dondoc.data.units import UnitRegistry
from dondoc.jobs import Outcome, tick
from dondoc.reminders import ReminderPolicy
from dondoc.reminders.subscriptions import subscribe

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def _no_wait(_seconds: float) -> None:
    return None


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A moment on Vietnam's wall clock."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


@dataclass
class World:
    """Tasks and subscriptions written straight into a real database, as the ingest would."""

    sessions: sessionmaker[Session]
    units: dict[str, int] = field(default_factory=dict)

    def unit(self, name: str, current: str | None = None, abbreviation: str | None = None) -> int:
        if name not in self.units:
            current_id = self.unit(current) if current else None
            with transaction(self.sessions) as session:
                entry = UnitRegistry.load().entries.get(name)
                kind = entry.kind if entry else "ministry"
                row = Unit(name=name, kind=kind, abbreviation=abbreviation, current_id=current_id)
                session.add(row)
                session.flush()
                self.units[name] = row.id
        return self.units[name]

    def task(
        self,
        content: str,
        due: date | None,
        lead: Iterable[str] = ("Bộ Y tế",),
        coordinating: Iterable[str] = (),
        status: str = "not_done",
        deadline_kind: str = "date",
        docs: Iterable[str] = ("Chỉ thị 07/CT-TTg",),
        status_text: str | None = None,
    ) -> int:
        roles = [("lead", name) for name in lead] + [("coordinating", name) for name in coordinating]
        unit_ids = [(role, self.unit(name)) for role, name in roles]
        with transaction(self.sessions) as session:
            task = Task(
                content=content,
                directing_docs=list(docs),
                directing_keys=" ",
                deadline_text=due.strftime("%d/%m/%Y") if due else "Thường xuyên",
                deadline_kind=deadline_kind,
                deadline_due=due,
                status=status,
                status_text=status_text,
            )
            task.units = [TaskUnit(unit_id=uid, role=role, position=i) for i, (role, uid) in enumerate(unit_ids)]
            session.add(task)
            session.flush()
            return task.id

    def set_status(self, task_id: int, status: str) -> None:
        with transaction(self.sessions) as session:
            session.get(Task, task_id).status = status

    def subscribe(self, chat_id: str, unit: str, channel: str = "telegram") -> None:
        self.unit(unit)
        with transaction(self.sessions) as session:
            subscribe(session, channel, chat_id, unit)


async def run_ticks(
    sessions: sessionmaker[Session],
    policy: ReminderPolicy,
    channel: FakeChannel,
    start: datetime,
    end: datetime,
    every: timedelta = timedelta(hours=1),
    owner: str = "test",
) -> list[Outcome]:
    """Tick like the scheduler from `start` to `end` (exclusive); every outcome, in order."""
    outcomes: list[Outcome] = []
    now = start
    while now < end:
        outcomes += await tick(sessions, policy, {channel.name: channel}, now, owner=owner, sleep=_no_wait)
        now += every
    return outcomes


def sent(outcomes: Iterable[Outcome]) -> list[tuple[date, str, str, tuple[int, ...]]]:
    """(day, chat, kind, task ids) of each message sent."""
    return [
        (o.reminder.day, o.reminder.chat_id, o.reminder.kind, o.reminder.task_ids)
        for o in outcomes
        if o.state == "sent"
    ]
