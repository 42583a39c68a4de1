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
from dataclasses import dataclass, field

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

# How well a cell of one kind sits in a column holding another (the header's kind, else the
# kind its unambiguous rows hold; None: nothing known, anything fits).
_FIT: dict[CellKind, dict[CellKind, float]] = {
    "stt": {"stt": 3, "number": 0.5},
    "date": {"date": 3, "status": 0, "short": 0, "long": -0.5, "unit": -2, "stt": -3, "number": -1},
    "unit": {"unit": 2, "long": -0.5, "short": 0, "status": -1, "date": -2, "stt": -3, "number": -2},
    "number": {"number": 2, "stt": 0, "short": 0, "status": -1, "long": -1, "unit": -2, "date": -1},
    "status": {"status": 3, "long": 0.5, "short": 0.5, "date": -1, "unit": -2, "stt": -3, "number": -1},
    "long": {"long": 2, "short": 1, "status": 0.5, "unit": -1, "date": -2, "stt": -3, "number": -2},
    "short": {"long": 0.5, "short": 0.5, "status": 0, "unit": -0.5, "date": -1, "stt": -2, "number": -1},
}
_MISFIT = -2.0  # a kind the table above does not list for that column kind
_BASE = 1.0  # any text cell read as a cell of the table rather than as the text after it
_ROW = -1.0  # opening a row
_EMPTY_ROW = -2.0  # a row of empty cells only
_EMPTY_CELL = -0.2
_SKIP = 0.4  # a column left to a cell merged from the row above
_HEADER_REPEAT = 3.0  # a cell repeating its column's header (a header printed again after a page break)
_CLOSED = -1


@dataclass(frozen=True)
class TextTableRow(TableRow):
    """A table row read from text, with the line where each cell starts.

    The neutral model gives a row one line; a flattened cell can start several lines below its
    row's STT, and a task's place in the file is where its content starts.

    Attributes:
        cell_lines: the 1-based line of each cell, parallel to `cells`.
    """

    cell_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Slot:
    """What stands between two lone "|" lines: a cell, an empty cell, or the step between two rows."""

    first: int  # 0-based index of its first line
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return clean(" ".join(self.lines))

    @property
    def blank(self) -> bool:
        """Nothing at all between the two "|" (a cell of spaces or "** **" is an empty cell, never a row's end)."""
        return not any(line.strip() for line in self.lines)

    @property
    def bold(self) -> bool:
        raw = " ".join(line.strip() for line in self.lines if line.strip())
        return raw.startswith("**") and raw.rstrip().endswith("**")


@dataclass
class _Cell:
    text: str
    line: int  # 1-based
    bold: bool


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


def _slots(lines: list[str], start: int) -> list[_Slot]:
    """The slots between lone "|" lines from `start` on, each closed by a "|"; text after the last is not one."""
    slots: list[_Slot] = []
    i = start + 1
    while i < len(lines):
        first = i
        while i < len(lines) and lines[i].strip() != "|" and i - first <= _MAX_CELL_LINES:
            i += 1
        if i >= len(lines) or lines[i].strip() != "|":
            break
        slots.append(_Slot(first, tuple(lines[first:i])))
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
    header = [_Cell(slot.text, slot.first + 1, slot.bold) for slot in slots[:width]]
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
        placed, used = _read_rows(body, kinds, header_rows[-1])
    if any(kinds) and not all(kinds):
        kinds = [kind or _held_kind(placed, column, columns) for column, kind in enumerate(kinds)]
        placed, used = _read_rows(body, kinds, header_rows[-1])
    rows = [*((row, row[0].line) for row in header_rows), *_filled(placed, columns)]
    taken = slots[width + 1 + len(second) + (1 if second else 0) :][:used]
    last = taken[-1] if taken else slots[width - 1]
    end = last.first + len(last.lines) + 1
    table_rows = tuple(
        TextTableRow(tuple(cell.text for cell in cells), line, tuple(cell.line for cell in cells))
        for cells, line in rows
    )
    return Block("table", line=start + 1, rows=table_rows), end


