"""Reader for PDF files (pdfplumber): ruled tables as table blocks, the text around them as lines, OCR for scans."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.table import Table
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.readers import ocr
from dondoc.ingest.readers._blocks import make_document
from dondoc.ingest.readers._errors import PASSWORD, damaged
from dondoc.ingest.readers._pages import PageItem, PageStitcher, PageTable
from dondoc.ingest.readers.document import Document
from dondoc.nlp.text import join_lines

_SAME_X = 2.0  # points: two tables whose column edges are this close are one table cut by a page break
_SCAN_AREA = 0.6  # a picture covering this share of the page is a scanned page
_STAMP_CHARS = 200  # fewer text-layer characters than this over such a picture are a stamp, not the page


def read_pdf(path: Path) -> Document:
    """Read a PDF: each page's ruled tables and text lines in reading order, pages without text by OCR.

    Every block has its `page`. A merged cell's text is repeated into every grid cell it covers. A
    table that goes on at the top of the next page with the same columns stays one table block,
    whatever short lines (page numbers, running headers) stand between; a header row repeated on
    the new page is dropped and a row the page break cut is glued back. Text outside tables becomes
    one paragraph per line, since a PDF keeps no paragraphs. `line` counts lines and rows through
    the document. A blank page is skipped; a page with a picture and no text is read by OCR.

    Args:
        path: the file; the caller has checked it starts with %PDF.

    Returns:
        The document, format "pdf", or "pdf-ocr" when a page had to be read by OCR (with a warning).

    Raises:
        UnreadableReport: the PDF is password-protected or damaged, or a page needs OCR and
            tesseract is missing.
    """
    try:
        return _read(path)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableReport(str(path), f"the PDF is protected by a password; {PASSWORD}") from None
    except PdfminerException as error:
        if isinstance(error.args[0] if error.args else None, PDFPasswordIncorrect | PDFEncryptionError):
            raise UnreadableReport(str(path), f"the PDF is protected by a password; {PASSWORD}") from None
        raise damaged(path, "pdf", error) from None
    except (PDFSyntaxError, PSException, MalformedPDFException) as error:
        raise damaged(path, "pdf", error) from None


def _read(path: Path) -> Document:
    """`read_pdf` without the error wording."""
    pages = PageStitcher()
    warnings: list[str] = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if not page.chars and not page.images:
                continue  # a blank page
            if _is_scan(page):
                dpi = _scan_dpi(page)
                items = ocr.page_items(page.to_image(resolution=dpi).original, source=str(path), dpi=dpi)
                warnings += [f"page {number} read by OCR"] if items else []
            else:
                items = _page_items(page)
            pages.add_page(number, items)
    return make_document(path.name, "pdf-ocr" if warnings else "pdf", pages.blocks, warnings)


def _is_scan(page: Page) -> bool:
    """Whether a page is a picture to OCR: no text layer, or a page-sized picture under a few stamped words.

    Signed scans often carry a text-layer signature box ("Ký bởi: …") over the scanned page; those
    few characters must not hide the page from OCR.
    """
    if not page.chars:
        return True
    covered = max((image["width"] * image["height"] for image in page.images), default=0)
    return covered >= _SCAN_AREA * page.width * page.height and len(page.chars) < _STAMP_CHARS


def _scan_dpi(page: Page) -> int:
    """The resolution of the page's scanned picture, to render it at its own size (upscaling hurts OCR)."""
    widths = [image["srcsize"][0] * 72 / page.width for image in page.images if image.get("srcsize")]
    return int(min(max(max(widths, default=ocr.DPI), ocr.MIN_DPI), ocr.MAX_DPI))


def _page_items(page: Page) -> list[PageItem]:
    """The page's tables and its text lines outside them, top to bottom."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside(obj: dict) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    items: list[tuple[float, str | Table]] = [(table.bbox[1], table) for table in tables]
    lines = page.filter(outside).extract_text_lines() if tables else page.extract_text_lines()
    items += [(text_line["top"], text_line["text"]) for text_line in lines]
    ordered = [item for _, item in sorted(items, key=lambda pair: pair[0])]
    return [item if isinstance(item, str) else _page_table(item) for item in ordered]


def _page_table(table: Table) -> PageTable:
    """A table's rows with merged cells resolved, and its column edges (to recognise its continuation).

    pdfplumber gives None for a grid position that a merged cell covers; the text of the cell whose
    box contains that position stands in for it, across (a group row) and down (a unit cell).
    """
    texts = table.extract()
    edges = sorted({cell[0] for row in table.rows for cell in row.cells if cell is not None})
    boxes = [
        (cell, text)
        for row, row_texts in zip(table.rows, texts, strict=True)
        for cell, text in zip(row.cells, row_texts, strict=True)
        if cell is not None
    ]
    rows: list[list[str]] = []
    for row, row_texts in zip(table.rows, texts, strict=True):
        cells = []
        for j, (cell, text) in enumerate(zip(row.cells, row_texts, strict=True)):
            if cell is None:
                x, y = (edges[j] if j < len(edges) else row.bbox[0]) + 1, row.bbox[1] + 1
                text = next((t for (x0, top, x1, bottom), t in boxes if x0 <= x < x1 and top <= y < bottom), "")
            cells.append(join_lines((text or "").split("\n")))
        rows.append(cells)
    return PageTable(rows, edges, _SAME_X)
