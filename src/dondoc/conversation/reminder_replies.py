"""Planned reminders into messages: read what the listed tasks show, render, re-render after narrowing.

Rendering is kept apart from planning: a tick renders each message just before sending it (with
the data of that moment), while `dondoc remind --dry-run` renders the whole day at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Integer, any_, bindparam, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased

from dondoc.conversation.messages import Reply
from dondoc.conversation.reminder_plan import Reminder
from dondoc.conversation.reminder_policy import DIGEST_KINDS, ReminderPolicy
from dondoc.conversation.reminder_text import TaskView, single_reminder, task_list
from dondoc.data.ledger import LedgerKey
from dondoc.data.models import Task, TaskUnit, Unit

_CHUNK = 5000


def with_texts(session: Session, policy: ReminderPolicy, reminders: Sequence[Reminder]) -> list[Reminder]:
    """The reminders with their messages; chats following the same units share one rendered digest."""
    views: dict[date, dict[int, TaskView]] = {}
    for day in {r.day for r in reminders}:
        shown = {t for r in reminders if r.day == day for t in r.task_ids[: policy.page_size]}
        views[day] = task_views(session, shown, day)
    replies: dict[tuple[object, ...], Reply] = {}
    rendered = []
    for reminder in reminders:
        admin = policy.is_admin(reminder.channel, reminder.chat_id)
        same = (reminder.kind, reminder.day, reminder.units, reminder.task_ids, admin)
        if same not in replies:
            replies[same] = _reply(policy, *same[:4], views[reminder.day], admin)
        rendered.append(reminder.with_reply(replies[same]))
    return rendered


def _reply(
    policy: ReminderPolicy,
    kind: str,
    day: date,
    units: tuple[str, ...],
    task_ids: tuple[int, ...],
    views: dict[int, TaskView],
    admin: bool,
    page: int = 0,
    edit: bool = False,
) -> Reply:
    """One task's reminder in full, or a paged list (page `page`, from 0) for digests and several tasks."""
    if kind not in DIGEST_KINDS and len(task_ids) == 1:
        return single_reminder(views[task_ids[0]], day, admin)
    return task_list(kind, day, units, task_ids, views, page, policy.page_size, admin=admin, edit=edit)


def render(
    policy: ReminderPolicy, reminder: Reminder, views: dict[int, TaskView], page: int = 0, *, edit: bool = False
) -> Reminder:
    """The reminder with its message rendered again (another page, or after narrowing)."""
    admin = policy.is_admin(reminder.channel, reminder.chat_id)
    reply = _reply(policy, reminder.kind, reminder.day, reminder.units, reminder.task_ids, views, admin, page, edit)
    return reminder.with_reply(reply)


def narrow(session: Session, policy: ReminderPolicy, reminder: Reminder, keys: Iterable[LedgerKey]) -> Reminder:
    """The reminder cut down to `keys` (another process claimed the rest), rendered again."""
    kept = set(keys)
    pairs = [(t, k) for t, k in zip(reminder.task_ids, reminder.keys, strict=True) if k in kept]
    narrowed = replace(reminder, task_ids=tuple(t for t, _ in pairs), keys=tuple(k for _, k in pairs))
    return render(policy, narrowed, task_views(session, narrowed.task_ids[: policy.page_size], reminder.day))


def _among(session: Session, column: Any, ids: list[int]) -> Any:
    """`column IN ids`; on PostgreSQL one array parameter (`= ANY`), since thousands of bind
    parameters cost more to expand than the query itself."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("ids", ids, type_=postgresql.ARRAY(Integer)))
    return column.in_(ids)


def task_views(session: Session, task_ids: Iterable[int], today: date) -> dict[int, TaskView]:
    """These tasks as reminders show them on `today`, read with two light queries instead of ORM loads."""
    ids = sorted(set(task_ids))
    leads: dict[int, list[tuple[str, str]]] = defaultdict(list)
    views: dict[int, TaskView] = {}
    current = aliased(Unit)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        lead_rows = session.connection().execute(
            select(TaskUnit.task_id, Unit.name, func.coalesce(current.name, Unit.name))
            .join(Unit, Unit.id == TaskUnit.unit_id)
            .outerjoin(current, current.id == Unit.current_id)
            .where(_among(session, TaskUnit.task_id, chunk), TaskUnit.role == "lead")
            .order_by(TaskUnit.task_id, TaskUnit.position)
        )
        for task_id, name, successor in lead_rows:
            leads[task_id].append((name, successor))
        columns = (Task.id, Task.content, Task.deadline_due, Task.deadline_text, Task.deadline_kind, Task.status)
        rows = session.connection().execute(
            select(*columns, Task.status_text, Task.directing_docs).where(_among(session, Task.id, chunk))
        )
        for task_id, content, due, deadline_text, deadline_kind, status, status_text, docs in rows:
            task = {
                "id": task_id,
                "content": content,
                "directing_docs": list(docs or ()),
                "lead_units": [name for name, _ in leads[task_id]],
                "current_units": list(dict.fromkeys(successor for _, successor in leads[task_id])),
                "deadline": {"text": deadline_text, "kind": deadline_kind, "due": due.isoformat() if due else None},
                "status": status,
                "status_text": status_text,
                "sources": [],
            }
            views[task_id] = TaskView.of(task, today)
    return views
