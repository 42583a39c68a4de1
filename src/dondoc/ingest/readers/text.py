"""Plain text and Markdown into the document model: headings, paragraphs, list items and both table forms.

Two table forms are met in published text: Markdown pipe tables (one row per line, a `|---|`
separator under the header) and HTML tables flattened by a web page's "save as text", where a
lone "|" line comes before each cell, closes the row, and a row's cells may wrap over lines
(see ../shared/corpus-extra/101). Paragraphs keep their line breaks ("\\n") so the extractor can
tell on which line an item inside a paragraph starts.
"""

from __future__ import annotations

import re

from dondoc.ingest.readers._text_tables import (
    EMPHASIS,
    TextTableRow,
    clean,
    flattened_table,
    is_pipe_row,
    pipe_table,
)
from dondoc.ingest.readers.document import Block, BlockKind, Document
from dondoc.nlp.text import normalize

__all__ = ["TextTableRow", "read_text"]

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# A line that starts a new item: "a)", "(1)", "1.", "1.2.", "I.", "-", "+", "•" (after emphasis is gone).
_ITEM_START = re.compile(r"^\s*(?:[a-zđ]\)|\(\d{1,3}\)|\d{1,3}(?:\.\d{1,3})*[.)]\s|[IVX]{1,5}\.\s|[-–+•]\s?)")
_SENTENCE_END = re.compile(r"(?<![A-ZĐ]{1}\w)(?<!\bTP)(?<!\bTp)[.:;]\*{0,2}\s*$")
# "**1." alone on a line is a heading's number, not a sentence that ended.
_MARKER_ONLY = re.compile(r"^\W*(?:\d{1,2}(?:\.\d{1,2})*|[IVXL]{1,5}|[a-zđ])[.)]\W*$")
_WRAPPED_DASH = re.compile(r"^\s*-\s+[a-zà-ỹđ]")
_ADDRESSEES = re.compile(r"^\s*Kính gửi\s*:", re.IGNORECASE)
_CAPITAL_START = re.compile(r"^\s*[A-ZĐÀ-Ỹ]")
_LIST_ITEM = re.compile(r"^\s*(?:[-–+•]|[a-zđ]\)|\(\d{1,3}\))")


def _paragraph_end(lines: list[str], start: int) -> int:
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if not line.strip() or line.strip() == "|" or is_pipe_row(line) or _MD_HEADING.match(line):
            break
        if _WRAPPED_DASH.match(line) and not _SENTENCE_END.search(lines[end - 1]):
            end += 1  # "kinh tế\n- xã hội": a hyphen that wrapped to the line start, not a bullet
            continue
        if _ITEM_START.match(EMPHASIS.sub("", line)) or line.lstrip().startswith("**"):
            break
        if _ADDRESSEES.match(EMPHASIS.sub("", lines[start])) and _CAPITAL_START.match(EMPHASIS.sub("", line)):
            break  # "Kính gửi: Ủy ban nhân dân các tỉnh" is a line of its own, the letter starts on the next
        previous = EMPHASIS.sub("", lines[end - 1]).strip()
        if (
            not _MARKER_ONLY.match(previous)
            and _SENTENCE_END.search(previous)
            and _CAPITAL_START.match(EMPHASIS.sub("", line))
        ):
            break  # texts saved without blank lines: a sentence ends a line and a capital starts the next
        end += 1
    return end


def _text_block(lines: list[str], start: int, end: int) -> Block:
    raw = "\n".join(lines[start:end])
    text = "\n".join(normalize(part) for part in EMPHASIS.sub("", raw).split("\n"))
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
            table, i = flattened_table(lines, i)
            if table is not None:
                blocks.append(table)
        elif is_pipe_row(line):
            table, i = pipe_table(lines, i)
            blocks.append(table)
        elif heading := _MD_HEADING.match(line):
            blocks.append(Block("heading", text=clean(heading[2]), line=i + 1, level=len(heading[1])))
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
