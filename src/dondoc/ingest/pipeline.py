"""Ingesting reports: read them all, normalise every row the same way, merge with what is stored, check it.

Everything happens in the caller's transaction: `ingest_paths` raises `IngestHeld` (and the
caller's transaction rolls back) when a file contradicts what is known, unless forced;
`preview_ingest` runs the same ingest and always rolls it back, returning what would change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from dondoc.data.models import Source, Task, TaskReport, TaskUnit, Unit
from dondoc.data.unit_store import sync_units, unit_named
from dondoc.data.units import UnitRegistry
from dondoc.followup.reconcile import reconcile
from dondoc.followup.reconcile import snapshot as task_snapshot
from dondoc.ingest.layouts import LAYOUTS, ParsedTask
from dondoc.ingest.merge import TaskMatcher
from dondoc.ingest.preview import DocumentPreview, IngestHeld, Preview, hold_reasons, snapshot, weak_rows
from dondoc.ingest.report_reader import BUNDLED_SOURCES, GENERAL_LAYOUT, ReportReading, bundled_paths, read_report
from dondoc.ingest.templates import Template, list_templates
from dondoc.nlp.dates import find_prose_deadline, parse_deadline
from dondoc.nlp.documents import document_keys
from dondoc.nlp.status import classify_status
from dondoc.nlp.text import normalize

__all__ = [
    "BUNDLED_SOURCES",
    "DocumentSummary",
    "IngestHeld",
    "Preview",
    "bundled_paths",
    "ingest_paths",
    "preview_ingest",
    "read_report",
]


@dataclass
class DocumentSummary:
    """What ingesting one document changed, per task report."""

    document: str
    layout: str
    added: int = 0
    merged: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        return self.added + self.merged + self.updated + self.unchanged


@dataclass(frozen=True)
class _Row:
    """A parsed row after the shared normalisation, ready to compare with a stored report."""

    parsed: ParsedTask
    lead: tuple[str, ...]
    status: str

    def report_fields(self) -> dict[str, object]:
        p = self.parsed
        return {
            "section": p.section,
            "stt": p.stt,
            "content": p.content,
            "directing_docs": p.directing_docs,
            "lead_text": p.lead_text,
            "coordinating_text": p.coordinating_text,
            "status": self.status,
            "status_text": normalize(p.result_text) if p.result_text else None,
            "deadline_text": normalize(p.deadline_text) if p.deadline_text else None,
        }


def ingest_paths(
    session: Session,
    paths: list[Path],
    registry: UnitRegistry,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
    template: Template | None = None,
) -> list[DocumentSummary]:
    """Ingest several reports in the open transaction, reading all of them before writing any.

    Args:
        session: the caller's transaction; it must roll back when this raises.
        paths: the files.
        registry: the unit registry.
        progress: called with each file name once it is stored.
        force: store a report even when it is held back (rows without a unit are still left out).
        template: read every file with this template or mapping; without it, a stored template
            reads the files of its layout.

    Raises:
        UnreadableReport: the first file that cannot be read; nothing has been written then.
        IngestHeld: the files contradict what is known or yield incomplete rows; the reasons say which.
    """
    summaries, preview = _run(session, paths, registry, progress, template)
    if preview.held and not force:
        raise IngestHeld(preview)
    return summaries


def preview_ingest(
    sessions: sessionmaker[Session], paths: list[Path], registry: UnitRegistry, template: Template | None = None
) -> Preview:
    """What ingesting `paths` would change, computed by ingesting them and rolling back.

    Args:
        template: read every file with this template or mapping (as `ingest_paths`).

    Returns:
        New tasks, tasks changed (old -> new deadline, status, units, content), rows that could
        not be read, a confidence per document, and the reasons a real ingest would be held back.

    Raises:
        UnreadableReport: a file cannot be read at all.
    """
    with sessions() as session:
        try:
            _summaries, preview = _run(session, paths, registry, None, template)
        finally:
            session.rollback()
    return preview


def _run(
    session: Session,
    paths: list[Path],
    registry: UnitRegistry,
    progress: Callable[[str], None] | None,
    template: Template | None,
) -> tuple[list[DocumentSummary], Preview]:
    templates = [] if template else list_templates(session)
    readings = [read_report(path, registry, templates, template) for path in paths]
    before = snapshot(session)
    summaries, documents = [], []
    for reading in readings:
        summary, document = _store(session, reading, registry)
        summaries.append(summary)
        documents.append(document)
        if progress:
            progress(reading.name)
    session.flush()
    preview = Preview.between(before, snapshot(session), documents)
    preview.held = hold_reasons(preview)
    return summaries, preview


def _store(session: Session, reading: ReportReading, registry: UnitRegistry) -> tuple[DocumentSummary, DocumentPreview]:
    """Store one report: a known content is a no-op whatever its name; a changed one is updated row by row."""
    rows = [_normalise(p, registry, reading.layout, reading.header.scope) for p in reading.tasks]
    usable = [row for row in rows if row.lead and row.parsed.content.strip()]
    document = DocumentPreview.of(reading, weak_rows([(r.parsed, r.lead) for r in rows]))
    summary = DocumentSummary(reading.name, reading.layout)
    known = session.scalar(select(Source).where(Source.content_hash == reading.digest))
    if known is not None:
        document.recognised_as = known.document
        summary.document, summary.unchanged = known.document, len(known.reports)
        return summary, document
    source = session.scalar(select(Source).where(Source.document == reading.name))
    if source is None:
        source = Source(document=reading.name, layout=reading.layout, content_hash="", title="", issued=None)
        session.add(source)
    header = reading.header
    source.layout, source.content_hash = reading.layout, reading.digest
    source.title, source.issued, source.scope = header.title, header.issued, header.scope
    source.kind, source.number, source.issuer = header.kind, header.number, header.issuer
    session.flush()

    units = sync_units(session, registry)
    stored = {report.row_key: report for report in source.reports}
    matcher = _matcher(session, registry)
    dirty: set[Task] = set()
    for row_key, row in zip(_row_keys([r.parsed for r in usable]), usable, strict=True):
        report = stored.pop(row_key, None)
        fields = row.report_fields()
        if report is not None:
            if all(getattr(report, key) == value for key, value in fields.items()):
                summary.unchanged += 1
                continue
            for key, value in fields.items():
                setattr(report, key, value)
            summary.updated += 1
        else:
            current = {registry.current_of(name) for name in row.lead}
            task = matcher.find(row.parsed.content, source.id, current, source.scope)
            if task is None:
                task = Task(content=row.parsed.content)
                session.add(task)
                matcher.add(task, task.content, source.id, current, source.scope)
                summary.added += 1
            else:
                summary.merged += 1
            report = TaskReport(task=task, source=source, line=row.parsed.line, row_key=row_key, **fields)
            session.add(report)
        dirty.add(report.task)
    for report in stored.values():
        dirty.add(report.task)
        report.task.reports.remove(report)  # delete-orphan removes the row
        summary.removed += 1
    for task in dirty:
        _refresh(session, task, registry, units)
    return summary, document


def _row_keys(parsed: list[ParsedTask]) -> list[str]:
    """A stable key per row: its line, with "#n" for further tasks starting on the same line."""
    seen: dict[int, int] = {}
    keys = []
    for p in parsed:
        seen[p.line] = seen.get(p.line, 0) + 1
        keys.append(str(p.line) if seen[p.line] == 1 else f"{p.line}#{seen[p.line]}")
    return keys


def _units(
    registry: UnitRegistry, layout: str, lead: str, coordinating: str | None, province: str | None
) -> tuple[list[str], list[str]]:
    """A row's lead and coordinating units: the general reader's are read already, a bundled layout's are cells;
    a province's own report names its bodies with the province (`UnitRegistry.local_name`)."""
    if layout == GENERAL_LAYOUT:
        lead_units = registry.resolve_names(lead)
        coordinating_units = [name for name in registry.resolve_names(coordinating) if name not in lead_units]
    else:
        lead_units, coordinating_units = registry.resolve_cell(lead, coordinating)
    if layout in LAYOUTS or province is None:
        return lead_units, coordinating_units
    local = [registry.local_name(name, province) for name in lead_units]
    return list(dict.fromkeys(local)), [
        name
        for name in dict.fromkeys(registry.local_name(n, province) for n in coordinating_units)
        if name not in local
    ]


