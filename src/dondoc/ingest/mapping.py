"""A hand-made reading of a document no rule reads: which column of which table holds what, and whose prose is whose.

An admin says, per table, which column is the task, the lead unit, the coordinating units, the
deadline, the result or status, the directing document and the numbering; which rows are group
rows (a rule, so next month's rows follow it too) and which groups to skip; and, for prose, which
unit a block's items belong to. `mapped_reading.apply_mapping` turns that into the same `ParsedTask`
rows every reader gives. Tables and blocks are named by position and by a signature of their words,
so a saved mapping finds them again in the next report of the layout.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from dondoc.ingest.readers.document import Block, Document
from dondoc.nlp.text import fold, normalize

# What a column may hold. A column no role names is not read.
ROLES = ("content", "lead", "coordinating", "deadline", "result", "directing", "stt")
# How a table's group rows are told from its task rows.
GROUP_RULES = ("numbering", "single_cell")
MAX_UNIT = 200
_SIGNATURE_CHARS = 80
_PROBLEMS = {
    "empty": "the mapping names no table and no prose block",
    "table": "no table has the header it names for table {table}",
    "block": "no text block starts as it names block {block}",
    "content": "table {table} has no task column",
    "column": "table {table} has no column {column}",
    "role": "table {table}, column {column}: unknown or repeated role {value!r}",
    "rule": "table {table}: unknown group-row rule {value!r}",
    "header": "table {table}: invalid count of header rows {value!r}",
    "unit": "a unit name longer than 200 characters",
}


class MappingError(Exception):
    """Raised when a mapping does not fit the document it is applied to, or says something impossible.

    Attributes:
        problem: what is wrong: "empty" (nothing mapped), "table" (no such table), "block" (no such
            block), "content" (a table without a task column), "column" (a column the table does not
            have), "role" (an unknown or repeated role), "rule" (an unknown group rule), "header"
            (more header rows than the table has), "unit" (a unit name too long).
        table: the table's position among the document's tables (from 0), when it concerns one.
        column: the column's position (from 0), when it concerns one.
        value: the offending value (a role, a rule, a block's position).
    """

    def __init__(self, problem: str, table: int | None = None, column: int | None = None, value: object = None):
        block = value + 1 if isinstance(value, int) else value
        number = {"table": (table or 0) + 1, "column": (column or 0) + 1, "block": block, "value": value}
        super().__init__(_PROBLEMS.get(problem, problem).format(**number))
        self.problem = problem
        self.table = table
        self.column = column
        self.value = value


@dataclass(frozen=True)
class TableMapping:
    """How to read one table.

    Attributes:
        index: its position among the document's tables, from 0.
        signature: its width and header words (`table_signature`), to find it again.
        header_rows: rows at its top that are header, not tasks.
        columns: (column, role) pairs; columns not named are not read.
        group_rules: which rows are group rows: "numbering" (the numbering cell is a Roman numeral
            or a letter), "single_cell" (the row has text in one cell only, or one text spanning it).
        skip_groups: group rows (folded text) whose task rows are left out.
        unit: the lead unit of rows whose lead cell is empty (or of every row, with no lead column).
    """

    index: int
    signature: str
    header_rows: int = 1
    columns: tuple[tuple[int, str], ...] = ()
    group_rules: tuple[str, ...] = ()
    skip_groups: tuple[str, ...] = ()
    unit: str = ""

    def column_of(self, role: str) -> int | None:
        return next((column for column, named in self.columns if named == role), None)


@dataclass(frozen=True)
class BlockMapping:
    """The unit of a prose block's items, or the end of such a run.

    The block and the blocks after it, up to the next table, heading or mapped block, are read as
    tasks of `unit`, one per paragraph or list item; a heading or a lead-in ending with ":" gives none.
    An empty `unit` marks blocks to skip: it only ends the run above it.

    Attributes:
        index: the block's position among all the document's blocks, from 0.
        signature: the start of its text, folded (`block_signature`), to find it again.
        unit: the lead unit, as written; "" to skip.
    """

    index: int
    signature: str
    unit: str = ""


@dataclass(frozen=True)
class Mapping:
    """A whole document's hand-made reading: its tables and its prose blocks."""

    tables: tuple[TableMapping, ...] = ()
    blocks: tuple[BlockMapping, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (what a template stores)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mapping:
        """The mapping `as_dict` wrote."""
        tables = tuple(
            TableMapping(
                index=int(t["index"]),
                signature=str(t["signature"]),
                header_rows=int(t.get("header_rows", 1)),
                columns=tuple((int(column), str(role)) for column, role in t.get("columns", ())),
                group_rules=tuple(map(str, t.get("group_rules", ()))),
                skip_groups=tuple(map(str, t.get("skip_groups", ()))),
                unit=str(t.get("unit", "")),
            )
            for t in data.get("tables", ())
        )
        blocks = tuple(
            BlockMapping(int(b["index"]), str(b["signature"]), str(b.get("unit", ""))) for b in data.get("blocks", ())
        )
        return cls(tables, blocks)


def table_signature(table: Block, header_rows: int) -> str:
    """A table's width and its header rows' words, folded: "5: muc | cong viec | bo phan dam nhiem | …"."""
    width = max((len(row.cells) for row in table.rows), default=0)
    words = (fold(normalize(" | ".join(row.cells))) for row in table.rows[:header_rows])
    return f"{width}: " + " / ".join(words)


def block_signature(block: Block) -> str:
    """The start of a block's text, folded."""
    return fold(normalize(block.text))[:_SIGNATURE_CHARS]


def locate_table(document: Document, mapping: TableMapping) -> Block:
    """The table a table mapping names: at its position if the signature agrees there, else the first that agrees.

    Raises:
        MappingError: no table of the document has that signature ("table").
    """
    tables = document.tables
    if mapping.index < len(tables) and table_signature(tables[mapping.index], mapping.header_rows) == mapping.signature:
        return tables[mapping.index]
    found = next((t for t in tables if table_signature(t, mapping.header_rows) == mapping.signature), None)
    if found is None:
        raise MappingError("table", mapping.index)
    return found


def locate_block(document: Document, mapping: BlockMapping) -> int:
    """The position of the block a block mapping names (as `locate_table` finds a table).

    Raises:
        MappingError: no text block starts with those words ("block").
    """
    blocks = document.blocks
    if mapping.index < len(blocks) and block_signature(blocks[mapping.index]) == mapping.signature:
        return mapping.index
    for index, block in enumerate(blocks):
        if block.kind != "table" and block_signature(block) == mapping.signature:
            return index
    raise MappingError("block", value=mapping.index)


def check_mapping(document: Document, mapping: Mapping) -> None:
    """Refuse a mapping that does not fit `document`, before anything is read with it.

    Raises:
        MappingError: what is wrong and where.
    """
    if not mapping.tables and not any(block.unit for block in mapping.blocks):
        raise MappingError("empty")
    for table_mapping in mapping.tables:
        if table_mapping.header_rows < 0:
            raise MappingError("header", table_mapping.index, value=table_mapping.header_rows)
        table = locate_table(document, table_mapping)  # its signature holds exactly `header_rows` rows
        width = max((len(row.cells) for row in table.rows), default=0)
        roles = [role for _, role in table_mapping.columns]
        for column, role in table_mapping.columns:
            if role not in ROLES or roles.count(role) > 1:
                raise MappingError("role", table_mapping.index, column, role)
            if not 0 <= column < width:
                raise MappingError("column", table_mapping.index, column, role)
        if "content" not in roles:
            raise MappingError("content", table_mapping.index)
        if unknown := set(table_mapping.group_rules) - set(GROUP_RULES):
            raise MappingError("rule", table_mapping.index, value=sorted(unknown)[0])
        if len(table_mapping.unit) > MAX_UNIT:
            raise MappingError("unit", table_mapping.index)
    for block_mapping in mapping.blocks:
        locate_block(document, block_mapping)
        if len(block_mapping.unit) > MAX_UNIT:
            raise MappingError("unit", value=block_mapping.index)
