"""The answer to a question as data: what was understood, the tasks found, and how the search ended.

Its wording lives with each medium: `dondoc.conversation.answer_text` writes what a user reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dondoc.data.task_view import TaskView

# How a search ended: a listing or a topic ranking (results may be empty), or one of the others.
LISTING, TOPIC = "listing", "topic"
UNKNOWN_UNIT, NO_QUESTION, NOT_UNDERSTOOD, NO_DATA, FAILED = (
    "unknown_unit",
    "no_question",
    "not_understood",
    "no_data",
    "failed",
)


@dataclass(frozen=True)
class Understood:
    """What query understanding read out of a question (all optional)."""

    units: tuple[str, ...] = ()
    status: str | None = None
    overdue: bool = False
    due_from: str | None = None  # ISO dates
    due_to: str | None = None
    documents: tuple[str, ...] = ()
    topic: str = ""
    pending: bool = False  # not finished yet ("sắp đến hạn"), whatever the date
    as_of: str | None = None  # the day the question judges by ("tính đến 01/3/2023"), ISO

    def as_dict(self) -> dict[str, Any]:
        return {
            "units": list(self.units),
            "status": self.status,
            "overdue": self.overdue,
            "due_from": self.due_from,
            "due_to": self.due_to,
            "documents": list(self.documents),
            "topic": self.topic,
            "pending": self.pending,
            "as_of": self.as_of,
        }


@dataclass(frozen=True)
class ScoredTask:
    """A task and how well it answers the question."""

    task: TaskView
    score: float


@dataclass(frozen=True)
class Answer:
    """What a search found; the bot pages through `results` by `offset`.

    Attributes:
        total: how many tasks match in all (a listing question returns all of them, paged).
        outcome: LISTING ("which tasks of X are late": exhaustive), TOPIC (best matches), or why
            there are no results: UNKNOWN_UNIT, NO_QUESTION, NOT_UNDERSTOOD, NO_DATA, FAILED.
        today: the day deadlines were judged by.
        grain: the period kind the question named ("month", "quarter", "year", "soon"), if any.
        unknown_unit: the phrase read as a unit the registry does not know, with `suggestions`.
        counts: how a listing counted: "overdue" (open and past due), "in_progress_overdue" (reported
            in progress, yet past due), "no_report", "shared" (given to a group the unit belongs to).
        shared: ids of the results the unit has "giao chung", through a group.
        widened_to: the parent units searched when the units named had nothing on the topic.
        past: the question asked about a past day ("tính đến 01/3/2023"): judged by the reports known then.
    """

    query: str
    understood: Understood
    results: list[ScoredTask] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    outcome: str = TOPIC
    today: date | None = None
    grain: str | None = None
    unknown_unit: str = ""
    suggestions: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    shared: frozenset[int] = frozenset()
    widened_to: tuple[str, ...] = ()
    past: bool = False

    @property
    def listing(self) -> bool:
        """True for an exhaustive listing ("which tasks of X are late")."""
        return self.outcome == LISTING

    def as_dict(self) -> dict[str, Any]:
        """The data `dondoc ask --json` prints (the CLI adds the answer text)."""
        return {
            "query": self.query,
            "understood": self.understood.as_dict(),
            "results": [{"task": r.task.as_json(), "score": round(r.score, 4)} for r in self.results],
            "total": self.total,
            "counts": self.counts,
            "shared": sorted(self.shared),
            "widened_to": list(self.widened_to),
        }
