"""Builders for progress-loop tests: tasks with one report written straight into a real database, actors, a clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.models import Source, Task, TaskReport, TaskUnit, Unit
from dondoc.followup.focal_points import Actor

NOW = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)
ADMIN = Actor("telegram", "-100", "Văn phòng Tổ công tác", is_admin=True)
HEALTH_CHAT = Actor("telegram", "501", "Chuyên viên Bộ Y tế")
STRANGER = Actor("telegram", "999", "Người lạ")


def unit(session: Session, name: str, current: str | None = None) -> Unit:
    """The unit row `name`, created when missing (with its 2025 successor)."""
    row = session.scalar(select(Unit).where(Unit.name == name))
    if row is None:
        row = Unit(name=name, kind="ministry", current=unit(session, current) if current else None)
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
