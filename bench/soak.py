"""Soak run: thousands of chat messages and a reminder tick through the real Telegram adapter, with faults.

The fake Bot API answers 5xx to every send for 0.3 s every 5 s, hangs past the client's timeout every 15 s, and the
database goes away for a few seconds in the middle of the reminder tick (a restart). Every message
asks "/sapden k <unit>" with its own k, so each answer is unique in its chat; every reminder is unique
in its chat too. Lost and duplicated messages are counted at the fake server. A second tick (after the
backoff) sends the reminders that failed. Expect 0 lost, 0 duplicated.

Run: .venv/bin/python bench/soak.py [--chats 200] [--messages 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import platform
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for the fake server in tests/

from tests.channels.fake_telegram import TOKEN, FakeTelegram  # noqa: E402

from dondoc.channels.telegram import TelegramChannel  # noqa: E402
from dondoc.conversation import Conversation, with_texts  # noqa: E402
from dondoc.data.db import open_database, transaction  # noqa: E402
from dondoc.data.units import UnitRegistry  # noqa: E402
from dondoc.ingest.pipeline import bundled_paths, ingest_paths  # noqa: E402
from dondoc.jobs import send_day  # noqa: E402
from dondoc.reminders import ReminderPolicy, plan_day  # noqa: E402
from dondoc.reminders.subscriptions import subscribe  # noqa: E402

UNITS = ["BYT", "BCA", "Bộ Tài chính", "Bộ Tư pháp", "Văn phòng Chính phủ", "Bộ Xây dựng"]
POLICY = ReminderPolicy()
ANSWER = " ngày tới (đến "  # in every answer to "/sapden k <unit>", in no reminder


class RestartingDatabase:
    """Sessions whose database is away between `at` and `at + away` seconds after `start()` (a restart)."""

    def __init__(self, sessions: sessionmaker[Session], at: float, away: float) -> None:
        self.sessions, self.at, self.away, self.began = sessions, at, away, time.monotonic()
        self.refused = 0

    def __call__(self) -> Session:
        if self.at <= time.monotonic() - self.began < self.at + self.away:
            self.refused += 1
            raise OperationalError("SELECT 1", {}, Exception("the database system is starting up"))
        return self.sessions()


def inject_faults(server: FakeTelegram, stop: threading.Event, counts: Counter[str]) -> None:
    """Every 5 s a 0.3 s outage (5xx to every send); every 15 s a call that hangs past the client's 5 s timeout."""
    rng, tick = random.Random(15), 0
    while not stop.wait(1.0):
        tick += 1
        if tick % 5 == 0:
            server.fail_during("sendMessage", 0.3, rng.choice([500, 502, 503]))
            counts["5xx outages"] += 1
        if tick % 15 == 0:
            server.stall_next("sendMessage", 6.0)
            counts["timeouts"] += 1


async def run(sessions: sessionmaker[Session], server: FakeTelegram, chats: list[int], per_chat: int) -> dict:
    core = Conversation(sessions, UnitRegistry.load(), today=lambda: TODAY, reminders=POLICY)
    channel = TelegramChannel(core, TOKEN, base_url=server.base_url, poll_timeout=1)
    await channel.start()
    try:
        for k in range(1, per_chat + 1):
            for n, chat in enumerate(chats):
                server.message(chat, f"/sapden {k} {UNITS[(n + k) % len(UNITS)]}")
        now = datetime.combine(TODAY, datetime.min.time()).astimezone() + timedelta(hours=9)
        flaky = RestartingDatabase(sessions, at=1.0, away=4.0)
        first = await send_day(flaky, POLICY, {"telegram": channel}, TODAY, now)  # type: ignore[arg-type]
        second = await send_day(sessions, POLICY, {"telegram": channel}, TODAY, now + timedelta(hours=2))
        with contextlib.suppress(AssertionError):  # what has not come by then is counted as lost
            await server.until(lambda: answered(server) >= len(chats) * per_chat, timeout=120)
        await asyncio.sleep(35)  # let late retries land (the last comes 30 s on), so a duplicate would be seen
    finally:
        await channel.stop()
    return {"first": Counter(o.state for o in first), "second": Counter(o.state for o in second),
            "db_refused": flaky.refused}  # fmt: skip


def answered(server: FakeTelegram) -> int:
    return len({(c.chat_id, c.plain) for c in server.sent(methods=("sendMessage",)) if ANSWER in c.plain})


TODAY = datetime(2026, 11, 23).date()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10, help="messages each chat sends")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        sessions = open_database(f"sqlite:///{Path(folder) / 'soak.db'}")
        registry = UnitRegistry.load()
        chats = [10_000 + n for n in range(args.chats)]
        with transaction(sessions) as session:
            ingest_paths(session, bundled_paths(), registry)
            for n, chat in enumerate(chats):
                subscribe(session, "telegram", str(chat), UNITS[n % len(UNITS)], registry)
        with sessions() as session:
            plan = with_texts(session, POLICY, plan_day(session, POLICY, TODAY))
            owed = {(r.chat_id, r.reply.text.splitlines()[0]) for r in plan}
        stop, faults = threading.Event(), Counter[str]()
        with FakeTelegram() as server:
            injector = threading.Thread(target=inject_faults, args=(server, stop, faults), daemon=True)
            started = time.perf_counter()
            injector.start()
            try:
                states = asyncio.run(run(sessions, server, chats, args.messages))
            finally:
                stop.set()
            took = time.perf_counter() - started
            sends = [(c.chat_id, c.plain) for c in server.sent(methods=("sendMessage",))]
        answers = [s for s in sends if ANSWER in s[1]]
        reminders = {(chat, text.splitlines()[0]) for chat, text in sends if ANSWER not in text}
        expected = args.chats * args.messages
        print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
        print(f"{args.chats} chats x {args.messages} messages = {expected:,} questions; {len(owed):,} reminders owed")
        print(f"faults: {dict(faults)}; database refused {states['db_refused']} sessions while restarting")
        print(f"reminder ticks: first {dict(states['first'])}, second {dict(states['second'])}")
        lost_answers = expected - len(set(answers))
        lost_reminders = len(owed - reminders)
        duplicated = len(sends) - len(set(sends))
        print(f"answers: {len(set(answers)):,} delivered, {lost_answers} lost")
        print(f"reminders: {len(owed & reminders):,} delivered, {lost_reminders} lost")
        print(f"duplicated: {duplicated}; {len(sends):,} messages in {took:.0f} s")
        print(f"result: {lost_answers + lost_reminders} lost, {duplicated} duplicated")
        sessions.kw["bind"].dispose()


if __name__ == "__main__":
    main()
