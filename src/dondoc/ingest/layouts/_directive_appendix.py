"""The appendix table of a directive: STT · task · lead unit · coordinating units · deadline, one cell per line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.ingest.layouts._directive_text import DEFAULT_UNIT, cited_docs, is_unit_like
from dondoc.ingest.model import ParsedTask
from dondoc.nlp.dates import parse_deadline
from dondoc.nlp.text import fold, join_lines, normalize

_GROUP = re.compile(r"^(?:[A-Z]|[IVX]{1,4})$")
_STT = re.compile(r"^\d{1,3}$")
# "(Nhiệm vụ của Bộ Thông tin và Truyền thông chuyển sang)": the lead took the task over in 2025.
_HANDOVER = re.compile(r"^\(nhiem vu\b.*chuyen sang\)$")
_TABLE_END = re.compile(r"^nguon tra cuu")


@dataclass
class _Row:
    group: str
    stt: str
    line: int  # 1-based line of the first body line
    body: list[str]


def appendix_start(lines: list[str], start: int) -> int | None:
    """Index of the first line after the appendix header cells, or None when there is no appendix."""
    begin = next((i for i in range(start, len(lines)) if fold(lines[i]).startswith("phu luc")), None)
    if begin is None:
        return None
    for i in range(begin, min(begin + 15, len(lines))):
        if fold(lines[i]).startswith("thoi gian hoan thanh"):
            return i + 1
    return begin + 1


def is_deadline(text: str) -> bool:
    """Whether a line is a deadline cell ("Tháng 6/2025", "Quý I/2025", "Thực hiện thường xuyên")."""
    return len(text) <= 60 and not is_unit_like(text) and parse_deadline(text).kind != "none"


def _rows(lines: list[str], start: int) -> list[_Row]:
    """Cut the table into rows: a row opens with the next STT in sequence, a group restarts it."""
    rows: list[_Row] = []
    group, expected, titled = "", 1, True
    for i in range(start, len(lines)):
        text = normalize(lines[i])
        if _TABLE_END.match(fold(text)):
            break
        if not text:
            continue
        if _GROUP.match(text):
            group, expected, titled = text, 1, False
        elif group and _STT.match(text) and int(text) == expected:
            rows.append(_Row(group, text, i + 2, []))
            expected, titled = expected + 1, True
        elif not titled:  # the group's title ("Nhiệm vụ chung của các bộ, ngành, địa phương")
            titled = True
        elif rows:
            if not rows[-1].body:
                rows[-1].line = i + 1
            rows[-1].body.append(text)
    return rows


def _cells(body: list[str]) -> tuple[list[str], str, list[str], str | None]:
    """Split a row body into content lines, lead cell, coordinator lines and deadline.

    The coordinator column is omitted when empty, so the row has 3, 4 or more lines: the last
    one is the deadline when it reads as one, the content runs until the first line that opens
    with a unit, the next unit line (plus its handover note) is the lead, the rest coordinate.
    """
    deadline = body[-1] if body and is_deadline(body[-1]) else None
    cells = body[:-1] if deadline else list(body)
    end = 1
    while end < len(cells) and not (is_unit_like(cells[end]) or _HANDOVER.match(fold(cells[end]))):
        end += 1
    content, units = cells[:end], cells[end:]
    lead = units[0] if units else DEFAULT_UNIT
    rest = units[1:]
    while rest and _HANDOVER.match(fold(rest[0])):
        lead = f"{lead.rstrip(' ,;')} {rest.pop(0)}"
    return content, lead.strip(" ,;"), [u.strip(" ,;") for u in rest], deadline


def parse_appendix(lines: list[str], start: int, directive: str) -> list[ParsedTask]:
    """Tasks of the appendix table starting at lines[start], section "Phụ lục A", "Phụ lục B", …"""
    tasks: list[ParsedTask] = []
    for row in _rows(lines, start):
        if not row.body:
            continue
        content_lines, lead, coordinators, deadline = _cells(row.body)
        content = join_lines(content_lines)
        docs = [directive, *(doc for doc in cited_docs(content) if doc != directive)]
        tasks.append(
            ParsedTask(
                section=f"Phụ lục {row.group}",
                stt=row.stt,
                line=row.line,
                content=content,
                directing_docs=docs,
                lead_text=lead,
                coordinating_text=", ".join(coordinators) or None,
                deadline_text=deadline,
                result_text=None,
            )
        )
    return tasks
