"""Every call the web pages make into dondoc's library, in one place, so each can be re-pointed in minutes.

The pages add no business logic and no SQL; this module only assembles what a page shows from library calls:
counting is `data.statistics`, states are `data.task_state` in the words of `conversation.wording`, the
register's page is `data.listing_pages`, reports are `data.sources`, search is the application's
`SearchService`, upload is `index.refresh.ingest_and_refresh`
(with a template or an admin's mapping, `ingest.templates`), history is `followup.history`, updates are
`followup.progress.apply_update`, focal points `followup.focal_points`, subscriptions and the reminders sent
`reminders`: the same functions the bot and the CLI call.
The mapping page's own calls (the document model, the templates) are in `library_mapping.py`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from dondoc.conversation.wording import status_term
from dondoc.data.db import transaction
from dondoc.data.listing_pages import listing_page
from dondoc.data.sources import (
    ReportLine,
    SourceSummary,
    reports_about,
    source_names,
    source_summaries,
    sources_named,
)
from dondoc.data.statistics import UnitStatistics, category_of, unit_statistics
from dondoc.data.task_view import TaskView, all_task_views
from dondoc.data.tasks import TaskFilter, get_task
from dondoc.data.units import UnitRegistry
from dondoc.followup.focal_points import Actor, decide, focal_points, focal_record
from dondoc.followup.history import event_record, task_history
from dondoc.followup.progress import apply_update
from dondoc.index.refresh import ingest_and_refresh
from dondoc.index.service import SearchService
from dondoc.ingest.pipeline import DocumentSummary, IngestHeld, Preview, preview_ingest
from dondoc.ingest.templates import Template, save_template
from dondoc.reminders.ledger import ledger_entries
from dondoc.reminders.subscriptions import all_subscriptions

UPCOMING_DAYS = 30
UPCOMING_ROWS = 50  # the overview lists the first ones; the register holds them all
SEARCH_LIMIT = 300  # free text narrows the register to the search's best matches
# The register's sort words (its query string) -> the listing's orders (`data.listing_pages.SORTS`).
SORTS = {"han": "due", "han-giam": "due_desc", "moi": "newest", "lien-quan": "ranked"}


# Who acts when a signed-in admin updates a task or decides a request (a password names nobody).
WEB_ADMIN = Actor(channel="web", chat_id="admin", name="Quản trị (trang web)", is_admin=True)


@dataclass(frozen=True)
class TaskRow:
    """A task as the pages show it, with its state as of the day asked: in words ("quá hạn 12 ngày") and as one of
    the four official categories (`data.statistics.CATEGORIES`)."""

    task: TaskView
    term: str
    category: str


def _rows(session: Session, ids: list[int], today: date) -> list[TaskRow]:
    """The tasks `ids` names, in that order, with their state."""
    views = {view.id: view for view in all_task_views(session, ids)}
    return [
        TaskRow(view, status_term(view, today), category_of(view, today))
        for view in (views[task_id] for task_id in ids)
    ]


@dataclass
class Overview:
    """The overview page: totals, per-unit statistics (most overdue first) and what falls due soon."""

    today: date
    total: UnitStatistics
    units: list[UnitStatistics]
    upcoming: RegisterPage


def overview(session: Session, registry: UnitRegistry, today: date) -> Overview:
    """The four official states as of `today`, overall and per lead unit (2025 names): the counts of /thongke."""
    total, by_unit = unit_statistics(session, registry, today)
    units = sorted(by_unit, key=lambda f: (-f.overdue, -f.total, f.unit))
    soon = TaskFilter(today=today, due_from=today, due_to=today + timedelta(days=UPCOMING_DAYS))
    upcoming = register(session, registry, RegisterQuery(soon, state="in_time", per_page=UPCOMING_ROWS))
    return Overview(today, replace(total, unit="Tất cả"), units, upcoming)


@dataclass(frozen=True)
class RegisterQuery:
    """What the register asks for: the exact filter, one official state, free text, order and page."""

    flt: TaskFilter
    state: str | None = None
    text: str = ""
    sort: str = "han"
    page: int = 1
    per_page: int = 50


@dataclass
class RegisterPage:
    """One page of the register, with how many tasks match in all."""

    rows: list[TaskRow]
    total: int
    page: int
    per_page: int
    searched: bool = False
    shared: frozenset[int] = frozenset()  # group tasks ("giao chung") the unit filter brought in

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def register(
    session: Session, registry: UnitRegistry, query: RegisterQuery, search: SearchService | None = None
) -> RegisterPage:
    """One page of tasks passing `query`, with their state; a document it names ("Thông báo 624") finds the tasks
    that cite it and the tasks its own report lists."""
    if query.flt.documents:
        query = replace(query, flt=replace(query.flt, document_sources=sources_named(session, query.flt.documents)))
    today = query.flt.today
    ranked: list[int] | None = None
    if query.text.strip() and search is not None:
        answer = search.ask(query.text, today, 0, SEARCH_LIMIT)
        ranked = [result.task.id for result in answer.results]
    page = max(query.page, 1)
    found = listing_page(
        session, registry, query.flt, category=query.state, ranked=ranked, sort=SORTS.get(query.sort, "due"),
        offset=(page - 1) * query.per_page, limit=query.per_page,
    )  # fmt: skip
    rows = _rows(session, list(found.ids), today)
    return RegisterPage(rows, found.total, page, query.per_page, ranked is not None, found.shared)


@dataclass(frozen=True)
class FilterChoices:
    """What the register's filter inputs offer: every known unit (old and new names), and the ingested reports as
    (file, name), newest first."""

    units: list[str]
    reports: list[tuple[str, str]]


def filter_choices(session: Session, registry: UnitRegistry) -> FilterChoices:
    """The units and reports the register can be narrowed to."""
    return FilterChoices(sorted(registry.entries), source_names(session))


@dataclass(frozen=True)
class TaskPage:
    """A task in full: its row, every report that mentioned it (oldest first), the reminders sent about it
    (newest first) and its history."""

    row: TaskRow
    reports: list[ReportLine]
    reminders: list[dict[str, object]]
    history: list[dict[str, Any]]
    report_names: dict[str, str]  # file -> name, for the history's report events


def task_page(session: Session, task_id: int, today: date) -> TaskPage:
    """A task in full, with its state as of `today`.

    Raises:
        NoSuchTask: no task has that id.
    """
    [row] = _rows(session, [get_task(session, task_id).id], today)
    return TaskPage(
        row,
        reports_about(session, task_id),
        ledger_entries(session, subject=f"task:{task_id}")[::-1],
        [event_record(event) for event in task_history(session, task_id)],
        dict(source_names(session)),
    )


def sources(session: Session) -> list[SourceSummary]:
    """Ingested reports, newest first, with how many rows and tasks each gave."""
    return source_summaries(session)


def preview_upload(
    sessions: sessionmaker[Session], registry: UnitRegistry, path: Path, template: Template | None = None
) -> Preview:
    """What ingesting `path` would change, from `ingest.pipeline.preview_ingest` (ingested and rolled back).

    Args:
        template: read the file with this template or an admin's mapping (`ingest.templates`).

    Returns:
        Per document its layout, confidence and unread rows; the tasks it adds, changes (old -> new),
        removes and reopens; and `held`, the reasons a real ingest would be held back.

    Raises:
        UnreadableReport: the file is not a report dondoc can read; nothing changed.
    """
    return preview_ingest(sessions, [path], registry, template)


def confirm_upload(
    sessions: sessionmaker[Session],
    registry: UnitRegistry,
    path: Path,
    search: SearchService | None = None,
    force: bool = False,
    template: Template | None = None,
    saved_at: datetime | None = None,
) -> DocumentSummary | Preview:
    """Ingest `path` for real (all or nothing) and bring the search index up to date at once.

    Args:
        force: the admin saw why the report is held back and stores it anyway.
        template: read the file with this template or mapping; with `saved_at`, the template is also
            saved (`ingest.templates.save_template`) in the same transaction: both or neither.

    Returns:
        What was stored; or, when the report is held back (`IngestHeld`) and `force` is not set, its
        preview with the reasons in `held`, and nothing stored.

    Raises:
        UnreadableReport: the file is not a report dondoc can read, or not as `template` reads it; nothing changed.
        InvalidTemplateName, TemplateConflict, MappingError: the template cannot be saved; nothing changed.
    """
    try:

        def saving(session: Session) -> None:
            if template is not None and saved_at is not None:
                save_template(session, template, saved_at)

        ingested = ingest_and_refresh(sessions, [path], registry, search, force=force, template=template, within=saving)
    except IngestHeld as held:
        return held.preview
    [summary] = ingested.summaries
    return summary


def discard_upload(folder: Path) -> None:
    """Forget an upload that was confirmed or cancelled."""
    shutil.rmtree(folder, ignore_errors=True)


def subscriptions(session: Session) -> dict[str, Any]:
    """Who follows which unit, by unit, and the focal-point requests waiting for an admin."""
    return {
        "subscriptions": all_subscriptions(session),
        "requests": [focal_record(point) for point in focal_points(session, "pending")],
    }


def update_task(
    sessions: sessionmaker[Session],
    registry: UnitRegistry,
    task_id: int,
    status: str,
    note: str | None,
    *,
    as_of: date,
    at: datetime,
) -> dict[str, Any]:
    """A signed-in admin's progress update, through `data.progress.apply_update` (committed, recorded once).

    Returns:
        The update's event (`event_record`), with `duplicate` (sent twice: stored once) and `applied` (False
        when a newer report stands).

    Raises:
        InvalidStatus: `status` is not one of `data.progress.UPDATE_STATUSES`.
        NoSuchTask: no task has that id.
    """
    with transaction(sessions) as session:
        result = apply_update(
            session, task_id, status, actor=WEB_ADMIN, as_of=as_of, at=at, registry=registry, note=note or None
        )
        return {**event_record(result.event), "duplicate": result.duplicate, "applied": result.applied}


def decide_request(sessions: sessionmaker[Session], request_id: int, decision: str, at: datetime) -> dict[str, Any]:
    """Approve or reject a focal-point request as the web admin (`data.focal_points.decide`).

    Raises:
        NoSuchFocalPoint: no request has that id.
        InvalidDecision: the request was already decided.
    """
    with transaction(sessions) as session:
        return focal_record(decide(session, request_id, decision, WEB_ADMIN, at))
