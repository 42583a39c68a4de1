"""Parser for the national Đề án 06 task table ("PHỤ LỤC 03 KẾT QUẢ TRIỂN KHAI CÁC NHIỆM VỤ"), a PDF text dump.

The table has three sections (A shared tasks, B per ministry, C per province) and six columns
(STT · task · directing documents · unit · deadline · result). Rows are found here; the cells of
a row are split in `_national_cells`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dondoc.data.parsers import _national_cells as cells_mod
from dondoc.data.parsers.base import ParsedTask
from dondoc.nlp.text import join_lines, normalize

LAYOUT = "national_table"

_SECTION = re.compile(r"^([ABC])(?:\s+Nhiệm vụ\b.*)?$")
_STT = re.compile(r"^(\d{1,3})$")
_INLINE_STT = re.compile(r"^(\d{1,3})\s+([^\W\d_].*)$")
# The repeated table title (mid-section A) and the group subtitles are page furniture.
_TITLE_START, _TITLE_END = "PHỤ LỤC 03", "Kết quả"
_SUBTITLE = re.compile(r"^Nhiệm vụ (?:cụ thể|chung) của [^.]{0,40}$")
_LEGEND = ("hoàn thành", "chưa hoàn thành", "đang triển khai")
# How far an STT may jump past the last one when the rows between lost their numbers.
_MAX_JUMP = 40
_LOOKAHEAD = 40


@dataclass
class _Row:
    section: str
    stt: str | None
    lines: list[tuple[int, str, bool]] = field(default_factory=list)

    def feed(self) -> list[tuple[str, bool]]:
        return [(text, soft) for _, text, soft in self.lines]


def matches(lines: list[str]) -> bool:
    """Whether a file has this layout: the status legend, the "PHỤ LỤC 03" title and bare STT and section lines.

    Args:
        lines: the file's lines.

    Returns:
        True for the national task table.
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
        ValueError: when no section or no row can be found, so the file is not this table.
    """
    rows = _find_rows(lines)
    if not rows:
        raise ValueError("national table: no section letter (A/B/C) followed by numbered rows was found")
    tasks = [_to_task(row) for row in rows]
    return [task for task in tasks if task is not None]


def _find_rows(lines: list[str]) -> list[_Row]:
    """Cut the file into rows: at STT lines, at inline STTs and at unnumbered rows (one leading space)."""
    texts = [normalize(line) for line in lines]
    rows: list[_Row] = []
    section: str | None = None
    last = unnumbered = 0
    skipping = False
    for i, (raw, text) in enumerate(zip(lines, texts)):
        if not text:
            continue
        if skipping or text == _TITLE_START:
            skipping = text != _TITLE_END
            continue
        m = _SECTION.match(text)
        if m and m.group(1) == "ABC"["ABC".index(section) + 1 if section else 0]:
            section, last, unnumbered = m.group(1), 0, 0
            continue
        if section is None or _SUBTITLE.match(text):
            continue
        soft = raw.endswith((" ", "\t"))
        stt = _STT.match(text)
        if stt and _accept_stt(int(stt.group(1)), last, unnumbered, texts, i):
            rows.append(_Row(section, stt.group(1)))
            last, unnumbered = int(stt.group(1)), 0
            continue
        inline = _INLINE_STT.match(text)
        if inline and int(inline.group(1)) in (last + 1, last + 1 + unnumbered) and rows and rows[-1].lines:
            rows.append(_Row(section, inline.group(1), [(i + 1, inline.group(2), soft)]))
            last, unnumbered = int(inline.group(1)), 0
            continue
        if rows and raw.startswith(" ") and _starts_unnumbered(rows[-1], text, lines, texts, i):
            rows.append(_Row(section, None))
            unnumbered += 1
        if rows:
            rows[-1].lines.append((i + 1, text, soft))
    return rows


def _accept_stt(value: int, last: int, unnumbered: int, texts: list[str], i: int) -> bool:
    """Whether a bare number is the next STT, not a wrapped year or the tail of "Thông tư 48"."""
    if value in (last + 1, last + 1 + unnumbered):
        return True
    if not last < value <= last + _MAX_JUMP:
        return False
    # A real jump is followed by higher numbers; a stray number is followed by the true sequence.
    for text in texts[i + 1: i + 1 + 20 * _LOOKAHEAD]:
        nxt = _STT.match(text)
        if nxt and last < int(nxt.group(1)) <= last + _MAX_JUMP + 20:
            return int(nxt.group(1)) > value
    return True


def _starts_unnumbered(row: _Row, text: str, lines: list[str], texts: list[str], i: int) -> bool:
    """Whether a line with one leading space opens a row whose STT the PDF lost.

    It must come after the current row's unit cell, read like task text, and be followed by the
    directive (or unit) cell of its own row before the next row starts.
    """
    if not (text[0].isalpha() or text.startswith(("- ", "("))):
        return False
    if not cells_mod.split_row(row.feed()).unit:
        return False
    seen = 0
    for j in range(i + 1, min(len(texts), i + 2 * _LOOKAHEAD)):
        nxt = texts[j]
        if not nxt:
            continue
        if _STT.match(nxt) or _SECTION.match(nxt) or lines[j].startswith(" "):
            return False
        if cells_mod.is_doc_start(nxt) or (seen and cells_mod.is_unit_head(nxt)):
            return True
        seen += 1
    return False


def _to_task(row: _Row) -> ParsedTask | None:
    if not row.lines:
        return None
    cells = cells_mod.split_row(row.feed())
    return ParsedTask(
        section=row.section,
        stt=row.stt,
        line=row.lines[0][0],
        content=join_lines(cells.content),
        directing_docs=cells_mod.split_docs(cells.docs),
        lead_text=join_lines(cells.unit),
        deadline_text=join_lines(cells.deadline) or None,
        result_text=join_lines(cells.result) or None,
    )
