"""Stitch the pages of a PDF or a multi-page scan into blocks: a table cut by page breaks stays one table."""

from __future__ import annotations

from dataclasses import dataclass, field

from dondoc.ingest.readers._blocks import table_block, text_block
from dondoc.ingest.readers.document import Block

_FOOTER_CHARS = 30  # a line this short between a table and its continuation is page furniture ("Trang 3")


@dataclass
class PageTable:
    """A table as one page shows it: rows with merged cells resolved, and where its columns start.

    Attributes:
        rows: the cell texts of each row.
        edges: the left edges of its columns, in points from the page's left.
        tolerance: how far (points) the edges of its continuation may lie; a scan moves more than print.
    """

    rows: list[list[str]]
    edges: list[float]
    tolerance: float


PageItem = str | PageTable


@dataclass
class _OpenTable:
    """The last table read, kept open so the next page may continue it."""

    rows: list[tuple[list[str], int]]
    first_page: int | None
    page: int
    edges: list[float]
    block_index: int


@dataclass
class PageStitcher:
    """Blocks gathered page by page; `line` counts text lines and table rows through the document."""

    blocks: list[Block | None] = field(default_factory=list)
    line: int = 0
    _open: _OpenTable | None = None

    def add_page(self, number: int, items: list[PageItem], *, show_page: bool = True) -> None:
        """Add one page's text lines (one paragraph each) and tables, top to bottom.

        A table that goes on from the previous page with the same columns joins the table there,
        whatever short lines (page numbers, running headers) stand between: a header row repeated on
        the new page is dropped and a row the page break cut is glued back.

        Args:
            number: the 1-based page number.
            items: the page's lines and tables in reading order.
            show_page: set `page` on the blocks (False for a single picture).
        """
        page = number if show_page else None
        for item in items:
            if isinstance(item, str):
                self.line += 1
                self.blocks.append(text_block("paragraph", item, self.line, page=page))
                if len(item) > _FOOTER_CHARS:
                    self._open = None  # text, not page furniture, between this table and the next
            elif (table := self._open) and table.page == number - 1 and _same_columns(table.edges, item):
                self._continue(table, item.rows, number)
            else:
                numbered = [(cells, self.line + n) for n, cells in enumerate(item.rows, start=1)]
                self._open = _OpenTable(numbered, page, number, item.edges, len(self.blocks))
                self.blocks.append(table_block(numbered, page=page))
                self.line += len(item.rows)

    def _continue(self, table: _OpenTable, rows: list[list[str]], number: int) -> None:
        if rows and rows[0] == table.rows[0][0]:
            rows = rows[1:]  # the header row Word repeats on each page
        if rows and _split_row(table.rows[-1][0], rows[0]):
            last, last_line = table.rows[-1]
            table.rows[-1] = ([f"{a} {b}".strip() for a, b in zip(last, rows[0], strict=True)], last_line)
            rows = rows[1:]
        table.rows += [(cells, self.line + n) for n, cells in enumerate(rows, start=1)]
        table.page = number
        self.blocks[table.block_index] = table_block(table.rows, page=table.first_page)
        self.line += len(rows)


def _split_row(last: list[str], first: list[str]) -> bool:
    """Whether a page's first row is the rest of the previous page's last row, cut by the page break.

    Word and LibreOffice let a row break across pages; the rest has an empty first cell (its number
    stayed above) while the row above has one, so its cells are glued onto the row above.
    """
    return len(last) == len(first) and bool(last[0]) and not first[0] and any(first)


def _same_columns(edges: list[float], table: PageTable) -> bool:
    """Whether a table has the columns of the open one: as many, and each starting at the same place."""
    if len(edges) != len(table.edges):
        return False
    return all(abs(a - b) <= table.tolerance for a, b in zip(edges, table.edges, strict=True))
