"""A document read with a hand-made mapping: the task rows of its mapped tables and of its mapped prose.

The same `ParsedTask` rows every reader gives, so the ingest goes on as for any report; line numbers
are the readers' (a .docx counts paragraphs and rows, a text table knows the line of each cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dondoc.ingest.mapping import BlockMapping, Mapping, TableMapping, check_mapping, locate_block, locate_table
from dondoc.ingest.model import ParsedTask
from dondoc.ingest.readers.document import Block, Document, TableRow
from dondoc.ingest.readers.text import TextTableRow
from dondoc.nlp.dates import find_prose_deadline
from dondoc.nlp.text import fold, normalize

_GROUP_NUMBER = re.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐa-zđ])[.)]?$")
_MARKER = re.compile(r"^\s*(\(\d{1,3}\)|[a-zđ]\)|\d{1,3}(?:\.\d{1,3})*[.)]?(?=\s)|[-–+•])\s*")
_SHORTEST_ITEM = 15


def apply_mapping(document: Document, mapping: Mapping) -> list[ParsedTask]:
    """The task rows `mapping` reads in `document`: mapped tables first, then mapped prose, in file order.

    Raises:
        MappingError: the mapping does not fit the document (`check_mapping`).
    """
    check_mapping(document, mapping)
    tasks: list[ParsedTask] = []
    for table_mapping in mapping.tables:
        tasks.extend(_table_tasks(locate_table(document, table_mapping), table_mapping))
    tasks.extend(_prose_tasks(document, mapping.blocks))
    return tasks


def group_rows(table: Block, mapping: TableMapping) -> list[str]:
    """The group rows the mapping's rules find in a table (their text, in order): what may be skipped."""
    return [text for row in table.rows[mapping.header_rows :] if (text := _group_text(row, mapping)) is not None]


def _cell(row: TableRow, column: int | None) -> str:
    return normalize(row.cells[column]) if column is not None and column < len(row.cells) else ""


def _group_text(row: TableRow, mapping: TableMapping) -> str | None:
    texts = list(dict.fromkeys(normalize(cell) for cell in row.cells if cell.strip()))
    if "single_cell" in mapping.group_rules and len(texts) == 1:
        return texts[0]
    number = _cell(row, mapping.column_of("stt"))
    if "numbering" in mapping.group_rules and _GROUP_NUMBER.match(number):
        return f"{number.rstrip('.)')}. {_cell(row, mapping.column_of('content'))}".strip(". ")
    return None


def _content_line(row: TableRow, column: int | None) -> int:
    """Where the row's task text starts: a flattened text table knows each cell's line."""
    if isinstance(row, TextTableRow) and column is not None and column < len(row.cell_lines):
        return row.cell_lines[column]
    return row.line


@dataclass
class _Section:
    text: str = ""
    skipped: bool = False
    tasks: list[ParsedTask] = field(default_factory=list)


def _table_tasks(table: Block, mapping: TableMapping) -> list[ParsedTask]:
    """One task per task row; a row without number, unit or deadline continues the task above (merged cells)."""
    header = {tuple(row.cells) for row in table.rows[: mapping.header_rows]}
    skip = set(mapping.skip_groups)
    section = _Section()
    tasks: list[ParsedTask] = []
    has_numbers = mapping.column_of("stt") is not None
    for row in table.rows[mapping.header_rows :]:
        if tuple(row.cells) in header or not any(cell.strip() for cell in row.cells):
            continue  # a header repeated after a page break, an empty row
        group = _group_text(row, mapping)
        if group is not None:
            section = _Section(group, fold(group) in skip)
            continue
        content = _cell(row, mapping.column_of("content"))
        if section.skipped or not content:
            continue
        stt, lead = _cell(row, mapping.column_of("stt")), _cell(row, mapping.column_of("lead"))
        deadline = _cell(row, mapping.column_of("deadline"))
        if has_numbers and not (stt or lead or deadline) and section.tasks:
            section.tasks[-1].content += f" {content}"
            continue
        directing = _cell(row, mapping.column_of("directing"))
        task = ParsedTask(
            section=section.text[:250],
            stt=stt or None,
            line=_content_line(row, mapping.column_of("content")),
            content=content,
            directing_docs=[directing] if directing else [],
            lead_text=lead or normalize(mapping.unit),
            coordinating_text=_cell(row, mapping.column_of("coordinating")) or None,
            deadline_text=deadline or None,
            result_text=_cell(row, mapping.column_of("result")) or None,
        )
        section.tasks.append(task)
        tasks.append(task)
    return tasks


def _prose_tasks(document: Document, mappings: tuple[BlockMapping, ...]) -> list[ParsedTask]:
    """The items of each mapped run of prose blocks, with the run's unit and the deadline each sentence gives."""
    starts = sorted((locate_block(document, m), m) for m in mappings)
    named = {index for index, _ in starts}
    tasks: list[ParsedTask] = []
    for start, mapping in starts:
        if not mapping.unit:
            continue
        section = normalize(document.blocks[start].text)[:120]
        end = start
        while end < len(document.blocks):
            block = document.blocks[end]
            if end > start and (block.kind in ("table", "heading") or end in named):
                break
            if task := _item(block, section, mapping.unit):
                tasks.append(task)
            end += 1
    return tasks


def _item(block: Block, section: str, unit: str) -> ParsedTask | None:
    text = normalize(block.text)
    marker = _MARKER.match(text)
    content = text[marker.end() :] if marker else text
    if block.kind in ("heading", "table") or text.endswith(":") or len(content) < _SHORTEST_ITEM:
        return None
    stt = marker[1] if marker and marker[1] not in "-–+•" else None
    return ParsedTask(
        section=section,
        stt=stt,
        line=block.line,
        content=content.rstrip(". "),
        lead_text=normalize(unit),
        deadline_text=find_prose_deadline(content),
    )
