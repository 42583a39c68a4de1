"""Reader for Word .docx files (python-docx): paragraphs, headings, list items and tables in body order."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from dondoc.data.readers._blocks import make_document, table_block, text_block
from dondoc.data.readers.document import Block, Document

_HEADING_STYLE = re.compile(r"^(?:heading|title)\s*(\d*)$", re.IGNORECASE)


def read_docx(path: Path) -> Document:
    """Read a .docx into blocks, in the order the body holds paragraphs and tables.

    `line` counts paragraphs and table rows from 1 through the body, so it is stable on a re-read.
    Merged cells come back resolved: python-docx repeats a cell merged across (gridSpan) in every
    grid column and gives a cell merged down (vMerge) the text of the cell that starts the merge.

    Args:
        path: the file; the caller has checked it is a ZIP holding word/document.xml.

    Returns:
        The document, format "docx".

    Raises:
        Whatever python-docx raises on a broken package (the dispatcher turns it into UnreadableReport).
    """
    blocks: list[Block | None] = []
    line = 0
    for item in docx.Document(str(path)).iter_inner_content():
        if isinstance(item, Paragraph):
            line += 1
            blocks.append(_paragraph_block(item, line))
        else:
            rows = []
            for row in item.rows:
                line += 1
                rows.append(([_cell_text(cell) for cell in row.cells], line))
            blocks.append(table_block(rows))
    return make_document(path.name, "docx", blocks)


def _paragraph_block(paragraph: Paragraph, line: int) -> Block | None:
    """A heading (by style: "Heading 2" → level 2, "Title" → 0), a list item (numbered or bulleted), or a paragraph."""
    style = paragraph.style.name if paragraph.style is not None else ""
    if heading := _HEADING_STYLE.match(style or ""):
        return text_block("heading", paragraph.text, line, level=int(heading.group(1) or 0))
    numbering = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if numbering is not None or (style or "").lower().startswith("list"):
        depth = numbering.ilvl.val if numbering is not None and numbering.ilvl is not None else 0
        return text_block("list_item", paragraph.text, line, level=depth)
    return text_block("paragraph", paragraph.text, line)


def _cell_text(cell: _Cell) -> str:
    """A cell's paragraphs joined by spaces; a table nested in the cell is flattened into the text, row by row."""
    parts: list[str] = []
    for item in cell.iter_inner_content():
        if isinstance(item, Table):
            parts.extend(" | ".join(_cell_text(inner) for inner in _unique(row.cells)) for row in item.rows)
        else:
            parts.append(item.text)
    return " ".join(part for part in parts if part.strip())


def _unique(cells: list[_Cell]) -> list[_Cell]:
    """A nested row's cells, a cell merged across counted once (it is text inside one outer cell)."""
    seen: list[_Cell] = []
    for cell in cells:
        if not seen or seen[-1] != cell:
            seen.append(cell)
    return seen
