"""Reader for Word .docx files (python-docx): paragraphs, headings, list items and tables in body order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from dondoc.ingest.readers._blocks import make_document, table_block, text_block
from dondoc.ingest.readers._numbering import Numbering
from dondoc.ingest.readers.document import Block, Document

_RUN_TEXT = {qn("w:tab"): " ", qn("w:br"): " ", qn("w:cr"): " "}
_RUN_PARTS = (qn("w:t"), *_RUN_TEXT)
_HEADING_STYLE = re.compile(r"^(?:heading|title)\s*(\d*)$", re.IGNORECASE)


def read_docx(path: Path) -> Document:
    """Read a .docx into blocks, in the order the body holds paragraphs and tables.

    `line` counts paragraphs and table rows from 1 through the body, so it is stable on a re-read.
    Merged cells come back resolved: python-docx repeats a cell merged across (gridSpan) in every
    grid column and gives a cell merged down (vMerge) the cell that starts the merge. Automatic
    numbering is written out as Word shows it ("1.", "a)"), in paragraphs and in cells (an STT
    column is often numbered this way).

    Args:
        path: the file; the caller has checked it is a ZIP holding word/document.xml.

    Returns:
        The document, format "docx".

    Raises:
        Whatever python-docx raises on a broken package (the dispatcher turns it into UnreadableReport).
    """
    word = docx.Document(str(path))
    reader = _Reader(Numbering(word))
    blocks: list[Block | None] = []
    for item in _body_items(word.element.body, word):
        if isinstance(item, Paragraph):
            reader.line += 1
            blocks.append(reader.paragraph_block(item))
        else:
            blocks.append(reader.table_block(item))
    return make_document(path.name, "docx", blocks)


class _Reader:
    """The running position, the list counters, and the text of each cell already read."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.line = 0
        self._cells: dict[object, str] = {}

    def paragraph_block(self, paragraph: Paragraph) -> Block | None:
        """A heading (by style: "Heading 2" → level 2), a list item (numbered or bulleted), or a paragraph."""
        style = paragraph.style.name if paragraph.style is not None else ""
        numbered = self.numbering.label(paragraph)
        text = f"{numbered[0]} {_text(paragraph)}" if numbered else _text(paragraph)
        if heading := _HEADING_STYLE.match(style or ""):
            return text_block("heading", text, self.line, level=int(heading.group(1) or 0))
        if numbered is not None or (style or "").lower().startswith("list"):
            return text_block("list_item", text, self.line, level=numbered[1] if numbered else 0)
        return text_block("paragraph", text, self.line)

    def table_block(self, table: Table) -> Block | None:
        rows = []
        for row in table.rows:
            self.line += 1
            rows.append(([self.cell_text(cell) for cell in row.cells], self.line))
        return table_block(rows)

    def cell_text(self, cell: _Cell) -> str:
        """A cell's paragraphs joined by spaces, a nested table flattened into it row by row ("a | b").

        A merged cell comes once per grid position it covers; it is read (and its numbering counted) once.
        """
        if cell._tc in self._cells:
            return self._cells[cell._tc]
        parts: list[str] = []
        for item in cell.iter_inner_content():
            if isinstance(item, Table):
                parts.extend(" | ".join(_unique([self.cell_text(inner) for inner in row.cells])) for row in item.rows)
            else:
                numbered = self.numbering.label(item)
                parts.append(f"{numbered[0]} {_text(item)}" if numbered else _text(item))
        text = " ".join(part.strip() for part in parts if part.strip())
        self._cells[cell._tc] = text
        return text


def _body_items(element: etree._Element, parent: WordDocument) -> Iterator[Paragraph | Table]:
    """The body's paragraphs and tables in order, including those inside content controls (w:sdt)."""
    for child in element.iterchildren():
        if isinstance(child, CT_P):
            yield Paragraph(child, parent)
        elif isinstance(child, CT_Tbl):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt") and (content := child.find(qn("w:sdtContent"))) is not None:
            yield from _body_items(content, parent)


def _text(paragraph: Paragraph) -> str:
    """A paragraph's text as Word shows it with changes accepted: tracked insertions kept, deletions not.

    python-docx's `Paragraph.text` skips runs inside w:ins; deleted text is stored as w:delText.
    """
    return "".join(_RUN_TEXT.get(node.tag, node.text or "") for node in paragraph._p.iter(*_RUN_PARTS))


def _unique(texts: list[str]) -> list[str]:
    """A nested row's cell texts, a cell merged across counted once (it is text inside one outer cell)."""
    return [text for n, text in enumerate(texts) if n == 0 or texts[n - 1] != text]
