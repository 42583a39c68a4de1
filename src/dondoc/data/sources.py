"""The ingested reports (sources): which are stored, their names, how many rows and tasks each gave, and what
each said about a task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dondoc.data.models import Source, TaskReport


def source_ids(session: Session) -> set[int]:
    """The ids of every stored report (compared before and after an ingest, they name the reports it added)."""
    return set(session.scalars(select(Source.id)))


@dataclass(frozen=True)
class SourceSummary:
    """An ingested report as the reports page lists it: its identity, and how many rows and tasks it gave."""

    document: str
    title: str
    layout: str
    issued: date | None
    scope: str | None
    ingested_at: datetime | None
    rows: int
    tasks: int


def source_summaries(session: Session) -> list[SourceSummary]:
    """Every ingested report, newest first (undated last), with its counts of rows and distinct tasks."""
    counts = (
        select(
            TaskReport.source_id,
            func.count(TaskReport.id).label("rows"),
            func.count(func.distinct(TaskReport.task_id)).label("tasks"),
        )
        .group_by(TaskReport.source_id)
        .subquery()
    )
    query = (
        select(Source, counts.c.rows, counts.c.tasks)
        .outerjoin(counts, counts.c.source_id == Source.id)
        .order_by(Source.issued.desc().nulls_last(), Source.document)
    )
    return [
        SourceSummary(s.document, s.title, s.layout, s.issued, s.scope, s.ingested_at, rows or 0, tasks or 0)
        for s, rows, tasks in session.execute(query)
    ]


def source_documents(session: Session) -> list[str]:
    """The file names of the ingested reports, newest first (undated last): what a listing can be narrowed to."""
    return list(session.scalars(select(Source.document).order_by(Source.issued.desc().nulls_last(), Source.document)))


@dataclass(frozen=True)
class ReportLine:
    """What one report said about a task (its row as written), with the report's file, title and date."""

    document: str
    title: str
    issued: date | None
    section: str
    stt: str | None
    line: int
    content: str
    status_text: str | None
    deadline_text: str | None
    lead_text: str


def reports_about(session: Session, task_id: int) -> list[ReportLine]:
    """Every report row that mentioned the task, oldest report first (undated first), in the order stored."""
    rows = session.execute(
        select(TaskReport, Source.document, Source.title, Source.issued)
        .join(Source, Source.id == TaskReport.source_id)
        .where(TaskReport.task_id == task_id)
    )
    ordered = sorted(rows, key=lambda row: (row[3] or date.min, row[0].id))
    return [
        ReportLine(document, title, issued, r.section, r.stt, r.line, r.content, r.status_text, r.deadline_text,
                   r.lead_text)
        for r, document, title, issued in ordered
    ]  # fmt: skip
