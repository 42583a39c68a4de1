"""What tests build their world from: the checkout's paths, database copies, units and tasks written as ingest or
a report would leave them, reminder ticks on Vietnam's wall clock, the real core with a chat, virtual time."""

from __future__ import annotations

import asyncio
import shutil
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, bindparam, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from dondoc.channels.fake import FakeChannel
from dondoc.channels.limits import Limits, RateLimiter
from dondoc.config import Settings
from dondoc.conversation.core import Conversation
from dondoc.conversation.messages import IncomingMessage, Reply
from dondoc.data.db import open_database, transaction
from dondoc.data.models import Base, Source, Task, TaskReport, TaskUnit, Unit
from dondoc.data.units import UnitRegistry
from dondoc.followup.focal_points import Actor
from dondoc.jobs import Outcome, tick
from dondoc.reminders import ReminderPolicy
from dondoc.reminders.subscriptions import subscribe

ROOT = Path(__file__).resolve().parents[1]  # the checkout
SHARED = ROOT.parent / "shared"  # the team's corpora and eval sets, beside the checkout when present
TODAY = date(2026, 11, 23)
VN = ZoneInfo("Asia/Ho_Chi_Minh")

# The follow-up loop's actors and the moment they act.
NOW = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)
ADMIN = Actor("telegram", "-100", "Văn phòng Tổ công tác", is_admin=True)
HEALTH_CHAT = Actor("telegram", "501", "Chuyên viên Bộ Y tế")
STRANGER = Actor("telegram", "999", "Người lạ")


def copy_database(source: str, target: str) -> None:
    """Copy the dondoc database at SQLite URL `source` to `target`: its files when `target` is a SQLite file,
    else its rows into that empty database (migrated first), each id sequence then moved past the copied ids."""
    if make_url(target).get_backend_name() == "sqlite":
        source_file, target_file = make_url(source).database, make_url(target).database
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{source_file}{suffix}").exists():
                shutil.copy(f"{source_file}{suffix}", f"{target_file}{suffix}")
        return
    reading, writing = create_engine(source), open_database(target)
    with reading.connect() as rows, transaction(writing) as session:
        for table in Base.metadata.sorted_tables:
            _copy_rows(rows, session, table)
            if "id" in table.columns:
                session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) FROM {table}")
                )
    reading.dispose()
    writing.kw["bind"].dispose()


def _copy_rows(source: Connection, target: Session, table: Table) -> None:
    """Every row of `table`; a column pointing into the same table is filled once all its rows exist."""
    rows = [dict(row._mapping) for row in source.execute(table.select())]
    if not rows:
        return
    later = [key.parent.name for key in table.foreign_keys if key.column.table is table]
    target.execute(table.insert(), [{**row, **dict.fromkeys(later)} for row in rows])
    for name in later:
        links = [{"row": r["id"], "points_to": r[name]} for r in rows if r[name] is not None]
        if links:
            update = table.update().where(table.c.id == bindparam("row")).values({name: bindparam("points_to")})
            target.execute(update, links)


