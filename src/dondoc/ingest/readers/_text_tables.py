"""Tables written as text: Markdown pipe tables, and HTML tables flattened by a web page's "save as text".

A flattened table puts a lone "|" line before each cell and one after a row's last cell, so two
"|" lines stand between rows. A cell merged down over several rows (a unit leading three tasks,
the number of a task split over two rows) or across (a group row's title) is written once, so
rows have as many cells as they keep, and an empty cell gives the same empty slot as the step
between two rows. Which column each cell belongs to, and where a row ends, are read from what
the cells hold (a row number, a sentence, a unit, a deadline) against what the header names,
choosing the reading that fits the whole table best; then a merged cell's text is repeated
where it stands, as the Word and PDF readers do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.ingest.readers._flattened_rows import Cell, Slot, read_rows
from dondoc.ingest.readers.document import Block, TableRow
from dondoc.nlp.table_cells import ROLE_KINDS, CellKind, cell_kind, header_role, is_stt
from dondoc.nlp.text import fold, normalize

# A flattened cell longer than this is prose swallowed between two stray "|" lines, not a cell.
_MAX_CELL_LINES = 40
# Header cells are short; a longer "cell" before the first empty one is a page's layout table.
_MAX_HEADER_LINES = 6
_MAX_HEADER_CHARS = 60
EMPHASIS = re.compile(r"\*+|(?<!\w)_{2,}|_{2,}(?!\w)")
_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A group row's title: "I. …", "A. …", "Nhiệm vụ giao Bộ …", "Nhóm …", "Các nhiệm vụ …".
_GROUP_TITLE = re.compile(r"^(?:[ivxlc]{1,6}|[a-z])[.)]\s|^(?:nhom|nhiem\s+vu\s+giao|cac\s+nhiem\s+vu|phan)\b")


@dataclass(frozen=True)
class TextTableRow(TableRow):
    """A table row read from text, with the line where each cell starts.

    The neutral model gives a row one line; a flattened cell can start several lines below its
    row's STT, and a task's place in the file is where its content starts.

    Attributes:
        cell_lines: the 1-based line of each cell, parallel to `cells`.
    """

    cell_lines: tuple[int, ...] = ()


def clean(text: str) -> str:
    """A cell's text without Markdown emphasis, whitespace collapsed."""
    return normalize(EMPHASIS.sub("", text))


def is_pipe_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def pipe_table(lines: list[str], start: int) -> tuple[Block, int]:
    """A Markdown pipe table starting at `start` (0-based); returns it and the index after it."""
    rows = []
    end = start
    while end < len(lines) and is_pipe_row(lines[end]):
        line = lines[end].strip()
        if not _MD_SEPARATOR.match(line):
            cells = tuple(clean(cell) for cell in line.strip("|").split("|"))
            rows.append(TextTableRow(cells, end + 1, tuple(end + 1 for _ in cells)))
        end += 1
    return Block("table", line=start + 1, rows=tuple(rows)), end


def _slots(lines: list[str], start: int) -> list[Slot]:
    """The slots between lone "|" lines from `start` on, each closed by a "|"; text after the last is not one."""
    slots: list[Slot] = []
    i = start + 1
    while i < len(lines):
        first = i
        while i < len(lines) and lines[i].strip() != "|" and i - first <= _MAX_CELL_LINES:
            i += 1
        if i >= len(lines) or lines[i].strip() != "|":
            break
        body = tuple(lines[first:i])
        raw = " ".join(line.strip() for line in body if line.strip())
        bold = raw.startswith("**") and raw.endswith("**")
        slots.append(Slot(first, body, clean(raw), not raw, bold))
        i += 1
    return slots


def flattened_table(lines: list[str], start: int) -> tuple[Block | None, int]:
    """A flattened HTML table opened by the lone "|" at `start`, or None when none starts there.

    The header is the cells before the first empty slot (a second row of short bold cells under
    it is the second header row); the table ends where a row's closing "|" is followed by text.

    Returns:
        The table block (None when the slots do not read as a table) and the line index after it.
    """
    slots = _slots(lines, start)
    width = next((n for n, slot in enumerate(slots) if slot.blank), 0)
    if width < 2 or any(len(slot.lines) > _MAX_HEADER_LINES for slot in slots[:width]):
        return None, start + 1
    header = [slot.cell for slot in slots[:width]]
    body = slots[width + 1 :]
    second = _second_header(body)
    header_rows = _header_rows(header, second)
    if second:
        body = body[len(second) + 1 :]
    columns = len(header_rows[0])
    kinds = _header_kinds(header_rows, columns)
    if not any(kinds):  # no header word names a field: a page's layout, read as full rows until it stops
        placed, used = _full_rows(body, columns)
    else:
        placed, used = read_rows(body, kinds, header_rows[-1])
    if any(kinds) and not all(kinds):
        kinds = [kind or _held_kind(placed, column, columns) for column, kind in enumerate(kinds)]
        placed, used = read_rows(body, kinds, header_rows[-1])
    rows = [*((row, row[0].line) for row in header_rows), *_filled(placed, columns)]
    taken = slots[width + 1 + len(second) + (1 if second else 0) :][:used]
    last = taken[-1] if taken else slots[width - 1]
    end = last.first + len(last.lines) + 1
    table_rows = tuple(
        TextTableRow(tuple(cell.text for cell in cells), line, tuple(cell.line for cell in cells))
        for cells, line in rows
    )
    return Block("table", line=start + 1, rows=table_rows), end


