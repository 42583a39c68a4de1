"""The one definition of a task's state as of a day, in the three forms the code needs: Python, SQL and numpy.

Overdue means not finished (status neither "done" nor "recurring") and past its due date; done late means
finished with a result text dated after the due date (SQL reads that date from `Task.result_date`, stored
with the text). The SQL filters (`data.tasks`), the search's in-memory filters (`index.catalog`), the
commands, the statistics and the reminders all call this module, so a question, /cham, /thongke and
`dondoc tasks --overdue` agree.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import numpy as np
from sqlalchemy import ColumnElement, and_

from dondoc.data.models import Task
from dondoc.nlp.periods import completion_date
from dondoc.nlp.status import STATUSES

# A task is finished, or never due, in these states; every other state past its due date is overdue.
CLOSED_STATUSES = ("done", "recurring")
_CLOSED_CODES = np.array([STATUSES.index(s) for s in CLOSED_STATUSES], dtype=np.int8)


class TaskState(StrEnum):
    """Where a task stands on a day; every task is in exactly one state."""

    DONE_ON_TIME = "done_on_time"  # finished, with no sign it finished after its due date
    DONE_LATE = "done_late"  # finished, and the result dates the finish after the due date
    RECURRING = "recurring"  # standing work, never due
    OVERDUE = "overdue"  # not finished and past its due date
    NO_REPORT = "no_report"  # no result reported, not past its due date
    IN_TIME = "in_time"  # in progress, due later
    NO_DEADLINE = "no_deadline"  # in progress, no due date


def is_open(status: str) -> bool:
    """True when a task in `status` is not finished (it may still be late)."""
    return status not in CLOSED_STATUSES


def is_overdue(status: str, due: date | None, today: date) -> bool:
    """Not finished and past its due date as of `today`."""
    return bool(due and due < today and is_open(status))


def task_state(status: str, status_text: str | None, due: date | None, today: date) -> TaskState:
    """The state of a task with this status, result text and due date, as of `today`."""
    if status == "done":
        finished = completion_date(status_text)
        return TaskState.DONE_LATE if due and finished and finished > due else TaskState.DONE_ON_TIME
    if status == "recurring":
        return TaskState.RECURRING
    if due and due < today:
        return TaskState.OVERDUE
    if status == "unknown":
        return TaskState.NO_REPORT
    return TaskState.IN_TIME if due else TaskState.NO_DEADLINE


def open_clause() -> ColumnElement[bool]:
    """SQL: the task is not finished."""
    return Task.status.not_in(CLOSED_STATUSES)


def overdue_clause(today: date) -> ColumnElement[bool]:
    """SQL: the task is overdue as of `today` (`is_overdue`)."""
    return and_(Task.deadline_due < today, open_clause())


def done_late_clause() -> ColumnElement[bool]:
    """SQL: the task is done late (`task_state` gives DONE_LATE): finished, its result dated after its due date."""
    return and_(Task.status == "done", Task.result_date > Task.deadline_due)


def open_mask(status_codes: np.ndarray) -> np.ndarray:
    """numpy: which tasks are not finished, from their status codes (indexes into STATUSES)."""
    return ~np.isin(status_codes, _CLOSED_CODES)


def overdue_mask(status_codes: np.ndarray, due_ordinals: np.ndarray, today: date) -> np.ndarray:
    """numpy: which tasks are overdue as of `today`, from status codes and due-date ordinals (0 = no due date)."""
    return (due_ordinals > 0) & (due_ordinals < today.toordinal()) & open_mask(status_codes)
