"""Helpers every reader shares: span resolution, table blocks without empty rows/columns, the plain text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dondoc.ingest.readers.document import Block, BlockKind, Document, TableRow
from dondoc.nlp.text import normalize

# Private-use characters: the Symbol-font bullets and boxes Word writes into PDFs ("\uf0b7"), meaningless as text.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def clean(text: str) -> str:
    """Text as a block holds it: private-use glyphs dropped, NFC, whitespace collapsed."""
    return normalize(_PRIVATE_USE.sub(" ", text))


@dataclass(frozen=True)
class SpanCell:
    """A cell as a format writes it: its text and how many grid rows and columns it covers."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def resolve_spans(rows: Sequence[Sequence[SpanCell]]) -> list[list[str]]:
    """Lay spanning cells out on a grid, repeating a merged cell's text in every position it covers.

    This is the HTML table model (a cell takes the next free position of its row), which Word and
    LibreOffice tables also fit once their spans are read.

    Args:
        rows: each row's cells as written, left to right, without the positions a span above covers.

    Returns:
        One list of texts per row, merged cells repeated across and down; short rows stay short.
    """
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(max(cell.rowspan, 1)):
                for dc in range(max(cell.colspan, 1)):
                    grid.setdefault((r + dr, c + dc), cell.text)
            c += max(cell.colspan, 1)
    widths = [0] * len(rows)
    for r, c in grid:
        if r < len(rows):
            widths[r] = max(widths[r], c + 1)
    return [[grid.get((r, c), "") for c in range(width)] for r, width in enumerate(widths)]


def table_block(
    rows: Iterable[tuple[Sequence[str], int]], *, page: int | None = None, sheet: str | None = None
) -> Block | None:
    """A table block from (cells, line) rows, cells cleaned, empty rows and empty columns dropped.

    Returns:
        The block, or None when no cell holds any text.
    """
    cleaned = [([clean(cell) for cell in cells], line) for cells, line in rows]
    cleaned = [(cells, line) for cells, line in cleaned if any(cells)]
    if not cleaned:
        return None
    width = max(len(cells) for cells, _ in cleaned)
    keep = [c for c in range(width) if any(c < len(cells) and cells[c] for cells, _ in cleaned)]
    table_rows = tuple(
        TableRow(cells=tuple(cells[c] for c in keep if c < len(cells)), line=line) for cells, line in cleaned
    )
    return Block(kind="table", line=table_rows[0].line, rows=table_rows, page=page, sheet=sheet)


def text_block(kind: BlockKind, text: str, line: int, *, level: int = 0, page: int | None = None) -> Block | None:
    """A heading, paragraph or list item with cleaned text, or None when the text is blank."""
    text = clean(text)
    if not text:
        return None
    return Block(kind=kind, text=text, line=line, level=level, page=page)


def plain_text(blocks: Iterable[Block]) -> str:
    """The document as plain text: one line per heading, paragraph, list item or table row (cells " | ")."""
    lines: list[str] = []
    for block in blocks:
        if block.kind == "table":
            lines.extend(" | ".join(row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def make_document(name: str, fmt: str, blocks: Iterable[Block | None], warnings: list[str] | None = None) -> Document:
    """A `Document` from the blocks a reader found (None entries skipped), its plain text filled in."""
    kept = [block for block in blocks if block is not None]
    return Document(name=name, format=fmt, blocks=kept, text=plain_text(kept), warnings=warnings or [])
