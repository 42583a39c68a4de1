"""The answer to a question as data: the question read, the tasks found, and how the search ended.

Its wording lives with each medium: `dondoc.conversation.answer_text` writes what a user reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dondoc.data.task_view import TaskView
from dondoc.nlp.reading import Reading

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
class NamedDocument:
    """A document a question names: its key, how to cite it, and whether a report of it was read.

    Only a document read can be said to give a unit nothing; one only cited by tasks, or not known at
    all, cannot.
    """

    key: str
    name: str
    read: bool = False
    known: bool = False


@dataclass(frozen=True)
class ScoredTask:
    """A task and how well it answers the question."""

    task: TaskView
    score: float


@dataclass(frozen=True)
class Answer:
    """What a search found; the bot pages through `results` by `offset`.

    Attributes:
        reading: the question as read (`nlp.reading.Reading`).
        total: how many tasks match in all (a listing question returns all of them, paged).
        outcome: LISTING ("which tasks of X are late": exhaustive), TOPIC (best matches), or why
            there are no results: UNKNOWN_UNIT, NO_QUESTION, NOT_UNDERSTOOD, NO_DATA, FAILED.
        today: the day deadlines were judged by.
        counts: how a listing counted: "overdue" (open and past due), "in_progress_overdue" (reported
            in progress, yet past due), "no_report", "shared" (given to a group the unit belongs to).
        shared: ids of the results the unit has "giao chung", through a group.
        widened_to: the units searched when those named had nothing on the topic: the unit's own tasks
            whatever their topic (the unit itself), then its parent's.
        past: the question asked about a past day ("tính đến 01/3/2023"): judged by the reports known then.
        documents: the documents the question names, cited as stored.
        unfiltered: the filters dropped to show the closest tasks when they found nothing ("document").
        semantic_pending: answered by keywords only, the semantic index still loading.
    """

    query: str
    reading: Reading
    results: list[ScoredTask] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    outcome: str = TOPIC
    today: date | None = None
    counts: dict[str, int] = field(default_factory=dict)
    shared: frozenset[int] = frozenset()
    widened_to: tuple[str, ...] = ()
    past: bool = False
    documents: tuple[NamedDocument, ...] = ()
    unfiltered: tuple[str, ...] = ()
    semantic_pending: bool = False

    @property
    def listing(self) -> bool:
        """True for an exhaustive listing ("which tasks of X are late")."""
        return self.outcome == LISTING

    @property
    def grain(self) -> str | None:
        return self.reading.grain

    def as_dict(self) -> dict[str, Any]:
        """The data `dondoc ask --json` prints (the CLI adds the answer text)."""
        return {
            "query": self.query,
            "understood": self.reading.as_dict(),
            "results": [{"task": r.task.as_json(), "score": round(r.score, 4)} for r in self.results],
            "total": self.total,
            "counts": self.counts,
            "shared": sorted(self.shared),
            "widened_to": list(self.widened_to),
            "documents": [{"key": d.key, "name": d.name, "read": d.read} for d in self.documents],
            "unfiltered": list(self.unfiltered),
            "semantic_pending": self.semantic_pending,
        }
