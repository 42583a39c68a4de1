"""OCR of a picture of a report: the ruled table comes back as rows, the text around it as lines."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from rapidfuzz import fuzz

from dondoc.ingest.readers import read_document
from tests.ingest.readers.conftest import EXPECTED_ROWS, TITLE, needs_tesseract


@needs_tesseract
def test_a_photographed_page_reads_as_its_table(task_pdf: Path, tmp_path: Path) -> None:
    """Cells compared at rapidfuzz ratio ≥ 90, as for the scanned PDF."""
    picture = tmp_path / "anh-chup.png"
    page = pypdfium2.PdfDocument(str(task_pdf))[0]
    page.render(scale=200 / 72).to_pil().convert("L").save(picture, dpi=(200, 200))
    document = read_document(picture)
    assert document.format == "image-ocr"
    assert document.warnings == ["read by OCR: check names and numbers"]
    assert all(block.page is None for block in document.blocks)
    rows = [row.cells for row in document.tables[0].rows]
    assert len(rows) == len(EXPECTED_ROWS)
    for got, expected in zip(rows, EXPECTED_ROWS, strict=True):
        assert all(fuzz.ratio(a, b) >= 90 for a, b in zip(got, expected, strict=True)), (got, expected)
    assert fuzz.ratio(document.blocks[0].text, TITLE) >= 90
