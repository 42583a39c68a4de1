"""The ingested reports (sources): which are stored, their names, how many rows and tasks each gave, and what
each said about a task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dondoc.data.models import Source, TaskReport
from dondoc.nlp.documents import document_keys, report_name


def source_name(source: Source) -> str:
    """How a stored report is cited: "Thông báo 624/TB-VPCP ngày 16/11/2025" (`nlp.documents.report_name`)."""
    return report_name(source.kind, source.number, source.issued, source.title, source.document)


def source_ids(session: Session) -> set[int]:
    """The ids of every stored report (compared before and after an ingest, they name the reports it added)."""
    return set(session.scalars(select(Source.id)))


@dataclass(frozen=True)
class SourceSummary:
    """An ingested report as `dondoc reports` and the reports page list it: its identity, and how many rows
    and tasks it gave.

    Attributes:
        name: how officials name it (`source_name`): "Thông báo 624/TB-VPCP ngày 16/11/2025".
        document: the file it was read from.
    """

    name: str
    kind: str | None
    number: str | None
    issued: date | None
    issuer: str | None
    scope: str | None
    title: str
    document: str
    layout: str
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
        SourceSummary(
            source_name(s), s.kind, s.number, s.issued, s.issuer, s.scope, s.title, s.document, s.layout,
            s.ingested_at, rows or 0, tasks or 0,
        )
        for s, rows, tasks in session.execute(query)
    ]  # fmt: skip


def sources_named(session: Session, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The files of the reports whose own kind and number have one of these document keys ("tb-624": the report
    "Thông báo 624/TB-VPCP"), newest first."""
    wanted = set(keys)
    query = select(Source.document, Source.kind, Source.number).order_by(Source.issued.desc().nulls_last())
    return tuple(
        document
        for document, kind, number in session.execute(query.where(Source.number.is_not(None)))
        if wanted & set(document_keys(f"{kind or ''} {number}"))
    )


def source_names(session: Session) -> list[tuple[str, str]]:
    """The ingested reports as (file name, `report_name`), newest first (undated last): what a listing can be
    narrowed to."""
    query = select(Source).order_by(Source.issued.desc().nulls_last(), Source.document)
    return [(source.document, source_name(source)) for source in session.scalars(query)]


@dataclass(frozen=True)
class ReportLine:
    """What one report said about a task (its row as written), with the report's name (`source_name`), file,
    title and date."""

    name: str
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
        select(TaskReport, Source).join(Source, Source.id == TaskReport.source_id).where(TaskReport.task_id == task_id)
    )
    ordered = sorted(rows, key=lambda row: (row[1].issued or date.min, row[0].id))
    return [
        ReportLine(source_name(s), s.document, s.title, s.issued, r.section, r.stt, r.line, r.content, r.status_text,
                   r.deadline_text, r.lead_text)
        for r, s in ordered
    ]  # fmt: skip
