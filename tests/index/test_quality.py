"""Retrieval quality with the shipped model: the bars of the eval, on the public sample and our dev questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.index.evaluation import evaluate_service, load_questions

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT.parent / "shared" / "eval" / "questions-sample.jsonl"
DEV = ROOT / "bench" / "dev-questions.jsonl"

pytestmark = pytest.mark.model


def _overall(service, questions) -> dict[str, float]:
    report = evaluate_service(service, questions, [service.fusion])[service.fusion]
    return report.summary()["overall"]


# The sample's bar is lower: "chưa hoàn thành" counts tasks in progress too (issue 11), so q000-22 no longer
# gets, from a filter on status "not_done" alone, a task its topic does not match (Recall@10 0.856 -> 0.843);
# a deadline listing puts named units before whole groups (0.843 -> 0.883).
@pytest.mark.parametrize(("path", "recall"), [(SAMPLE, 0.88), (DEV, 0.9)], ids=["sample", "dev"])
def test_hit5_and_recall10_with_and_without_diacritics(model_service, path: Path, recall: float) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not next to this checkout")
    questions = load_questions(path)
    accented = _overall(model_service, questions)
    plain = _overall(model_service, [q.folded() for q in questions])
    assert accented["hit5"] >= 0.9
    assert accented["recall10"] >= recall
    assert abs(accented["hit5"] - plain["hit5"]) <= 0.05
    assert abs(accented["recall10"] - plain["recall10"]) <= 0.05


def test_a_question_needing_no_ranking_is_not_embedded(model_service, monkeypatch) -> None:
    from datetime import date

    def refuse(_text: str):
        raise AssertionError("a listing question must not be embedded")

    monkeypatch.setattr(model_service.engine.embedder, "embed_query", refuse)
    answer = model_service.ask("Nhiệm vụ nào của Bộ Y tế còn chậm?", date(2026, 11, 23))
    assert answer.listing and answer.total > 0
