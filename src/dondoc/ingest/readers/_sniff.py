"""Tell what a file is from its first bytes (and its ZIP members), whatever its name says."""

from __future__ import annotations

import zipfile
from pathlib import Path

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PICTURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<table", "<meta")
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_ODF = "application/vnd.oasis.opendocument."


def sniff(path: Path, head: bytes) -> str:
    """The kind of a file, read from its content; the suffix only settles what content cannot.

    Args:
        path: the file (its ZIP directory is read for ZIP files, its suffix for text).
        head: its first bytes (4 KiB is plenty).

    Returns:
        One of "empty", "docx", "xlsx", "ods", "odt", "zip", "zip-damaged", "office-encrypted",
        "doc", "xls", "ole", "pdf", "picture", "html", "excel-xml", "markdown", "text".
    """
    if not head.strip():
        return "empty"
    if head.startswith(b"PK"):
        return _zip_kind(path)
    if head.startswith(_OLE2):
        return _ole_kind(path)
    if b"%PDF" in head[:1024]:
        return "pdf"
    if head.startswith(_PICTURES):
        return "picture"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").decode("utf-8", "ignore").lower()
    if start.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in start:
        return "excel-xml"
    if start.startswith(_HTML_STARTS) or (start.startswith("<") and path.suffix.lower() in _HTML_SUFFIXES):
        return "html"
    return "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"


def _zip_kind(path: Path) -> str:
    """A ZIP package by its members: Word and Excel by their main part, OpenDocument by its mimetype."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "ignore") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, EOFError):
        return "zip-damaged"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.startswith(_ODF + "spreadsheet"):
        return "ods"
    if mimetype.startswith(_ODF + "text"):
        return "odt"
    return "zip"


def _ole_kind(path: Path) -> str:
    """An OLE2 compound file: a password-protected docx/xlsx, an old .doc, or an .xls.

    The stream names sit in the directory sectors, in UTF-16; reading the whole (small) file for
    them is simpler than parsing the compound file format.
    """
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "office-encrypted"
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return "ole"
