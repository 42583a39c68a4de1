"""What an ingest would change, how sure its reading is, and when it must be held back for a person to confirm."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dondoc.data.models import Task
from dondoc.ingest.model import PROSE_SECTION, ParsedTask

if TYPE_CHECKING:
    from dondoc.ingest.report_reader import ReportReading

# Fields of a task a user relies on; a change to one of them is a change the preview shows.
WATCHED = ("content", "deadline_due", "status", "lead_units")
# A report that changes more known tasks than this (and more than this share of its rows) is
# more likely a damaged copy than news: it is held back until someone confirms it.
_MAX_CHANGED = 10
_MAX_CHANGED_SHARE = 0.3
_SHORTEST_CONTENT = 15
# Below this share of complete rows a reading is more likely wrong than right (the bundled
# national table, whose results often lack a deadline, reads at 70%).
_LOWEST_CONFIDENCE = 0.5
_FEW_ROWS = 5

Snapshot = dict[int, dict[str, Any]]


class IngestHeld(Exception):
    """Raised when an ingest would contradict much of what is known or store incomplete tasks.

    Attributes:
        preview: what the ingest would have changed; `preview.held` gives the reasons.
    """

    def __init__(self, preview: Preview) -> None:
        super().__init__("; ".join(preview.held))
        self.preview = preview


@dataclass
class WeakRow:
    """A row read with something missing: where it is and what it lacks ("unit", "deadline", "content")."""

    line: int
    missing: list[str]
    content: str


@dataclass
class DocumentPreview:
    """One document of a preview: its identity, how many rows, how sure the reading is.

    Attributes:
        confidence: the share of rows with a unit, a full content and a deadline (0..1).
        doubts: why the reader thinks the text itself is damaged.
        recognised_as: the stored source with the same content, when the file is a known one.
        skipped: rows that looked like tasks but could not be read at all.
        weak: rows read with something missing; rows without a unit or content are never stored.
    """

    document: str
    layout: str
    kind: str | None
    number: str | None
    issuer: str | None
    issued: str | None
    scope: str | None
    rows: int
    confidence: float
    recognised_as: str | None = None
    skipped: list[dict[str, Any]] = field(default_factory=list)
    weak: list[WeakRow] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, reading: ReportReading, weak: list[WeakRow]) -> DocumentPreview:
        header = reading.header
        rows = len(reading.tasks)
        complete = rows - len(weak)
        return cls(
            document=reading.name,
            layout=reading.layout,
            kind=header.kind,
            number=header.number,
            issuer=header.issuer,
            issued=header.issued.isoformat() if header.issued else None,
            scope=header.scope,
            rows=rows,
            confidence=round(complete / rows, 3) if rows else 0.0,
            skipped=[asdict(row) for row in reading.skipped],
            weak=weak,
            doubts=list(reading.doubts),
        )


@dataclass
class Preview:
    """Every task an ingest adds, changes or removes (whichever document it came from), and why it may be held.

    Attributes:
        documents: one entry per file.
        added: new tasks (content, lead units, deadline, status).
        changed: known tasks that change: id, content and {field: [old, new]}.
        removed: tasks that disappear with rows a new version of a report no longer has.
        reopened: ids of done tasks that would no longer be done.
        held: reasons the ingest is held back (empty: it may go ahead).
    """

    documents: list[DocumentPreview]
    added: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)
    held: list[str] = field(default_factory=list)

    @classmethod
    def between(cls, before: Snapshot, after: Snapshot, documents: list[DocumentPreview]) -> Preview:
        """The preview of going from `before` to `after` (two `snapshot`s of every task)."""
        preview = cls(documents)
        for task_id, now in after.items():
            old = before.get(task_id)
            if old is None:
                preview.added.append({"id": task_id, **now})
                continue
            diff = {key: [old[key], now[key]] for key in WATCHED if old[key] != now[key]}
            if diff:
                preview.changed.append({"id": task_id, "content": now["content"], "changes": diff})
                if old["status"] == "done" and now["status"] != "done":
                    preview.reopened.append(task_id)
        preview.removed = [{"id": task_id, **old} for task_id, old in before.items() if task_id not in after]
        return preview

    def as_dict(self) -> dict[str, Any]:
        """The preview as plain JSON-ready data."""
        return asdict(self)


def snapshot(session: Session) -> Snapshot:
    """Every task's watched fields, by id."""
    session.flush()
    tasks = session.scalars(select(Task).options(selectinload(Task.units))).all()
    return {
        task.id: {
            "content": task.content,
            "deadline_due": task.deadline_due.isoformat() if task.deadline_due else None,
            "deadline_text": task.deadline_text,
            "status": task.status,
            "lead_units": [tu.unit.name for tu in task.units if tu.role == "lead"],
        }
        for task in tasks
    }


def weak_rows(rows: list[tuple[ParsedTask, tuple[str, ...]]]) -> list[WeakRow]:
    """The rows read with a missing unit, a missing or cut content, or no deadline.

    A task read from prose needs no deadline to be whole: a Công điện assigns work without dates, while a
    table with a deadline column that is mostly empty was likely read wrongly.
    """
    weak = []
    for parsed, lead in rows:
        missing = [
            name
            for name, absent in (
                ("unit", not lead),
                ("content", len(parsed.content.strip()) < _SHORTEST_CONTENT),
                ("deadline", not parsed.deadline_text and not parsed.section.endswith(PROSE_SECTION)),
            )
            if absent
        ]
        if missing:
            weak.append(WeakRow(parsed.line, missing, parsed.content[:120]))
    return weak


def hold_reasons(preview: Preview) -> list[str]:
    """Why an ingest must wait for a person's confirmation (`--force`), in words a user can act on."""
    reasons: list[str] = []
    for document in preview.documents:
        reasons.extend(f"{document.document}: {doubt}" for doubt in document.doubts)
        undated = sum("deadline" in row.missing for row in document.weak)
        # A report that gives deadlines gives them for most rows (some layouts give none at all).
        if document.rows >= _FEW_ROWS and undated < document.rows and document.confidence < _LOWEST_CONFIDENCE:
            reasons.append(
                f"{document.document}: only {document.confidence:.0%} of its {document.rows} rows have a unit, "
                "a task text and a deadline (a damaged copy, or a layout read wrongly)"
            )
        incomplete = [row for row in document.weak if {"unit", "content"} & set(row.missing)]
        if incomplete:
            places = ", ".join(str(row.line) for row in incomplete[:5])
            reasons.append(
                f"{document.document}: {len(incomplete)} rows have no responsible unit or a cut content "
                f"(line {places}), as in a damaged or cut file; such rows are never stored"
            )
    rows = sum(document.rows for document in preview.documents)
    changed = [c for c in preview.changed if c["changes"].keys() & {"content", "deadline_due", "lead_units"}]
    if len(changed) > max(_MAX_CHANGED, _MAX_CHANGED_SHARE * rows):
        reasons.append(f"it would rewrite {len(changed)} tasks already known from other reports")
    if preview.reopened:
        ids = ", ".join(map(str, preview.reopened[:5]))
        reasons.append(f"it would mark {len(preview.reopened)} done tasks as not done (task {ids})")
    return reasons
