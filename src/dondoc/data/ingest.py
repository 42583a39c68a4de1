"""Ingesting a report: parse it, normalise every row the same way, merge with what is stored."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dondoc.data.merge import TaskMatcher
from dondoc.data.models import Source, Task, TaskReport, TaskUnit, Unit
from dondoc.data.parsers import ParsedTask, UnreadableReport, detect_layout
from dondoc.data.reconcile import reconcile, snapshot
from dondoc.data.unit_store import sync_units, unit_named
from dondoc.data.units import UnitRegistry
from dondoc.nlp.dates import parse_deadline
from dondoc.nlp.documents import document_keys
from dondoc.nlp.status import classify_status
from dondoc.nlp.text import normalize

BUNDLED_SOURCES = Path(__file__).with_name("sources")
_MANIFEST = json.loads((BUNDLED_SOURCES / "manifest.json").read_text(encoding="utf-8"))["documents"]
_LOCAL = re.compile(r"trên địa bàn\s+(.{3,60})", re.IGNORECASE)
_ISSUED = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(20\d\d)", re.IGNORECASE)


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


def bundled_paths() -> list[Path]:
    """The five Đề án 06 documents shipped with the package."""
    return sorted(BUNDLED_SOURCES.glob("*.txt"))


def read_report(path: Path) -> tuple[str, list[str], list[ParsedTask]]:
    """Read and parse one file: (layout name, lines, parsed rows).

    Raises:
        UnreadableReport: missing, not UTF-8 text, of no known layout, or without task rows.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UnreadableReport(str(path), "no such file") from None
    except (UnicodeDecodeError, IsADirectoryError) as error:
        raise UnreadableReport(str(path), f"not a UTF-8 text report ({error.__class__.__name__})") from None
    lines = text.splitlines()
    module = detect_layout(lines)
    if module is None:
        raise UnreadableReport(str(path), "not one of the known report layouts (Đề án 06 task tables or directives)")
    try:
        parsed = module.parse(lines)
    except (ValueError, IndexError) as error:
        raise UnreadableReport(str(path), f"the {module.LAYOUT} layout could not be read: {error}") from None
    if not parsed:
        raise UnreadableReport(str(path), "no task rows found")
    return module.LAYOUT, lines, parsed


def _issued(name: str, lines: list[str]) -> date:
    """The document's date: the manifest's, else the first "ngày … tháng … năm …", else today."""
    if name in _MANIFEST:
        return date.fromisoformat(_MANIFEST[name]["issued"])
    for line in lines[:60]:
        found = _ISSUED.search(line)
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
    return date.today()


def _scope(name: str, lines: list[str], registry: UnitRegistry) -> str | None:
    """The province a local report speaks for: the manifest's, else "trên địa bàn <tỉnh>" near the top."""
    if name in _MANIFEST:
        return _MANIFEST[name].get("scope")
    for line in lines[:20]:
        found = _LOCAL.search(line)
        if found:
            provinces = [n for n in registry.find_in_question(found[1]) if registry.entries[n].kind == "province"]
            if provinces:
                return provinces[0]
    return None


def _title(name: str, lines: list[str]) -> str:
    if name in _MANIFEST:
        return _MANIFEST[name]["title"]
    return next((normalize(line).strip("#* ") for line in lines if len(normalize(line)) > 10), name)[:300]


def ingest_paths(
    session: Session, paths: list[Path], registry: UnitRegistry, progress: Callable[[str], None] | None = None
) -> list[DocumentSummary]:
    """Ingest several reports in the open transaction, reading all of them before writing any.

    Raises:
        UnreadableReport: the first file that cannot be read; nothing has been written then.
    """
    reports = [(path, *read_report(path)) for path in paths]
    summaries = []
    for path, layout, lines, parsed in reports:
        summaries.append(_store(session, path.name, layout, lines, parsed, registry))
        if progress:
            progress(path.name)
    return summaries


def _store(
    session: Session, name: str, layout: str, lines: list[str], parsed: list[ParsedTask], registry: UnitRegistry
) -> DocumentSummary:
    """Store one parsed report: unchanged files are a no-op, changed ones are updated row by row."""
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    summary = DocumentSummary(name, layout)
    source = session.scalar(select(Source).where(Source.document == name))
    if source is not None and source.content_hash == digest:
        summary.unchanged = len(source.reports)
        return summary
    if source is None:
        source = Source(document=name, layout=layout, content_hash=digest, title="", issued=None)
        session.add(source)
    source.layout, source.content_hash = layout, digest
    source.title, source.issued = _title(name, lines), _issued(name, lines)
    source.scope = _scope(name, lines, registry)
    session.flush()

    units = sync_units(session, registry)
    rows = [_normalise(p, registry) for p in parsed]
    stored = {report.row_key: report for report in source.reports}
    matcher = _matcher(session, registry)
    dirty: set[Task] = set()
    for row_key, row in zip(_row_keys(parsed), rows, strict=True):
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
    return summary


def _row_keys(parsed: list[ParsedTask]) -> list[str]:
    """A stable key per row: its line, with "#n" for further tasks starting on the same line."""
    seen: dict[int, int] = {}
    keys = []
    for p in parsed:
        seen[p.line] = seen.get(p.line, 0) + 1
        keys.append(str(p.line) if seen[p.line] == 1 else f"{p.line}#{seen[p.line]}")
    return keys


def _normalise(parsed: ParsedTask, registry: UnitRegistry) -> _Row:
    lead, _coordinating = registry.resolve_cell(parsed.lead_text, parsed.coordinating_text)
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
        ]
    )


def _refresh(session: Session, task: Task, registry: UnitRegistry, units: dict[str, Unit]) -> None:
    """Recompute a task's current fields from its reports: the latest report speaks for it."""
    if not task.reports:
        session.delete(task)
        return
    before = snapshot(session, task)  # progress loop (data/reconcile.py): history events, updates kept
    reports = sorted(task.reports, key=lambda r: (r.source.issued or date.min, r.id or 0))
    latest = reports[-1]
    task.content = latest.content
    task.directing_docs = list(dict.fromkeys(doc for r in reports for doc in r.directing_docs))
    task.directing_keys = " " + " ".join(dict.fromkeys(k for d in task.directing_docs for k in document_keys(d))) + " "
    dated = [r for r in reports if r.deadline_text] or [latest]
    deadline = parse_deadline(dated[-1].deadline_text)
    task.deadline_text, task.deadline_kind, task.deadline_due = deadline.text, deadline.kind, deadline.due
    known = [r for r in reports if r.status != "unknown"] or [latest]
    task.status, task.status_text = known[-1].status, known[-1].status_text
    lead, coordinating = registry.resolve_cell(latest.lead_text, latest.coordinating_text)
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
    reconcile(session, task, before, status_from=known[-1], deadline_from=dated[-1], units_from=latest)
