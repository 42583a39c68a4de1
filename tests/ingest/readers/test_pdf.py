"""The PDF reader: a table going on over pages (under a running header) stays one table, cut rows are glued."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from dondoc.ingest.readers.pdf import read_pdf
from tests.ingest.readers.conftest import EXPECTED_ROWS, convert, needs_soffice, needs_tesseract, write_task_docx

COPIES = 8


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    return convert(write_task_docx(folder / "dai.docx", copies=COPIES, running_header="125/BC-UBND"), folder)


@needs_soffice
def test_a_table_over_several_pages_is_one_table_with_every_row(long_pdf: Path) -> None:
    document = read_pdf(long_pdf)
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.page == 1
    assert document.blocks[-1].text == "Nơi nhận: như trên." and document.blocks[-1].page > 2
    rows = [row.cells for row in table.rows]
    expected = [EXPECTED_ROWS[0], *EXPECTED_ROWS[1:] * COPIES]
    assert len(rows) == len(expected)
    # every row whole (number, content, deadline, result), also those Word cut at a page break
    assert [(r[0], r[1], r[4], r[5]) for r in rows] == [(r[0], r[1], r[4], r[5]) for r in expected]
    lines = [row.line for row in table.rows]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)


@needs_tesseract
def test_a_signed_scan_is_read_by_ocr_despite_its_stamped_text_layer(scanned_pdf: Path, tmp_path: Path) -> None:
    """E-signed scans carry a few text-layer words ("Ky boi: ...") over the page picture."""
    pikepdf = pytest.importorskip("pikepdf", reason="pikepdf stamps the text: pip install -e '.[test]'")
    signed = tmp_path / "da-ky.pdf"
    with pikepdf.open(scanned_pdf) as pdf:
        page = pdf.pages[0]
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
        page.Resources.Font = pikepdf.Dictionary(F9=font)
        page.contents_add(pikepdf.Stream(pdf, b"BT /F9 8 Tf 400 20 Td (Ky boi: Van phong UBND) Tj ET"))
        pdf.save(signed)
    with pdfplumber.open(signed) as stamped:
        assert stamped.pages[0].extract_text() == "Ky boi: Van phong UBND"  # the only text layer
    document = read_pdf(signed)
    assert document.format == "pdf-ocr"
    assert len(document.tables[0].rows) == len(EXPECTED_ROWS)
    assert "Ky boi" in document.text or "Ký bởi" in document.text or "Van phong" in document.text
