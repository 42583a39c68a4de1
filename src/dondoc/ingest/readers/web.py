"""Reader for web pages (lxml.html): headings, paragraphs, list items and tables with rowspan/colspan resolved."""

from __future__ import annotations

import re

import lxml.html
from lxml.html import HtmlElement

from dondoc.ingest.readers._blocks import SpanCell, make_document, resolve_spans, table_block, text_block
from dondoc.ingest.readers.document import Block, BlockKind, Document

_HEADING = re.compile(r"^h([1-6])$")
_SKIPPED = {"head", "script", "style", "noscript", "template", "svg", "button", "nav"}
# Elements that end the running paragraph; everything else (b, span, a, font…) is inline text.
_BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "blockquote", "pre", "center", "br", "hr"}
_LISTS = {"ul", "ol"}


def read_html(name: str, data: bytes) -> Document:
    """Read a web page into blocks in document order.

    `line` counts blocks and table rows from 1 in document order (source lines would repeat on a
    page written on one line). A table nested in a cell is flattened into that cell's text. The
    encoding is UTF-8 unless the page declares another (`<meta charset>`), which lxml then honours.

    Args:
        name: the file name.
        data: the page as bytes.

    Returns:
        The document, format "html".
    """
    try:
        root = lxml.html.document_fromstring(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        root = lxml.html.document_fromstring(data)
    page = _Page()
    page.walk(root)
    page.flush()
    return make_document(name, "html", page.blocks)


class _Page:
    """The blocks found so far and the running text that the next block element ends."""

    def __init__(self) -> None:
        self.blocks: list[Block | None] = []
        self.inline: list[str] = []
        self.kind: BlockKind = "paragraph"
        self.level = 0
        self.line = 0

    def walk(self, element: HtmlElement) -> None:
        """Add the blocks under `element` in document order."""
        self._add_text(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag or tag in _SKIPPED:
                pass
            elif tag == "table":
                self.flush()
                rows = _table_rows(child)
                self.blocks.append(table_block(zip(rows, range(self.line + 1, self.line + 1 + len(rows)), strict=True)))
                self.line += len(rows)
            elif heading := _HEADING.match(tag):
                self.flush()
                self.line += 1
                self.blocks.append(text_block("heading", child.text_content(), self.line, level=int(heading[1])))
            elif tag == "li":
                self.flush()
                depth = sum(1 for parent in child.iterancestors() if parent.tag in _LISTS)
                self.kind, self.level = "list_item", max(depth - 1, 0)
                self.walk(child)
                self.flush()
            elif tag in _BLOCKS or tag in _LISTS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)
            self._add_text(child.tail)

    def _add_text(self, text: str | None) -> None:
        if text and text.strip():
            self.inline.append(text)

    def flush(self) -> None:
        """End the running paragraph or list item (a nested list ends its item's own text first)."""
        if self.inline:
            self.line += 1
            self.blocks.append(text_block(self.kind, "".join(self.inline), self.line, level=self.level))
            self.inline.clear()
        if self.kind == "list_item":
            self.kind, self.level = "paragraph", 0


def _table_rows(table: HtmlElement) -> list[list[str]]:
    """This table's own rows (thead, tbody, tfoot or bare), spans resolved across and down."""
    rows = [row for row in table.iter("tr") if next(row.iterancestors("table")) is table]
    cells = [
        [
            SpanCell(_cell_text(cell), _span(cell.get("rowspan")), _span(cell.get("colspan")))
            for cell in row
            if cell.tag in ("td", "th")
        ]
        for row in rows
    ]
    return resolve_spans(cells)


def _cell_text(cell: HtmlElement) -> str:
    """A cell's text; a nested table's rows read as "a | b" lines inside it, <br> as a space."""
    for br in cell.iter("br"):
        br.tail = " " + (br.tail or "")
    for inner in list(cell.iter("tr")):
        inner.tail = " " + (inner.tail or "")
        for td in inner:
            td.text = " " + (td.text or "")
            if td.getnext() is not None:
                td.tail = " |" + (td.tail or "")
    return cell.text_content()


def _span(value: str | None) -> int:
    """A rowspan/colspan attribute as a count (browsers read junk and 0 as 1)."""
    try:
        return max(int(value or 1), 1)
    except ValueError:
        return 1
