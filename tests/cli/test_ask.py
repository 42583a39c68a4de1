"""`dondoc ask`: one question or a batch, as text or JSON, judged by --today."""

from __future__ import annotations

import json
from pathlib import Path


def test_json_answer_has_the_documented_shape(corpus_cli) -> None:
    result = corpus_cli("ask", "Nhiệm vụ nào của Bộ Y tế còn chậm?", "--today", "2026-11-23", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"query", "understood", "results", "answer"}
    assert set(data["understood"]) >= {"units", "status", "overdue", "due_from", "due_to", "documents", "topic"}
    assert data["understood"]["units"] == ["Bộ Y tế"] and data["understood"]["overdue"] is True
    assert data["results"] and set(data["results"][0]) == {"task", "score"}
    assert {"id", "content", "lead_units", "deadline", "status", "sources"} <= set(data["results"][0]["task"])
    assert all(r["task"]["deadline"]["due"] < "2026-11-23" for r in data["results"])
    assert "Bộ Y tế" in data["answer"]


def test_today_changes_what_is_late(corpus_cli) -> None:
    early = json.loads(corpus_cli("ask", "bo y te con cham viec gi", "--today", "2024-01-01", "--json").output)
    late = json.loads(corpus_cli("ask", "bo y te con cham viec gi", "--today", "2026-11-23", "--json").output)
    assert 0 < early["total"] < late["total"]


def test_text_answer_and_paging(corpus_cli) -> None:
    result = corpus_cli("ask", "Bộ Công an còn chậm gì?", "--today", "2026-11-23", "--limit", "3", "--offset", "3")
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith("4. ")
    assert "Đang hiện 4–6 trên" in result.output


def test_batch_writes_one_json_line_per_question(corpus_cli, tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    lines = [
        {"id": "a", "q": "Chỉ thị 07 giao Bộ Y tế làm gì?", "today": "2026-11-23"},
        {"id": "b", "q": "", "today": "2026-11-23"},
        {"id": "c", "q": "Bộ Hàng hải còn chậm gì?"},
    ]
    batch.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    result = corpus_cli("ask", "--batch", str(batch), "--json", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a["id"] for a in answers] == ["a", "b", "c"]
    assert answers[0]["understood"]["documents"] == ["ct-7"] and answers[0]["results"]
    assert "Ví dụ" in answers[1]["answer"]
    assert "Không tìm thấy đơn vị" in answers[2]["answer"]


def test_bad_usage(corpus_cli, tmp_path: Path) -> None:
    assert corpus_cli("ask").exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = corpus_cli("ask", "--batch", str(bad), "--json")
    assert result.exit_code == 1
    assert "line 1 is not a JSON object" in result.output
    assert corpus_cli("ask", "x", "--today", "23/11/2026").exit_code == 2


def test_an_empty_question_is_refused_with_an_example(corpus_cli) -> None:
    result = corpus_cli("ask", "   ")
    assert result.exit_code == 2
    assert "The question is empty" in result.output and 'dondoc ask "' in result.output