def _full_rows(body: list[_Slot], columns: int) -> tuple[list[dict[int, _Cell]], int]:
    """Rows of exactly `columns` cells each, one empty slot between them, until a row is followed by text."""
    rows: list[dict[int, _Cell]] = []
    position = used = 0
    while position + columns <= len(body):
        rows.append(
            {
                c: _Cell(slot.text, slot.first + 1, slot.bold)
                for c, slot in enumerate(body[position : position + columns])
            }
        )
        position = used = position + columns
        if position >= len(body) or not body[position].blank:
            break
        position += 1
    return rows, used


def _second_header(body: list[_Slot]) -> list[_Cell]:
    """A second header row ("Chủ trì | Phối hợp" under "Cơ quan"): two or more short bold cells, then a step."""
    run = []
    for slot in body:
        if slot.blank:
            break
        run.append(_Cell(slot.text, slot.first + 1, slot.bold))
    fits = all(
        c.bold and 0 < len(c.text) <= _MAX_HEADER_CHARS and cell_kind(c.text) not in ("stt", "number") for c in run
    )
    return run if len(run) >= 2 and len(run) < len(body) and fits else []


def _header_rows(header: list[_Cell], second: list[_Cell]) -> list[list[_Cell]]:
    """The header as a grid: a cell spanning the second row repeated, as a Word table's reader gives it."""
    if not second:
        return [header]
    parent = _parent(header, second)
    top = header[:parent] + [header[parent]] * len(second) + header[parent + 1 :]
    under = header[:parent] + second + header[parent + 1 :]
    return [top, under]


def _parent(header: list[_Cell], second: list[_Cell]) -> int:
    """Which first-row cell the second row splits: one naming the same field, else the last that names none."""
    families = {"lead": "unit", "coordinating": "unit", "deadline": "date"}
    wanted = {families.get(role or "", role) for cell in second if (role := header_role(cell.text))}
    for index, cell in enumerate(header):
        role = header_role(cell.text)
        if role and families.get(role, role) in wanted and role != "stt":
            return index
    unnamed = [index for index, cell in enumerate(header) if header_role(cell.text) is None]
    return unnamed[-1] if unnamed else len(header) - 1


def _header_kinds(header_rows: list[list[_Cell]], columns: int) -> list[CellKind | None]:
    kinds: list[CellKind | None] = []
    for column in range(columns):
        roles = [header_role(row[column].text) for row in reversed(header_rows) if column < len(row)]
        role = next((role for role in roles if role), None)
        kinds.append(ROLE_KINDS.get(role) if role else None)
    return kinds


def _held_kind(rows: list[dict[int, _Cell]], column: int, columns: int) -> CellKind | None:
    """What a column without a header word holds, from the rows that fill every column."""
    held = [cell_kind(row[column].text) for row in rows if len(row) == columns and row[column].text]
    if not held:
        return None
    most = max(set(held), key=held.count)
    return most if held.count(most) * 2 > len(held) else None


def _fits(cell: _Cell, kinds: list[CellKind | None], headings: list[str]) -> list[float]:
    """How well the cell sits in each column (a header's own words repeated fit their column best)."""
    own = cell_kind(cell.text)
    folded = fold(cell.text)
    return [
        _BASE + _HEADER_REPEAT
        if heading and folded == fold(heading)
        else _BASE + (_FIT[own].get(kind, _MISFIT) if kind else 0)
        for kind, heading in zip(kinds, headings, strict=False)
    ]


_State = tuple[int, bool]


@dataclass
class _Step:
    """The best score of each state after one more slot, and the choice that led there."""

    scores: dict[_State, float] = field(default_factory=dict)
    came: dict[_State, tuple[_State, int | None]] = field(default_factory=dict)

    def offer(self, state: _State, score: float, source: _State, column: int | None) -> None:
        if score > self.scores.get(state, float("-inf")):
            self.scores[state] = score
            self.came[state] = (source, column)


