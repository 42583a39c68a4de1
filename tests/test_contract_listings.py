"""The contract of issue 11: for every unit of the registry, a question, /cham and `dondoc tasks` list the same
tasks, in the same order, with the same ones "giao chung"; "chưa hoàn thành" is every task not done.

One ingested corpus, the hash embedder (listings never embed), library calls for all 116 units on two days,
and the real chat command and CLI verb for the units the issue names.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.cli import main
from dondoc.conversation import Conversation, IncomingMessage
from dondoc.data.db import open_database
from dondoc.data.models import Task
from dondoc.data.task_state import is_open
from dondoc.data.tasks import TaskFilter, TaskListing, find_task_ids
from dondoc.data.units import UnitRegistry
from dondoc.index.answer import LISTING, Answer
from dondoc.index.service import SearchService

DAYS = (date(2025, 7, 1), date(2026, 11, 23))
ISSUE_UNITS = ("Bộ Công an", "Bộ Y tế", "Thành phố Hồ Chí Minh", "Bộ Khoa học và Công nghệ")
EVERYTHING = 10_000


def _asked(service: SearchService, question: str, day: date, unit: str) -> Answer:
    answer = service.ask(question, day, limit=EVERYTHING)
    assert answer.outcome == LISTING and answer.reading.units == (unit,), question
    return answer


def _same(answer: Answer, listing: TaskListing) -> None:
    assert [result.task.id for result in answer.results] == listing.ids
    assert answer.shared == listing.shared
    assert answer.total - answer.counts.get("shared", 0) == listing.own


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_unit_gets_the_same_late_tasks_from_a_question_and_from_the_listings(
    hash_service: SearchService, corpus: Session, registry: UnitRegistry, day: date
) -> None:
    listed = 0
    for unit in registry.entries:
        answer = _asked(hash_service, f"{unit} còn chậm những việc gì?", day, unit)
        listing = find_task_ids(corpus, TaskFilter(day, units=(unit,), overdue=True), registry)
        _same(answer, listing)
        listed += bool(listing.ids)
    assert listed > 50, "most units have late tasks: the comparison is not between empty lists"


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_unfinished_is_every_task_not_done(
    hash_service: SearchService, corpus: Session, registry: UnitRegistry, day: date
) -> None:
    for unit in registry.entries:
        answer = _asked(hash_service, f"{unit} còn những nhiệm vụ nào chưa hoàn thành?", day, unit)
        unfinished = find_task_ids(corpus, TaskFilter(day, units=(unit,)), registry, unfinished=True)
        assert {result.task.id for result in answer.results} == set(unfinished.ids)
        assert answer.shared == unfinished.shared
        # Every open task the unit has (its own, then "giao chung") is there: done or not is the only test.
        everything = find_task_ids(corpus, TaskFilter(day, units=(unit,)), registry)
        own = [task_id for task_id in everything.ids if task_id not in everything.shared]
        statuses = corpus.execute(select(Task.id, Task.status).where(Task.id.in_(own)))
        assert {task_id for task_id, status in statuses if is_open(status)} <= set(unfinished.ids)
        late = find_task_ids(corpus, TaskFilter(day, units=(unit,), overdue=True), registry)
        assert set(late.ids) <= set(unfinished.ids)


@pytest.mark.parametrize("unit", ISSUE_UNITS)
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_cham_and_tasks_show_the_questions_tasks(
    hash_service: SearchService,
    corpus_url: str,
    registry: UnitRegistry,
    tmp_path: Path,
    monkeypatch,
    unit: str,
    day: date,
) -> None:
    answer = _asked(hash_service, f"{unit} còn chậm những việc gì?", day, unit)
    expected = [result.task.id for result in answer.results]
    assert expected

    monkeypatch.setenv("DATABASE_URL", corpus_url)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))
    args = ["tasks", "--unit", unit, "--overdue", "--today", day.isoformat(), "--json"]
    rows = json.loads(CliRunner().invoke(main, args, catch_exceptions=False).output)
    assert [row["id"] for row in rows] == expected
    assert {row["id"] for row in rows if row["shared"]} == answer.shared

    core = Conversation(open_database(corpus_url), registry, today=lambda: day, page_size=EVERYTHING)
    [reply] = core.handle(IncomingMessage("console", "1", "u", f"/cham {unit}", chat_type="private"), 10**6)
    own = len(expected) - len(answer.shared)
    assert reply.text.startswith(f"{unit} có {own} nhiệm vụ quá hạn (tính đến {day:%d/%m/%Y})")
    entries = [line for line in reply.text.splitlines() if line[:1].isdigit()]
    assert len(entries) == len(expected)
    marked = [number for number, line in enumerate(entries) if "(giao chung)" in line]
    assert marked == list(range(own, len(expected))), "own tasks first, then those given to a group"
