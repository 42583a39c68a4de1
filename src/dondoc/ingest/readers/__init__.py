"""Readers, one per file format, each turning a file into the neutral `Document` model."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml.etree import LxmlError

from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.readers._errors import PASSWORD, damaged
from dondoc.ingest.readers._sniff import sniff
from dondoc.ingest.readers.document import Block, BlockKind, Document, TableRow

__all__ = ["Block", "BlockKind", "Document", "TableRow", "read_document"]

_HEAD = 4096
_REFUSED = {
    "empty": "the file is empty; export the report again",
    "zip-damaged": "the file is damaged: a broken ZIP package (cut short?); open it in Word/Excel and save it again",
    "zip": "a ZIP archive that is not a Word/Excel/OpenDocument file; unpack it and ingest the report inside",
    "odt": "an OpenDocument text (.odt); save it as .docx or PDF and retry",
    "office-encrypted": f"the Word/Excel file is protected by a password; {PASSWORD}",
    "doc": "an old Word 97-2003 document (.doc); open it in Word, save it as .docx and retry",
    "ole": "an old Office file that is neither a Word .doc nor an Excel .xls, or is damaged; "
    "open it in its program and save it as .docx or .xlsx",
    "excel-xml": "an Excel 2003 XML spreadsheet; open it in Excel, save it as .xlsx and retry",
}


def read_document(path: Path) -> Document:
    """Read any supported report into a `Document`, choosing the reader by the file's content.

    Word (.docx), Excel (.xlsx, .xls), OpenDocument spreadsheets (.ods), PDF (scanned pages by OCR),
    web pages, PNG/JPEG/TIFF pictures (OCR), and UTF-8 text or Markdown. A file is recognised by its
    first bytes, so a web page saved as .xls is read as the web page it is.

    Args:
        path: the file.

    Returns:
        The document, blocks in reading order.

    Raises:
        UnreadableReport: missing, a folder, empty, damaged, password-protected, of a kind no reader
            knows, or a scan when OCR is not installed; the reason says what to do.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except FileNotFoundError:
        raise UnreadableReport(str(path), "no such file") from None
    except IsADirectoryError:
        raise UnreadableReport(str(path), "a folder, not a file; give the report files inside it") from None
    except PermissionError:
        raise UnreadableReport(str(path), "no permission to read the file") from None
    kind = sniff(path, head)
    if kind in _REFUSED:
        raise UnreadableReport(str(path), _REFUSED[kind])
    try:
        return _read(path, kind)
    except (zipfile.BadZipFile, KeyError, LxmlError, ValueError, OSError, EOFError) as error:
        raise damaged(path, kind, error) from None


def _read(path: Path, kind: str) -> Document:
    """Call the reader for a recognised kind (each imports its library only when needed)."""
    if kind == "docx":
        from dondoc.ingest.readers.word import read_docx

        return read_docx(path)
    if kind == "xlsx":
        from dondoc.ingest.readers.spreadsheet import read_xlsx

        return read_xlsx(path)
    if kind in ("xls", "ods"):
        from dondoc.ingest.readers.spreadsheet import read_calamine

        return read_calamine(path, kind)
    if kind == "pdf":
        from dondoc.ingest.readers.pdf import read_pdf

        return read_pdf(path)
    if kind == "picture":
        from dondoc.ingest.readers.ocr import read_picture

        return read_picture(path)
    if kind == "html":
        from dondoc.ingest.readers.web import read_html

        return read_html(path.name, path.read_bytes())
    return _read_text(path, kind)


def _read_text(path: Path, kind: str) -> Document:
    """A UTF-8 text or Markdown report, handed to the text reader."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableReport(
            str(path),
            "not a UTF-8 text report, nor a Word, Excel, OpenDocument, PDF, web page or PNG/JPEG/TIFF picture; "
            "save it as .docx, .xlsx or .pdf and retry",
        ) from None
    from dondoc.ingest.readers.text import read_text

    return read_text(path.name, text, kind)
