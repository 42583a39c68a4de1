"""Split one row of the HCMC appendix table back into its cells.

The PDF text gives a row's cells one after another (content, directing documents, unit, deadline,
result columns), each wrapped into short lines, with no column positions. What is left to go on is
the wording of each column, its width, and the blank-looking lines the exporter writes for empty cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dondoc.nlp.dates import parse_deadline
from dondoc.nlp.text import fold, join_lines

# The directing-documents and unit columns wrap at about 24 characters, the content column at about 41:
# a longer line opening with "Chỉ thị …" is still content ("… tại / Chỉ thị số 04/CT-TTg, ngày").
NARROW = 25

_DOC_START = re.compile(
    r"^(?:-\s*)?(?:Chỉ thị|Chi thị|Thông báo|Quyết định|Nghị quyết|Nghị định|Công văn|Kế hoạch|Văn bản|Thông tư"
    r"|Luật|Tờ trình)\b"
)
_UNIT_START = re.compile(
    r"^(?:Các\s+[Bb]ộ|Bộ\b|UBND|Ủy ban|Uỷ ban|Hà Nội|TP\b|Tp\b|Thành phố|Tỉnh|Sở\b|Văn phòng Chính phủ|Ngân hàng"
    r"|Bảo hiểm)"
)
_DEADLINE_START = re.compile(
    r"^(?:Tháng\b|Quý\b|Năm\b|Theo\b|Thường\b|Thực hiện\b|Hoàn thành\s+trước|Trước\b|Chậm nhất|Trong\b"
    r"|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|20\d\d\b)"
)
_RESULT_START = re.compile(r"^(?:Đang|Chưa|Đã|Hoàn thành)\b")
# "Các bộ, ngành 1/7/2024": the unit and the deadline cell printed on one line.
_UNIT_THEN_DATE = re.compile(r"^(.*?[^\d\s/,])\s+(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|(?:Tháng|Quý|Năm)\s.+)$")
# "Tháng 4/2024 Đã triển khai": the deadline and the result printed on one line.
_DATE_THEN_RESULT = re.compile(r"^(.*?\S)\s+((?:Đang|Chưa|Đã|Hoàn thành)\b.*)$")
_DATE_AT_END = re.compile(r"\d{1,2}/\d{1,2}/\d{4}$")
_CONTINUES = re.compile(r"^(?:\(|Tháng\b|Quý\b|Năm\b|\d)")
_STATUS_CELLS = {
    "hoan thanh": "done",
    "chua hoan thanh": "not_done",
    "dang trien khai": "in_progress",
    "thuong xuyen": "recurring",
    "thuc hien thuong xuyen": "recurring",
}


@dataclass
class Line:
    """One printed line of a row; ``cell_end`` when the exporter marked the end of a cell after it."""

    number: int
    text: str
    cell_end: bool = False
    cut: bool = False  # printed without the usual trailing space: its last word goes on ("29.297.561.0" / "00 đồng")


@dataclass
class Cells:
    """A row's cells as written, wraps joined."""

    content_line: int
    content: str
    directing_docs: list[str] = field(default_factory=list)
    lead_text: str = ""
    deadline_text: str | None = None
    result_text: str | None = None
    status_hint: str | None = None


def split_row(lines: list[Line]) -> Cells:
    """Cut a row's lines into content | documents | unit | deadline | result.

    Args:
        lines: the row's printed lines after its STT line, page furniture removed.

    Returns:
        The cells as written; a separate status column ("Thường xuyên" after "Đã triển khai")
        becomes ``status_hint``.

    Raises:
        ValueError: when no documents or unit column can be found after the content.
    """
    docs_at = _find(lines, 1, lambda k: _opens_docs(lines, k) or lines[k - 1].cell_end)
    if docs_at is None:
        raise ValueError(f"line {lines[0].number}: cannot find where the task text ends")
    if not _opens_docs(lines, docs_at) and _UNIT_START.match(lines[docs_at].text):
        unit_at: int | None = docs_at  # the content cell was closed and no document is cited
    else:
        unit_at = _find(lines, docs_at + 1, lambda k: _opens_unit(lines, k) or lines[k - 1].cell_end)
    if unit_at is None:
        raise ValueError(f"line {lines[docs_at].number}: cannot find the responsible-unit cell")
    docs = lines[docs_at:unit_at]
    unit, rest = _take_unit(lines[unit_at:])
    deadline, result = _take_deadline(rest)
    result_cells = _cells(result)
    return Cells(
        content_line=lines[0].number,
        content=_join(lines[:docs_at]),
        directing_docs=_doc_items(docs),
        lead_text=_dedupe(_join(unit)),
        deadline_text=_join(deadline) or None,
        result_text=" ".join(result_cells) or None,
        status_hint=next((_STATUS_CELLS[fold(c)] for c in result_cells[1:] if fold(c) in _STATUS_CELLS), None),
    )


