"""read_document: one task table reads the same from Word, Excel, a web page, a PDF and a scan; bad files refused."""

from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from rapidfuzz import fuzz

from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.readers import Document, read_document
from tests.ingest.readers.conftest import (
    EXPECTED_ROWS,
    NUMBER,
    TITLE,
    needs_tesseract,
    normalise_rows,
    write_task_html,
    write_task_xlsx,
)


def _task_rows(document: Document) -> list[tuple[str, ...]]:
    """The rows of the document's biggest table from its "STT" header on (a sheet also holds the title row)."""
    table = max(document.tables, key=lambda block: len(block.rows))
    rows = normalise_rows([row.cells for row in table.rows])
    start = next(n for n, row in enumerate(rows) if fuzz.ratio(row[0], "STT") >= 60)
    return rows[start:]


@pytest.fixture(scope="module")
def task_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_task_xlsx(tmp_path_factory.mktemp("xlsx") / "bao-cao.xlsx")


@pytest.fixture(scope="module")
def task_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_task_html(tmp_path_factory.mktemp("html") / "bao-cao.html")


@pytest.mark.parametrize("fixture", ["task_docx", "task_xlsx", "task_html", "task_pdf"])
def test_the_task_table_reads_the_same_from_every_format(fixture: str, request: pytest.FixtureRequest) -> None:
    document = read_document(request.getfixturevalue(fixture))
    assert _task_rows(document) == EXPECTED_ROWS
    assert TITLE in document.text
    assert "1 | Xây dựng Nghị định quy định về định danh điện tử | Bộ Công an | Bộ Tư pháp" in document.text
    assert document.warnings == []


def test_the_pdf_keeps_the_text_around_the_table_and_the_page(task_pdf: Path) -> None:
    document = read_document(task_pdf)
    assert document.format == "pdf"
    assert [block.text for block in document.blocks[:3]] == [
        TITLE,
        NUMBER,
        "Tình hình thực hiện các nhiệm vụ được giao",
    ]
    assert {block.page for block in document.blocks} == {1}
    lines = [block.line for block in document.blocks]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)


@needs_tesseract
def test_a_scanned_pdf_gives_the_same_cells_up_to_ocr_noise(scanned_pdf: Path) -> None:
    """Each OCR cell must match at rapidfuzz ratio ≥ 90, diacritics counting: a dropped "." passes, a lost word not."""
    document = read_document(scanned_pdf)
    rows = _task_rows(document)
    assert len(rows) == len(EXPECTED_ROWS)
    for got, expected in zip(rows, EXPECTED_ROWS, strict=True):
        assert len(got) == len(expected)
        assert all(fuzz.ratio(a, b) >= 90 for a, b in zip(got, expected, strict=True)), (got, expected)
    assert document.format == "pdf-ocr"
    assert document.warnings == ["page 1 read by OCR"]
    assert fuzz.partial_ratio(NUMBER, document.text) >= 90


def test_a_web_page_saved_as_xls_is_read_as_the_web_page_it_is(task_html: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "bao-cao.xls"
    disguised.write_bytes(task_html.read_bytes())
    document = read_document(disguised)
    assert document.format == "html"
    assert _task_rows(document) == EXPECTED_ROWS


def test_a_text_report_goes_to_the_text_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    fake = types.ModuleType("dondoc.ingest.readers.text")
    fake.read_text = lambda name, text, fmt: calls.append((name, text, fmt)) or Document(name, fmt)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dondoc.ingest.readers.text", fake)
    (tmp_path / "notes.md").write_text("# Báo cáo\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_bytes("\ufeffBáo cáo\n".encode())
    assert read_document(tmp_path / "notes.md").format == "markdown"
    assert read_document(tmp_path / "notes.txt").format == "text"
    assert calls == [("notes.md", "# Báo cáo\n", "markdown"), ("notes.txt", "Báo cáo\n", "text")]


def _refusal(path: Path) -> str:
    with pytest.raises(UnreadableReport) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    return caught.value.reason


def test_a_cut_short_docx_is_called_damaged(task_docx: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.docx"
    cut.write_bytes(task_docx.read_bytes()[:2000])
    assert _refusal(cut) == (
        "the file is damaged: a broken ZIP package (cut short?); open it in Word/Excel and save it again"
    )


def test_a_cut_short_pdf_is_called_damaged(task_pdf: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(task_pdf.read_bytes()[:1500])
    reason = _refusal(cut)
    assert reason.startswith("the file is damaged: ") and reason.endswith("open it in a PDF reader and save it again")


def test_a_password_protected_pdf_says_to_remove_the_password(task_pdf: Path, tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf", reason="pikepdf makes the locked PDF: pip install -e '.[test]'")
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(task_pdf) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="chủ", user="mật khẩu"))
    assert _refusal(locked) == "the PDF is protected by a password; remove the password (e.g. print to PDF) and retry"


def test_a_password_protected_office_file_says_to_remove_the_password(tmp_path: Path) -> None:
    """Word and Excel wrap an encrypted file in an OLE2 container with an EncryptedPackage stream."""
    locked = tmp_path / "locked.xlsx"
    stream = "EncryptedPackage".encode("utf-16-le")
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream + bytes(1000))
    assert _refusal(locked) == (
        "the Word/Excel file is protected by a password; remove the password (e.g. print to PDF) and retry"
    )


@needs_tesseract
def test_a_photo_without_text_is_refused(tmp_path: Path) -> None:
    photo = tmp_path / "anh.png"
    noise = np.random.default_rng(6).normal(150, 30, (400, 600)).clip(0, 255).astype(np.uint8)
    Image.fromarray(noise).save(photo)
    assert _refusal(photo) == "no text found in the picture; scan the report page itself, upright and sharp"


def test_a_scan_without_tesseract_says_how_to_install_it(scanned_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert _refusal(scanned_pdf) == (
        "the page is a scan without text and tesseract is missing; "
        "install OCR: apt-get install tesseract-ocr tesseract-ocr-vie"
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("trong.docx", b"", "the file is empty; export the report again"),
        ("trong.txt", b" \n\n", "the file is empty; export the report again"),
        (
            "latin.txt",
            "Báo cáo".encode("cp1258"),
            "not a UTF-8 text report, nor a Word, Excel, OpenDocument, PDF, web page or PNG/JPEG/TIFF picture; "
            "save it as .docx, .xlsx or .pdf and retry",
        ),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), None),
    ],
)
def test_unusable_files_get_a_reason_a_user_can_act_on(
    name: str, content: bytes, reason: str | None, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    expected = reason or "an old Word 97-2003 document (.doc); open it in Word, save it as .docx and retry"
    assert _refusal(path) == expected


def test_a_zip_that_is_no_office_file_says_what_it_is(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "bao-cao.docx"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("bao-cao.txt", "Báo cáo")
    assert _refusal(archive) == (
        "a ZIP archive that is not a Word/Excel/OpenDocument file; unpack it and ingest the report inside"
    )


def test_a_folder_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    assert _refusal(tmp_path) == "a folder, not a file; give the report files inside it"
    assert _refusal(tmp_path / "khong-co.pdf") == "no such file"
