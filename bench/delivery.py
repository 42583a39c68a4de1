"""Benchmark: one day's reminders for 2,000 chats through the real Telegram adapter and a fake Bot API.

Target: ≥ 25 messages/s with none lost or duplicated, Telegram's limits kept (30/s overall, 1/s per
chat, 20/min per group). Each chat follows one unit of a synthetic database whose tasks are spread
over past and coming deadlines, so most chats are owed a digest and some a deadline reminder too.
Lost and duplicated messages are counted at the fake server, not taken from dondoc's own word. The
fake server runs in a process of its own, as Telegram is remote: in ours it would share the GIL with
the sender and slow both.

Run: .venv/bin/python bench/delivery.py [--chats 2000] [--groups 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import platform
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for the fake server in tests/

from tests.channels.fake_telegram import TOKEN, FakeTelegram  # noqa: E402

from dondoc.channels.telegram import TelegramChannel  # noqa: E402
from dondoc.conversation import Conversation, plan_day  # noqa: E402
from dondoc.data.db import open_database, transaction  # noqa: E402
from dondoc.data.models import Subscription, Task, TaskUnit, Unit  # noqa: E402
from dondoc.data.units import UnitRegistry  # noqa: E402
from dondoc.jobs import send_day  # noqa: E402
from dondoc.reminders import ReminderPolicy  # noqa: E402

TODAY = date(2026, 11, 24)  # a Tuesday


def populate(sessions: sessionmaker[Session], chats: int, group_share: float, units: int = 200) -> None:
    """`units` units with 10 tasks each (deadlines from 60 days ago to 10 days ahead); chat i follows unit i % units."""
    rng = random.Random(15)
    with transaction(sessions) as session:
        session.execute(insert(Unit), [{"id": i, "name": f"Đơn vị {i:03d}", "kind": "ministry"} for i in range(units)])
        tasks = [
            {
                "id": n, "content": f"Nhiệm vụ số {n} về kết nối dữ liệu dân cư", "directing_docs": ["Đề án 06"],
                "directing_keys": " ", "deadline_text": "", "deadline_kind": "day",
                "deadline_due": TODAY + timedelta(days=rng.choice([-60, -30, -5, 0, 1, 3, 7, 10])),
                "status": "in_progress",
            }
            for n in range(1, units * 10 + 1)
        ]  # fmt: skip
        session.execute(insert(Task), tasks)
        session.execute(insert(TaskUnit), [{"task_id": t["id"], "unit_id": t["id"] % units, "role": "lead",
                                            "position": 0} for t in tasks])  # fmt: skip
        session.execute(
            insert(Subscription),
            [
                {"channel": "telegram", "chat_id": str(-(10**6) - i if rng.random() < group_share else 10**6 + i),
                 "unit_id": i % units}
                for i in range(chats)
            ],
        )  # fmt: skip


def serve_fake(pipe: Connection) -> None:
    """In the child process: run the fake Bot API, send its URL, and on request what it received."""
    with FakeTelegram() as server:
        pipe.send(server.base_url)
        pipe.recv()  # "report"
        pipe.send(([(c.chat_id, c.text) for c in server.sent(methods=("sendMessage",))], len(server.violations)))


async def run(sessions: sessionmaker[Session], base_url: str, policy: ReminderPolicy) -> tuple[int, float]:
    """Send the day's reminders; returns how many were planned and the seconds the sending took."""
    core = Conversation(sessions, UnitRegistry.load(), today=lambda: TODAY, reminders=policy)
    channel = TelegramChannel(core, TOKEN, base_url=base_url)
    with sessions() as session:
        planned = len(plan_day(session, policy, TODAY))
    await channel.open_for_sending()
    try:
        started = time.perf_counter()
        now = datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(hours=2)
        outcomes = await send_day(sessions, policy, {"telegram": channel}, TODAY, now)
        took = time.perf_counter() - started
    finally:
        await channel.close_for_sending()
    print(f"outcomes: {dict(Counter(o.state for o in outcomes))}")
    return planned, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=2000)
    parser.add_argument("--groups", type=float, default=0.2, help="share of the chats that are groups")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    pipe, child_pipe = multiprocessing.Pipe()
    child = multiprocessing.Process(target=serve_fake, args=(child_pipe,), daemon=True)
    child.start()
    with tempfile.TemporaryDirectory() as folder:
        sessions = open_database(f"sqlite:///{Path(folder) / 'delivery.db'}")
        populate(sessions, args.chats, args.groups)
        planned, took = asyncio.run(run(sessions, pipe.recv(), ReminderPolicy()))
        pipe.send("report")
        sent, violations = pipe.recv()
        child.terminate()
        unique = set(sent)
        lost, duplicated = planned - len(unique), len(sent) - len(unique)
        rate = len(sent) / took
        print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
        print(f"{args.chats:,} chats ({args.groups:.0%} groups): {planned:,} messages planned")
        print(f"delivered {len(unique):,} in {took:.1f} s: {rate:.1f} messages/s; lost {lost}, duplicated {duplicated}")
        print(f"limit breaches seen by the fake server: {violations}")
        print(f"10,000 chats at this rate: about {planned / args.chats * 10_000 / rate / 60:.1f} min")
        print(f"target: ≥ 25 messages/s, none lost or duplicated -> "
              f"{'met' if rate >= 25 and lost == duplicated == 0 else 'MISSED'}")  # fmt: skip
        sessions.kw["bind"].dispose()


if __name__ == "__main__":
    main()
