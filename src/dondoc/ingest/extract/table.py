"""Task rows of a recognised task table: group rows, continued and merged rows, repeated headers, skipped rows.

Merged cells come back repeated (the readers resolve them) or empty (a pipe table cannot merge), so
a row without a number of its own, or with the number of the task above, is read by what it adds:
the same task text again names one more lead; text that carries on a sentence ("và …", after a
comma) is the same task cut by a page or a line; anything else is a second task under that number,
which takes the lead, deadline and coordinators it leaves empty from the task above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.columns import TaskColumns, is_repeated_header
from dondoc.ingest.extract.table_groups import Sections, assigned_unit, group_title, opens_numbers, status_of
from dondoc.ingest.extract.unit_cells import cell_units
from dondoc.ingest.model import ParsedTask
from dondoc.ingest.readers.document import Block, TableRow
from dondoc.nlp.dates import find_prose_deadline
from dondoc.nlp.status import classify_status
from dondoc.nlp.text import fold, normalize

# Text that carries on the sentence above it: it opens in lower case or with a bullet, or the text
# above stops on a comma or a word that needs more.
_CARRIES_ON = re.compile(r"^[a-zà-ỹđ(\-+–•]")
_LEFT_OPEN = re.compile(r"(?:[,;:\-–]|\b(?:và|hoặc|của|các|cho|với|về|để|trong|theo|tại|như|gồm))$")
# A target ("Chỉ tiêu") that says what to do: it opens with an action, not with the measure
# ("Tỷ lệ …", "Kinh tế số chiếm 45% GRDP").
_ACTION = re.compile(
    r"^(?:phan\s+dau|dao\s+tao|boi\s+duong|tap\s+huan|xay\s+dung|trien\s+khai|to\s+chuc|hoan\s+thanh|phat\s+trien|"
    r"ban\s+hanh|thuc\s+hien|day\s+manh|tang\s+cuong|nang\s+cao|ho\s+tro|so\s+hoa|dau\s+tu|cung\s+cap|ket\s+noi|"
    r"thu\s+hut|hinh\s+thanh|thanh\s+lap|cong\s+bo|chuyen\s+doi|ung\s+dung|bao\s+dam|dam\s+bao|ra\s+soat)\b"
)


@dataclass
class SkippedRow:
    """A row that looked like a task but could not be read, with its place and the reason."""

    line: int
    reason: str
    text: str = ""


@dataclass(frozen=True)
class _Cells:
    """The cells of a task row that a row below it may leave to it (merged down, or left empty)."""

    stt: str
    content: str
    lead: str
    deadline: str
    coordinating: str


def _content_line(row: TableRow, columns: TaskColumns) -> int:
    """The line where the row's task text starts (a flattened text cell knows it, other rows give theirs)."""
    cell_lines = getattr(row, "cell_lines", ())
    index = columns.roles.get("content")
    if index is not None and index < len(cell_lines):
        return cell_lines[index]
    return row.line


