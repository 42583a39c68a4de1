"""What every layout parser returns: raw task rows, cells as written, before any normalisation."""

from __future__ import annotations

from dataclasses import dataclass, field

# The suffix of the section of a task read from sentences, not from a table row.
PROSE_SECTION = "(prose)"


class UnreadableReport(Exception):
    """Raised when a file is not one of the known report layouts, or is broken beyond parsing.

    Attributes:
        path: the file that could not be read.
        reason: what is wrong with it, in words a user can act on.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class ParsedTask:
    """One task row as a report writes it.

    The parser only finds the cells; the ingest pipeline turns the unit cell into canonical
    units, the deadline cell into a due date and the result cell into a status, the same way
    for every layout.

    Attributes:
        section: where the row sits in the document ("A", "B", "A.II …", "2.d Bộ Y tế").
        stt: the row number as printed, None when the PDF lost it.
        line: 1-based line of the file where the task's content starts.
        content: the task text, PDF wraps joined, page furniture removed.
        directing_docs: directing documents, one per item ("Nghị quyết số 50/NQ-CP ngày 08/4/2022").
        lead_text: the responsible-unit cell as written (may also name coordinators: "… phối hợp …").
        coordinating_text: a separate coordinating-unit cell, where the layout has one.
        deadline_text: the deadline cell or phrase as written, None when there is none.
        result_text: the result cell as written, None when the layout has no result.
        status_hint: a status the layout itself implies (a "late tasks" table, a marked column),
            which wins over reading the result text.
    """

    section: str
    stt: str | None
    line: int
    content: str
    directing_docs: list[str] = field(default_factory=list)
    lead_text: str = ""
    coordinating_text: str | None = None
    deadline_text: str | None = None
    result_text: str | None = None
    status_hint: str | None = None
