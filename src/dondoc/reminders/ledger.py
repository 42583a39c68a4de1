"""The reminder ledger: a reminder is claimed in the database before it is sent and marked after.

The unique key (channel, chat, kind, subject, day) is what lets any number of schedulers,
restarted any number of times, send each reminder once: whoever inserts the row owns it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from dondoc.data.db import changed_rows, insert_new
from dondoc.data.models import ReminderLedger

CLAIMED, SENT, FAILED = "claimed", "sent", "failed"
_KEY_COLUMNS = ("channel", "chat_id", "kind", "subject", "day")


@dataclass(frozen=True, order=True)
class LedgerKey:
    """What makes a reminder the same reminder: to whom, what kind, about what, for which day.

    Attributes:
        subject: "task:<id>" for a task's own reminder, "digest" for a chat's digest.
        day: the day the reminder belongs to (the reminder's date, the digest's day or month).
    """

    channel: str
    chat_id: str
    kind: str
    subject: str
    day: date

    def where(self):
        return and_(*(getattr(ReminderLedger, col) == getattr(self, col) for col in _KEY_COLUMNS))


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def claim(
    session: Session, keys: Sequence[LedgerKey], now: datetime, lease: timedelta, owner: str
) -> dict[LedgerKey, int]:
    """Claim reminders for sending; returns the keys this caller won, with their attempt number.

    A key is won when it was never recorded, when its last send failed and its retry time has
    come, or when its claimer has held it longer than `lease` (it died between claim and mark).
    Keys are taken in sorted order so two claimers cannot deadlock. Commit before sending:
    the claim is what keeps a second process off the same reminder.
    """
    now = _utc(now)
    won: dict[LedgerKey, int] = {}
    for key in sorted(set(keys)):
        fields = {col: getattr(key, col) for col in _KEY_COLUMNS}
        row = {**fields, "state": CLAIMED, "attempts": 1, "claimed_at": now, "claimed_by": owner}
        if insert_new(session, ReminderLedger, row, _KEY_COLUMNS):
            won[key] = 1
            continue
        retry_due = and_(
            ReminderLedger.state == FAILED,
            ReminderLedger.next_attempt_at.is_not(None),
            ReminderLedger.next_attempt_at <= now,
        )
        abandoned = and_(ReminderLedger.state == CLAIMED, ReminderLedger.claimed_at < now - lease)
        attempts = session.execute(
            update(ReminderLedger)
            .where(key.where(), or_(retry_due, abandoned))
            .values(
                state=CLAIMED,
                attempts=ReminderLedger.attempts + 1,
                claimed_at=now,
                claimed_by=owner,
                next_attempt_at=None,
            )
            .returning(ReminderLedger.attempts)
            .execution_options(synchronize_session=False)
        ).scalar()
        if attempts is not None:
            won[key] = attempts
    return won


def mark_sent(session: Session, keys: Iterable[LedgerKey], now: datetime, extra_attempts: int = 0) -> None:
    """Record that the message carrying these reminders was delivered."""
    for key in keys:
        session.execute(
            update(ReminderLedger)
            .where(key.where())
            .values(state=SENT, sent_at=_utc(now), error=None, attempts=ReminderLedger.attempts + extra_attempts)
            .execution_options(synchronize_session=False)
        )


def mark_failed(
    session: Session,
    keys: Iterable[LedgerKey],
    error: str,
    retry_at: datetime | None,
    extra_attempts: int = 0,
) -> None:
    """Record a failed send; `retry_at` None gives the reminder up for good."""
    for key in keys:
        session.execute(
            update(ReminderLedger)
            .where(key.where())
            .values(
                state=FAILED,
                error=error[:2000],
                next_attempt_at=_utc(retry_at) if retry_at else None,
                attempts=ReminderLedger.attempts + extra_attempts,
            )
            .execution_options(synchronize_session=False)
        )


def settled_keys(session: Session, since: date, kinds: Sequence[str]) -> set[LedgerKey]:
    """Keys of `kinds` from `since` on that are sent or given up: never to be sent again."""
    rows = session.execute(
        select(*(getattr(ReminderLedger, col) for col in _KEY_COLUMNS)).where(
            ReminderLedger.kind.in_(kinds),
            ReminderLedger.day >= since,
            or_(
                ReminderLedger.state == SENT,
                and_(ReminderLedger.state == FAILED, ReminderLedger.next_attempt_at.is_(None)),
            ),
        )
    )
    return {LedgerKey(*row) for row in rows}


def ledger_entries(session: Session, day: date | None = None, subject: str | None = None) -> list[dict[str, object]]:
    """Ledger rows (of one day, or all; about one subject such as "task:7", or all), oldest first, as plain dicts
    for listings and tests."""
    query = select(ReminderLedger).order_by(ReminderLedger.day, ReminderLedger.id)
    if day is not None:
        query = query.where(ReminderLedger.day == day)
    if subject is not None:
        query = query.where(ReminderLedger.subject == subject)
    return [
        {
            **{col: getattr(row, col) for col in _KEY_COLUMNS},
            "state": row.state,
            "attempts": row.attempts,
            "error": row.error,
            "claimed_by": row.claimed_by,
            "sent_at": row.sent_at,
            "next_attempt_at": row.next_attempt_at,
        }
        for row in session.scalars(query)
    ]


def prune(session: Session, before: date) -> int:
    """Delete rows for days before `before` (no plan can owe them again); returns how many."""
    return changed_rows(session, delete(ReminderLedger).where(ReminderLedger.day < before))