def table_tasks(
    table: Block, columns: TaskColumns, heading: str, registry: UnitRegistry
) -> tuple[list[ParsedTask], list[SkippedRow]]:
    """Read the task rows of one table.

    Args:
        table: the table block.
        columns: its recognised columns.
        heading: the text just above the table (its section, and maybe a status for all its rows).
        registry: to read the units of unit cells and group rows.

    Returns:
        The tasks and the rows that could not be read.
    """
    sections = Sections(heading, status_of(heading), assigned_unit(heading, registry))
    rows = [
        row
        for row in table.rows[columns.header_rows :]
        if any(cell.strip() for cell in row.cells) and not is_repeated_header(row, columns)
    ]
    numbers = [columns.cell(row, "stt") for row in rows]
    width = max((len(row.cells) for row in rows), default=0)
    tasks: list[ParsedTask] = []
    skipped: list[SkippedRow] = []
    above: _Cells | None = None
    for index, row in enumerate(rows):
        group = group_title(row, columns, opens_numbers(numbers[index], numbers[index + 1 :]))
        if group is not None:
            sections.enter(*group, registry)
            above = None
            continue
        own = _Cells(
            *(normalize(columns.cell(row, role)) for role in ("stt", "content", "lead", "deadline", "coordinating"))
        )
        if not own.content:
            if own.stt or own.lead:
                skipped.append(SkippedRow(row.line, "a numbered row without task text", " | ".join(row.cells)))
            continue
        cells: _Cells | None = own
        if above is not None and tasks and own.stt in ("", above.stt):
            cells = _under(own, above, tasks[-1], registry)
        elif above is not None and not own.lead and (not own.deadline or len(row.cells) < width):
            # A numbered row with no unit, short of cells or with no deadline either, sits under cells merged
            # down from the row above: a flattened copy keeps a merged cell in its first row only.
            merged = {"lead": above.lead, "coordinating": own.coordinating or above.coordinating}
            cells = replace(own, deadline=own.deadline or above.deadline, **merged)
        if cells is None:
            continue
        if columns.targets and not _ACTION.match(fold(cells.content)):
            continue  # a target with no action ("Tỷ lệ … đạt 80%"): no task
        tasks.append(_task(row, columns, sections, cells, registry))
        above = cells
    return tasks, skipped


def _under(cells: _Cells, above: _Cells, task: ParsedTask, registry: UnitRegistry) -> _Cells | None:
    """A row under the task above with no number of its own, or the same: None once folded into that task.

    Returns:
        The row as a task of its own, with what it leaves empty taken from the task above.
    """
    own_lead = cells.lead and cells.lead != above.lead
    own_deadline = cells.deadline and cells.deadline != above.deadline
    if fold(cells.content) == fold(above.content):
        if own_lead:  # the task text merged down over two rows, one lead in each
            lead, _ = cell_units(cells.lead, registry)
            task.lead_text = "; ".join(dict.fromkeys([*task.lead_text.split("; "), *lead]))
        return None
    if not own_lead and not own_deadline and _carries_on(above.content, cells.content):
        task.content = f"{task.content} {cells.content}"
        return None
    return _Cells(
        above.stt,
        cells.content,
        cells.lead or above.lead,
        cells.deadline or above.deadline,
        cells.coordinating or above.coordinating,
    )


def _carries_on(before: str, text: str) -> bool:
    return bool(_CARRIES_ON.match(text) or _LEFT_OPEN.search(before.rstrip()))


def _task(row: TableRow, columns: TaskColumns, sections: Sections, cells: _Cells, registry: UnitRegistry) -> ParsedTask:
    result = normalize(columns.cell(row, "result"))
    progress = normalize(columns.cell(row, "progress"))
    product = normalize(columns.cell(row, "product"))
    if not (result or progress) and classify_status(product) != "unknown":
        result = product  # a bare "Kết quả" column holding "Đã hoàn thành" reports progress, not a product
    result_text = " — ".join(part for part in (progress, result) if part) or None
    directing = normalize(columns.cell(row, "directing"))
    lead, coordinating = cell_units(cells.lead, registry) if cells.lead else ([], [])
    coordinating += cell_units(cells.coordinating, registry)[0] if cells.coordinating else []
    deadline = cells.deadline or (None if "deadline" in columns.roles else find_prose_deadline(cells.content))
    return ParsedTask(
        section=sections.section,
        stt=cells.stt or None,
        line=_content_line(row, columns),
        content=cells.content,
        directing_docs=[directing] if directing else [],
        lead_text="; ".join(lead) or cells.lead or sections.unit or "",
        coordinating_text="; ".join(dict.fromkeys(coordinating)) or None,
        deadline_text=deadline or None,
        result_text=result_text,
        status_hint=None if result_text else sections.status,  # a row's own progress speaks first
    )
