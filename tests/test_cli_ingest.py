"""`dondoc ingest` from the command line: summary, idempotence, clear errors with exit code 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from dondoc.cli import main
from dondoc.data.db import open_database
from dondoc.data.models import Task


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


PLAN = Path(__file__).parents[1].parent / "shared" / "corpus-extra" / "105-kh308-ubnd-ha-noi-nq214-du-lieu.txt"


@pytest.mark.skipif(not PLAN.exists(), reason="../shared is not beside the checkout")
def test_dry_run_shows_the_new_tasks_and_writes_nothing_then_ingest_registers_new_units(run, db_url: str) -> None:
    preview = json.loads(run("ingest", str(PLAN), "--dry-run", "--json").output)
    [document] = preview["documents"]
    assert (document["number"], document["issued"]) == ("308/KH-UBND", "2025-11-17")
    assert document["scope"] == "Thành phố Hà Nội"
    assert len(preview["added"]) == document["rows"] == 13
    assert preview["held"] == [] and document["confidence"] > 0.9
    with open_database(db_url)() as session:
        assert session.scalar(select(func.count(Task.id))) == 0
    assert run("ingest", str(PLAN)).exit_code == 0
    new = {unit["name"]: unit for unit in json.loads(run("units", "--new", "--json").output)}
    assert new["Các Sở, ban, ngành"]["scopes"] == ["Thành phố Hà Nội"]
    assert new["Các Sở, ban, ngành"]["suggestions"]


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
