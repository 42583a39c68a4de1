"""`dondoc ingest` from the command line: summary, idempotence, clear errors with exit code 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from dondoc.cli import main
from dondoc.data.db import open_database
from dondoc.data.models import Source, Task
from tests.builders import SHARED


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path / "data"))

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_ingest_reports_each_document_then_nothing_new(run, db_url: str) -> None:
    first = run("ingest", "--json")
    assert first.exit_code == 0
    rows = json.loads(first.output)
    assert [r["document"][:3] for r in rows] == ["000", "001", "002", "003", "004"]
    assert all(r["added"] > 0 for r in rows)
    again = json.loads(run("ingest", "--json").output)
    assert all(r["unchanged"] == r["total"] and r["added"] == 0 for r in again)
    with open_database(db_url)() as session:
        assert session.scalar(select(func.count(Task.id))) == sum(r["added"] for r in rows)


def test_unknown_file_gets_a_clear_error_and_exit_1(run, tmp_path: Path) -> None:
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("Danh sách khách mời dự hội nghị\n", encoding="utf-8")
    result = run("ingest", str(notes))
    assert result.exit_code == 1
    assert f"Cannot ingest {notes}: not one of the known report layouts" in result.output
    assert "Nothing was changed" in result.output
    assert "Traceback" not in result.output


def test_missing_file_gets_a_clear_error(run) -> None:
    result = run("ingest", "khong-co.txt")
    assert result.exit_code == 1
    assert "Cannot ingest khong-co.txt: no such file" in result.output


PLAN = SHARED / "corpus-extra" / "105-kh308-ubnd-ha-noi-nq214-du-lieu.txt"


@pytest.mark.skipif(not PLAN.exists(), reason="../shared is not beside the checkout")
def test_dry_run_shows_the_new_tasks_and_writes_nothing_then_ingest_registers_new_units(run, db_url: str) -> None:
    preview = json.loads(run("ingest", str(PLAN), "--dry-run", "--json").output)
    [document] = preview["documents"]
    assert (document["number"], document["issued"]) == ("308/KH-UBND", "2025-11-17")
    assert document["scope"] == "Thành phố Hà Nội"
    assert len(preview["added"]) == document["rows"] == 15
    assert preview["held"] == [] and document["confidence"] > 0.9
    with open_database(db_url)() as session:
        assert session.scalar(select(func.count(Task.id))) == 0
    assert run("ingest", str(PLAN)).exit_code == 0
    new = {unit["name"]: unit for unit in json.loads(run("units", "--new", "--json").output)}
    assert new["Các Sở, ban, ngành thành phố Hà Nội"]["scopes"] == ["Thành phố Hà Nội"]
    assert new["Các Sở, ban, ngành thành phố Hà Nội"]["suggestions"]


def test_a_report_with_rows_without_a_unit_is_held_back_in_one_line(run, tmp_path: Path) -> None:
    table = tmp_path / "bang.md"
    table.write_text(
        "| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời hạn |\n|---|---|---|---|\n"
        "| 1 | Xây dựng kế hoạch chuyển đổi số năm 2026 | Bộ Y tế | 6/2026 |\n"
        "| 2 | Rà soát cơ sở dữ liệu chuyên ngành y tế |  | 9/2026 |\n",
        encoding="utf-8",
    )
    result = run("ingest", str(table))
    assert result.exit_code == 1
    assert result.output.startswith("Error: Held back: bang.md: 1 rows have no responsible unit")
    assert "run again with --force" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    forced = json.loads(run("ingest", str(table), "--force", "--json").output)
    assert forced[0]["added"] == 1


NOVEL = """Chương một

Chiều hôm ấy, trời đổ mưa như trút nước xuống con phố nhỏ ven sông. Bà cụ bán nước chè ở đầu ngõ vội
vàng thu dọn mấy chiếc ghế nhựa, miệng lẩm bẩm điều gì đó không ai nghe rõ.

Minh đứng nép dưới mái hiên, nhìn những giọt nước lăn dài trên tấm kính cửa hiệu sách cũ. Anh nhớ lại
những buổi chiều thơ ấu, khi mẹ anh vẫn ngồi khâu áo bên ngọn đèn dầu, kể cho anh nghe chuyện cổ tích.

- Con về rồi đấy à? - tiếng mẹ vọng ra từ trong nhà.

Anh không trả lời. Gió thổi mạnh hơn, cuốn theo những chiếc lá bàng đỏ rực bay khắp mặt đường.
"""


def _numbers_workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tháng", "Doanh thu", "Chi phí", "Lợi nhuận"])
    for month in range(1, 13):
        sheet.append([month, 1000 + 25 * month, 700 + 10 * month, 300 + 15 * month])
    book.save(str(path))
    return path


def _photo(path: Path) -> Path:
    import numpy as np
    from PIL import Image

    noise = np.random.default_rng(6).normal(150, 30, (400, 600)).clip(0, 255).astype(np.uint8)
    Image.fromarray(noise).save(path)
    return path


def _corrupt_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo tiến độ thực hiện nhiệm vụ")
    document.save(str(path))
    path.write_bytes(path.read_bytes()[:600])  # cut short, as a failed download leaves it
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda folder: _write(folder / "tieu-thuyet.txt", NOVEL), "no task table"),
        (lambda folder: _numbers_workbook(folder / "so-lieu.xlsx"), "no task table"),
        (lambda folder: _photo(folder / "anh.png"), "no text found in the picture"),
        (lambda folder: _corrupt_docx(folder / "hong.docx"), "damaged"),
    ],
    ids=["novel", "numbers", "photo", "corrupt-docx"],
)
def test_a_file_that_is_no_task_report_is_refused_and_changes_nothing(
    run, db_url: str, tmp_path: Path, make, reason: str
) -> None:
    if reason.startswith("no text") and shutil.which("tesseract") is None:
        pytest.skip("tesseract is missing: make sysdeps")
    report = _write(
        tmp_path / "bang.md",
        "| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời hạn |\n|---|---|---|---|\n"
        "| 1 | Xây dựng kế hoạch chuyển đổi số năm 2026 | Bộ Y tế | 6/2026 |\n",
    )
    assert run("ingest", str(report)).exit_code == 0
    with open_database(db_url)() as session:
        before = session.scalar(select(func.count(Task.id))), session.scalar(select(func.count(Source.id)))
    bad = make(tmp_path)
    result = run("ingest", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: Cannot ingest {bad}: ") and reason in result.output
    assert "Nothing was changed" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    with open_database(db_url)() as session:
        assert (session.scalar(select(func.count(Task.id))), session.scalar(select(func.count(Source.id)))) == before


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
