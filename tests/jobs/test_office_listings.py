"""What the office's pages read of the reminders: every subscription, and the reminders kept about one task."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.reminders.actions import mute_chat
from dondoc.reminders.ledger import LedgerKey, claim, ledger_entries, mark_sent
from dondoc.reminders.subscriptions import all_subscriptions, subscribe

NOW = datetime(2026, 11, 24, 8, tzinfo=UTC)


def test_every_subscription_is_listed_by_unit_then_chat(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        subscribe(session, "zalo", "9", "Bộ Y tế")
        subscribe(session, "telegram", "2", "Bộ Y tế")
        subscribe(session, "telegram", "1", "Bộ Công an")
        mute_chat(session, "telegram", "1", date(2026, 12, 1))
    with sessions() as session:
        rows = all_subscriptions(session)
    assert [(r.unit, r.channel, r.chat_id) for r in rows] == [
        ("Bộ Công an", "telegram", "1"), ("Bộ Y tế", "telegram", "2"), ("Bộ Y tế", "zalo", "9")
    ]  # fmt: skip
    assert [r.muted_until for r in rows] == [date(2026, 12, 1), None, None]
    assert all(r.created_at is not None for r in rows)


def test_the_ledger_lists_one_tasks_reminders(sessions: sessionmaker[Session]) -> None:
    day = date(2026, 11, 24)
    keys = [
        LedgerKey("telegram", "1", "due-soon", "task:7", day),
        LedgerKey("telegram", "1", "due-soon", "task:8", day),
        LedgerKey("telegram", "2", "overdue", "task:7", day + timedelta(days=1)),
        LedgerKey("telegram", "2", "digest", "digest", day),
    ]
    with transaction(sessions) as session:
        claim(session, keys, NOW, timedelta(minutes=10), "test")
        mark_sent(session, keys[:1], NOW)
    with sessions() as session:
        about = ledger_entries(session, subject="task:7")
        of_day = ledger_entries(session, day=day, subject="task:7")
    assert [(row["chat_id"], row["kind"], row["state"]) for row in about] == [
        ("1", "due-soon", "sent"), ("2", "overdue", "claimed")
    ]  # fmt: skip
    assert [row["chat_id"] for row in of_day] == ["1"]
