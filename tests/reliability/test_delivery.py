"""Issue 15, item 2: a reminder tick sends to different chats concurrently, losing nothing.

The pace against Telegram's limits is measured end to end by bench/delivery.py (docs/benchmarks.md).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, timedelta

from dondoc.conversation.channel import BaseChannel
from dondoc.conversation.messages import Reply
from dondoc.jobs import tick
from dondoc.reminders import ReminderPolicy
from tests.builders import World, at

DAY = date(2026, 11, 24)  # a Tuesday
TELEGRAM_OVERALL = 30  # messages a second across chats


class SlowChannel(BaseChannel):
    """A Bot API slow to answer: each send is held until 30 are in flight, as they are when chats go in parallel.

    Sent one at a time, the first send would wait for company that never comes: after `patience`
    seconds it gives up waiting (a test failing, not a test hanging).
    """

    name = "telegram"

    def __init__(self, patience: float = 5.0) -> None:
        self.sent: list[str] = []
        self.in_flight = self.most_in_flight = 0
        self.crowd = asyncio.Event()
        self.patience = patience

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        if self.in_flight >= TELEGRAM_OVERALL:
            self.crowd.set()
        try:
            await asyncio.wait_for(self.crowd.wait(), self.patience)
        except TimeoutError:
            self.crowd.set()  # fail once, then let the rest through
        finally:
            self.in_flight -= 1
        self.sent.append(chat_id)


async def test_a_tick_sends_to_many_chats_at_once_with_none_lost_or_twice(sessions) -> None:
    world = World(sessions)
    world.task("Kết nối cơ sở dữ liệu hộ tịch", DAY - timedelta(days=30))
    chats = [str(1000 + n) if n % 5 else str(-1000 - n) for n in range(300)]  # a fifth are groups
    for chat in chats:
        world.subscribe(chat, "Bộ Y tế")
    channel = SlowChannel()

    outcomes = await tick(sessions, ReminderPolicy(), {"telegram": channel}, at(DAY))

    # One chat at a time, 10,000 chats x 0.6 s took hours; 30 in flight keep Telegram's 30/s busy.
    assert channel.most_in_flight >= TELEGRAM_OVERALL
    assert Counter(o.state for o in outcomes) == {"sent": 300}
    assert sorted(channel.sent) == sorted(chats)  # none lost, none twice
