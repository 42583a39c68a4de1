"""Recognising a task table by its header words, and what each of its columns holds.

A column's role comes from its header words first ("Cơ quan chủ trì", "Thời hạn"); a column the
header leaves unlabelled, or labels only vaguely ("Tiến độ" holding "Quý IV/2025"), takes the
role of what its cells hold: deadlines, units, statuses. A table of targets ("Chỉ tiêu") is a task
table only when it also says who leads each target.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from dondoc.ingest.readers.document import TableRow
from dondoc.nlp.table_cells import cell_kind, header_role

# Roles a table needs besides its task text to be a task table.
_WITH_CONTENT = {"lead", "deadline", "result", "progress", "stt"}
# How many body rows are looked at to tell what an unlabelled column holds.
_SAMPLE_ROWS = 40
# A column is taken to hold a kind of cell when at least this share of its filled cells do.
_MOSTLY = 0.6
# What a column's cells say it is, when its header does not: kind -> roles to give, first free one wins.
_ROLE_OF_KIND = {"date": ("deadline",), "unit": ("lead", "coordinating"), "status": ("progress",)}


@dataclass(frozen=True)
class TaskColumns:
    """Where a task table keeps each field: column indexes by role, and how many header rows it has.

    Attributes:
        roles: role -> column index ("stt", "content", "lead", "coordinating", "deadline",
            "result", "progress", "directing", "product").
        header_rows: rows at the top of the table that make up the header (multi-line headers).
        targets: the task column lists targets ("Chỉ tiêu"): only rows that say what to do are tasks.
    """

    roles: dict[str, int]
    header_rows: int
    targets: bool = False

    def cell(self, row: TableRow, role: str) -> str:
        """The row's cell for `role`, "" when the table has no such column or the row is short."""
        index = self.roles.get(role)
        return row.cells[index] if index is not None and index < len(row.cells) else ""


def _named(row: TableRow) -> dict[str, int]:
    """The roles a row's cells name, each at its first column."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(row.cells):
        role = header_role(cell)
        if role and role not in roles:
            roles[role] = index
    if "content" not in roles and "target" in roles and "lead" in roles:
        roles["content"] = roles["target"]
    return roles


def _is_task_header(roles: dict[str, int]) -> bool:
    return "content" in roles and bool(roles.keys() & _WITH_CONTENT) and len(roles.keys() - {"target"}) >= 3


def header_roles(row: TableRow) -> dict[str, int]:
    """The roles a row's cells name, when the row reads as a task table header (else {})."""
    roles = _named(row)
    return roles if _is_task_header(roles) else {}


def find_columns(rows: tuple[TableRow, ...]) -> TaskColumns | None:
    """The columns of a task table, from a header in its first rows, or None when it is not one.

    A header split over two rows ("Cơ quan" / "Chủ trì" | "Phối hợp") adds the second row's roles;
    columns the header leaves without a role take the one their cells show.
    """
    for start, row in enumerate(rows[:6]):
        roles = _named(row)
        if "content" not in roles or not roles.keys() & _WITH_CONTENT:
            continue  # the header's own words name the task and one more field; cells may name the rest
        used = 1
        for extra in rows[start + 1 : start + 3]:
            more = {role: i for i, cell in enumerate(extra.cells) if (role := header_role(cell)) and len(cell) < 40}
            if not more.keys() - roles.keys() or any(_looks_numbered(cell) for cell in extra.cells[:1]):
                break
            for role, index in more.items():
                roles.setdefault(role, index)
                if role == "coordinating" and roles.get("lead") == index:
                    roles.pop("lead")
            used += 1
        roles = _by_cells(roles, rows[start + used : start + used + _SAMPLE_ROWS])
        if not _is_task_header(roles):
            continue
        targets = roles.get("target") == roles["content"]
        return TaskColumns({role: i for role, i in roles.items() if role != "target"}, start + used, targets)
    return None


def _by_cells(roles: dict[str, int], body: tuple[TableRow, ...]) -> dict[str, int]:
    """The header's roles, with the columns it leaves unlabelled (or calls "Tiến độ") read by what they hold."""
    roles = dict(roles)
    width = max((len(row.cells) for row in body), default=0)
    named = {index: role for role, index in roles.items()}
    for index in range(width):
        role = named.get(index)
        if role not in (None, "progress"):
            continue
        kind = _mostly(body, index)
        for wanted in _ROLE_OF_KIND.get(kind or "", ()):
            if role == "progress" and wanted != "deadline":
                break
            if wanted not in roles:
                roles[wanted] = index
                if role == "progress":
                    roles.pop("progress")
                break
    return roles


def _mostly(body: tuple[TableRow, ...], index: int) -> str | None:
    """The kind most filled cells of a column hold, when most of them hold it."""
    kinds = Counter(kind for row in body if index < len(row.cells) and (kind := cell_kind(row.cells[index])) != "empty")
    if not kinds:
        return None
    kind, count = kinds.most_common(1)[0]
    return kind if count >= _MOSTLY * sum(kinds.values()) else None


def _looks_numbered(cell: str) -> bool:
    return bool(re.match(r"^\s*\(?\d+[.)]?\s*$", cell))


def is_repeated_header(row: TableRow, columns: TaskColumns) -> bool:
    """True for a header row repeated inside the table (a page break in Word or PDF), or the row under a header
    that numbers its columns ("(1) | (2) | (3)", "1 | 2 | 3")."""
    roles = header_roles(row)
    if roles and roles.get("content") == columns.roles.get("content"):
        return True
    return _numbers_columns(row)


def _numbers_columns(row: TableRow) -> bool:
    labels = [cell.strip(" *") for cell in row.cells if cell.strip(" *")]
    return len(labels) >= 3 and all(_COLUMN_LABEL.match(label) for label in labels)


_COLUMN_LABEL = re.compile(r"^\(?(?:[A-Z]|\d{1,2})\)?$")  # "A", "B", "1", "(2)": a header's column numbers
