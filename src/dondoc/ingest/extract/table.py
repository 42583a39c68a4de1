"""Task rows of a recognised task table: group rows, continued rows, repeated headers, skipped rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.columns import TaskColumns, is_repeated_header
from dondoc.ingest.model import ParsedTask
from dondoc.ingest.readers.document import Block, TableRow
from dondoc.nlp.status import classify_status
from dondoc.nlp.text import fold, normalize

_GROUP_STT = re.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐ])[.)]?$")
# A group row or the heading above a table that says every task under it is late and unfinished.
_LATE = re.compile(r"qua\s+han\s+chua\s+hoan\s+thanh|cham\s+muon|chua\s+hoan\s+thanh")
_GROUP_TEXT = re.compile(r"^(?:[ivx]{1,5}|[a-z])[.)]\s|^nhom\b|^nhiem\s+vu\s+giao\b|^cac\s+nhiem\s+vu\b|^phan\b")
_ASSIGNED_TO = re.compile(r"nhiem\s+vu\s+giao\s+(.+?)(?:\s+chi\s+dao)?$")


@dataclass
class SkippedRow:
    """A row that looked like a task but could not be read, with its place and the reason."""

    line: int
    reason: str
    text: str = ""


@dataclass
class _Context:
    """What the group rows above a task row say about it."""

    section: str
    status: str | None = None
    unit: str | None = None
    parts: list[str] = field(default_factory=list)


def _status_of(text: str) -> str | None:
    return "not_done" if _LATE.search(fold(text)) else None


def _content_line(row: TableRow, columns: TaskColumns) -> int:
    """The line where the row's task text starts (a flattened text cell knows it, other rows give theirs)."""
    cell_lines = getattr(row, "cell_lines", ())
    index = columns.roles.get("content")
    if index is not None and index < len(cell_lines):
        return cell_lines[index]
    return row.line


def _is_group(row: TableRow, columns: TaskColumns) -> str | None:
    """The text of a group row ("I. …", "A", "Nhiệm vụ giao Bộ trưởng Bộ X chỉ đạo"), else None."""
    texts = [cell for cell in row.cells if cell.strip()]
    distinct = list(dict.fromkeys(texts))
    if len(distinct) == 1 and (len(texts) > 1 or _GROUP_TEXT.search(fold(texts[0])) or texts[0].isupper()):
        return distinct[0]  # spanning the table, or alone and reading as a group title
    stt = columns.cell(row, "stt").strip()
    if _GROUP_STT.match(stt) and not columns.cell(row, "lead").strip():
        return f"{stt.rstrip('.')}. {columns.cell(row, 'content')}".strip(". ")
    return None


def _group_unit(text: str, registry: UnitRegistry) -> str | None:
    assigned = _ASSIGNED_TO.search(fold(text))
    if not assigned:
        return None
    lead, _ = registry.resolve_cell(text[assigned.start(1) : assigned.end(1)])
    return lead[0] if lead else None


def table_tasks(
    table: Block, columns: TaskColumns, heading: str, registry: UnitRegistry
) -> tuple[list[ParsedTask], list[SkippedRow]]:
    """Read the task rows of one table.

    Args:
        table: the table block.
        columns: its recognised columns.
        heading: the text just above the table (its section, and maybe a status for all its rows).
        registry: to read the unit a group row names.

    Returns:
        The tasks and the rows that could not be read.
    """
    context = _Context(section=normalize(heading)[:120], status=_status_of(heading))
    tasks: list[ParsedTask] = []
    skipped: list[SkippedRow] = []
    for row in table.rows[columns.header_rows :]:
        if is_repeated_header(row, columns) or not any(cell.strip() for cell in row.cells):
            continue
        group = _is_group(row, columns)
        if group is not None:
            _enter_group(context, group, registry)
            continue
        content = normalize(columns.cell(row, "content"))
        stt = columns.cell(row, "stt").strip() or None
        lead = normalize(columns.cell(row, "lead"))
        deadline = normalize(columns.cell(row, "deadline"))
        if not content:
            if stt or lead:
                skipped.append(SkippedRow(row.line, "a numbered row without task text", " | ".join(row.cells)))
            continue
        if not stt and not lead and not deadline and tasks:
            tasks[-1].content = f"{tasks[-1].content} {content}"  # a row continued without a number
            continue
        tasks.append(_task(row, columns, context, stt, content, lead or context.unit or "", deadline))
    return tasks, skipped


def _enter_group(context: _Context, group: str, registry: UnitRegistry) -> None:
    text = normalize(group)
    context.unit = _group_unit(text, registry) or context.unit
    context.status = _status_of(text) or context.status
    context.parts = [text[:120]]


def _task(
    row: TableRow, columns: TaskColumns, context: _Context, stt: str | None, content: str, lead: str, deadline: str
) -> ParsedTask:
    result = normalize(columns.cell(row, "result"))
    progress = normalize(columns.cell(row, "progress"))
    product = normalize(columns.cell(row, "product"))
    if not (result or progress) and classify_status(product) != "unknown":
        result = product  # a bare "Kết quả" column holding "Đã hoàn thành" reports progress, not a product
    result_text = " — ".join(part for part in (progress, result) if part) or None
    directing = normalize(columns.cell(row, "directing"))
    section = " ".join([context.section, *context.parts]).strip()
    return ParsedTask(
        section=section[:250],
        stt=stt,
        line=_content_line(row, columns),
        content=content,
        directing_docs=[directing] if directing else [],
        lead_text=lead,
        coordinating_text=normalize(columns.cell(row, "coordinating")) or None,
        deadline_text=deadline or None,
        result_text=result_text,
        status_hint=None if result_text else context.status,  # a row's own progress speaks first
    )
