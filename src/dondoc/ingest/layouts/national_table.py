"""Parser for the national Đề án 06 task table ("PHỤ LỤC 03 KẾT QUẢ TRIỂN KHAI CÁC NHIỆM VỤ"), a PDF text dump.

The table has three sections (A shared tasks, B per ministry, C per province) and six columns
(STT · task · directing documents · unit · deadline · result). The dump keeps the cells of a row
in column order but loses their positions, so rows are found here from their STT (or, where the
number was lost, a line indented by one space) and each row's lines are read forward through the
columns; `_national_cells` recognises what each column looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dondoc.ingest.layouts import _national_cells as cells
from dondoc.ingest.model import ParsedTask
from dondoc.nlp.text import join_lines, normalize

LAYOUT = "national_table"

_SECTION = re.compile(r"^([ABC])(?:\s+Nhiệm vụ\b.*)?$")
_STT = re.compile(r"^(\d{1,3})$")
_INLINE_STT = re.compile(r"^(\d{1,3})\s+([^\W\d_].*)$")
# The table title repeated mid-section A and the group subtitles are not rows.
_TITLE_START, _TITLE_END = "PHỤ LỤC 03", "Kết quả"
_SUBTITLE = re.compile(r"^Nhiệm vụ (?:cụ thể|chung) của [^.]{0,40}$")
_LEGEND = ("hoàn thành", "chưa hoàn thành", "đang triển khai")
# How far an STT may jump past the last one when the rows between lost their numbers.
_MAX_JUMP = 40
_LOOKAHEAD = 80
# A row's first line is a full-width task line; a short indented line is a wrap inside a cell.
_ROW_START_WIDTH = 30

CONTENT, DOCS, UNIT, DEADLINE, RESULT = range(5)

Line = tuple[str, bool]  # normalised text, and whether the PDF line ended in a space (a wrap)


@dataclass
class _Row:
    section: str
    stt: str | None
    lines: list[tuple[int, str, bool]] = field(default_factory=list)

    def feed(self) -> list[Line]:
        return [(text, soft) for _, text, soft in self.lines]


@dataclass
class _Cells:
    """The pieces of each cell of one row, in reading order."""

    content: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    result: list[str] = field(default_factory=list)


def matches(lines: list[str]) -> bool:
    """Whether a file is the national task table.

    Args:
        lines: the file's lines.

    Returns:
        True when the file opens with the status legend, has the "PHỤ LỤC 03" title, the bare
        section letter "A" near the top and many bare STT lines.
    """
    head = " ".join(normalize(line).lower() for line in lines[:10])
    if not all(word in head for word in _LEGEND):
        return False
    stripped = [line.strip() for line in lines]
    numbers = sum(1 for line in stripped if _STT.match(line))
    return _TITLE_START in stripped and "A" in stripped[:20] and numbers >= 50


def parse(lines: list[str]) -> list[ParsedTask]:
    """Read every task row of the national table.

    Args:
        lines: the file's lines, as `text.splitlines()` gives them.

    Returns:
        One ParsedTask per row, in file order, cells as written.

    Raises:
        ValueError: when no section letter followed by rows is found, or most rows lack a directive
            cell: the file is not this table.
    """
    rows = [row for row in _find_rows(lines) if row.lines]
    if not rows:
        raise ValueError("national table: no section letter (A, B, C) followed by numbered task rows")
    tasks = [_to_task(row) for row in rows]
    if sum(1 for task in tasks if task.directing_docs) < len(tasks) / 2:
        raise ValueError("national table: most rows have no directive (Văn bản chỉ đạo) cell; this is another layout")
    return tasks


def _find_rows(lines: list[str]) -> list[_Row]:
    """Cut the file into rows: at STT lines, at inline STTs ("146 Bàn giao …") and at unnumbered rows."""
    texts = [normalize(line) for line in lines]
    rows: list[_Row] = []
    section: str | None = None
    last = unnumbered = 0
    in_title = False
    for i, (raw, text) in enumerate(zip(lines, texts, strict=True)):
        if not text:
            continue
        if in_title or text == _TITLE_START:
            in_title = text != _TITLE_END
            continue
        letter = _SECTION.match(text)
        if letter and letter.group(1) == "ABC"["ABC".index(section) + 1 if section else 0]:
            section, last, unnumbered = letter.group(1), 0, 0
            continue
        if section is None or _SUBTITLE.match(text):
            continue
        soft = raw.endswith((" ", "\t"))
        stt = _STT.match(text)
        if stt and _is_next_stt(int(stt.group(1)), last, unnumbered, texts, i):
            rows.append(_Row(section, stt.group(1)))
            last, unnumbered = int(stt.group(1)), 0
            continue
        inline = _INLINE_STT.match(text)
        if inline and int(inline.group(1)) in (last + 1, last + 1 + unnumbered) and rows and rows[-1].lines:
            rows.append(_Row(section, inline.group(1), [(i + 1, inline.group(2), soft)]))
            last, unnumbered = int(inline.group(1)), 0
            continue
        if rows and raw.startswith(" ") and _opens_unnumbered_row(rows[-1], text, lines, texts, i):
            rows.append(_Row(section, None))
            unnumbered += 1
        if rows:
            rows[-1].lines.append((i + 1, text, soft))
    return rows


def _is_next_stt(value: int, last: int, unnumbered: int, texts: list[str], i: int) -> bool:
    """Whether a bare number is the next STT, not a wrapped year or the tail of "Thông tư 48"."""
    if value in (last + 1, last + 1 + unnumbered):
        return True
    if not last < value <= last + _MAX_JUMP:
        return False
    # After a real jump the numbers go on rising; a stray number is followed by the true sequence.
    for text in texts[i + 1 : i + 1 + 10 * _LOOKAHEAD]:
        nxt = _STT.match(text)
        if nxt and last < int(nxt.group(1)) <= last + 2 * _MAX_JUMP:
            return int(nxt.group(1)) > value
    return True


def _opens_unnumbered_row(row: _Row, text: str, lines: list[str], texts: list[str], i: int) -> bool:
    """Whether a line indented by one space opens a row whose STT the PDF lost.

    It must come once the current row has its unit cell, and the directive (or unit) cell of its
    own row must follow before the next row starts; an indented result line ("Đang triển khai",
    "Ngày 05/3/2024, …") has neither.
    """
    if not (text[0].isalpha() or text.startswith(("- ", "("))):
        return False
    if not _read_cells(row.feed()).unit:
        return False
    seen = 0
    for j in range(i + 1, min(len(texts), i + _LOOKAHEAD)):
        nxt = texts[j]
        if not nxt:
            continue
        if _STT.match(nxt) or _SECTION.match(nxt) or (lines[j].startswith(" ") and len(nxt) >= _ROW_START_WIDTH):
            return False
        if cells.is_doc_start(nxt) or (seen and cells.is_unit_head(nxt)):
            return True
        seen += 1
    return False


def _to_task(row: _Row) -> ParsedTask:
    found = _read_cells(row.feed())
    return ParsedTask(
        section=row.section,
        stt=row.stt,
        line=row.lines[0][0],
        content=join_lines(found.content),
        directing_docs=cells.split_docs(found.docs),
        lead_text=join_lines(found.unit),
        deadline_text=join_lines(found.deadline).rstrip(",; ") or None,
        result_text=join_lines(found.result) or None,
    )


def _read_cells(lines: list[Line]) -> _Cells:
    """Assign the lines of one row to its cells, moving only forward through the columns."""
    found = _Cells()
    state, prev_soft = CONTENT, False
    for idx, line in enumerate(lines):
        state = _step(found, state, line, prev_soft, lines[idx + 1 :])
        prev_soft = line[1]
    return found


def _step(found: _Cells, state: int, line: Line, prev_soft: bool, later: list[Line]) -> int:
    """Feed one line to the row; return the column the row has reached."""
    text, soft = line
    if state == CONTENT:
        if found.content and cells.is_doc_start(text, found.content[-1]):
            state = DOCS
        elif found.content and cells.is_unit_head(text) and not any(cells.is_doc_start(t) for t, _ in later):
            return _to_unit(found, text)  # a row with no directive (STT 460)
        else:
            found.content.append(text)
            return CONTENT
    if state == DOCS:
        if cells.is_doc_start(text) or cells.doc_continues(found.docs, text):
            head, tail = cells.split_doc_tail(text)
            found.docs.append(head)
            return _to_unit(found, tail) if tail else DOCS
        return _to_unit(found, text)
    if state == UNIT:
        if cells.starts_deadline(text):
            return _to_deadline(found, text, started=False, free=False)
        if cells.result_starts(text):
            found.result.append(text)
            return RESULT
        if cells.unit_goes_on(found.unit[-1], prev_soft, text):
            return _to_unit(found, text)
        if soft and len(text) <= cells.UNIT_WIDTH and cells.is_unit_head(text):
            return _to_unit(found, text)  # a second body on narrow wrapped lines ("Bộ Thông tin và truyền")
        if soft and len(text) <= cells.DEADLINE_WIDTH:
            return _to_deadline(found, text, started=False, free=True)  # "Thí điểm trong" / "tháng 6/2024"
    elif state == DEADLINE:
        narrow = len(text[: cells.cell_break(text)].strip()) <= cells.DEADLINE_WIDTH and not cells.result_starts(text)
        if (
            cells.deadline_open(found.deadline[-1])
            or text.startswith("(")
            or cells.whole_deadline(text)
            or ((prev_soft or text[0].islower()) and narrow)
        ):
            return _to_deadline(found, text, started=True, free=True)
    found.result.append(text)
    return RESULT


def _to_unit(found: _Cells, text: str) -> int:
    """Start or extend the unit cell with a line, passing a glued deadline and result on."""
    cut = cells.cell_break(text)
    found.unit.append(text[:cut].strip())
    rest = text[cut:].strip()
    if rest and cells.starts_deadline(rest):
        return _to_deadline(found, rest, started=False, free=False)
    if rest:
        found.result.append(rest)
        return RESULT
    return UNIT


def _to_deadline(found: _Cells, text: str, started: bool, free: bool) -> int:
    """Start or extend the deadline cell with a line, passing a glued result on."""
    deadline, rest = cells.take_deadline(text, started, free)
    if deadline:
        found.deadline.append(deadline)
    if rest:
        found.result.append(rest)
        return RESULT
    return DEADLINE if found.deadline else UNIT
