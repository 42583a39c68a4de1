"""Benchmark: the web register over 100,000 synthetic tasks (bulk-inserted), through the real app over HTTP,
and the statistics /thongke and `dondoc stats` show (`data.statistics.unit_statistics`, called as they call it).

Run: .venv/bin/python bench/web.py [--tasks 100000] [--runs 40] [--db FILE (kept and reused: skips the fill)]
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select
from starlette.testclient import TestClient

from dondoc.config import Settings
from dondoc.data.db import open_database, transaction
from dondoc.data.models import Source, Task, TaskReport, TaskUnit, Unit
from dondoc.data.statistics import unit_statistics
from dondoc.data.unit_store import sync_units
from dondoc.data.units import UnitRegistry
from dondoc.nlp.periods import completion_date
from dondoc.web.app import create_app

TODAY = date(2025, 7, 1)
STATUSES = ("done", "done", "in_progress", "not_done", "unknown", "recurring")
PAGES = {
    "register, first page (no filter)": "/nhiem-vu",
    "register, Bộ Y tế overdue": "/nhiem-vu?don-vi=Bộ+Y+tế&tinh-trang=overdue",
    "register, done late (hoàn thành quá hạn)": "/nhiem-vu?tinh-trang=done_late",
    "register, page 100": "/nhiem-vu?trang=100",
    "overview": "/",
}


def fill(sessions, registry: UnitRegistry, count: int) -> None:
    """`count` tasks with one lead unit and one report each, in a few bulk INSERTs."""
    rng = random.Random(6)
    with transaction(sessions) as session:
        sync_units(session, registry)
        units = list(session.scalars(select(Unit.id).where(Unit.kind.in_(("ministry", "province")))))
        source = Source(document="bench.txt", title="Báo cáo tổng hợp", layout="bench", issued=TODAY, content_hash="0")
        session.add(source)
        session.flush()
        tasks, links, reports = [], [], []
        for i in range(1, count + 1):
            due = TODAY + timedelta(days=rng.randint(-900, 400)) if rng.random() < 0.9 else None
            status = rng.choice(STATUSES)
            finish = (due or TODAY) + timedelta(days=rng.randint(-60, 60))
            text = f"Đã hoàn thành theo Báo cáo số {i}/BC ngày {finish:%d/%m/%Y}" if status == "done" else None
            tasks.append(
                {"id": i, "content": f"Nhiệm vụ số {i}: triển khai dữ liệu dân cư, định danh điện tử",
                 "directing_docs": ["Chỉ thị 07/CT-TTg"], "directing_keys": " ct-7 ",
                 "deadline_text": f"{due:%d/%m/%Y}" if due else None, "deadline_kind": "date" if due else "none",
                 "deadline_due": due, "status": status, "status_text": text, "result_date": completion_date(text)}
            )  # fmt: skip
            links.append({"task_id": i, "unit_id": rng.choice(units), "role": "lead", "position": 0})
            reports.append(
                {"task_id": i, "source_id": source.id, "row_key": str(i), "section": "I", "stt": str(i), "line": i,
                 "content": tasks[-1]["content"], "directing_docs": [], "lead_text": "", "status": status,
                 "status_text": text, "deadline_text": tasks[-1]["deadline_text"]}
            )  # fmt: skip
        session.execute(insert(Task), tasks)
        session.execute(insert(TaskUnit), links)
        session.execute(insert(TaskReport), reports)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--db", type=Path, help="keep the database here; reuse it when it exists")
    args = parser.parse_args()
    registry = UnitRegistry.load()
    with tempfile.TemporaryDirectory() as folder:
        database = args.db or Path(folder) / "bench.db"
        reuse = database.exists()
        env = {"DONDOC_DATA_DIR": folder, "DATABASE_URL": f"sqlite:///{database}",
               "DONDOC_WEB_PASSWORD": "bench", "DONDOC_WEB_SECRET": "b" * 32}  # fmt: skip
        settings = Settings.from_env(env)
        sessions = open_database(settings.database_url)
        print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
        if not reuse:
            started = time.perf_counter()
            fill(sessions, registry, args.tasks)
            print(f"bulk insert of {args.tasks:,} tasks: {time.perf_counter() - started:.1f} s")
        client = TestClient(create_app(settings, sessions, registry, today=lambda: TODAY))
        token = client.get("/dang-nhap").text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        client.post("/dang-nhap", data={"csrf": token, "password": "bench"})
        for label, url in PAGES.items():
            assert client.get(url).status_code == 200  # warm-up
            times = []
            runs = args.runs if url.startswith("/nhiem-vu") else max(5, args.runs // 4)  # the overview counts all
            for _ in range(runs):
                begun = time.perf_counter()
                answer = client.get(url)
                times.append((time.perf_counter() - begun) * 1000)
                assert answer.status_code == 200
            _report(label, times)
        times = []
        for _ in range(max(5, args.runs // 4)):
            begun = time.perf_counter()
            with sessions() as session:
                unit_statistics(session, registry, TODAY)
            times.append((time.perf_counter() - begun) * 1000)
        _report("/thongke (data.statistics.unit_statistics, every unit)", times)
        sessions.kw["bind"].dispose()


def _report(label: str, times: list[float]) -> None:
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"{label}: median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms ({len(times)} runs)")


if __name__ == "__main__":
    main()
