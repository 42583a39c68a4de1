"""Sending the plan: claim each reminder in the ledger, send it through its channel, mark the outcome.

Recorded before sending, marked after: a crash between the two leaves a claim that another
tick takes over once its lease ends, so a reminder is never lost; the unique ledger key means
two schedulers never both own it, so it is never sent twice.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from dondoc.conversation.channel import BaseChannel, ChatGone, DeliveryError, RetryLater
from dondoc.conversation.reminder_replies import ReminderMessage, narrow_to_claimed, with_texts
from dondoc.data.db import transaction
from dondoc.data.ledger import claim, mark_failed, mark_sent
from dondoc.data.reminder_plan import Reminder, plan_day
from dondoc.data.reminder_policy import ReminderPolicy
from dondoc.data.subscriptions import unsubscribe_chat
from dondoc.jobs.overrides import tell_overrides

log = logging.getLogger("dondoc.jobs")

Sleep = Callable[[float], Awaitable[Any]]
MAX_INLINE_RETRIES = 3
# One id per process, written on each claim: which scheduler sent what, when two share a database.
OWNER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class Outcome:
    """What happened to one planned message.

    Attributes:
        state: "sent"; "retry" (failed, will be retried); "given_up" (failed too often);
            "gone" (the chat blocked the bot: it was unsubscribed); "skipped" (another process
            owns it, or its retry time has not come); "paused" (the channel asked us to slow
            down, left for the next tick); "no_channel" (its channel is not running here).
    """

    reminder: Reminder
    state: str
    error: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {**self.reminder.as_dict(), "state": self.state, "error": self.error}


def _write(sessions: sessionmaker[Session], func: Callable[..., Any], *args: Any) -> Any:
    with transaction(sessions) as session:
        return func(session, *args)


def _claim(
    session: Session, policy: ReminderPolicy, reminder: Reminder, now: datetime, owner: str
) -> tuple[ReminderMessage | None, int]:
    """The part of `reminder` this process won, rendered now, and its highest attempt number."""
    won = claim(session, reminder.keys, now, timedelta(seconds=policy.claim_lease), owner)
    if not won:
        return None, 0
    if len(won) < len(reminder.keys):
        reminder = narrow_to_claimed(session, policy, reminder, won)
    elif not isinstance(reminder, ReminderMessage):
        [reminder] = with_texts(session, policy, [reminder])
    return reminder, max(won.values())


async def _send(
    channel: BaseChannel, reminder: ReminderMessage, policy: ReminderPolicy, sleep: Sleep
) -> tuple[str, Any, int]:
    """Send once, waiting out short flood limits; returns (state, error or retry_after, extra attempts)."""
    extra, reply = 0, reminder.reply
    while True:
        try:
            await channel.send(reminder.chat_id, reply)
            return "sent", None, extra
        except RetryLater as error:
            if error.retry_after <= policy.max_inline_wait and extra < MAX_INLINE_RETRIES:
                extra += 1
                await sleep(error.retry_after)
                continue
            return "paused", error, extra
        except ChatGone as error:
            return "gone", error, extra
        except DeliveryError as error:
            return "retry", error, extra
        except Exception as error:  # an adapter bug must not leave the claim hanging until its lease ends
            log.exception("unexpected error sending %s to %s:%s", reminder.kind, reminder.channel, reminder.chat_id)
            return "retry", error, extra


async def deliver(
    sessions: sessionmaker[Session],
    policy: ReminderPolicy,
    channels: Mapping[str, BaseChannel],
    reminders: Sequence[Reminder],
    now: datetime,
    *,
    owner: str = OWNER,
    sleep: Sleep = asyncio.sleep,
) -> list[Outcome]:
    """Claim, send and mark each reminder; a failure is retried by a later tick.

    Args:
        channels: channel name -> running adapter; reminders of other channels are left unclaimed.
        now: the tick's time: claims, retry times and sent times are stamped with it.
        owner: who claims (written into the ledger).
        sleep: awaited before retrying after a short retry_after; tests pass a no-op. Send rates
            are the adapters' business (TelegramChannel keeps Telegram's limits).
    """
    outcomes: list[Outcome] = []
    paused: set[str] = set()
    gone: set[tuple[str, str]] = set()
    for planned in reminders:
        channel = channels.get(planned.channel)
        if channel is None or planned.channel in paused or (planned.channel, planned.chat_id) in gone:
            state = "no_channel" if channel is None else "paused" if planned.channel in paused else "gone"
            outcomes.append(Outcome(planned, state))
            continue
        reminder, attempt = await asyncio.to_thread(_write, sessions, _claim, policy, planned, now, owner)
        if reminder is None:
            outcomes.append(Outcome(planned, "skipped"))
            continue
        state, error, extra = await _send(channel, reminder, policy, sleep)
        attempt += extra
        if state == "sent":
            await asyncio.to_thread(_write, sessions, mark_sent, reminder.keys, now, extra)
            log.info(
                "sent %s to %s:%s (%d tasks)", reminder.kind, reminder.channel, reminder.chat_id, len(reminder.task_ids)
            )
        elif state == "gone":
            await asyncio.to_thread(_write, sessions, _forget_chat, reminder, str(error), extra)
            gone.add((reminder.channel, reminder.chat_id))
        else:
            failed = (policy, reminder, state, error, attempt, extra, now)
            state = await asyncio.to_thread(_write, sessions, _failed, *failed)
            if state == "paused":
                paused.add(reminder.channel)
        outcomes.append(Outcome(reminder, state, None if error is None else str(error)))
    return outcomes


def _failed(
    session: Session,
    policy: ReminderPolicy,
    reminder: Reminder,
    state: str,
    error: Any,
    attempt: int,
    extra: int,
    now: datetime,
) -> str:
    """Record a failed send for a later tick: after retry_after, or the backoff; "given_up" after too many."""
    wait = error.retry_after if state == "paused" else policy.backoff(attempt)
    if attempt >= policy.max_attempts:
        state = "given_up"
        log.error("giving up %s to %s:%s after %d attempts: %s", reminder.kind, reminder.channel, reminder.chat_id,
                  attempt, error)  # fmt: skip
    elif state == "paused":
        log.warning("%s asks to wait %s s; this tick's other messages wait for the next", reminder.channel, wait)
    retry_at = None if state == "given_up" else now + timedelta(seconds=wait)
    mark_failed(session, reminder.keys, str(error), retry_at, extra)
    return state


def _forget_chat(session: Session, reminder: Reminder, error: str, extra: int) -> None:
    mark_failed(session, reminder.keys, error, None, extra)
    removed = unsubscribe_chat(session, reminder.channel, reminder.chat_id)
    log.warning(
        "chat %s:%s is gone (%s): unsubscribed from %d units", reminder.channel, reminder.chat_id, error, removed
    )


def _plan(sessions: sessionmaker[Session], policy: ReminderPolicy, now: datetime) -> list[Reminder]:
    with sessions() as session:
        return plan_day(session, policy, policy.local(now).date())


async def tick(
    sessions: sessionmaker[Session],
    policy: ReminderPolicy,
    channels: Mapping[str, BaseChannel],
    now: datetime,
    *,
    owner: str = OWNER,
    sleep: Sleep = asyncio.sleep,
) -> list[Outcome]:
    """What the scheduler runs every few minutes: send whatever is owed at `now` and not yet sent.

    Nothing goes out in quiet hours; the day is `now` on the policy's clock. Running it again,
    from this process or another, sends nothing twice: the ledger decides.
    """
    if policy.is_quiet(now):
        return []
    reminders = await asyncio.to_thread(_plan, sessions, policy, now)
    outcomes = await deliver(sessions, policy, channels, reminders, now, owner=owner, sleep=sleep)
    await tell_overrides(sessions, policy, channels, now)  # a newer report undid a unit's update
    return outcomes


async def send_day(
    sessions: sessionmaker[Session],
    policy: ReminderPolicy,
    channels: Mapping[str, BaseChannel],
    day: date,
    now: datetime,
    *,
    owner: str = OWNER,
    sleep: Sleep = asyncio.sleep,
) -> list[Outcome]:
    """Send what is owed on `day` now, quiet hours or not: an operator's `dondoc remind --today D`."""
    with sessions() as session:
        reminders = with_texts(session, policy, plan_day(session, policy, day))
    return await deliver(sessions, policy, channels, reminders, now, owner=owner, sleep=sleep)
