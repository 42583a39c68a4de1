"""A day's reminders: which messages each subscribed chat is owed, computed from the database alone.

The plan is a pure function of the tasks, the subscriptions, the snoozes and the ledger, so a
restarted or second scheduler computes the same plan and the ledger settles who sends what.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import chain

import numpy as np
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from dondoc.data.groups import own_group_tasks
from dondoc.data.models import Subscription, Task, TaskUnit, Unit
from dondoc.data.task_state import is_open, is_overdue, open_clause
from dondoc.data.units import UnitRegistry
from dondoc.reminders.actions import snoozes
from dondoc.reminders.ledger import LedgerKey, settled_keys
from dondoc.reminders.policy import OVERDUE_DIGEST, RECURRING_DIGEST, ReminderPolicy, due_kind

_CHUNK = 5000
_FEW_UNITS = 50
DIGEST = "digest"


@dataclass(frozen=True)
class Reminder:
    """One message owed to one chat, and the ledger rows that stand for it.

    Attributes:
        kind: "due_in_7", …, "due_today", "overdue_digest" or "recurring_digest".
        day: the day it is planned for (what "còn 3 ngày" counts from).
        units: the chat's subscribed units the message is about.
        task_ids: every task it lists, most urgent first (a digest shows the first page).
        keys: ledger rows claimed together before sending: one per task for deadline
            reminders (so a task added later still gets its own), one for a digest.

    Its message is worded by `dondoc.conversation.reminder_replies.with_texts` (a `ReminderMessage`).
    """

    channel: str
    chat_id: str
    kind: str
    day: date
    units: tuple[str, ...]
    task_ids: tuple[int, ...]
    keys: tuple[LedgerKey, ...]

    def as_dict(self) -> dict[str, object]:
        """The shape `dondoc remind --json` prints (the text is None until worded)."""
        return {
            "channel": self.channel,
            "chat": self.chat_id,
            "unit": ", ".join(self.units),
            "kind": self.kind,
            "task_ids": list(self.task_ids),
            "text": None,
        }


def task_subject(task_id: int) -> str:
    return f"task:{task_id}"


def plan_day(
    session: Session,
    policy: ReminderPolicy,
    day: date,
    *,
    chat: tuple[str, str] | None = None,
    skip_settled: bool = True,
) -> list[Reminder]:
    """Every message owed on `day`, in a stable order (by chat, most urgent first), not yet rendered.

    Args:
        chat: (channel, chat id) to plan for one chat only (paging a digest).
        skip_settled: leave out what the ledger says was sent or given up. The deliverer
            still claims each key, so a reminder a second process is sending is not sent twice.
    """
    if policy.is_quiet_day(day):
        return []
    subs = _subscriptions(session, day, chat)
    if not subs:
        return []
    chats: dict[tuple[str, str], list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    for channel, chat_id, unit_id, name in subs:
        chats[(channel, chat_id)].append(unit_id)
        names[unit_id] = name
    cover = _coverage(session, names)
    month = policy.recurring_month(day)
    settled = _settled(session, policy, day, month) if skip_settled else set()
    # Once every chat has today's digest, later ticks need not read the overdue tasks at all.
    owed = {
        kind
        for kind, key_day in ((OVERDUE_DIGEST, day), (RECURRING_DIGEST, month))
        if key_day and any(LedgerKey(*chat_key, kind, DIGEST, key_day) not in settled for chat_key in chats)
    }
    overdue, upcoming, recurring, due_of = _tasks_by_unit(
        session, policy, day, cover, OVERDUE_DIGEST in owed, RECURRING_DIGEST in owed
    )
    snoozed = snoozes(session, day - timedelta(days=max(policy.days_before))) if upcoming else {}
    upcoming_sets = {u: set(ids) for u, ids in upcoming.items()}

    drafts: list[tuple[tuple[str, str], str, tuple[int, ...], tuple[int, ...], list[LedgerKey]]] = []
    for (channel, chat_id), units in sorted(chats.items()):
        for kind, task_ids, keys in _due_reminders(policy, day, channel, chat_id, units, upcoming, due_of, snoozed):
            if skip_settled:
                pairs = [(t, k) for t, k in zip(task_ids, keys, strict=True) if k not in settled]
                task_ids, keys = [t for t, _ in pairs], [k for _, k in pairs]
            if task_ids:
                about = tuple(u for u in units if not upcoming_sets.get(u, set()).isdisjoint(task_ids))
                drafts.append(((channel, chat_id), kind, about, tuple(task_ids), keys))
        for kind, by_unit, key_day in ((OVERDUE_DIGEST, overdue, day), (RECURRING_DIGEST, recurring, month)):
            key = LedgerKey(channel, chat_id, kind, DIGEST, key_day) if key_day else None
            if key is None or key in settled:
                continue
            about = tuple(u for u in units if u in by_unit)
            if about:
                drafts.append(((channel, chat_id), kind, about, by_unit.ids(about), [key]))

    return [
        Reminder(channel, chat_id, kind, day, tuple(names[u] for u in units), ids, tuple(keys))
        for (channel, chat_id), kind, units, ids, keys in drafts
    ]


class _Ordered:
    """Each subscribed unit's tasks in one shared order, as sorted rank arrays: a chat following
    several units gets their union in order with one vectorised merge instead of a Python sort."""

    def __init__(self, by_unit: dict[int, set[int]], due_of: dict[int, date] | None = None) -> None:
        """Order by due date then id (most overdue first) when `due_of` is given, else by id."""
        tasks = np.fromiter({t for ids in by_unit.values() for t in ids}, np.int64)
        if due_of is None:
            self.order = np.sort(tasks)
        else:
            dues = np.fromiter((due_of[t].toordinal() for t in tasks.tolist()), np.int64, len(tasks))
            self.order = tasks[np.lexsort((tasks, dues))]
        rank = {task_id: i for i, task_id in enumerate(self.order.tolist())}
        self.ranks = {unit: np.sort(np.fromiter(map(rank.__getitem__, ids), np.int64)) for unit, ids in by_unit.items()}
        self._ids: dict[tuple[int, ...], tuple[int, ...]] = {}

    def __contains__(self, unit: int) -> bool:
        return unit in self.ranks

    def ids(self, units: tuple[int, ...]) -> tuple[int, ...]:
        """The tasks of these units, in order, without repeats; computed once per set of units."""
        if units not in self._ids:
            ranks = self.ranks[units[0]]
            if len(units) > 1:  # sort and drop repeats by hand: np.unique costs more on arrays this small
                ranks = np.sort(np.concatenate([self.ranks[u] for u in units]))
                ranks = ranks[np.concatenate(([True], ranks[1:] != ranks[:-1]))]
            self._ids[units] = tuple(self.order[ranks].tolist())
        return self._ids[units]


def _subscriptions(session: Session, day: date, chat: tuple[str, str] | None) -> list[tuple[str, str, int, str]]:
    query = (
        select(Subscription.channel, Subscription.chat_id, Subscription.unit_id, Unit.name)
        .join(Unit, Unit.id == Subscription.unit_id)
        .where(or_(Subscription.muted_until.is_(None), Subscription.muted_until < day))
        .order_by(Subscription.id)
    )
    if chat is not None:
        query = query.where(Subscription.channel == chat[0], Subscription.chat_id == chat[1])
    return [(channel, chat_id, unit_id, name) for channel, chat_id, unit_id, name in session.execute(query)]


def _coverage(session: Session, subscribed: Iterable[int]) -> dict[int, list[int]]:
    """Task unit id -> subscribed unit ids it counts for: itself, and the body that took it over in 2025."""
    ids = list(subscribed)
    cover: dict[int, list[int]] = {unit_id: [unit_id] for unit_id in ids}
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(select(Unit.id, Unit.current_id).where(Unit.current_id.in_(ids[start : start + _CHUNK])))
        for unit_id, current_id in rows:
            if current_id is not None:  # selected by `in_`, never None; this tells the type checker
                cover.setdefault(unit_id, []).append(current_id)
    return cover


def _tasks_by_unit(
    session: Session,
    policy: ReminderPolicy,
    day: date,
    cover: dict[int, list[int]],
    with_overdue: bool,
    with_recurring: bool,
) -> tuple[_Ordered, dict[int, list[int]], _Ordered, dict[int, date]]:
    """Per subscribed unit: overdue tasks (most overdue first), upcoming ids, recurring tasks; and due dates.

    Overdue and recurring tasks are read only when some chat is still owed that digest.
    """
    window_end = day + timedelta(days=max(policy.days_before))
    open_task = open_clause()
    # No "IS NOT NULL": "<=" already excludes NULL, and with it SQLite picks a slow index range scan.
    dated = Task.deadline_due <= window_end if with_overdue else Task.deadline_due.between(day, window_end)
    wanted = [and_(open_task, dated)]
    if with_recurring:
        wanted.append(or_(Task.status == "recurring", and_(Task.deadline_kind == "recurring", Task.status != "done")))
    query = (
        select(TaskUnit.task_id, TaskUnit.unit_id, Task.deadline_due, Task.status)
        .join(Task, Task.id == TaskUnit.task_id)
        .where(TaskUnit.role.in_(policy.roles), or_(*wanted))
    )
    if len(cover) <= _FEW_UNITS:  # paging one chat's digest; for a whole day, scanning is faster
        query = query.where(TaskUnit.unit_id.in_(list(cover)))
    overdue: dict[int, set[int]] = defaultdict(set)
    upcoming: dict[int, set[int]] = defaultdict(set)
    recurring: dict[int, set[int]] = defaultdict(set)
    due_of: dict[int, date] = {}
    own_group_rows = _own_group_rows(session, cover, or_(*wanted))
    for task_id, unit_id, due, status in chain(session.connection().execute(query), own_group_rows):
        targets = cover.get(unit_id)
        if not targets:
            continue
        if not is_open(status) or due is None or due > window_end:
            found = recurring
        else:
            found = overdue if is_overdue(status, due, day) else upcoming
            due_of[task_id] = due
        for target in targets:
            found[target].add(task_id)
    return (
        _Ordered(overdue, due_of),
        {unit: sorted(ids) for unit, ids in upcoming.items()},
        _Ordered(recurring),
        due_of,
    )


def _own_group_rows(
    session: Session, cover: dict[int, list[int]], wanted: ColumnElement[bool]
) -> list[tuple[int, int, date | None, str]]:
    """(task, unit, due, status) for the tasks given to a group that are a covered unit's own
    (`data.groups.own_group_tasks`: the result names it among the members still lagging). The group tasks
    a unit only shares ("giao chung") are not reminded: /cham lists them after the unit's own."""
    units = session.connection().execute(select(Unit.id, Unit.name))  # a few hundred rows: cheaper than IN (cover)
    id_of = {name: unit_id for unit_id, name in units if unit_id in cover}
    owners = own_group_tasks(session, UnitRegistry.load(), id_of)
    if not owners:
        return []
    tasks = session.execute(select(Task.id, Task.deadline_due, Task.status).where(Task.id.in_(list(owners)), wanted))
    return [(task_id, id_of[name], due, status) for task_id, due, status in tasks for name in owners[task_id]]


