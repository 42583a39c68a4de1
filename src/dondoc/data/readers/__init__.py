"""Readers, one per file format, each turning a file into the neutral `Document` model."""

from __future__ import annotations

from pathlib import Path

from dondoc.data.parsers.base import UnreadableReport
from dondoc.data.readers.document import Block, BlockKind, Document, TableRow

__all__ = ["Block", "BlockKind", "Document", "TableRow", "read_document"]


def read_document(path: Path) -> Document:
    """Read any supported file into a `Document` (today: UTF-8 text; the other formats are being added).

    Raises:
        UnreadableReport: missing, unreadable, or of a format no reader knows; the reason says what to do.
    """
    from dondoc.data.readers.text import read_text

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableReport(str(path), "no such file") from None
    except IsADirectoryError:
        raise UnreadableReport(str(path), "a folder, not a file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableReport(str(path), "not a UTF-8 text report") from None
    markdown = path.suffix.lower() in (".md", ".markdown")
    return read_text(path.name, text, "markdown" if markdown else "text")