def _read_rows(
    body: list[_Slot], kinds: list[CellKind | None], heading: list[_Cell]
) -> tuple[list[dict[int, _Cell]], int]:
    """Where rows end and which column each cell takes: the reading of the slots that fits best.

    A state is the column of the last cell of the open row and whether that row holds text, or
    _CLOSED after the step between two rows. The table may end before a slot of text that comes
    right after a row's last cell (its closing "|").

    Returns:
        Each row as column -> cell (columns a merged cell covers are missing), and how many slots
        the table takes.
    """
    columns = len(kinds)
    headings = [cell.text for cell in heading] + [""] * columns
    scores: dict[_State, float] = {(_CLOSED, False): 0.0}
    back: list[dict[_State, tuple[_State, int | None]]] = []
    best_end: tuple[float, int, _State] | None = None
    for index, slot in enumerate(body):
        cell = _Cell(slot.text, slot.first + 1, slot.bold)
        fits = _fits(cell, kinds, headings) if cell.text else []
        step = _Step()
        for (last, has_text), score in scores.items():
            source = (last, has_text)
            opening = last == _CLOSED
            if slot.blank or not cell.text:
                if not opening and slot.blank:
                    step.offer((_CLOSED, False), score + (0 if has_text else _EMPTY_ROW), source, None)
                if last + 1 < columns:
                    cost = _EMPTY_CELL + (_ROW if opening else 0)
                    step.offer((last + 1, has_text and not opening), score + cost, source, last + 1)
                continue
            if not opening and has_text and (best_end is None or score > best_end[0]):
                best_end = (score, index, source)
            for column in range(last + 1, columns):
                gain = fits[column] - _SKIP * (column - last - 1) + (_ROW if opening else 0)
                step.offer((column, True), score + gain, source, column)
        back.append(step.came)
        scores = step.scores
        if not scores:
            break
    final = [(score, state) for state, score in scores.items() if state[1]]  # the last "|" closes a row
    if final and len(back) == len(body):
        score, state = max(final)
        if best_end is None or score >= best_end[0]:
            return _trace(body, back, len(body), state), len(body)
    if best_end is None:
        return [], 0
    _, used, state = best_end
    return _trace(body, back, used, state), used


def _trace(
    body: list[_Slot], back: list[dict[_State, tuple[_State, int | None]]], used: int, state: _State
) -> list[dict[int, _Cell]]:
    """The rows of the best reading, from the choice made at each slot."""
    choices: list[int | None] = []
    for index in range(used - 1, -1, -1):
        state, column = back[index][state]
        choices.append(column)
    rows: list[dict[int, _Cell]] = []
    open_row: dict[int, _Cell] | None = None
    for slot, column in zip(body[:used], reversed(choices), strict=True):
        if column is None:
            if open_row is not None:
                rows.append(open_row)
            open_row = None
            continue
        if open_row is None:
            open_row = {}
        open_row[column] = _Cell(slot.text, slot.first + 1, slot.bold)
    if open_row is not None:
        rows.append(open_row)
    return rows


def _is_group(row: dict[int, _Cell]) -> bool:
    """A group row: bold titles only, or a number and a title such as "I. …" or "Nhiệm vụ giao …"."""
    texts = [cell for cell in row.values() if cell.text]
    if not texts:
        return False
    if all(cell.bold for cell in texts):
        return True
    title = texts[-1].text
    return len(texts) <= 2 and bool(_GROUP_TITLE.search(fold(title))) and (len(texts) == 1 or is_stt(texts[0].text))


def _filled(rows: list[dict[int, _Cell]], columns: int) -> list[tuple[list[_Cell], int]]:
    """Every row with all its columns and its line: a group row's title across, other missing cells from above."""
    filled: list[tuple[list[_Cell], int]] = []
    above: list[_Cell] | None = None
    for row in rows:
        line = min(cell.line for cell in row.values())
        if _is_group(row):
            filled.append(([row.get(c) or _nearest(row, c) for c in range(columns)], line))
            above = None
            continue
        cells = [row.get(c) or (above[c] if above else _Cell("", line, False)) for c in range(columns)]
        filled.append((cells, line))
        above = cells
    return filled


def _nearest(row: dict[int, _Cell], column: int) -> _Cell:
    """The text a cell merged across stands for: the nearest cell with text to its left, else to its right."""
    left = [row[c] for c in sorted(row) if c < column and row[c].text]
    right = [row[c] for c in sorted(row) if c > column and row[c].text]
    return left[-1] if left else right[0]
