"""`dondoc ask`: one question or a batch, as text or JSON, judged by --today."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dondoc.cli import main


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_url: str):
    monkeypatch.setenv("DATABASE_URL", corpus_url)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DONDOC_EMBEDDER", "hash")  # no model needed for what these tests check

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_json_answer_has_the_documented_shape(run) -> None:
    result = run("ask", "Nhiệm vụ nào của Bộ Y tế còn chậm?", "--today", "2026-11-23", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"query", "understood", "results", "answer"}
    assert set(data["understood"]) >= {"units", "status", "overdue", "due_from", "due_to", "documents", "topic"}
    assert data["understood"]["units"] == ["Bộ Y tế"] and data["understood"]["overdue"] is True
    assert data["results"] and set(data["results"][0]) == {"task", "score"}
    assert {"id", "content", "lead_units", "deadline", "status", "sources"} <= set(data["results"][0]["task"])
    assert all(r["task"]["deadline"]["due"] < "2026-11-23" for r in data["results"])
    assert "Bộ Y tế" in data["answer"]


def test_today_changes_what_is_late(run) -> None:
    early = json.loads(run("ask", "bo y te con cham viec gi", "--today", "2024-01-01", "--json").output)
    late = json.loads(run("ask", "bo y te con cham viec gi", "--today", "2026-11-23", "--json").output)
    assert 0 < early["total"] < late["total"]


def test_text_answer_and_paging(run) -> None:
    result = run("ask", "Bộ Công an còn chậm gì?", "--today", "2026-11-23", "--limit", "3", "--offset", "3")
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith("4. ")
    assert "Đang hiện 4–6 trên" in result.output


def test_batch_writes_one_json_line_per_question(run, tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    lines = [
        {"id": "a", "q": "Chỉ thị 07 giao Bộ Y tế làm gì?", "today": "2026-11-23"},
        {"id": "b", "q": "", "today": "2026-11-23"},
        {"id": "c", "q": "Bộ Hàng hải còn chậm gì?"},
    ]
    batch.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    result = run("ask", "--batch", str(batch), "--json", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a["id"] for a in answers] == ["a", "b", "c"]
    assert answers[0]["understood"]["documents"] == ["ct-7"] and answers[0]["results"]
    assert "Ví dụ" in answers[1]["answer"]
    assert "Không tìm thấy đơn vị" in answers[2]["answer"]


def test_bad_usage(run, tmp_path: Path) -> None:
    assert run("ask").exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = run("ask", "--batch", str(bad), "--json")
    assert result.exit_code == 1
    assert "line 1 is not a JSON object" in result.output
    assert run("ask", "x", "--today", "23/11/2026").exit_code == 2
