"""Planned reminders into messages: read what the listed tasks show, render, re-render after narrowing.

Rendering is kept apart from planning: a tick renders each message just before sending it (with
the data of that moment), while `dondoc remind --dry-run` renders the whole day at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from dondoc.conversation.messages import Reply
from dondoc.conversation.reminder_text import ReminderEntry, single_reminder, task_list
from dondoc.data.task_view import task_summaries
from dondoc.reminders.ledger import LedgerKey
from dondoc.reminders.plan import Reminder
from dondoc.reminders.policy import DIGEST_KINDS, ReminderPolicy


@dataclass(frozen=True)
class ReminderMessage(Reminder):
    """A planned reminder with its message, ready to send.

    Attributes:
        reply: the message as the chat will read it.
    """

    reply: Reply

    @classmethod
    def of(cls, reminder: Reminder, reply: Reply) -> ReminderMessage:
        """`reminder` with its message (dataclasses.replace is ten times slower, and a day has thousands)."""
        r = reminder
        return cls(r.channel, r.chat_id, r.kind, r.day, r.units, r.task_ids, r.keys, reply)

    def as_dict(self) -> dict[str, object]:
        """The shape `dondoc remind --json` prints."""
        return {**super().as_dict(), "text": self.reply.text}


def with_texts(session: Session, policy: ReminderPolicy, reminders: Sequence[Reminder]) -> list[ReminderMessage]:
    """The reminders with their messages; chats following the same units share one rendered digest."""
    views: dict[date, dict[int, ReminderEntry]] = {}
    for day in {r.day for r in reminders}:
        shown = {t for r in reminders if r.day == day for t in r.task_ids[: policy.page_size]}
        views[day] = reminder_entries(session, shown, day)
    replies: dict[tuple[object, ...], Reply] = {}
    rendered = []
    for reminder in reminders:
        admin = policy.is_admin(reminder.channel, reminder.chat_id)
        same = (reminder.kind, reminder.day, reminder.units, reminder.task_ids, admin)
        if same not in replies:
            replies[same] = _reply(policy, *same[:4], views[reminder.day], admin)
        rendered.append(ReminderMessage.of(reminder, replies[same]))
    return rendered


def _reply(
    policy: ReminderPolicy,
    kind: str,
    day: date,
    units: tuple[str, ...],
    task_ids: tuple[int, ...],
    views: dict[int, ReminderEntry],
    admin: bool,
    page: int = 0,
    edit: bool = False,
) -> Reply:
    """One task's reminder in full, or a paged list (page `page`, from 0) for digests and several tasks."""
    if kind not in DIGEST_KINDS and len(task_ids) == 1:
        return single_reminder(views[task_ids[0]], day, admin)
    return task_list(kind, day, units, task_ids, views, page, policy.page_size, admin=admin, edit=edit)


def render(
    policy: ReminderPolicy, reminder: Reminder, views: dict[int, ReminderEntry], page: int = 0, *, edit: bool = False
) -> ReminderMessage:
    """The reminder with its message rendered again (another page, or after narrowing)."""
    admin = policy.is_admin(reminder.channel, reminder.chat_id)
    reply = _reply(policy, reminder.kind, reminder.day, reminder.units, reminder.task_ids, views, admin, page, edit)
    return ReminderMessage.of(reminder, reply)


def narrow_to_claimed(
    session: Session, policy: ReminderPolicy, reminder: Reminder, keys: Iterable[LedgerKey]
) -> ReminderMessage:
    """The reminder cut down to `keys` (another process claimed the rest), rendered again."""
    kept = set(keys)
    pairs = [(t, k) for t, k in zip(reminder.task_ids, reminder.keys, strict=True) if k in kept]
    r = reminder
    narrowed = Reminder(
        r.channel, r.chat_id, r.kind, r.day, r.units, tuple(t for t, _ in pairs), tuple(k for _, k in pairs)
    )
    return render(policy, narrowed, reminder_entries(session, narrowed.task_ids[: policy.page_size], reminder.day))


def reminder_entries(session: Session, task_ids: Iterable[int], today: date) -> dict[int, ReminderEntry]:
    """These tasks as reminders show them on `today`."""
    return {task_id: ReminderEntry.of(task, today) for task_id, task in task_summaries(session, task_ids).items()}
