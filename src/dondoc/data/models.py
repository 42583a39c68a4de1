"""SQLAlchemy 2 models: sources, tasks and their reports, units and aliases, subscriptions, reminder ledger, snoozes,
focal points, task events, deadline extensions, layout templates and used sign-in links."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from dondoc.nlp.periods import completion_date


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base shared by every table, so one metadata drives the migrations."""


class Source(Base):
    """A report file that was ingested; `content_hash` makes re-ingesting the same file a no-op."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(Text)
    layout: Mapped[str] = mapped_column(String(40))
    issued: Mapped[date | None] = mapped_column(Date)
    # The province a local report speaks for (None: national). A city's report gives the
    # city's progress on a national task, so it never overwrites the national status.
    scope: Mapped[str | None] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    # The document's own identity, read from its header ("Kế hoạch", "308/KH-UBND", "ỦY BAN NHÂN DÂN …").
    kind: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(80))
    issuer: Mapped[str | None] = mapped_column(String(255))
    # Stamped here, to the microsecond: whoever followed a unit before this moment hears of the report's tasks.
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, server_default=func.now())

    reports: Mapped[list[TaskReport]] = relationship(back_populates="source", cascade="all, delete-orphan")


class Unit(Base):
    """A responsible body (ministry, agency, province, group of bodies) under its canonical name.

    `current` points at the body that took it over in the 2025 reorganisation, so a task
    keeps the unit as written and can still be found under the new name.
    """

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    abbreviation: Mapped[str | None] = mapped_column(String(40))
    current_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))

    current: Mapped[Unit | None] = relationship(remote_side="Unit.id")
    aliases: Mapped[list[UnitAlias]] = relationship(back_populates="unit", cascade="all, delete-orphan")


class UnitAlias(Base):
    """One spelling or abbreviation of a unit, stored accent-folded for matching."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(400), unique=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")


class Task(Base):
    """One assigned task; its current deadline and status come from its latest report."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    directing_docs: Mapped[list[str]] = mapped_column(JSON, default=list)
    # " nq-50 ct-7 ": document keys between spaces, so a filter is one LIKE on any database.
    directing_keys: Mapped[str] = mapped_column(Text, default=" ")
    deadline_text: Mapped[str | None] = mapped_column(Text)
    deadline_kind: Mapped[str] = mapped_column(String(12), default="none")
    deadline_due: Mapped[date | None] = mapped_column(Date, index=True)
    # "cell": the report's deadline column; "text": read from the task's own sentence.
    deadline_source: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12), default="unknown", index=True)
    status_text: Mapped[str | None] = mapped_column(Text)
    # The latest full date the result text gives (`nlp.periods.completion_date`), set with the text: for a
    # finished task, when it finished, so SQL tells done late from done on time (`data.task_state`).
    result_date: Mapped[date | None] = mapped_column(Date)

    units: Mapped[list[TaskUnit]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskUnit.position"
    )
    reports: Mapped[list[TaskReport]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskReport.id"
    )

    @validates("status_text")
    def _date_result(self, _key: str, text: str | None) -> str | None:
        self.result_date = completion_date(text)
        return text


class TaskUnit(Base):
    """A unit's role in a task: `lead` or `coordinating`, with the name as the report wrote it."""

    __tablename__ = "task_units"
    __table_args__ = (UniqueConstraint("task_id", "unit_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    position: Mapped[int] = mapped_column(Integer, default=0)

    task: Mapped[Task] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()


class TaskReport(Base):
    """What one document says about a task: where (section, STT, line) and with which status."""

    __tablename__ = "task_reports"
    __table_args__ = (UniqueConstraint("source_id", "row_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    # The row's place in its document: its line, and "#n" for the n-th task that starts on the
    # same line (a prose paragraph listing several), so re-ingesting finds the same row again.
    row_key: Mapped[str] = mapped_column(String(40))
    section: Mapped[str] = mapped_column(Text)
    stt: Mapped[str | None] = mapped_column(String(20))
    line: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    directing_docs: Mapped[list[str]] = mapped_column(JSON, default=list)
    lead_text: Mapped[str] = mapped_column(Text)
    coordinating_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    status_text: Mapped[str | None] = mapped_column(Text)
    deadline_text: Mapped[str | None] = mapped_column(Text)

    task: Mapped[Task] = relationship(back_populates="reports")
    source: Mapped[Source] = relationship(back_populates="reports")


class Subscription(Base):
    """A chat that asked to hear about a unit's tasks (per channel, chat and canonical unit)."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("channel", "chat_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    muted_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, server_default=func.now())

    unit: Mapped[Unit] = relationship()


class ReminderLedger(Base):
    """One reminder or digest owed to a chat on a day; claimed before sending, marked sent after.

    The unique key is what makes every reminder go out once, however many schedulers run
    and however often they restart.
    """

    __tablename__ = "reminder_ledger"
    __table_args__ = (
        UniqueConstraint("channel", "chat_id", "kind", "subject", "day"),
        Index("ix_reminder_ledger_day", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(120))
    day: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default="claimed")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When a failed send may be tried again; NULL on a failed row means it was given up.
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(64))


class ReminderSnooze(Base):
    """A chat pressed "Nhắc lại sau" on a task: its reminders wait until `until`, then come once more."""

    __tablename__ = "reminder_snoozes"
    __table_args__ = (UniqueConstraint("channel", "chat_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FocalPoint(Base):
    """A chat that asked to report progress for a unit, and what an admin decided.

    `state` is pending, approved, rejected or revoked; asking again after a refusal reuses the row.
    """

    __tablename__ = "focal_points"
    __table_args__ = (UniqueConstraint("channel", "chat_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    requested_by: Mapped[str] = mapped_column(String(120))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(12), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    unit: Mapped[Unit] = relationship()


class TaskEvent(Base):
    """One change of a task's status, deadline, units or note; appended, never edited.

    `as_of` is the day the information speaks for (a report's issue date, an update's date): the
    newest information wins by it. `update_key` makes an update applied twice count once.
    """

    __tablename__ = "task_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(12))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    source_document: Mapped[str | None] = mapped_column(String(255))
    update_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    # False when newer information already stood: the event is kept, the task did not change.
    applied: Mapped[bool] = mapped_column(Boolean, default=True)
    # A report event that overrode a chat or CLI update: the admins must be told.
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("task_events.id"))

    task: Mapped[Task] = relationship()


class DeadlineExtension(Base):
    """A unit asking to move a task's deadline; an approved one changes the deadline (as an event)."""

    __tablename__ = "deadline_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    requested_due: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(12), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    task: Mapped[Task] = relationship()


class LayoutTemplate(Base):
    """A reading an admin mapped by hand for a report layout no rule reads (`ingest.templates`).

    `signature` is the layout's key (issuer and header words, `ingest.templates.layout_signature`):
    one template per layout, and the next report with that layout is read with it.
    """

    __tablename__ = "layout_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    signature: Mapped[str] = mapped_column(String(64), unique=True)
    issuer: Mapped[str | None] = mapped_column(String(255))
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SigninLink(Base):
    """A one-time sign-in link to the web pages that was used: its nonce, role, expiry and when it was used.

    The nonce is the key, so of two web processes on one database only the first to record a link signs in.
    """

    __tablename__ = "signin_links"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(12))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
