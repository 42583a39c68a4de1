"""Benchmark: plan one day's reminders for 100,000 tasks and 10,000 subscriptions (target < 2 s).

Builds a synthetic database (700 units, a tenth of them merged in 2025; 1-3 units per task; due
dates spread over 2022-2027 so most open tasks are overdue, as in the real corpus; 10,000
subscriptions of ~6,300 chats following 1-3 units each), then times `plan_day` (every query and
the ledger check: which message each chat is owed) and `with_texts` (rendering all of them, as
`dondoc remind --dry-run` does; a tick renders each message just before sending it).

Run: .venv/bin/python bench/reminders.py [--url postgresql+psycopg://…] [--tasks 100000] [--subscriptions 10000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from dondoc.conversation import with_texts
from dondoc.data.db import open_database, transaction
from dondoc.data.models import ReminderLedger, Subscription, Task, TaskUnit, Unit
from dondoc.reminders import ReminderPolicy, plan_day

STATUSES = ["done"] * 3 + ["not_done"] * 3 + ["in_progress"] * 2 + ["unknown", "recurring"]
PHRASE = "kết nối chia sẻ dữ liệu dân cư cơ sở quốc gia xác thực định danh điện tử dịch vụ công trực tuyến"


def populate(sessions: sessionmaker[Session], tasks: int, subscriptions: int, units: int = 700) -> None:
    rng = random.Random(6)
    first, span = date(2022, 1, 1), (date(2027, 12, 31) - date(2022, 1, 1)).days
    with transaction(sessions) as session:
        # Every tenth unit was merged into an older one in 2025.
        session.execute(
            insert(Unit),
            [
                {
                    "id": i,
                    "name": f"Đơn vị {i:04d}",
                    "kind": "ministry",
                    "current_id": rng.randint(1, i - 1) if i % 10 == 0 else None,
                }
                for i in range(1, units + 1)
            ],
        )
        rows, links = [], []
        for i in range(1, tasks + 1):
            status = rng.choice(STATUSES)
            due = None if status == "recurring" or rng.random() < 0.05 else first + timedelta(days=rng.randint(0, span))
            content = " ".join(rng.choices(PHRASE.split(), k=rng.randint(12, 40))).capitalize()
            rows.append(
                {
                    "id": i, "content": content, "directing_docs": ["Quyết định 06/QĐ-TTg"], "directing_keys": " ",
                    "deadline_text": due.strftime("%m/%Y") if due else "Thường xuyên",
                    "deadline_kind": "month" if due else "recurring", "deadline_due": due, "status": status,
                }
            )  # fmt: skip
            picked = rng.sample(range(1, units + 1), rng.randint(1, 3))
            links += [
                {"task_id": i, "unit_id": u, "role": "lead" if n == 0 else "coordinating", "position": n}
                for n, u in enumerate(picked)
            ]
        session.execute(insert(Task), rows)
        session.execute(insert(TaskUnit), links)
        chats, subs = 0, []
        while len(subs) < subscriptions:
            chats += 1
            for u in rng.sample(range(1, units + 1), min(rng.choice([1, 1, 1, 2, 3]), subscriptions - len(subs))):
                subs.append({"channel": "telegram", "chat_id": str(-100_000 - chats), "unit_id": u})
        session.execute(insert(Subscription), subs)


def timed(
    sessions: sessionmaker[Session], policy: ReminderPolicy, day: date, runs: int = 5
) -> tuple[float, float, list]:
    """Median seconds to plan the day, and to plan it and render every message; the rendered plan.

    Also prints the CPU seconds of the same work: on a shared machine they show what wall time hides.
    """
    plans, texts, cpu, plan = [], [], [], []
    for _ in range(runs):
        with sessions() as session:
            started, cpu_started = time.perf_counter(), time.process_time()
            plan = plan_day(session, policy, day)
            plans.append(time.perf_counter() - started)
            plan = with_texts(session, policy, plan)
            texts.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
    print(f"  [{day}: CPU {statistics.median(cpu):.2f} s for plan + texts]")
    return statistics.median(plans), statistics.median(texts), plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 23))
    args = parser.parse_args()
    print(f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'bench.db'}"
        sessions = open_database(url)
        started = time.perf_counter()
        populate(sessions, args.tasks, args.subscriptions)
        print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
        print(f"database: {sessions.kw['bind'].dialect.name}, populated in {time.perf_counter() - started:.1f} s")
        policy = ReminderPolicy()
        print(
            f"{args.tasks:,} tasks, {args.subscriptions:,} subscriptions (median of 5 runs; plan / plan + every text)"
        )
        cold, cold_texts, plan = timed(sessions, policy, args.today)
        chats = len({r.chat_id for r in plan})
        kinds = ", ".join(f"{kind} {sum(r.kind == kind for r in plan):,}" for kind in sorted({r.kind for r in plan}))
        print(f"{args.today}, nothing sent: {cold:.2f} s / {cold_texts:.2f} s, {len(plan):,} messages, {chats:,} chats")
        print(f"  ({kinds}; {sum(len(r.task_ids) for r in plan):,} task entries)")
        now = datetime.now(UTC)
        with transaction(sessions) as session:
            session.execute(
                insert(ReminderLedger),
                [
                    {"channel": k.channel, "chat_id": k.chat_id, "kind": k.kind, "subject": k.subject, "day": k.day,
                     "state": "sent", "attempts": 1, "claimed_at": now, "sent_at": now}
                    for r in plan for k in r.keys
                ],
            )  # fmt: skip
        warm, _, rest = timed(sessions, policy, args.today)
        print(f"{args.today} again, all sent (every later tick that day): {warm:.2f} s, {len(rest)} messages")
        monthly, monthly_texts, plan = timed(sessions, policy, date(2026, 12, 1))
        print(f"2026-12-01, with the recurring digest: {monthly:.2f} s / {monthly_texts:.2f} s, {len(plan):,} messages")
        worst = max(cold, warm, monthly)
        print(f"target: computing a day's reminders < 2 s -> {'met' if worst < 2 else 'MISSED'} ({worst:.2f} s)")
        sessions.kw["bind"].dispose()


if __name__ == "__main__":
    main()