def _full_rows(body: list[Slot], columns: int) -> tuple[list[dict[int, Cell]], int]:
    """Rows of exactly `columns` cells each, one empty slot between them, until a row is followed by text."""
    rows: list[dict[int, Cell]] = []
    position = used = 0
    while position + columns <= len(body):
        rows.append({c: slot.cell for c, slot in enumerate(body[position : position + columns])})
        position = used = position + columns
        if position >= len(body) or not body[position].blank:
            break
        position += 1
    return rows, used


def _second_header(body: list[Slot]) -> list[Cell]:
    """A second header row ("Chủ trì | Phối hợp" under "Cơ quan"): two or more short bold cells, then a step."""
    run = []
    for slot in body:
        if slot.blank:
            break
        run.append(slot.cell)
    fits = all(
        c.bold and 0 < len(c.text) <= _MAX_HEADER_CHARS and cell_kind(c.text) not in ("stt", "number") for c in run
    )
    return run if len(run) >= 2 and len(run) < len(body) and fits else []


def _header_rows(header: list[Cell], second: list[Cell]) -> list[list[Cell]]:
    """The header as a grid: a cell spanning the second row repeated, as a Word table's reader gives it."""
    if not second:
        return [header]
    parent = _parent(header, second)
    top = header[:parent] + [header[parent]] * len(second) + header[parent + 1 :]
    under = header[:parent] + second + header[parent + 1 :]
    return [top, under]


def _parent(header: list[Cell], second: list[Cell]) -> int:
    """Which first-row cell the second row splits: one naming the same field, else the last that names none."""
    families = {"lead": "unit", "coordinating": "unit", "deadline": "date"}
    wanted = {families.get(role or "", role) for cell in second if (role := header_role(cell.text))}
    for index, cell in enumerate(header):
        role = header_role(cell.text)
        if role and families.get(role, role) in wanted and role != "stt":
            return index
    unnamed = [index for index, cell in enumerate(header) if header_role(cell.text) is None]
    return unnamed[-1] if unnamed else len(header) - 1


def _header_kinds(header_rows: list[list[Cell]], columns: int) -> list[CellKind | None]:
    kinds: list[CellKind | None] = []
    for column in range(columns):
        roles = [header_role(row[column].text) for row in reversed(header_rows) if column < len(row)]
        role = next((role for role in roles if role), None)
        kinds.append(ROLE_KINDS.get(role) if role else None)
    return kinds


def _held_kind(rows: list[dict[int, Cell]], column: int, columns: int) -> CellKind | None:
    """What a column without a header word holds, from the rows that fill every column."""
    held = [cell_kind(row[column].text) for row in rows if len(row) == columns and row[column].text]
    if not held:
        return None
    most = max(set(held), key=held.count)
    return most if held.count(most) * 2 > len(held) else None


def _is_group(row: dict[int, Cell]) -> bool:
    """A group row: bold titles only, or a number and a title such as "I. …" or "Nhiệm vụ giao …"."""
    texts = [cell for cell in row.values() if cell.text]
    if not texts:
        return False
    if all(cell.bold for cell in texts):
        return True
    title = texts[-1].text
    return len(texts) <= 2 and bool(_GROUP_TITLE.search(fold(title))) and (len(texts) == 1 or is_stt(texts[0].text))


def _filled(rows: list[dict[int, Cell]], columns: int) -> list[tuple[list[Cell], int]]:
    """Every row with all its columns and its line: a group row's title across, other missing cells from above."""
    filled: list[tuple[list[Cell], int]] = []
    above: list[Cell] | None = None
    for row in rows:
        line = min(cell.line for cell in row.values())
        if _is_group(row):
            filled.append(([row.get(c) or _nearest(row, c) for c in range(columns)], line))
            above = None
            continue
        cells = [row.get(c) or (above[c] if above else Cell("", line, False)) for c in range(columns)]
        filled.append((cells, line))
        above = cells
    return filled


def _nearest(row: dict[int, Cell], column: int) -> Cell:
    """The text a cell merged across stands for: the nearest cell with text to its left, else to its right."""
    left = [row[c] for c in sorted(row) if c < column and row[c].text]
    right = [row[c] for c in sorted(row) if c > column and row[c].text]
    return left[-1] if left else right[0]
