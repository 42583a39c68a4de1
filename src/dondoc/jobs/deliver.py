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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dondoc.conversation.channel import BaseChannel, ChatGone, DeliveryError, RetryLater
from dondoc.conversation.reminder_replies import ReminderMessage, narrow_to_claimed, with_texts
from dondoc.data.db import transaction
from dondoc.jobs.overrides import tell_overrides
from dondoc.reminders.ledger import claim, mark_failed, mark_sent
from dondoc.reminders.plan import Reminder, plan_day
from dondoc.reminders.policy import ReminderPolicy
from dondoc.reminders.subscriptions import unsubscribe_chat

log = logging.getLogger("dondoc.jobs")

Sleep = Callable[[float], Awaitable[Any]]
MAX_INLINE_RETRIES = 3
# Chats sent to at once: enough to keep Telegram's 30 messages a second busy while each waits 1 s per chat.
CONCURRENT_CHATS = 64
# Seconds between tries of a ledger write while the database is away: a restart is ridden out, so a message
# sent is marked sent (not sent again after the lease); a database away for longer ends the run.
DATABASE_BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0)
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
    concurrent_chats: int = CONCURRENT_CHATS,
) -> list[Outcome]:
    """Claim, send and mark each reminder; a failure is retried by a later tick.

    Chats are served concurrently (up to `concurrent_chats` at once), each chat's messages in plan
    order; the channel's limiter keeps the platform's rates. Ledger writes go through one thread,
    so SQLite never sees two writers. A database away for a moment (a restart) is waited for, up to
    `DATABASE_BACKOFF`; away for longer, the error propagates and the other chats stop: what was
    claimed and not marked is sent by a tick after the claim lease (the messages in flight then, at
    most `concurrent_chats`, may arrive twice: never lost).

    Args:
        channels: channel name -> running adapter; reminders of other channels are left unclaimed.
        now: the tick's time: claims, retry times and sent times are stamped with it.
        owner: who claims (written into the ledger).
        sleep: awaited before retrying after a short retry_after; tests pass a no-op. Send rates
            are the adapters' business (TelegramChannel keeps Telegram's limits).
        concurrent_chats: how many chats are being sent to at once.

    Returns:
        One outcome per planned reminder, in plan order.
    """
    by_chat: dict[tuple[str, str], list[int]] = {}
    for index, planned in enumerate(reminders):
        by_chat.setdefault((planned.channel, planned.chat_id), []).append(index)
    run = _Run(sessions, policy, channels, now, owner, sleep)
    slots = asyncio.Semaphore(concurrent_chats)

    async def one_chat(indexes: list[int]) -> None:
        async with slots:
            for index in indexes:
                run.outcomes[index] = await run.one(reminders[index])

    try:
        async with asyncio.TaskGroup() as group:
            for indexes in by_chat.values():
                group.create_task(one_chat(indexes))
    except BaseExceptionGroup as errors:
        raise errors.exceptions[0] from None  # the first failure (the database gone), as callers expect
    finally:
        run.writer.shutdown(wait=False)
    return [run.outcomes[index] for index in range(len(reminders))]


class _Run:
    """One delivery run's state: the ledger writer, the channels asked to pause, the chats gone."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        policy: ReminderPolicy,
        channels: Mapping[str, BaseChannel],
        now: datetime,
        owner: str,
        sleep: Sleep,
    ) -> None:
        self.sessions, self.policy, self.channels = sessions, policy, channels
        self.now, self.owner, self.sleep = now, owner, sleep
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dondoc-ledger")
        self.outcomes: dict[int, Outcome] = {}
        self.paused: dict[str, RetryLater] = {}
        self.gone: set[tuple[str, str]] = set()

    async def write(self, func: Callable[..., Any], *args: Any) -> Any:
        """One ledger transaction on the writer thread; tried again while the database is away (a restart).

        Raises:
            OperationalError: the database is still away after the last pause.
        """
        loop = asyncio.get_running_loop()
        for pause in (*DATABASE_BACKOFF, None):
            try:
                return await loop.run_in_executor(self.writer, _write, self.sessions, func, *args)
            except OperationalError as error:
                if pause is None:
                    raise
                log.warning("ledger write failed (%s); retrying in %.0f s", str(error.orig).strip()[:120], pause)
                await self.sleep(pause)

    async def one(self, planned: Reminder) -> Outcome:
        """Claim, send and mark one reminder."""
        channel = self.channels.get(planned.channel)
        if channel is None or planned.channel in self.paused or (planned.channel, planned.chat_id) in self.gone:
            state = "no_channel" if channel is None else "paused" if planned.channel in self.paused else "gone"
            return Outcome(planned, state)
        reminder, attempt = await self.write(_claim, self.policy, planned, self.now, self.owner)
        if reminder is None:
            return Outcome(planned, "skipped")
        if reminder.channel in self.paused:  # asked to pause while this claim was being written
            state, error, extra = "paused", self.paused[reminder.channel], 0
        else:
            state, error, extra = await _send(channel, reminder, self.policy, self.sleep)
            if state == "paused":
                self.paused[reminder.channel] = error
        attempt += extra
        if state == "sent":
            await self.write(mark_sent, reminder.keys, self.now, extra)
            log.info(
                "sent %s to %s:%s (%d tasks)", reminder.kind, reminder.channel, reminder.chat_id, len(reminder.task_ids)
            )
        elif state == "gone":
            await self.write(_forget_chat, reminder, str(error), extra)
            self.gone.add((reminder.channel, reminder.chat_id))
        else:
            state = await self.write(_failed, self.policy, reminder, state, error, attempt, extra, self.now)
        return Outcome(reminder, state, None if error is None else str(error))


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
