"""Every call the web pages make into dondoc's library, in one place, so each can be re-pointed in minutes.

The pages add no business logic: counting is `data.statistics`, states are `data.task_state` in the
words of `conversation.wording`, filters are `data.tasks`, search is the bot's `SearchService`, upload
is `data.ingest`, history is `data.history`, updates are `data.progress.apply_update` and focal points
are `data.focal_points`: the same functions the bot and the CLI call.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from dondoc.conversation.wording import status_term
from dondoc.data.db import transaction
from dondoc.data.models import ReminderLedger, Source, Subscription, Task, TaskReport, Unit
from dondoc.data.statistics import UnitStatistics, category_of, statistics_rows
from dondoc.data.task_state import CLOSED_STATUSES, overdue_clause
from dondoc.data.tasks import (
    TaskFilter,
    all_task_dicts,
    filtered_query,
    get_task,
    listing_groups,
    task_as_dict,
)
from dondoc.data.units import UnitRegistry
from dondoc.followup.focal_points import Actor, decide, focal_points, focal_record
from dondoc.followup.history import event_record, task_history
from dondoc.followup.progress import apply_update
from dondoc.index.refresh import ingest_and_refresh
from dondoc.index.service import SearchService
from dondoc.ingest.pipeline import DocumentSummary, IngestHeld, Preview, preview_ingest

UPCOMING_DAYS = 30
UPCOMING_ROWS = 50  # the overview lists the first ones; the register holds them all
SEARCH_LIMIT = 300  # free text narrows the register to the search's best matches
# NULLS LAST rather than `due IS NULL` first: the deadline index then gives the first page directly
# (0.3 ms instead of 110 ms over 100,000 tasks on SQLite, which has NULLS LAST since 3.30).
SORTS = {
    "han": (Task.deadline_due.asc().nulls_last(), Task.id),
    "han-giam": (Task.deadline_due.desc().nulls_last(), Task.id),
    "moi": (Task.id.desc(),),
    "lien-quan": (Task.id,),  # search order, applied after the query
}


# Who acts when a signed-in admin updates a task or decides a request (a password names nobody).
WEB_ADMIN = Actor(channel="web", chat_id="admin", name="Quản trị (trang web)", is_admin=True)


def _row(record: dict[str, Any], today: date) -> dict[str, Any]:
    """A task dict (`task_as_dict`'s shape) with its state as of `today`: the words and the official category."""
    return {**record, "term": status_term(record, today), "category": category_of(record, today)}


def _rows(session: Session, ids: list[int], today: date) -> list[dict[str, Any]]:
    """The tasks `ids` names, in that order, with their state."""
    records = {record["id"]: record for record in all_task_dicts(session, ids)}
    return [_row(records[task_id], today) for task_id in ids]


@dataclass
class Overview:
    """The overview page: totals, per-unit statistics (most overdue first) and what falls due soon."""

    today: date
    total: UnitStatistics
    units: list[UnitStatistics]
    upcoming: RegisterPage


def overview(session: Session, registry: UnitRegistry, today: date) -> Overview:
    """The four official states as of `today`, overall and per lead unit (2025 names): the counts of /thongke."""
    total, by_unit = UnitStatistics("Tất cả"), dict[str, UnitStatistics]()
    for row in statistics_rows(session, TaskFilter(today=today), registry):
        total.add(row["category"])
        for unit in row["current_units"]:
            by_unit.setdefault(unit, UnitStatistics(unit)).add(row["category"])
    units = sorted(by_unit.values(), key=lambda f: (-f.overdue, -f.total, f.unit))
    soon = TaskFilter(today=today, due_from=today, due_to=today + timedelta(days=UPCOMING_DAYS))
    upcoming = register(session, registry, RegisterQuery(soon, state="in_time", per_page=UPCOMING_ROWS))
    return Overview(today, total, units, upcoming)


@lru_cache(maxsize=200_000)
def _category(status: str, status_text: str | None, due: date | None, today: date) -> str:
    """`data.statistics.category_of` from the only fields it reads, memoised: reading a finish date out of a
    result text is most of the cost of sorting 100,000 tasks by state, and the same text gives the same answer."""
    deadline = {"due": due.isoformat() if due else None}
    return category_of({"status": status, "status_text": status_text, "deadline": deadline}, today)


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

    rows: list[dict[str, Any]]
    total: int
    page: int
    per_page: int
    searched: bool = False
    shared: frozenset[int] = frozenset()  # group tasks ("giao chung") the unit filter brought in

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _state_clause(query: Select[Any], state: str | None, today: date) -> Select[Any]:
    """The part of an official state SQL can decide (`data.task_state`); done on time vs late is read from the
    result text. "in_time" is every unfinished task that is not overdue: recurring, undated or due later."""
    if state == "overdue":
        return query.where(overdue_clause(today))
    if state == "in_time":
        not_late = or_(Task.status.in_(CLOSED_STATUSES), Task.deadline_due.is_(None), Task.deadline_due >= today)
        return query.where(Task.status != "done", not_late)
    if state in ("done_on_time", "done_late"):
        return query.where(Task.status == "done")
    return query


def register(
    session: Session, registry: UnitRegistry, query: RegisterQuery, search: SearchService | None = None
) -> RegisterPage:
    """One page of tasks passing `query`, as `task_as_dict` rows with their official term."""
    today = query.flt.today
    # The group tasks `dondoc tasks --unit` lists as the unit's; a state filter keeps only those still its own.
    groups = listing_groups(session, query.flt, registry, unfinished=bool(query.state))
    base = _state_clause(filtered_query(query.flt, registry, groups), query.state, today).order_by(None)
    ranked: list[int] | None = None
    if query.text.strip() and search is not None:
        answer = search.ask(query.text, today, 0, SEARCH_LIMIT)
        ranked = [int(result.task["id"]) for result in answer.results]
        base = base.where(Task.id.in_(ranked))
    sort = query.sort if query.sort in SORTS and (query.sort != "lien-quan" or ranked is not None) else "han"
    offset = (max(query.page, 1) - 1) * query.per_page
    if query.state in ("done_on_time", "done_late") or sort == "lien-quan":
        columns = (Task.id, Task.status, Task.status_text, Task.deadline_due)
        ids = [
            row[0]
            for row in session.execute(base.with_only_columns(*columns).order_by(*SORTS[sort]))
            if query.state not in ("done_on_time", "done_late")
            or _category(row[1], row[2], row[3], today) == query.state
        ]
        if sort == "lien-quan" and ranked is not None:
            place = {task_id: i for i, task_id in enumerate(ranked)}
            ids.sort(key=place.__getitem__)
        total, page_ids = len(ids), ids[offset : offset + query.per_page]
    else:
        total = session.scalar(select(func.count()).select_from(base.with_only_columns(Task.id).subquery())) or 0
        page_ids = list(
            session.scalars(base.with_only_columns(Task.id).order_by(*SORTS[sort]).limit(query.per_page).offset(offset))
        )
    rows = _rows(session, page_ids, today)
    shared = frozenset(row["id"] for row in rows if row["id"] in groups.shared)
    return RegisterPage(rows, total, max(query.page, 1), query.per_page, ranked is not None, shared)


def filter_choices(session: Session, registry: UnitRegistry) -> dict[str, list[str]]:
    """What the register's filter inputs offer: every known unit (old and new names) and the ingested reports."""
    documents = session.scalars(select(Source.document).order_by(Source.issued.desc().nulls_last(), Source.document))
    return {"units": sorted(registry.entries), "sources": list(documents)}


def task_page(session: Session, task_id: int, today: date) -> dict[str, Any]:
    """A task in full: its row, every report that mentioned it, the reminders sent about it, its history.

    Raises:
        NoSuchTask: no task has that id.
    """
    task = get_task(session, task_id)
    row = _row(task_as_dict(task), today)
    reports = sorted(task.reports, key=lambda r: (r.source.issued or date.min, r.id))
    reminders = session.execute(
        select(ReminderLedger.day, ReminderLedger.channel, ReminderLedger.chat_id, ReminderLedger.kind,
               ReminderLedger.state, ReminderLedger.sent_at)
        .where(ReminderLedger.subject == f"task:{task_id}")
        .order_by(ReminderLedger.day.desc(), ReminderLedger.id.desc())
    )  # fmt: skip
    return {
        **row,
        "reports": [_report(r) for r in reports],
        "reminders": [dict(r._mapping) for r in reminders],
        "history": [event_record(event) for event in task_history(session, task_id)],
    }


def _report(report: TaskReport) -> dict[str, Any]:
    """What one report said about a task, with the report's title and date."""
    fields = ("section", "stt", "line", "content", "status_text", "deadline_text", "lead_text")
    source = report.source
    own = {name: getattr(report, name) for name in fields}
    return {"document": source.document, "title": source.title, "issued": source.issued, **own}


def sources(session: Session) -> list[dict[str, Any]]:
    """Ingested reports, newest first, with how many rows and tasks each gave."""
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
        {"document": s.document, "title": s.title, "layout": s.layout, "issued": s.issued, "scope": s.scope,
         "ingested_at": s.ingested_at, "rows": rows or 0, "tasks": tasks or 0}
        for s, rows, tasks in session.execute(query)
    ]  # fmt: skip


