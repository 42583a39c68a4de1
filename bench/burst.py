"""Benchmark: 1,000 messages from 50 chats in one burst, through the real Telegram adapter and a fake Bot API.

Every message must be answered exactly once while Telegram's limits hold: ≤ 30 messages/s overall,
≤ 1/s per chat, ≤ 20/min per group. 20 messages per chat at 1/s take ≥ 19 s, and 1,000 replies at
30/s take ≥ 33.3 s, so the drain can never be faster than that; the figure shows how close we get.

The corpus comes from the usual database (run `dondoc ingest`, and `dondoc ask` once so the search
index exists); it is copied, so the burst's subscriptions touch nothing.

Run: .venv/bin/python bench/burst.py [--chats 50] [--messages 1000] [--groups 10] [--topic-share 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from bisect import bisect_left
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for the fake server in tests/

from tests.channels.fake_telegram import TOKEN, USERNAME, FakeTelegram  # noqa: E402

from dondoc.channels.telegram import TelegramChannel  # noqa: E402
from dondoc.config import Settings  # noqa: E402
from dondoc.conversation.access import Access  # noqa: E402
from dondoc.conversation.core import Conversation  # noqa: E402
from dondoc.data.db import open_database  # noqa: E402
from dondoc.data.units import UnitRegistry  # noqa: E402
from dondoc.index.service import SearchService  # noqa: E402

TODAY = date(2026, 11, 23)
UNITS = ["BYT", "BCA", "Bộ Tài chính", "bo tu phap", "BGDĐT", "Văn phòng Chính phủ", "NHNN", "Bộ Xây dựng"]
COMMANDS = ["/cham", "/cham {unit}", "/thongke {unit}", "/thongke", "/donvi {kw}", "/dangtheodoi", "/help"]
LISTING = ["{unit} con cham gi", "Những nhiệm vụ nào có thời hạn Quý II/2024?", "Chỉ thị 07 giao {unit} làm gì?"]
TOPIC = [
    "kết nối CSDL đất đai đến đâu rồi?",
    "cac viec lien quan den luat bao ve du lieu ca nhan",
    "chữ ký số miễn phí",
]
KEYWORDS = ["y te", "tai chinh", "ha noi", "cong an"]


def script(chat: int, count: int, topic_share: float, rng: random.Random, light: bool) -> list[str]:
    """What one chat sends: "/sapden k" every fifth message (its reply names k, so order can be checked)."""
    group = chat < 0
    texts = []
    for k in range(count):
        roll = rng.random()
        if k % 5 == 0 or light:
            text = f"/sapden {k + 1}"
        elif roll < topic_share:
            text = rng.choice(TOPIC)
        elif roll < 0.45:
            text = rng.choice(LISTING)
        else:
            text = rng.choice(COMMANDS)
        text = text.format(unit=rng.choice(UNITS), kw=rng.choice(KEYWORDS))
        if group:  # in a group a command names the bot, a question mentions it
            command, space, rest = text.partition(" ")
            text = f"{command}@{USERNAME}{space}{rest}" if text.startswith("/") else f"@{USERNAME} {text}"
        texts.append(text)
    return texts


def max_in_window(times: list[float], window: float) -> int:
    """The most events inside any window of `window` seconds."""
    times = sorted(times)
    return max((i - bisect_left(times, t - window + 1e-9) + 1 for i, t in enumerate(times)), default=0)


async def burst(args: argparse.Namespace) -> dict[str, object]:
    settings = Settings.from_env()
    workdir = Path(tempfile.mkdtemp(prefix="dondoc-burst-"))
    source = settings.database_url.removeprefix("sqlite:///")
    shutil.copy(source, workdir / "bot.db")
    url = f"sqlite:///{workdir / 'bot.db'}"
    sessions, registry = open_database(url), UnitRegistry.load()
    started = time.monotonic()
    search = SearchService.open(replace(settings, database_url=url), sessions, registry)
    search_open = time.monotonic() - started
    core = Conversation(sessions, registry, today=lambda: TODAY, search=lambda: search, access=Access())
    core.warm()
    rng = random.Random(6)
    chats = [-(1000 + i) for i in range(args.groups)] + [5000 + i for i in range(args.chats - args.groups)]
    per_chat = args.messages // len(chats)
    scripts = {chat: script(chat, per_chat, args.topic_share, rng, args.light) for chat in chats}
    with FakeTelegram() as fake:
        channel = TelegramChannel(core, TOKEN, base_url=fake.base_url, poll_timeout=1)
        await channel.start()
        try:
            asked: dict[int, list[tuple[int, float]]] = {chat: [] for chat in chats}
            t0 = time.monotonic()
            for k in range(per_chat):  # interleaved, as a real burst arrives
                for chat in chats:
                    message = fake.message(chat, scripts[chat][k], user_id=abs(chat))
                    asked[chat].append((message["message_id"], time.monotonic()))
            expected = per_chat * len(chats)
            await fake.expect(expected, timeout=args.timeout)
            drained = time.monotonic() - t0
            await asyncio.sleep(2.0)  # anything answered twice would show up now
        finally:
            await channel.stop()
    return report(args, fake, chats, scripts, asked, t0, drained, search_open)


def report(args, fake, chats, scripts, asked, t0, drained, search_open) -> dict[str, object]:
    sent = fake.sent()
    times = [c.at for c in sent]
    latencies, problems, all_gaps = [], [], []
    for chat in chats:
        replies = fake.sent(chat)
        if len(replies) != len(scripts[chat]):
            problems.append(f"chat {chat}: {len(replies)} replies to {len(scripts[chat])} messages")
            continue
        for k, reply in enumerate(replies):  # one chat is answered in order, one reply per message
            if scripts[chat][k].startswith("/sapden") and f"trong {k + 1} ngày" not in reply.plain:
                problems.append(f"chat {chat}: reply {k} does not answer {scripts[chat][k]!r}")
            if chat < 0 and reply.params["reply_parameters"]["message_id"] != asked[chat][k][0]:
                problems.append(f"group {chat}: reply {k} quotes the wrong message")
            latencies.append(reply.at - asked[chat][k][1])
        gaps = [b.at - a.at for a, b in itertools.pairwise(replies)]
        all_gaps += gaps
        if gaps and min(gaps) < 1.0:
            problems.append(f"chat {chat}: two messages {min(gaps):.3f} s apart")
    groups = [c for c in chats if c < 0]
    return {
        "messages": sum(len(s) for s in scripts.values()),
        "chats": len(chats),
        "groups": len(groups),
        "replies": len(sent),
        "problems": problems[:10],
        "violations": fake.violations[:10],
        "drain_s": round(drained, 2),
        "floor_s": round(max(len(sent) / 30, max(len(s) for s in scripts.values()) - 1), 1),
        "max_per_s_overall": max_in_window(times, 1.0),
        "max_per_s_chat": max(max_in_window([c.at for c in fake.sent(chat)], 1.0) for chat in chats),
        "max_per_min_group": max((max_in_window([c.at for c in fake.sent(g)], 60.0) for g in groups), default=0),
        "chat_gap_median_s": round(statistics.median(all_gaps), 2) if all_gaps else None,
        "mean_rate_per_s": round(len(sent) / (max(times) - t0), 1),
        "latency_p50_s": round(statistics.median(latencies), 1) if latencies else None,
        "latency_max_s": round(max(latencies), 1) if latencies else None,
        "topic_share": 0.0 if args.light else args.topic_share,
        "mix": "light" if args.light else "realistic",
        "search_open_s": round(search_open, 1),
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--groups", type=int, default=10, help="how many of the chats are groups")
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--topic-share", type=float, default=0.05, help="share of slow topic questions")
    parser.add_argument("--light", action="store_true", help="only /sapden N (≈1 ms each): the adapter alone")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = asyncio.run(burst(args))
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:20} {value}")
    ok = not figures["problems"] and not figures["violations"] and figures["replies"] == figures["messages"]
    print("OK: every message answered once, within Telegram's limits" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