def _normalise(parsed: ParsedTask, registry: UnitRegistry, layout: str, province: str | None) -> _Row:
    lead, _coordinating = _units(registry, layout, parsed.lead_text, parsed.coordinating_text, province)
    status = parsed.status_hint or classify_status(parsed.result_text)
    return _Row(parsed, tuple(lead), status)


def _matcher(session: Session, registry: UnitRegistry) -> TaskMatcher[Task]:
    tasks = session.scalars(
        select(Task).options(selectinload(Task.reports).selectinload(TaskReport.source), selectinload(Task.units))
    ).all()
    return TaskMatcher(
        [
            (
                task,
                task.content,
                {report.source_id for report in task.reports},
                {registry.current_of(tu.unit.name) for tu in task.units if tu.role == "lead"},
                task.reports[0].source.scope,
            )
            for task in tasks
            if task.reports
        ]
    )


def _refresh(session: Session, task: Task, registry: UnitRegistry, units: dict[str, Unit]) -> None:
    """Recompute a task's current fields from its reports: the latest dated report speaks for it.

    An undated report sorts before every dated one, so it never overrides what a dated report says.
    """
    if not task.reports:
        session.delete(task)
        return
    before = task_snapshot(session, task)  # progress loop (data/reconcile.py): history events, updates kept
    reports = sorted(task.reports, key=lambda r: (r.source.issued or date.min, r.id or 0))
    latest = reports[-1]
    task.content = latest.content
    task.directing_docs = list(dict.fromkeys(doc for r in reports for doc in r.directing_docs))
    task.directing_keys = " " + " ".join(dict.fromkeys(k for d in task.directing_docs for k in document_keys(d))) + " "
    dated = [r for r in reports if r.deadline_text]
    deadline, task.deadline_source = parse_deadline(dated[-1].deadline_text if dated else None), "cell"
    if not dated and (written := find_prose_deadline(latest.content)):
        # An empty deadline cell, a deadline in the sentence ("…, hoàn thành trong tháng 6 năm 2024").
        deadline, task.deadline_source = parse_deadline(written), "text"
    task.deadline_text, task.deadline_kind, task.deadline_due = deadline.text, deadline.kind, deadline.due
    known = [r for r in reports if r.status != "unknown"] or [latest]
    task.status, task.status_text = known[-1].status, known[-1].status_text
    source = latest.source
    lead, coordinating = _units(registry, source.layout, latest.lead_text, latest.coordinating_text, source.scope)
    wanted = [(name, "lead") for name in lead] + [(name, "coordinating") for name in coordinating]
    # Rewrite the unit rows only when they differ: a flush inserts before it deletes, so
    # replacing identical rows would trip the (task, unit, role) unique key.
    if [(tu.unit.name, tu.role) for tu in task.units] != wanted:
        task.units.clear()
        session.flush()
        task.units.extend(
            TaskUnit(unit=unit_named(session, units, name), role=role, position=i)
            for i, (name, role) in enumerate(wanted)
        )
    reconcile(session, task, before, status_from=known[-1], deadline_from=(dated or [latest])[-1], units_from=latest)
