"""The neutral document model every reader produces and the task extractor reads, whatever the file format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table"]


@dataclass(frozen=True)
class TableRow:
    """One table row, its cells as written (whitespace normalised), merged cells already resolved.

    A merged cell's text stands in every cell it covers, across (a group row spanning the table
    has the same text in each cell) and down (a unit cell spanning three rows gives each its unit).

    Attributes:
        cells: the cell texts, left to right; a row may be shorter than the header.
        line: where the row starts in the file: the 1-based line of a text file, the row number of
            a sheet, the running position of the row elsewhere; stable when the file is read again.
    """

    cells: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, list item or table, in reading order.

    Attributes:
        kind: what the block is.
        text: its text (a table's is empty; read `rows`).
        line: where it starts, counted as for `TableRow.line`.
        rows: a table's rows, header rows first, as the file has them.
        level: a heading's level or a list item's depth (0 when unknown).
        page: the 1-based page of a PDF, None for other formats.
        sheet: the sheet of a spreadsheet, None for other formats.
    """

    kind: BlockKind
    text: str = ""
    line: int = 0
    rows: tuple[TableRow, ...] = ()
    level: int = 0
    page: int | None = None
    sheet: str | None = None


@dataclass
class Document:
    """A whole file as blocks, plus the plain text it reads as (for the header, the date, the content hash).

    Attributes:
        name: the file name.
        format: "text", "markdown", "docx", "xlsx", "ods", "xls", "pdf", "pdf-ocr" (a page was read by OCR),
            "html" or "image-ocr" (a PNG, JPEG or TIFF picture read by OCR).
        blocks: every block in reading order.
        text: the document as plain text, one line per paragraph or table row (cells joined by " | ").
        warnings: what the reader noticed and the user should know ("page 3 read by OCR").
    """

    name: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    text: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Block]:
        return [block for block in self.blocks if block.kind == "table"]
