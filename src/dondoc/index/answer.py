"""The answer to a question: what was understood, the tasks found, and the reply text a user sees."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from dondoc.data.ingest import BUNDLED_SOURCES
from dondoc.nlp.periods import completion_date


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
    """A task (as `tasks --json` prints it) and how well it answers the question."""

    task: dict[str, Any]
    score: float


@dataclass(frozen=True)
class Answer:
    """Everything `dondoc ask --json` prints; the bot pages through `results` by `offset`.

    Attributes:
        total: how many tasks match in all (a listing question returns all of them, paged).
        listing: True for "which tasks of X are late" questions (exhaustive), False for topic search.
        counts: how a listing counted: "overdue" (open and past due), "in_progress_overdue" (reported
            in progress, yet past due), "no_report", "shared" (given to a group the unit belongs to).
        shared: ids of the results the unit has "giao chung", through a group.
        widened_to: the parent units searched when the units named had nothing on the topic.
    """

    query: str
    understood: Understood
    results: list[ScoredTask] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    listing: bool = False
    text: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    shared: frozenset[int] = frozenset()
    widened_to: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "understood": self.understood.as_dict(),
            "results": [{"task": r.task, "score": round(r.score, 4)} for r in self.results],
            "total": self.total,
            "counts": self.counts,
            "shared": sorted(self.shared),
            "widened_to": list(self.widened_to),
            "answer": self.text,
        }


_DATE_TAIL = re.compile(r"\s*(?:,\s*)?(?:ngày|của|về việc|V/v)\b.*$", re.IGNORECASE)


def _due(task: dict[str, Any]) -> date | None:
    due = task["deadline"]["due"]
    return date.fromisoformat(due) if due else None


def status_term(task: dict[str, Any], today: date) -> str:
    """The task's state in the official terms, as of `today`.

    One of "hoàn thành đúng hạn", "hoàn thành quá hạn", "đang thực hiện trong hạn", "quá hạn N ngày",
    "chưa có báo cáo" (no result reported and not yet due), "thực hiện thường xuyên", or
    "đang thực hiện, chưa có thời hạn". A finished task is late when its result cell dates the
    finish after the deadline ("Hoàn thành … ngày 17/4/2023" for "Tháng 6/2022").
    """
    due = _due(task)
    status = task["status"]
    if status == "done":
        finished = completion_date(task.get("status_text"))
        return "hoàn thành quá hạn" if due and finished and finished > due else "hoàn thành đúng hạn"
    if status == "recurring":
        return "thực hiện thường xuyên"
    if due and due < today:
        late = f"quá hạn {(today - due).days} ngày"
        return f"{late}, chưa có báo cáo" if status == "unknown" else late
    if status == "unknown":
        return "chưa có báo cáo"
    return "đang thực hiện trong hạn" if due else "đang thực hiện, chưa có thời hạn"


@cache
def _source_titles() -> dict[str, str]:
    manifest = json.loads((BUNDLED_SOURCES / "manifest.json").read_text(encoding="utf-8"))
    return {name: entry["title"] for name, entry in manifest["documents"].items()}


def document_label(task: dict[str, Any]) -> str:
    """The document a task comes from, short: its directing document, else the report that lists it."""
    if task["directing_docs"]:
        label = _DATE_TAIL.sub("", task["directing_docs"][0]).strip(" ,;")
        return label[:60] or task["directing_docs"][0][:60]
    for source in task["sources"]:
        title = _source_titles().get(source["document"], source["document"])
        head, _, tail = title.partition(":")
        # "Phụ lục I: Kết quả triển khai …": the appendix number says nothing, what follows does.
        label = tail if tail and head.lower().startswith("phụ lục") else head
        label = _DATE_TAIL.sub("", label).strip(" ,;")
        return label if len(label) <= 60 else label[:59].rsplit(" ", 1)[0] + "…"
    return ""


def deadline_label(task: dict[str, Any]) -> str:
    """ "hạn Quý II/2024" as written when short, else the due date; "không có hạn" when there is none."""
    deadline = task["deadline"]
    text = (deadline["text"] or "").strip(" .;,")
    due = _due(task)
    if text and len(text) <= 24 and due:
        return f"hạn {text}"
    if due:
        return f"hạn {due:%d/%m/%Y}"
    if deadline["kind"] == "recurring":
        return "thường xuyên"
    return f"hạn {text[:24]}" if text else "không có hạn"


def unit_label(task: dict[str, Any]) -> str:
    """The lead units, with their 2025 successor where renamed: "Bộ Thông tin và Truyền thông (nay: Bộ Khoa học…)"."""
    lead = task["lead_units"]
    if not lead:
        return "chưa rõ đơn vị"
    shown = lead[0]
    current = task.get("current_units") or []
    if current and current[0] != lead[0] and len(lead) == 1:
        shown = f"{lead[0]} (nay: {current[0]})"
    return shown if len(lead) == 1 else f"{shown} và {len(lead) - 1} đơn vị khác"


def format_task_line(task: dict[str, Any], today: date) -> str:
    """One short Vietnamese line: unit · deadline · status term · document.

    Example: "Bộ Y tế · hạn 2024 · quá hạn 692 ngày · Thông báo 487/TB-VPCP".
    """
    parts = [unit_label(task), deadline_label(task), status_term(task, today), document_label(task)]
    return " · ".join(part for part in parts if part)
