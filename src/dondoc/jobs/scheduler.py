"""APScheduler 3.x behind three verbs (run repeating, run daily, list by name), and the jobs `serve` starts.

The job store is in memory on purpose: APScheduler's FAQ warns that a job store cannot be shared
between processes, and nothing here needs it to persist. The jobs are a few periodic ticks with
fixed ids, so starting again replaces them; what was sent is decided by the reminder ledger.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping
from datetime import datetime, time, timedelta
from typing import Any

from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.orm import Session, sessionmaker

from dondoc.config import Settings
from dondoc.conversation.channel import BaseChannel
from dondoc.data.db import transaction
from dondoc.jobs.deliver import tick
from dondoc.reminders.actions import prune_snoozes
from dondoc.reminders.ledger import prune
from dondoc.reminders.policy import ReminderPolicy

log = logging.getLogger("dondoc.jobs")

TICK_JOB = "dondoc.reminders.tick"
PRUNE_JOB = "dondoc.reminders.prune"
# Every tick recomputes everything owed, so a backlog of missed ticks is worth exactly one run
# (coalesce) however late it is (no grace limit: 3.x would otherwise drop a run more than 1 s late);
# one tick at a time per process (max_instances), since a second would only race the first.
JOB_DEFAULTS = {"coalesce": True, "misfire_grace_time": None, "max_instances": 1}

JobFunc = Callable[[], Coroutine[Any, Any, Any]]


class ReminderScheduler:
    """The process's scheduler: jobs by fixed id, run on the asyncio loop in the policy's timezone."""

    def __init__(self, timezone: str) -> None:
        self._scheduler = AsyncIOScheduler(timezone=timezone, job_defaults=dict(JOB_DEFAULTS))

    @property
    def timezone(self) -> Any:
        return self._scheduler.timezone

    def run_repeating(self, func: JobFunc, job_id: str, *, minutes: float, first: datetime | None = None) -> Job:
        """Run `func` every `minutes`, first at `first` (immediately when None); replaces job `job_id`."""
        first = first or datetime.now(self._scheduler.timezone)
        trigger = IntervalTrigger(minutes=minutes, timezone=self._scheduler.timezone)
        return self._scheduler.add_job(
            func, trigger, id=job_id, name=job_id, replace_existing=True, next_run_time=first
        )

    def run_daily(self, func: JobFunc, job_id: str, *, at: time) -> Job:
        """Run `func` every day at `at`, local time; replaces job `job_id`."""
        trigger = CronTrigger(hour=at.hour, minute=at.minute, timezone=self._scheduler.timezone)
        return self._scheduler.add_job(func, trigger, id=job_id, name=job_id, replace_existing=True)

    def jobs(self) -> dict[str, Job]:
        """The scheduled jobs by id."""
        return {job.id: job for job in self._scheduler.get_jobs()}

    def start(self) -> None:
        """Start on the running event loop (call from async code)."""
        self._scheduler.start()

    def stop(self) -> None:
        """Stop scheduling; a tick in flight is cancelled, and its claims are taken over after their lease."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)


def start(
    sessions: sessionmaker[Session],
    settings: Settings,
    channels: Mapping[str, BaseChannel],
    *,
    policy: ReminderPolicy | None = None,
    clock: Callable[[], datetime] | None = None,
) -> ReminderScheduler:
    """Schedule the reminder tick and the ledger's housekeeping; what `dondoc serve` calls.

    Call it from a running event loop (e.g. in an async main, or PTB's post_init). The first
    tick runs at once, so a bot that was down catches up on start, by one message per reminder
    owed now, not one per tick it missed.

    Args:
        sessions: the database.
        settings: read for the reminder policy (quiet hours, reminder days, admin chats, …).
        channels: channel name -> started adapter ("telegram", "zalo", "console").
        policy: overrides the policy built from `settings`.
        clock: the current time (tests pass a fake one).

    Returns:
        The running scheduler; call `stop()` on shutdown.

    Raises:
        PolicyError: a reminder setting is invalid.
        RuntimeError: no event loop is running.
    """
    asyncio.get_running_loop()
    policy = policy or ReminderPolicy.from_settings(settings)
    now = clock or (lambda: datetime.now(policy.tz))

    async def run_tick() -> None:
        outcomes = await tick(sessions, policy, channels, now())
        if outcomes:
            states = [o.state for o in outcomes]
            log.info("reminder tick: %s", {state: states.count(state) for state in sorted(set(states))})

    async def run_prune() -> None:
        await asyncio.to_thread(_prune, sessions, policy, now())

    scheduler = ReminderScheduler(policy.timezone)
    scheduler.run_repeating(run_tick, TICK_JOB, minutes=policy.tick_minutes)
    scheduler.run_daily(run_prune, PRUNE_JOB, at=time(3, 30))
    scheduler.start()
    log.info(
        "reminders scheduled every %d min, %s, channels: %s", policy.tick_minutes, policy.timezone, ", ".join(channels)
    )
    return scheduler


def _prune(sessions: sessionmaker[Session], policy: ReminderPolicy, now: datetime) -> None:
    before = policy.local(now).date() - timedelta(days=policy.keep_days)
    with transaction(sessions) as session:
        rows, snoozed = prune(session, before), prune_snoozes(session, before)
    log.info("pruned %d ledger rows and %d snoozes before %s", rows, snoozed, before)
