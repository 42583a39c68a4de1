"""Telling the admin chats when a newer report overrode a chat or CLI update (issue 12, item 4).

Ingest records such a report event with `supersedes` set (`dondoc.followup.reconcile`); every scheduler
tick sends each one not yet told to every admin chat. The reminder ledger (kind "override", subject
"event:<id>") makes each notice go out once per admin chat, across restarts and instances.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from dondoc.conversation.channel import BaseChannel
from dondoc.conversation.messages import Reply
from dondoc.conversation.sent_once import send_once
from dondoc.followup.reconcile import overrides_since
from dondoc.reminders.ledger import LedgerKey
from dondoc.reminders.policy import ReminderPolicy

KIND = "override"
LOOKBACK = timedelta(days=7)  # older overrides were told already, or their news is stale


def _notices(sessions: sessionmaker[Session], since: datetime) -> list[tuple[int, date, str]]:
    """(report event id, its day, the notice) of each override recorded since `since`."""
    with sessions() as session:
        return [(found.report.id, found.report.as_of, "⚠️ " + found.text) for found in overrides_since(session, since)]


def admin_chats(policy: ReminderPolicy, channel: str) -> list[str]:
    """The admin chats on one channel ("7" stands on every channel, "telegram:7" on Telegram only)."""
    prefix = f"{channel}:"
    return sorted(e.removeprefix(prefix) for e in policy.admin_chats if ":" not in e or e.startswith(prefix))


async def tell_overrides(
    sessions: sessionmaker[Session], policy: ReminderPolicy, channels: Mapping[str, BaseChannel], now: datetime
) -> int:
    """Send every override of the last week not yet told to each admin chat; returns how many were sent."""
    notices = await asyncio.to_thread(_notices, sessions, now.astimezone(UTC) - LOOKBACK)
    sent = 0
    for name, channel in channels.items():
        for chat_id in admin_chats(policy, name):
            for event_id, day, text in notices:
                key = LedgerKey(name, chat_id, KIND, f"event:{event_id}", day)
                sent += await send_once(sessions, channel, key, Reply(text), now, "overrides")
    return sent
