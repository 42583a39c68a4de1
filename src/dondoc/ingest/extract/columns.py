"""Recognising a task table by its header words, and what each of its columns holds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.ingest.readers.document import TableRow
from dondoc.nlp.text import fold

# Checked in order on the folded header cell: the first role whose pattern matches wins, so
# "Văn bản giao nhiệm vụ" is a directing document before it is a task, and "Tiến độ hoàn
# thành" is a progress column only when no deadline word ("thời gian", "thời hạn") is there.
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("stt", re.compile(r"^(?:stt|tt|so\s+tt|so\s+thu\s+tu)\.?$")),
    ("directing", re.compile(r"van\s+ban|can\s+cu")),
    ("coordinating", re.compile(r"phoi\s+hop")),
    ("deadline", re.compile(r"thoi\s+(?:han|gian|diem)|han\s+hoan\s+thanh|moc\s+thoi\s+gian")),
    ("result", re.compile(r"ket\s+qua\s+(?:thuc\s+hien|trien\s+khai)|tinh\s+hinh|bao\s+cao\s+ket\s+qua")),
    ("lead", re.compile(r"chu\s+tri|(?:co\s+quan|don\s+vi)(?:\s+\w+){0,3}|thuc\s+hien$|trach\s+nhiem")),
    ("progress", re.compile(r"tien\s+do|tinh\s+trang|danh\s+gia")),
    ("product", re.compile(r"san\s+pham|ket\s+qua")),
    ("content", re.compile(r"noi\s+dung|nhiem\s+vu|giai\s+phap|cong\s+viec|de\s+an|hoat\s+dong")),
]


@dataclass(frozen=True)
class TaskColumns:
    """Where a task table keeps each field: column indexes by role, and how many header rows it has.

    Attributes:
        roles: role -> column index ("stt", "content", "lead", "coordinating", "deadline",
            "result", "progress", "directing", "product").
        header_rows: rows at the top of the table that make up the header (multi-line headers).
    """

    roles: dict[str, int]
    header_rows: int

    def cell(self, row: TableRow, role: str) -> str:
        """The row's cell for `role`, "" when the table has no such column or the row is short."""
        index = self.roles.get(role)
        return row.cells[index] if index is not None and index < len(row.cells) else ""


def _role(cell: str) -> str | None:
    folded = fold(cell)
    if not folded or len(folded) > 80:
        return None
    return next((role for role, pattern in _ROLES if pattern.search(folded)), None)


def header_roles(row: TableRow) -> dict[str, int]:
    """The roles a row's cells name, when the row reads as a task table header (else {})."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(row.cells):
        role = _role(cell)
        if role and role not in roles:
            roles[role] = index
    if "content" in roles and len(roles.keys() & {"lead", "deadline", "result", "progress", "stt"}) >= 1:
        return roles if len(roles) >= 3 else {}
    return {}


def find_columns(rows: tuple[TableRow, ...]) -> TaskColumns | None:
    """The columns of a task table, from a header in its first rows, or None when it is not one.

    A header split over two rows ("Cơ quan" / "Chủ trì" | "Phối hợp") adds the second row's roles.
    """
    for start, row in enumerate(rows[:6]):
        roles = header_roles(row)
        if not roles:
            continue
        used = 1
        for extra in rows[start + 1 : start + 3]:
            more = {role: i for i, cell in enumerate(extra.cells) if (role := _role(cell)) and len(cell) < 40}
            if not more.keys() - roles.keys() or any(_looks_numbered(cell) for cell in extra.cells[:1]):
                break
            for role, index in more.items():
                roles.setdefault(role, index)
                if role == "coordinating" and roles.get("lead") == index:
                    roles.pop("lead")
            used += 1
        return TaskColumns(roles, start + used)
    return None


def _looks_numbered(cell: str) -> bool:
    return bool(re.match(r"^\s*\(?\d+[.)]?\s*$", cell))


def is_repeated_header(row: TableRow, columns: TaskColumns) -> bool:
    """True for a header row repeated inside the table (a page break in Word or PDF)."""
    roles = header_roles(row)
    return bool(roles) and roles.get("content") == columns.roles.get("content")
