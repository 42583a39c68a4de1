"""Parser for the Ho Chi Minh City appendix table (Phụ lục I, 2024), extracted from PDF one cell fragment per line.

Every printed line is followed by a blank line; a line holding only spaces stands for empty cells.
Rows start with a bare STT line, and the numbering restarts at 1 for the second part (tasks of the
localities). Page numbers are bare numbers too, so they are told apart by position and sequence.
"""

from __future__ import annotations

import re

from dondoc.ingest.layouts._hcmc_cells import Line, split_row
from dondoc.ingest.model import ParsedTask

LAYOUT = "hcmc_table"

_HEADER = re.compile(r"^\s*STT\s+Nội dung", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
# A line ending in 3+ spaces closes its cell (the exporter padded the empty cells after it).
_PADDED = re.compile(r"\S {3,}$")
_PART_LABELS = {1: "nhiệm vụ của bộ, ngành, địa phương", 2: "nhiệm vụ của địa phương"}


def matches(lines: list[str]) -> bool:
    """A PDF table whose header starts "STT Nội dung, nhiệm vụ" on one line, with no TAB-separated cells."""
    head = lines[:80]
    return any(_HEADER.match(line) for line in head) and not any("\t" in line for line in head)


def parse(lines: list[str]) -> list[ParsedTask]:
    """Read every task row of both parts.

    Args:
        lines: the file's text split into lines (``text.splitlines()``).

    Returns:
        One task per STT row, sub-items ("+ …") included since they carry their own STT. Section
        is "Phần N (STT a-b): …"; status words stay in ``result_text``, except that a separate
        "Thường xuyên"/"Đang triển khai"/… result column sets ``status_hint``.

    Raises:
        ValueError: when no numbered row is found or a row cannot be cut into its cells.
    """
    rows = _rows(lines)
    if not rows:
        raise ValueError("hcmc table: no numbered task row found")
    parts: dict[int, list[int]] = {}
    for part, stt, _ in rows:
        parts.setdefault(part, []).append(stt)
    tasks = []
    for part, stt, row in rows:
        if len(row) < 3:
            raise ValueError(f"hcmc table: row STT {stt} at line {row[0].number if row else '?'} is too short")
        cells = split_row(row)
        numbers = parts[part]
        label = _PART_LABELS.get(part, "nhiệm vụ")
        tasks.append(
            ParsedTask(
                section=f"Phần {part} (STT {min(numbers)}-{max(numbers)}): {label}",
                stt=str(stt),
                line=cells.content_line,
                content=cells.content,
                directing_docs=cells.directing_docs,
                lead_text=cells.lead_text,
                deadline_text=cells.deadline_text,
                result_text=cells.result_text,
                status_hint=cells.status_hint,
            )
        )
    return tasks


def _rows(lines: list[str]) -> list[tuple[int, int, list[Line]]]:
    """(part, STT, lines of the row) for every row, page furniture dropped."""
    rows: list[tuple[int, int, list[Line]]] = []
    current: list[Line] | None = None
    part = last = blanks = 0
    after_page = False  # the empty-cell line printed under a page number closes no cell
    for index, raw in enumerate(lines):
        if not raw:
            blanks += 1
            continue
        if not raw.strip():
            if current and not after_page:
                current[-1].cell_end = True
            blanks, after_page = 0, False
            continue
        after_page = False
        number = _BARE_NUMBER.match(raw)
        if number and not _is_page_number(lines, index, blanks):
            value = int(number[1])
            if value == 1 or (part and value > last):
                part, last = part + (value == 1), value
                current = []
                rows.append((part, value, current))
                blanks = 0
                continue
        blanks, after_page = 0, bool(number)
        if number or current is None or _is_furniture(raw):
            continue
        current.append(Line(index + 1, raw.strip(), bool(_PADDED.search(raw)), cut=not raw[-1].isspace()))
    return rows


def _is_page_number(lines: list[str], index: int, blanks: int) -> bool:
    """A page number sits after a wider gap with an empty-cell line right under it, or just before the next STT."""
    below = lines[index + 1] if index + 1 < len(lines) else ""
    if blanks >= 2 and below and not below.strip():
        return True
    following = next((line for line in lines[index + 1 :] if line.strip()), "")
    return bool(_BARE_NUMBER.match(following))


def _is_furniture(raw: str) -> bool:
    """Running headers and footers such as "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH" (capitals only)."""
    text = raw.strip()
    return len(text.split()) >= 3 and text == text.upper() and any(ch.isalpha() for ch in text)