def preview_upload(sessions: sessionmaker[Session], registry: UnitRegistry, path: Path) -> Preview:
    """What ingesting `path` would change, from `data.ingest.preview_ingest` (ingested and rolled back).

    Returns:
        Per document its layout, confidence and unread rows; the tasks it adds, changes (old -> new),
        removes and reopens; and `held`, the reasons a real ingest would be held back.

    Raises:
        UnreadableReport: the file is not a report dondoc can read; nothing changed.
    """
    return preview_ingest(sessions, [path], registry)


def confirm_upload(
    sessions: sessionmaker[Session],
    registry: UnitRegistry,
    path: Path,
    search: SearchService | None = None,
    force: bool = False,
) -> DocumentSummary | Preview:
    """Ingest `path` for real (all or nothing) and bring the search index up to date at once.

    Args:
        force: the admin saw why the report is held back and stores it anyway.

    Returns:
        What was stored; or, when the report is held back (`IngestHeld`) and `force` is not set, its
        preview with the reasons in `held`, and nothing stored.

    Raises:
        UnreadableReport: the file is not a report dondoc can read; nothing changed.
    """
    try:
        ingested = ingest_and_refresh(sessions, [path], registry, search, force=force)
    except IngestHeld as held:
        return held.preview
    [summary] = ingested.summaries
    return summary


def discard_upload(folder: Path) -> None:
    """Forget an upload that was confirmed or cancelled."""
    shutil.rmtree(folder, ignore_errors=True)


def subscriptions(session: Session) -> dict[str, Any]:
    """Who follows which unit, by unit, and the focal-point requests waiting for an admin."""
    rows = session.execute(
        select(Unit.name, Subscription.channel, Subscription.chat_id, Subscription.muted_until, Subscription.created_at)
        .join(Unit, Unit.id == Subscription.unit_id)
        .order_by(Unit.name, Subscription.channel, Subscription.chat_id)
    )
    return {
        "subscriptions": [dict(r._mapping) for r in rows],
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
