"""One message sent once, whatever the restarts and however many bots run: the reminder ledger decides.

For the one-off notices (new tasks of a report, a report that overrode an update); the reminders
themselves batch their claims in `jobs.deliver`.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from dondoc.conversation.channel import BaseChannel, DeliveryError
from dondoc.conversation.messages import Reply
from dondoc.data.db import transaction
from dondoc.reminders.ledger import LedgerKey, claim, mark_sent

log = logging.getLogger(__name__)

# A sender that died this long ago (between claim and mark) leaves its message to the next tick.
LEASE = timedelta(minutes=10)


async def send_once(
    sessions: sessionmaker[Session], channel: BaseChannel, key: LedgerKey, reply: Reply, now: datetime, owner: str
) -> bool:
    """Send `reply` to `key.chat_id` unless the ledger holds `key` as sent or being sent; True when it went out.

    A message the channel cannot deliver now is logged and left claimed: a later tick sends it once the
    claim lapses.
    """
    if not await asyncio.to_thread(_claim, sessions, key, now, owner):
        return False
    try:
        await channel.send(key.chat_id, reply)
    except DeliveryError as error:
        log.warning("could not send %s (%s) to %s:%s: %s", key.kind, key.subject, key.channel, key.chat_id, error)
        return False
    await asyncio.to_thread(_mark, sessions, key, now)
    return True


def _claim(sessions: sessionmaker[Session], key: LedgerKey, now: datetime, owner: str) -> bool:
    with transaction(sessions) as session:
        return bool(claim(session, [key], now, LEASE, owner))


def _mark(sessions: sessionmaker[Session], key: LedgerKey, now: datetime) -> None:
    with transaction(sessions) as session:
        mark_sent(session, [key], now)
