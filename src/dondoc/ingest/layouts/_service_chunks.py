"""Cut a column-dumped PDF table into chunks: one column fragment each, with its page position."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dondoc.nlp.text import fold, normalize

GROUP = re.compile(r"^([A-Z])\s+NHÓM\s+\S")
_ROW_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")
_FOOTNOTE_WIDTH = 100  # footnotes run the full page width; table columns are under 40 characters
_HEADER_FIRST = "tt noi dung"
_HEADER_LAST = "vi chiu trach nhiem)"


@dataclass
class Chunk:
    """Consecutive lines of one column cell, cut at blank lines and at page starts."""

    lines: list[tuple[int, str]] = field(default_factory=list)  # (1-based line, text stripped)
    page_start: bool = False  # the PDF put a leading space on the first line of every page
    boundary_after: bool = False  # a page break, a row number, a group or the end follows

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def width(self) -> int:
        return max(len(text) for _, text in self.lines)

    @property
    def first(self) -> str:
        return self.lines[0][1]

    @property
    def last(self) -> str:
        return self.lines[-1][1]

    @property
    def is_row_number(self) -> bool:
        return len(self.lines) == 1 and bool(_ROW_NUMBER.match(self.first))

    @property
    def is_footnote(self) -> bool:
        return self.width > _FOOTNOTE_WIDTH


def _raw_chunks(lines: list[str]) -> list[Chunk]:
    chunks: list[Chunk] = []
    current: Chunk | None = None
    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if not text:
            current = None
            continue
        wide = len(text) > _FOOTNOTE_WIDTH
        if current is None or raw[0].isspace() or GROUP.match(text) or wide != current.is_footnote:
            current = Chunk(page_start=raw[0].isspace())
            chunks.append(current)
        current.lines.append((number, text))
    for chunk, after in zip(chunks, [*chunks[1:], None], strict=True):
        chunk.boundary_after = after is None or (
            after.page_start or after.is_row_number or after.is_footnote or bool(GROUP.match(after.first))
        )
    return chunks


def _header_lines(lines: list[str]) -> set[str]:
    """The repeated column header ("TT NỘI DUNG" … "vị chịu trách nhiệm)"), line by line, folded."""
    folded = [fold(line) for line in lines]
    start = next((i for i, text in enumerate(folded) if text == _HEADER_FIRST), None)
    if start is None:
        return set()
    end = next((i for i in range(start, len(folded)) if folded[i].endswith(_HEADER_LAST)), start)
    return {text for text in folded[start : end + 1] if text}


def groups(lines: list[str]) -> list[tuple[str, list[Chunk]]]:
    """The table's groups ("A NHÓM DVC", …), each with its chunks minus header and footnote furniture.

    A chunk made only of header lines is a copy (or a page-cut piece) of the column header
    repeated on a new page; footnotes ("1 Gồm: …") run across the page.
    """
    header = _header_lines(lines)
    result: list[tuple[str, list[Chunk]]] = []
    for chunk in _raw_chunks(lines):
        if GROUP.match(chunk.first):
            result.append((normalize(chunk.first), []))
            chunk = Chunk(chunk.lines[1:], False, chunk.boundary_after)  # "1 Tiện ích …" may follow on
            if not chunk.lines:
                continue
        if not result or chunk.is_footnote or all(fold(text) in header for _, text in chunk.lines):
            continue
        result[-1][1].append(chunk)
    return result
