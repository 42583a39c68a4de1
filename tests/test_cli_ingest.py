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