def free_port() -> int:
    """A loopback port nobody listens on (for a server to bind, or for a client to find closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def no_wait(_seconds: float) -> None:
    """A sleep that returns at once, for code that would wait between retries."""


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A moment on Vietnam's wall clock."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def unit(session: Session, name: str, current: str | None = None, abbreviation: str | None = None) -> Unit:
    """The unit row `name`, created when missing, of the kind the registry gives it (with its 2025 successor)."""
    row = session.scalar(select(Unit).where(Unit.name == name))
    if row is None:
        entry = UnitRegistry.load().entries.get(name)
        successor = unit(session, current) if current else None
        row = Unit(name=name, kind=entry.kind if entry else "ministry", abbreviation=abbreviation, current=successor)
        session.add(row)
        session.flush()
    return row


def add_task(
    session: Session,
    lead: str = "Bộ Y tế",
    status: str = "in_progress",
    due: date | None = date(2026, 12, 31),
    issued: date = date(2025, 4, 15),
    document: str = "bao-cao-thang-4.txt",
) -> Task:
    """A task as ingest leaves it: fields from its one report, issued on `issued`."""
    source = session.scalar(select(Source).where(Source.document == document))
    if source is None:
        source = Source(document=document, title=document, layout="national", issued=issued, content_hash="x")
        session.add(source)
    task = Task(content=f"Nhiệm vụ của {lead}", status=status, deadline_due=due, deadline_kind="date")
    task.units.append(TaskUnit(unit=unit(session, lead), role="lead"))
    task.reports.append(
        TaskReport(source=source, row_key=str(len(source.reports)), section="I", line=1, content=task.content,
                   lead_text=lead, status=status)
    )  # fmt: skip
    session.add(task)
    session.flush()
    return task


@dataclass
class World:
    """Tasks and subscriptions written straight into a real database, each in its own transaction."""

    sessions: sessionmaker[Session]
    units: dict[str, int] = field(default_factory=dict)

    def unit(self, name: str, current: str | None = None, abbreviation: str | None = None) -> int:
        if name not in self.units:
            with transaction(self.sessions) as session:
                self.units[name] = unit(session, name, current, abbreviation).id
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
        outcomes += await tick(sessions, policy, {channel.name: channel}, now, owner=owner, sleep=no_wait)
        now += every
    return outcomes


def sent(outcomes: Iterable[Outcome]) -> list[tuple[date, str, str, tuple[int, ...]]]:
    """(day, chat, kind, task ids) of each message sent."""
    return [
        (o.reminder.day, o.reminder.chat_id, o.reminder.kind, o.reminder.task_ids)
        for o in outcomes
        if o.state == "sent"
    ]


def make_core(sessions: sessionmaker[Session], registry: UnitRegistry, **kwargs: object) -> Conversation:
    """The real core as `dondoc serve` builds it, on a fixed day."""
    settings = Settings.from_env({"DONDOC_DATA_DIR": "/nonexistent"})
    kwargs.setdefault("reminders", ReminderPolicy.from_settings(settings))
    return Conversation(sessions, registry, today=lambda: TODAY, **kwargs)  # type: ignore[arg-type]


class Chat:
    """One conversation with the core: `say` a text, `press` a button of the last reply by its label."""

    def __init__(self, core: Conversation, chat_id: str = "42", chat_type: str = "private", channel: str = "telegram"):
        self.core, self.chat_id, self.chat_type, self.channel = core, chat_id, chat_type, channel
        self.last: list[Reply] = []

    def message(self, text: str, **kwargs: object) -> IncomingMessage:
        fields = {"channel": self.channel, "chat_id": self.chat_id, "user_id": self.chat_id, "text": text}
        return IncomingMessage(**{**fields, "chat_type": self.chat_type, **kwargs})  # type: ignore[arg-type]

    def say(
        self, text: str, max_length: int = 4096, replied_buttons: list[str] | None = None, **kwargs: object
    ) -> list[Reply]:
        """Write `text`; `replied_buttons` are the button data of the bot message it replies to."""
        if replied_buttons is not None:
            kwargs["extras"] = {"replied_buttons": replied_buttons}
        self.last = self.core.handle(self.message(text, **kwargs), max_length)
        return self.last

    def text(self, text: str, **kwargs: object) -> str:
        """Everything the bot answered to `text`, as one string."""
        return "\n".join(reply.text for reply in self.say(text, **kwargs))

    def press(self, label: str) -> list[Reply]:
        return self.press_data(button(self.last, label))

    def press_data(self, data: str) -> list[Reply]:
        """Press a button carrying `data` (as any button, or forged data, would)."""
        self.last = self.core.handle(self.message(data, is_callback=True))
        return self.last


def button(replies: list[Reply], label: str) -> str:
    """The data of the button called `label` in some replies."""
    for reply in replies:
        for row in reply.buttons:
            for b in row:
                if b.text == label:
                    return b.data
    raise AssertionError(f"no button {label!r} in {[b.text for r in replies for row in r.buttons for b in row]}")


class VirtualTime:
    """A clock and a sleep for the rate limiter: sleeping moves the clock on at once, so tests never wait."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)

    def limiter(self, limits: Limits | None = None) -> RateLimiter:
        """A limiter keeping `limits` (Telegram's by default) on this clock."""
        return RateLimiter(limits, clock=self.clock, sleep=self.sleep)
