"""The scheduler `dondoc serve` starts: fixed job ids, deliberate misfire settings, a catch-up tick at start."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest

from dondoc.channels.fake import FakeChannel
from dondoc.config import Settings
from dondoc.conversation.messages import Reply
from dondoc.jobs import PRUNE_JOB, TICK_JOB, ReminderScheduler, start
from tests.builders import at

DAY = date(2026, 11, 24)


def _settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, database_url="sqlite://", admin_chats=frozenset({"100"}))


class WatchedChannel(FakeChannel):
    """A fake channel that says when a message went out (the scheduler sends from the event loop)."""

    def __init__(self) -> None:
        super().__init__()
        self.delivered = asyncio.Event()

    async def send(self, chat_id: str, reply: Reply) -> None:
        await super().send(chat_id, reply)
        self.delivered.set()


async def test_serve_schedules_fixed_jobs_and_catches_up_at_once(world, sessions, tmp_path) -> None:
    world.task("Kết nối cơ sở dữ liệu hộ tịch", DAY - timedelta(days=30))
    world.subscribe("100", "Bộ Y tế")
    channel = WatchedChannel()

    scheduler = start(sessions, _settings(tmp_path), {"telegram": channel}, clock=lambda: at(DAY, 10))
    try:
        await asyncio.wait_for(channel.delivered.wait(), timeout=30)  # the catch-up tick, at once
        jobs = scheduler.jobs()
    finally:
        scheduler.stop()

    assert set(jobs) == {TICK_JOB, PRUNE_JOB}
    for job in jobs.values():
        assert (job.coalesce, job.misfire_grace_time, job.max_instances) == (True, None, 1)
    assert str(scheduler.timezone) == "Asia/Ho_Chi_Minh"
    assert str(jobs[PRUNE_JOB].trigger).startswith("cron[hour='3', minute='30'")
    [message] = channel.sent
    assert message.chat_id == "100" and message.reply.text.startswith("📋 Nhiệm vụ quá hạn — Bộ Y tế")


async def test_adding_a_job_again_replaces_it() -> None:
    scheduler = ReminderScheduler("Asia/Ho_Chi_Minh")

    async def job() -> None:
        return None

    scheduler.run_repeating(job, TICK_JOB, minutes=5)
    scheduler.run_repeating(job, TICK_JOB, minutes=5)
    scheduler.start()
    try:
        scheduler.run_repeating(job, TICK_JOB, minutes=10)
        assert list(scheduler.jobs()) == [TICK_JOB]
        assert scheduler.jobs()[TICK_JOB].trigger.interval == timedelta(minutes=10)
    finally:
        scheduler.stop()


def test_start_needs_a_running_event_loop(sessions, tmp_path) -> None:
    with pytest.raises(RuntimeError):
        start(sessions, _settings(tmp_path), {})
