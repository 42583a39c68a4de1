"""Two `dondoc serve` on one PostgreSQL send each reminder once: the ledger's unique key and row claims."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import delete

from dondoc.channels.fake import FakeChannel
from dondoc.conversation.messages import Reply
from dondoc.data.db import open_database
from dondoc.data.models import ReminderLedger
from dondoc.reminders import ReminderPolicy
from tests.builders import World, at, run_ticks, sent

pytestmark = pytest.mark.postgres

START = date(2026, 12, 1)
UNITS = ("Bộ Y tế", "Bộ Công an", "Bộ Tư pháp", "Bộ Tài chính")


class SlowChannel(FakeChannel):
    """Lets the other sender run before each message goes out, as a wait on Telegram would, so two senders overlap."""

    async def send(self, chat_id: str, reply: Reply) -> None:
        await asyncio.sleep(0)
        await super().send(chat_id, reply)


def _populate(url: str) -> None:
    sessions = open_database(url)
    world = World(sessions)
    for i in range(24):
        unit = UNITS[i % len(UNITS)]
        world.task(f"Nhiệm vụ số {i}", START + timedelta(days=i % 12 - 2), lead=(unit,))
    for chat in range(12):
        world.subscribe(str(1000 + chat), UNITS[chat % len(UNITS)])
        world.subscribe(str(1000 + chat), UNITS[(chat + 1) % len(UNITS)])
    sessions.kw["bind"].dispose()


def _expected(url: str, policy: ReminderPolicy) -> list[tuple]:
    sessions = open_database(url)
    channel = FakeChannel()
    outcomes = asyncio.run(run_ticks(sessions, policy, channel, at(START, 6), at(START + timedelta(days=5), 0)))
    sessions.kw["bind"].dispose()
    return sorted(sent(outcomes))


async def test_two_instances_in_one_process_never_send_the_same_reminder(postgres_url: str) -> None:
    policy = ReminderPolicy(quiet_weekdays=frozenset(), claim_lease=10 * 86400)  # two fake clocks: see _WORKER
    _populate(postgres_url)
    first, second = open_database(postgres_url), open_database(postgres_url)
    channels = SlowChannel(), SlowChannel()

    results = await asyncio.gather(
        run_ticks(first, policy, channels[0], at(START, 6), at(START + timedelta(days=5), 0), owner="a"),
        run_ticks(second, policy, channels[1], at(START, 6), at(START + timedelta(days=5), 0), owner="b"),
    )

    both = sent(results[0]) + sent(results[1])
    assert both, "the walk should send something"
    assert [item for item, count in Counter(both).items() if count > 1] == []
    assert len(channels[0].sent) + len(channels[1].sent) == len(both)
    first.kw["bind"].dispose()
    second.kw["bind"].dispose()


_WORKER = """
import asyncio, json, sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dondoc.channels.fake import FakeChannel
from dondoc.data.db import open_database
from dondoc.data.models import ReminderLedger
from dondoc.reminders import ReminderPolicy
from dondoc.jobs import tick

url, owner, start = sys.argv[1], sys.argv[2], date.fromisoformat(sys.argv[3])
sessions, channel = open_database(url), FakeChannel()
# Each worker walks its own fake clock through five days at its own pace; on a busy machine one may be days
# ahead of the other, so a claim must not lapse within the walk (with one real clock, 10 minutes is plenty).
policy = ReminderPolicy(quiet_weekdays=frozenset(), claim_lease=10 * 86400)


async def no_wait(_seconds):
    return None


async def main():
    sent = []
    for days in range(5):
        for hour in range(6, 23):
            day = start + timedelta(days=days)
            now = datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(policy.timezone))
            for o in await tick(sessions, policy, {"telegram": channel}, now, owner=owner, sleep=no_wait):
                if o.state == "sent":
                    r = o.reminder
                    sent.append([r.day.isoformat(), r.chat_id, r.kind, list(r.task_ids)])
    print(json.dumps(sent))


asyncio.run(main())
"""


def test_two_processes_on_one_database_send_each_reminder_once(postgres_url: str) -> None:
    policy = ReminderPolicy(quiet_weekdays=frozenset())
    _populate(postgres_url)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, postgres_url, name, START.isoformat()],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("serve-1", "serve-2")
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], [err for _, err in outputs]

    sends = [
        (date.fromisoformat(d), chat, kind, tuple(ids)) for out, _ in outputs for d, chat, kind, ids in json.loads(out)
    ]
    assert [item for item, count in Counter(sends).items() if count > 1] == []
    # Together they sent exactly what one process alone sends on the same data.
    sessions = open_database(postgres_url)
    with sessions.begin() as session:
        session.execute(delete(ReminderLedger))
    sessions.kw["bind"].dispose()
    assert sorted(sends) == _expected(postgres_url, policy)
