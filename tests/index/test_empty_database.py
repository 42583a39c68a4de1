"""Before the first ingest the bot says there is nothing yet, instead of a false "no overdue task"."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dondoc.cli import main


def test_asking_before_any_ingest_says_to_ingest_first(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for _ in range(2):  # the second run reopens the saved (empty) index
        result = CliRunner().invoke(main, ["ask", "BYT còn chậm gì?"], catch_exceptions=False)
        assert result.exit_code == 0
        assert "Chưa có nhiệm vụ nào trong cơ sở dữ liệu" in result.output
        assert "dondoc ingest" in result.output
