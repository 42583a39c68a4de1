"""The group rows of a task table: section titles (A / I / 1 / 1.1 / 5.1.1), the unit and status they give.

A group row is a title spanning the table ("Nhiệm vụ giao Bộ trưởng Bộ Y tế chỉ đạo", the same text
in every cell once merged cells are resolved), a row numbered "A" or "IV" with no unit of its own,
or a row whose number opens the numbers below it ("1" above "1.1", "1.2") with no deadline. Rows
under it belong to its section, take the unit it names when they name none, and take the status
it states ("Các nhiệm vụ quá hạn chưa hoàn thành") when their own cells report none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.columns import TaskColumns
from dondoc.ingest.readers.document import TableRow
from dondoc.nlp.text import fold, normalize

_LETTER_STT = re.compile(r"^[A-ZĐ][.)]?$")
_ROMAN_STT = re.compile(r"^[IVXLC]{1,6}[.)]?$")
_NUMBER_STT = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?$")
_GROUP_TEXT = re.compile(r"^(?:[ivx]{1,5}|[a-z])[.)]\s|^nhom\b|^nhiem\s+vu\s+giao\b|^cac\s+nhiem\s+vu\b|^phan\b")
_ASSIGNED_TO = re.compile(r"nhiem\s+vu\s+giao\s+(.+?)(?:\s+chi\s+dao)?$")
# What a group row or the heading above a table says of every task under it.
_STATUS = (
    ("not_done", re.compile(r"qua\s+han\s+chua\s+hoan\s+thanh|cham\s+muon|chua\s+hoan\s+thanh")),
    ("done", re.compile(r"nhiem\s+vu\s+(?:da|duoc)\s+hoan\s+thanh\b")),
    ("in_progress", re.compile(r"nhiem\s+vu\s+dang\s+(?:thuc\s+hien|trien\s+khai)\b")),
)
_ONE_LETTER_ROMAN = {"I", "V", "X"}  # "C" and "L" are more likely the third and twelfth letters
_UNNUMBERED = 1.5  # a spanning title without a number sits under "I." and above "1."


def status_of(text: str) -> str | None:
    """The status a group title or the heading above a table gives every task under it, if it gives one."""
    folded = fold(text)
    return next((status for status, pattern in _STATUS if pattern.search(folded)), None)


@dataclass
class _Part:
    level: float
    title: str
    unit: str | None
    status: str | None


@dataclass
class Sections:
    """The groups open above the current row, outermost first, under the heading above the table."""

    heading: str
    heading_status: str | None
    heading_unit: str | None = None
    parts: list[_Part] = field(default_factory=list)

    def enter(self, level: float, title: str, registry: UnitRegistry) -> None:
        """Open a group: it closes every group at its level or deeper."""
        text = normalize(title)
        self.parts = [part for part in self.parts if part.level < level]
        self.parts.append(_Part(level, text[:120], assigned_unit(text, registry), status_of(text)))

    @property
    def section(self) -> str:
        return " ".join([normalize(self.heading)[:120], *(part.title for part in self.parts)]).strip()[:250]

    @property
    def unit(self) -> str | None:
        """The unit the innermost group naming one gives ("Nhiệm vụ giao Sở Y tế"), else the heading's."""
        return next((part.unit for part in reversed(self.parts) if part.unit), self.heading_unit)

    @property
    def status(self) -> str | None:
        return next((part.status for part in reversed(self.parts) if part.status), self.heading_status)


def assigned_unit(text: str, registry: UnitRegistry) -> str | None:
    """The unit of "Nhiệm vụ giao Bộ trưởng Bộ X chỉ đạo" (a person stands for the body they head)."""
    assigned = _ASSIGNED_TO.search(fold(text))
    if not assigned:
        return None
    lead, _ = registry.resolve_cell(text[assigned.start(1) : assigned.end(1)])
    return lead[0] if lead else None


def group_title(row: TableRow, columns: TaskColumns, opens_numbers: bool) -> tuple[float, str] | None:
    """(level, title) when the row is a group row, else None.

    Args:
        row: the row.
        columns: the table's columns.
        opens_numbers: the rows below are numbered under this row's number ("1" above "1.1").
    """
    stt = columns.cell(row, "stt").strip()
    content = normalize(columns.cell(row, "content"))
    others = [normalize(columns.cell(row, role)) for role in ("lead", "deadline") if role in columns.roles]
    spanning = bool(content) and bool(others) and all(text == content for text in others)
    filled = [cell for cell in row.cells if cell.strip()]
    texts = list(dict.fromkeys(filled))
    title = content or (texts[-1] if texts else "")
    if not title:
        return None
    if _LETTER_STT.match(stt) or _ROMAN_STT.match(stt):
        if spanning or not columns.cell(row, "lead").strip():
            return (
                1 if stt.rstrip(".)") in _ONE_LETTER_ROMAN or len(stt.rstrip(".)")) > 1 else 0
            ), f"{stt.rstrip('.)')}. {title}"
        return None
    number = _NUMBER_STT.match(stt)
    if number and (spanning or (opens_numbers and not columns.cell(row, "deadline").strip())):
        return 2 + number[1].count("."), f"{number[1]}. {title}"
    alone = len(texts) == 1 and (len(filled) > 1 or bool(_GROUP_TEXT.search(fold(title))) or title.isupper())
    if (not stt or stt == title) and (spanning or alone):
        return _UNNUMBERED, title
    return None


def opens_numbers(stt: str, following: list[str]) -> bool:
    """Whether the next numbered row is numbered under `stt` ("1" then "1.1")."""
    number = _NUMBER_STT.match(stt.strip())
    if number is None:
        return False
    later = next((s.strip() for s in following if s.strip()), "")
    return later.startswith(number[1] + ".") and len(later) > len(number[1]) + 1
