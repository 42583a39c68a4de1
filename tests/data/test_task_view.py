"""`TaskView`: the one shape of a task every view gets, read in bulk, one by one or as reminders' summaries."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, replace
from datetime import date

import pytest
from sqlalchemy.orm import Session

from dondoc.data.task_state import TaskState
from dondoc.data.task_view import all_task_views, task_summaries, task_views


def test_reminders_summaries_say_what_the_full_view_says_without_its_reports(corpus: Session) -> None:
    full = {view.id: view for view in all_task_views(corpus)}
    summaries = task_summaries(corpus, full)
    assert summaries.keys() == full.keys()
    assert all(
        summary == replace(full[task_id], coordinating_units=(), sources=()) for task_id, summary in summaries.items()
    )


def test_a_view_is_frozen_and_prints_as_dondoc_tasks_json(corpus: Session, corpus_cli) -> None:
    listed = json.loads(corpus_cli("tasks", "--today", "2025-07-01", "--limit", "40", "--json").output)
    views = task_views(corpus, [task["id"] for task in listed])
    assert [view.as_json() | {"shared": False} for view in views] == listed
    with pytest.raises(FrozenInstanceError):
        views[0].status = "done"  # type: ignore[misc]


def test_its_state_is_the_task_state_of_its_status_result_and_due_date(corpus: Session) -> None:
    views = all_task_views(corpus)
    late = next(view for view in views if view.status == "not_done" and view.deadline.due)
    assert late.state(late.deadline.due) is TaskState.IN_TIME
    assert late.state(date.fromordinal(late.deadline.due.toordinal() + 1)) is TaskState.OVERDUE
