"""`dondoc eval`: Hit@5, Recall@10 and MRR on a question file, per kind, with and without diacritics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dondoc.cli import main
from dondoc.data.task_view import TaskSource, TaskView
from dondoc.index.evaluation import hits, score
from dondoc.nlp.dates import NO_DEADLINE


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    path = tmp_path / "q.jsonl"
    records = [
        {"id": "u1", "q": "Chỉ thị 07 giao Bộ Y tế làm gì?", "today": "2026-11-23", "kind": "document",
         "expected": [{"doc": "003_8e26280b7b37d2bb.txt", "content_prefix": "Xây dựng giải pháp, công cụ"}]},
        {"id": "u2", "q": "luật bảo vệ dữ liệu cá nhân", "today": "2026-11-23", "kind": "topic",
         "expected": ["Sớm nghiên cứu, xây dựng và trình Quốc hội ban hành Luật Bảo vệ dữ liệu cá nhân"]},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return path


def test_eval_prints_metrics_per_kind_and_without_diacritics(corpus_cli, questions: Path) -> None:
    result = corpus_cli("eval", str(questions))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["run", "kind", "n", "Hit@5", "R@10", "MRR"]
    overall = next(line for line in lines if line.split()[:2] == ["weighted", "overall"])
    assert overall.split()[2:5] == ["2", "1.000", "1.000"]
    assert any("no diacritics" in line and "document" in line for line in lines)


def test_eval_json_compares_fusions(corpus_cli, questions: Path) -> None:
    data = json.loads(corpus_cli("eval", str(questions), "--fusion", "all", "--no-folded", "--json").output)
    assert {row["run"] for row in data["summary"]} == {"dense", "bm25", "weighted", "rrf"}


def test_bad_question_file(corpus_cli, tmp_path: Path) -> None:
    result = corpus_cli("eval", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 1
    assert "Cannot read" in result.output


def _task(task_id: int, content: str, *documents: str) -> TaskView:
    return TaskView(
        task_id,
        content,
        (),
        (),
        (),
        (),
        NO_DEADLINE,
        "unknown",
        None,
        tuple(TaskSource(document, document) for document in documents),
    )


def test_matcher_compares_normalised_prefixes_and_documents() -> None:
    task = _task(1, "Kết nối,  chia sẻ\ndữ liệu", "001.txt")
    assert hits(task, "Kết nối, chia sẻ dữ")
    assert hits(task, {"doc": "001.txt", "content_prefix": "Kết nối"})
    assert not hits(task, {"doc": "003.txt", "content_prefix": "Kết nối"})
    assert not hits(task, "Kết nối dữ liệu")
    found = score([task, _task(2, "khác")], ["Kết nối", "khác", "không có"])
    assert (found.hit5, round(found.recall10, 3), found.rr) == (1.0, 0.667, 1.0)


def test_eval_on_an_empty_database_says_to_ingest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, questions: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DONDOC_EMBEDDER", "hash")
    result = CliRunner().invoke(main, ["eval", str(questions)])
    assert result.exit_code == 1
    assert "no tasks" in result.output and "dondoc ingest" in result.output
