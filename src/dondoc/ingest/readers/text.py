"""Plain text and Markdown into the document model: headings, paragraphs, list items and both table forms.

Two table forms are met in published text: Markdown pipe tables (one row per line, a `|---|`
separator under the header) and HTML tables flattened by a web page's "save as text", where a
lone "|" line comes before each cell, closes the row, and a row's cells may wrap over lines
(see ../shared/corpus-extra/101). Paragraphs keep their line breaks ("\\n") so the extractor can
tell on which line an item inside a paragraph starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.ingest.readers.document import Block, BlockKind, Document, TableRow
from dondoc.nlp.text import normalize

# A flattened cell longer than this is prose swallowed between two stray "|" lines, not a cell.
_MAX_CELL_LINES = 40
# Header cells are short; a longer "cell" before the first empty one is a page's layout table.
_MAX_HEADER_LINES = 6
_EMPHASIS = re.compile(r"\*+|(?<!\w)_{2,}|_{2,}(?!\w)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A line that starts a new item: "a)", "(1)", "1.", "1.2.", "I.", "-", "+", "•" (after emphasis is gone).
_ITEM_START = re.compile(r"^\s*(?:[a-zđ]\)|\(\d{1,3}\)|\d{1,3}(?:\.\d{1,3})*[.)]\s|[IVX]{1,5}\.\s|[-–+•]\s?)")
_SENTENCE_END = re.compile(r"(?<![A-ZĐ]{1}\w)(?<!\bTP)(?<!\bTp)[.:;]\*{0,2}\s*$")
# "**1." alone on a line is a heading's number, not a sentence that ended.
_MARKER_ONLY = re.compile(r"^\W*(?:\d{1,2}(?:\.\d{1,2})*|[IVXL]{1,5}|[a-zđ])[.)]\W*$")
_WRAPPED_DASH = re.compile(r"^\s*-\s+[a-zà-ỹđ]")
_CAPITAL_START = re.compile(r"^\s*[A-ZĐÀ-Ỹ]")
_LIST_ITEM = re.compile(r"^\s*(?:[-–+•]|[a-zđ]\)|\(\d{1,3}\))")


@dataclass(frozen=True)
class TextTableRow(TableRow):
    """A table row read from text, with the line where each cell starts.

    The neutral model gives a row one line; a flattened cell can start several lines below its
    row's STT, and a task's place in the file is where its content starts.

    Attributes:
        cell_lines: the 1-based line of each cell, parallel to `cells`.
    """

    cell_lines: tuple[int, ...] = ()


def _clean(text: str) -> str:
    return normalize(_EMPHASIS.sub("", text))


def _is_pipe_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _pipe_table(lines: list[str], start: int) -> tuple[Block, int]:
    """A Markdown pipe table starting at `start` (0-based); returns it and the index after it."""
    rows = []
    end = start
    while end < len(lines) and _is_pipe_row(lines[end]):
        line = lines[end].strip()
        if not _MD_SEPARATOR.match(line):
            cells = tuple(_clean(cell) for cell in line.strip("|").split("|"))
            rows.append(TextTableRow(cells, end + 1, tuple(end + 1 for _ in cells)))
        end += 1
    return Block("table", line=start + 1, rows=tuple(rows)), end


def _slots(lines: list[str], start: int) -> list[tuple[int, list[str]]]:
    """The cells between lone "|" lines from `start` on, as (first line index, lines), until the table ends.

    A slot is what stands between two consecutive "|" lines; an empty slot is an empty cell or
    the gap between a row's closing "|" and the next row's opening one.
    """
    slots: list[tuple[int, list[str]]] = []
    i = start + 1
    while i < len(lines):
        first = i
        while i < len(lines) and lines[i].strip() != "|" and i - first <= _MAX_CELL_LINES:
            i += 1
        if i >= len(lines) or lines[i].strip() != "|":
            slots.append((first, lines[first:i]))
            break
        slots.append((first, lines[first:i]))
        i += 1
    return slots


def _flattened_table(lines: list[str], start: int) -> tuple[Block | None, int]:
    """A flattened HTML table opened by the lone "|" at `start`, or None when none starts there.

    The header is the cells before the first empty slot; every later row is that many cells,
    then one empty slot. The table ends where a row's closing "|" is followed by text.
    """
    slots = _slots(lines, start)
    width = next((n for n, (_, body) in enumerate(slots) if not any(x.strip() for x in body)), 0)
    if width < 2 or any(len(body) > _MAX_HEADER_LINES for _, body in slots[:width]):
        return None, start + 1
    rows: list[TableRow] = []
    position = 0
    end = start + 1
    while position + width <= len(slots):
        cells = slots[position : position + width]
        if any(len(body) > _MAX_CELL_LINES for _, body in cells):
            break
        rows.append(
            TextTableRow(
                tuple(_clean(" ".join(body)) for _, body in cells),
                cells[0][0] + 1,
                tuple(first + 1 for first, _ in cells),
            )
        )
        last_first, last_body = cells[-1]
        end = last_first + len(last_body) + 1  # past the row's closing "|"
        position += width
        gap = slots[position] if position < len(slots) else None
        if gap is None or any(x.strip() for x in gap[1]):
            break  # text right after the closing "|": the table is over
        position += 1
    return Block("table", line=start + 1, rows=tuple(rows)), end


def _paragraph_end(lines: list[str], start: int) -> int:
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if not line.strip() or line.strip() == "|" or _is_pipe_row(line) or _MD_HEADING.match(line):
            break
        if _WRAPPED_DASH.match(line) and not _SENTENCE_END.search(lines[end - 1]):
            end += 1  # "kinh tế\n- xã hội": a hyphen that wrapped to the line start, not a bullet
            continue
        if _ITEM_START.match(_EMPHASIS.sub("", line)) or line.lstrip().startswith("**"):
            break
        previous = _EMPHASIS.sub("", lines[end - 1]).strip()
        if (
            not _MARKER_ONLY.match(previous)
            and _SENTENCE_END.search(previous)
            and _CAPITAL_START.match(_EMPHASIS.sub("", line))
        ):
            break  # texts saved without blank lines: a sentence ends a line and a capital starts the next
        end += 1
    return end


def _text_block(lines: list[str], start: int, end: int) -> Block:
    raw = "\n".join(lines[start:end])
    text = "\n".join(normalize(part) for part in _EMPHASIS.sub("", raw).split("\n"))
    if raw.lstrip().startswith("**") and raw.rstrip().endswith("**") and raw.count("**") == 2:
        return Block("heading", text=text, line=start + 1)
    kind: BlockKind = "list_item" if _LIST_ITEM.match(text) else "paragraph"
    return Block(kind, text=text, line=start + 1)


def read_text(name: str, text: str, format: str) -> Document:
    """Read plain text or Markdown into a `Document`.

    Args:
        name: the file name, kept on the document.
        text: the whole file, already decoded.
        format: "text" or "markdown".

    Returns:
        The document; its `text` is one line per paragraph or table row, cells joined by " | ".
    """
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif line.strip() == "|":
            table, i = _flattened_table(lines, i)
            if table is not None:
                blocks.append(table)
        elif _is_pipe_row(line):
            table, i = _pipe_table(lines, i)
            blocks.append(table)
        elif heading := _MD_HEADING.match(line):
            blocks.append(Block("heading", text=_clean(heading[2]), line=i + 1, level=len(heading[1])))
            i += 1
        else:
            end = _paragraph_end(lines, i)
            blocks.append(_text_block(lines, i, end))
            i = end
    plain = "\n".join(
        line
        for block in blocks
        for line in (
            [" | ".join(row.cells) for row in block.rows] if block.kind == "table" else [normalize(block.text)]
        )
    )
    return Document(name=name, format=format, blocks=blocks, text=plain)
