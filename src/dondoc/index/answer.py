"""The answer to a question: what was understood, the tasks found, and the reply text a user sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "units": list(self.units),
            "status": self.status,
            "overdue": self.overdue,
            "due_from": self.due_from,
            "due_to": self.due_to,
            "documents": list(self.documents),
            "topic": self.topic,
        }


@dataclass(frozen=True)
class ScoredTask:
    """A task (as `tasks --json` prints it) and how well it answers the question."""

    task: dict[str, Any]
    score: float


@dataclass(frozen=True)
class Answer:
    """Everything `dondoc ask --json` prints; the bot pages through `results` by `offset`.

    Attributes:
        total: how many tasks match in all (a listing question returns all of them, paged).
        listing: True for "which tasks of X are late" questions (exhaustive), False for topic search.
    """

    query: str
    understood: Understood
    results: list[ScoredTask] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    listing: bool = False
    text: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "understood": self.understood.as_dict(),
            "results": [{"task": r.task, "score": round(r.score, 4)} for r in self.results],
            "total": self.total,
            "answer": self.text,
        }