def _due_reminders(
    policy: ReminderPolicy,
    day: date,
    channel: str,
    chat_id: str,
    units: Sequence[int],
    upcoming: dict[int, list[int]],
    due_of: dict[int, date],
    snoozed: dict[tuple[str, str, int], date],
) -> list[tuple[str, list[int], list[LedgerKey]]]:
    """The chat's deadline reminders grouped by kind, most urgent kind first, soonest task first."""
    if not any(unit in upcoming for unit in units):
        return []
    task_ids = (
        upcoming.get(units[0], []) if len(units) == 1 else sorted({t for u in units for t in upcoming.get(u, ())})
    )
    groups: dict[int, list[tuple[date, int, LedgerKey]]] = defaultdict(list)
    for task_id in task_ids:
        due = due_of[task_id]
        days = policy.due_milestone(due, day)
        if days is None:
            continue
        key_day = due - timedelta(days=days)
        until = snoozed.get((channel, chat_id, task_id))
        if until is not None:
            if until > day:
                continue
            key_day = max(key_day, until)
        groups[days].append((due, task_id, LedgerKey(channel, chat_id, due_kind(days), task_subject(task_id), key_day)))
    found = []
    for days, items in sorted(groups.items()):
        items.sort()
        found.append((due_kind(days), [task_id for _, task_id, _ in items], [key for *_, key in items]))
    return found


def _settled(session: Session, policy: ReminderPolicy, day: date, month: date | None) -> set[LedgerKey]:
    settled = settled_keys(session, day - timedelta(days=max(policy.days_before)), policy.due_kinds)
    settled |= settled_keys(session, day, (OVERDUE_DIGEST,))
    if month is not None:
        settled |= settled_keys(session, month, (RECURRING_DIGEST,))
    return settled
