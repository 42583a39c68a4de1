"""One meaning of a task's state: the SQL clause, the Python function and the numpy mask agree on every task."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from sqlalchemy import select

from dondoc.data.models import Task
from dondoc.data.task_state import (
    STATUSES,
    TaskState,
    is_open,
    is_overdue,
    open_clause,
    overdue_clause,
    overdue_mask,
    task_state,
)


@pytest.mark.parametrize("today", [date(2023, 1, 1), date(2024, 7, 1), date(2026, 11, 23)])
def test_sql_python_and_numpy_agree_on_every_task_of_the_corpus(corpus, today) -> None:
    rows = corpus.execute(select(Task.id, Task.status, Task.status_text, Task.deadline_due)).all()
    by_sql = set(corpus.scalars(select(Task.id).where(overdue_clause(today))))
    by_python = {task_id for task_id, status, _, due in rows if is_overdue(status, due, today)}
    codes = np.array([STATUSES.index(status) for _, status, _, _ in rows], dtype=np.int8)
    dues = np.array([due.toordinal() if due else 0 for *_, due in rows], dtype=np.int32)
    by_numpy = {rows[i][0] for i in np.flatnonzero(overdue_mask(codes, dues, today))}
    by_state = {task_id for task_id, status, text, due in rows if task_state(status, text, due, today) == "overdue"}
    open_sql = set(corpus.scalars(select(Task.id).where(open_clause())))

    assert by_sql == by_python == by_numpy == by_state
    assert open_sql == {task_id for task_id, status, _, _ in rows if is_open(status)} > by_sql


@pytest.mark.parametrize(
    ("status", "text", "due", "state"),
    [
        ("done", "Hoàn thành ngày 20/5/2024", date(2024, 6, 30), TaskState.DONE_ON_TIME),
        ("done", "Hoàn thành ngày 17/4/2023", date(2022, 6, 30), TaskState.DONE_LATE),
        ("recurring", None, date(2020, 1, 1), TaskState.RECURRING),  # standing work is never overdue
        ("in_progress", None, date(2026, 11, 22), TaskState.OVERDUE),  # "đang triển khai" past its deadline
        ("not_done", None, date(2026, 11, 22), TaskState.OVERDUE),
        ("unknown", None, date(2026, 11, 22), TaskState.OVERDUE),
        ("unknown", None, date(2026, 11, 23), TaskState.NO_REPORT),  # due today is not late yet
        ("in_progress", None, date(2027, 1, 1), TaskState.IN_TIME),
        ("not_done", None, None, TaskState.NO_DEADLINE),
    ],
)
def test_each_state_as_of_a_day(status, text, due, state) -> None:
    assert task_state(status, text, due, date(2026, 11, 23)) is state