def _find(lines: list[Line], start: int, test: Callable[[int], bool]) -> int | None:
    """The first index from ``start`` (never 0: a row opens with its content) where ``test`` holds."""
    return next((k for k in range(max(start, 1), len(lines)) if test(k)), None)


def _opens_docs(lines: list[Line], k: int) -> bool:
    text = lines[k].text
    return bool(_DOC_START.match(text)) and len(text) <= NARROW and not lines[k - 1].text.endswith("-")


def _opens_unit(lines: list[Line], k: int) -> bool:
    text, before = lines[k].text, lines[k - 1].text
    if before.endswith(("-", " của", " tại")) or len(text) > NARROW:
        return False
    return bool(_UNIT_START.match(text)) or (_DATE_AT_END.search(before) is not None and not _DOC_START.match(text))


def _opens_deadline(lines: list[Line], k: int) -> bool:
    text = lines[k].text
    if fold(text) == "hoan thanh":  # "Hoàn thành" / "trước ngày 01/7/2024" is a deadline, alone it is a result
        return k + 1 < len(lines) and fold(lines[k + 1].text).startswith("truoc")
    return bool(_DEADLINE_START.match(text))


def _take_unit(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The unit cell, and what follows it; splits "Các bộ, ngành 1/7/2024" into unit and deadline."""
    for k, line in enumerate(lines):
        if k and (lines[k - 1].cell_end or _opens_deadline(lines, k) or _RESULT_START.match(line.text)):
            return lines[:k], lines[k:]
        merged = _UNIT_THEN_DATE.match(line.text)
        if merged and parse_deadline(merged[2]).kind != "none":
            head = Line(line.number, merged[1])
            tail = Line(line.number, merged[2], line.cell_end, line.cut)
            return [*lines[:k], head], [tail, *lines[k + 1 :]]
    return lines, []


def _take_deadline(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The deadline cell (possibly absent) and the result lines after it."""
    if not lines or not _opens_deadline(lines, 0):
        return [], lines
    taken: list[Line] = []
    for k, line in enumerate(lines):
        merged = _DATE_THEN_RESULT.match(line.text)
        if merged and parse_deadline(merged[1]).kind != "none":
            taken.append(Line(line.number, merged[1]))
            return taken, [Line(line.number, merged[2], line.cell_end, line.cut), *lines[k + 1 :]]
        taken.append(line)
        if line.cell_end or k + 1 == len(lines):
            return taken, lines[k + 1 :]
        text = _join(taken)
        if parse_deadline(text).kind != "none" and not _more_deadline(text, lines[k + 1].text):
            return taken, lines[k + 1 :]
    return taken, []


def _more_deadline(text: str, following: str) -> bool:
    """Whether a complete-looking deadline goes on ("Tháng 6/2023" / "Tháng 3/2024 (Lộ trình …)")."""
    return text.count("(") > text.count(")") or text.endswith("-") or bool(_CONTINUES.match(following))


def _cells(lines: list[Line]) -> list[str]:
    """Result lines grouped by the empty-cell marks between result columns."""
    cells: list[str] = []
    current: list[Line] = []
    for line in lines:
        current.append(line)
        if line.cell_end:
            cells.append(_join(current))
            current = []
    if current:
        cells.append(_join(current))
    return [cell for cell in cells if cell]


def _doc_items(lines: list[Line]) -> list[str]:
    """One entry per directing document: a new one opens with "-" or a document word."""
    items: list[list[Line]] = []
    for line in lines:
        opens = _DOC_START.match(line.text) or line.text.startswith("-")
        if not items or (opens and not items[-1][-1].cut):
            items.append([])
        items[-1].append(line)
    return [_join(item).lstrip("-•+ ").rstrip(" ;,") for item in items]


def _join(lines: list[Line]) -> str:
    """Join a cell's lines, gluing a word the PDF cut at the line end back together."""
    pieces: list[str] = []
    glue = False
    for line in lines:
        if glue and pieces:
            pieces[-1] += line.text
        else:
            pieces.append(line.text)
        glue = line.cut
    return join_lines(pieces)


def _dedupe(text: str) -> str:
    """ "UBND 63 địa phương phối hợp UBND 63 địa phương phối hợp Bộ Công an" printed the lead twice: keep one."""
    return re.sub(r"(\b\S.{10,}?)\s+\1(?=\s|$)", r"\1", text)
