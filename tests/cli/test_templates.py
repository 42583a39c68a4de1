"""`dondoc templates` and `dondoc ingest --template`: a report of a mapped layout is read alone, a template forced."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dondoc.cli import main
from dondoc.data.db import open_database, transaction
from dondoc.ingest.templates import Template, list_templates, save_template
from tests.ingest.layout_reports import ISSUER, MAPPING, OCTOBER, SEPTEMBER, write_report

NAME = "Sở KHCN Ninh Bình"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_url: str):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DONDOC_EMBEDDER", "hash")

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def saved(sqlite_url: str) -> None:
    """The template an admin saved on the web page for September's report."""
    sessions = open_database(sqlite_url)
    with transaction(sessions) as session:
        save_template(session, Template(NAME, ISSUER, MAPPING), datetime(2025, 10, 6, tzinfo=UTC))
    sessions.kw["bind"].dispose()


def test_a_report_no_rule_reads_is_refused_then_read_alone_once_its_layout_has_a_template(run, tmp_path: Path, saved):
    october = write_report(tmp_path / "bao-cao-thang-10.docx", 10, OCTOBER)
    preview = run("ingest", str(october), "--dry-run")
    assert f"3 rows, confidence 100%, read with the template {NAME!r}" in preview.output
    result = run("ingest", str(october), "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert (row["layout"], row["added"]) == (f"template:{NAME}", 3)


def test_without_a_template_the_report_is_refused_and_nothing_is_written(run, tmp_path: Path) -> None:
    september = write_report(tmp_path / "bao-cao-thang-9.docx", 9, SEPTEMBER)
    result = run("ingest", str(september))
    assert result.exit_code == 1 and "no task table" in result.output and "Nothing was changed" in result.output


def test_ingest_template_reads_every_file_with_it(run, tmp_path: Path, saved) -> None:
    september = write_report(tmp_path / "bao-cao-thang-9.docx", 9, SEPTEMBER)
    [row] = json.loads(run("ingest", "--template", NAME, str(september), "--json").output)
    assert (row["layout"], row["added"]) == (f"template:{NAME}", 5)


def test_a_forced_template_that_does_not_fit_changes_nothing(run, tmp_path: Path, saved, sqlite_url: str) -> None:
    table = tmp_path / "bang.md"
    table.write_text("| STT | Nội dung nhiệm vụ | Đơn vị chủ trì |\n|---|---|---|\n| 1 | Việc | Bộ Y tế |\n")
    result = run("ingest", "--template", NAME, str(table))
    assert result.exit_code == 1
    reason = f"it does not have the layout the template {NAME!r} reads (no table has the header it names for table 1)"
    assert f"Cannot ingest {table}: {reason}" in result.output
    assert json.loads(run("tasks", "--json").output) == []


def test_an_unknown_template_name_lists_the_known_ones(run, tmp_path: Path, saved) -> None:
    result = run("ingest", "--template", "Sở Y tế", str(tmp_path / "x.docx"))
    assert result.exit_code == 1
    assert f"No template named 'Sở Y tế' (templates: {NAME!r}). See `dondoc templates`." in result.output
    removed = run("templates", "remove", "Sở Y tế")
    assert removed.exit_code == 1 and "No template named 'Sở Y tế'" in removed.output


def test_templates_are_listed_as_a_table_or_json_and_removed(run, saved, sqlite_url: str) -> None:
    table = run("templates")
    assert table.output.splitlines()[0].split() == ["name", "issuer", "tables", "blocks", "created_at"]
    assert NAME in table.output
    [row] = json.loads(run("templates", "--json").output)
    assert (row["name"], row["issuer"], row["blocks"]) == (NAME, ISSUER, 0)
    assert row["tables"] == ["muc | cong viec | bo phan dam nhiem | han chot | ghi chu"]
    removed = run("templates", "remove", NAME)
    assert removed.exit_code == 0 and "removed; reports read with it keep their tasks" in removed.output
    assert run("templates").output.startswith("No templates yet")
    with open_database(sqlite_url)() as session:
        assert list_templates(session) == []
