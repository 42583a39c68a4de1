"""What a chat can do to its reminders: pause them (/tamdung), snooze one task, close a task."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from dondoc.data.db import changed_rows
from dondoc.data.models import ReminderSnooze, Subscription
from dondoc.data.tasks import get_task

FOREVER = date(9999, 12, 31)


def mute_chat(session: Session, channel: str, chat_id: str, until: date | None) -> int:
    """Pause every reminder of a chat through `until` (inclusive); None resumes them.

    Args:
        until: the last quiet day; `FOREVER` pauses until the chat resumes.

    Returns:
        How many subscriptions the chat has (0: there was nothing to pause).
    """
    return changed_rows(
        session,
        update(Subscription)
        .where(Subscription.channel == channel, Subscription.chat_id == chat_id)
        .values(muted_until=until)
        .execution_options(synchronize_session=False),
    )


def muted_until(session: Session, channel: str, chat_id: str) -> date | None:
    """The last day a chat's reminders are paused, or None when they are not."""
    return session.scalar(
        select(func.max(Subscription.muted_until)).where(
            Subscription.channel == channel, Subscription.chat_id == chat_id
        )
    )


def snooze_task(session: Session, channel: str, chat_id: str, task_id: int, until: date) -> None:
    """Hold a task's reminders for a chat until `until`, when the current one comes once more.

    Raises:
        NoSuchTask: no task has that id.
    """
    get_task(session, task_id)
    session.execute(
        delete(ReminderSnooze).where(
            ReminderSnooze.channel == channel, ReminderSnooze.chat_id == chat_id, ReminderSnooze.task_id == task_id
        )
    )
    session.add(ReminderSnooze(channel=channel, chat_id=chat_id, task_id=task_id, until=until))
    session.flush()


def snoozes(session: Session, since: date) -> dict[tuple[str, str, int], date]:
    """(channel, chat, task id) -> snoozed until, for snoozes ending on or after `since`."""
    rows = session.execute(
        select(ReminderSnooze.channel, ReminderSnooze.chat_id, ReminderSnooze.task_id, ReminderSnooze.until).where(
            ReminderSnooze.until >= since
        )
    )
    return {(channel, chat_id, task_id): until for channel, chat_id, task_id, until in rows}


def prune_snoozes(session: Session, before: date) -> int:
    """Forget snoozes that ended before `before`; returns how many."""
    return changed_rows(session, delete(ReminderSnooze).where(ReminderSnooze.until < before))
