"""Retrieval evaluation: Hit@5, Recall@10 and MRR over questions with expected tasks, overall and per kind."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dondoc.data.task_view import TaskView
from dondoc.nlp.text import fold, normalize

Expected = str | dict[str, str]


class BadQuestionFile(Exception):
    """Raised when a questions file is missing or a line is not a question record."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Question:
    """One eval question: what is asked, on which day, and the tasks a good answer lists."""

    id: str
    q: str
    today: date
    kind: str = "other"
    expected: tuple[Expected, ...] = ()
    expected_units: tuple[str, ...] = ()
    expected_status: str | None = None

    def folded(self) -> Question:
        """The same question typed without diacritics."""
        return Question(self.id, fold(self.q), self.today, self.kind, self.expected, self.expected_units,
                        self.expected_status)  # fmt: skip


def load_questions(path: Path, default_today: date | None = None) -> list[Question]:
    """Read a JSON-lines question file (`../shared/eval/questions-sample.jsonl` form).

    Raises:
        BadQuestionFile: the file cannot be read or a line lacks "q".
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BadQuestionFile(str(path), f"cannot read it ({error.__class__.__name__})") from None
    questions = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            today = date.fromisoformat(record["today"]) if record.get("today") else default_today or date.today()
            questions.append(
                Question(
                    id=str(record.get("id", number)),
                    q=record["q"],
                    today=today,
                    kind=record.get("kind") or "other",
                    expected=tuple(record.get("expected") or ()),
                    expected_units=tuple(record.get("expected_units") or ()),
                    expected_status=record.get("expected_status"),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise BadQuestionFile(str(path), f"line {number} is not a question record ({error})") from None
    return questions


def _key(text: str) -> str:
    return normalize(text)


def hits(task: TaskView, item: Expected) -> bool:
    """Whether a result task is an expected item: its content starts with the prefix (NFC, whitespace
    collapsed) and, when the item names a document, one of the task's sources is that document."""
    if isinstance(item, str):
        prefix, document = item, None
    else:
        prefix, document = item.get("content_prefix", ""), item.get("doc")
    if not _key(task.content).startswith(_key(prefix)):
        return False
    return document is None or document in task.documents


@dataclass(frozen=True)
class Scores:
    """The three metrics for one question."""

    hit5: float
    recall10: float
    rr: float


def score(results: Sequence[Any], expected: Iterable[Expected], match: Callable[..., bool] = hits) -> Scores:
    """Hit@5 (an expected item in the top 5), Recall@10 (share of expected items in the top 10), and
    the reciprocal rank of the first result that is an expected item.

    Args:
        results: ranked results as `match` reads them (tasks for `hits`, the baseline's chunks for its own).
    """
    expected = list(expected)
    if not expected:
        return Scores(0.0, 0.0, 0.0)
    top = results[:10]
    first = next((rank for rank, task in enumerate(top, 1) if any(match(task, item) for item in expected)), None)
    found = sum(1 for item in expected if any(match(task, item) for task in top))
    return Scores(float(first is not None and first <= 5), found / len(expected), 1.0 / first if first else 0.0)


@dataclass
class Report:
    """Mean metrics overall and per question kind, plus each question's scores."""

    per_question: dict[str, Scores] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def add(self, question: Question, scores: Scores) -> None:
        self.per_question[question.id] = scores
        self.kinds[question.id] = question.kind

    def summary(self) -> dict[str, dict[str, float]]:
        """{"overall": {...}, "<kind>": {...}} with hit5, recall10, mrr and n."""
        groups: dict[str, list[Scores]] = defaultdict(list)
        for qid, scores in self.per_question.items():
            groups["overall"].append(scores)
            groups[self.kinds[qid]].append(scores)
        return {
            name: {
                "hit5": sum(s.hit5 for s in items) / len(items),
                "recall10": sum(s.recall10 for s in items) / len(items),
                "mrr": sum(s.rr for s in items) / len(items),
                "n": len(items),
            }
            for name, items in sorted(groups.items(), key=lambda kv: (kv[0] != "overall", kv[0]))
        }


def evaluate(
    questions: list[Question],
    answer: Callable[[Question], Sequence[Any]],
    match: Callable[..., bool] = hits,
) -> Report:
    """Run every question through `answer` (which returns the ranked result tasks) and score it."""
    report = Report()
    for question in questions:
        report.add(question, score(answer(question), question.expected, match))
    return report


class _MemoQueries:
    """An embedder proxy that embeds each distinct question once, so fusions are compared on equal footing."""

    def __init__(self, embedder: Any) -> None:
        self._embedder = embedder
        self.identity, self.dim = embedder.identity, embedder.dim
        self._seen: dict[str, Any] = {}

    def embed_passages(self, texts: list[str]) -> Any:
        return self._embedder.embed_passages(texts)

    def embed_query(self, text: str) -> Any:
        if text not in self._seen:
            self._seen[text] = self._embedder.embed_query(text)
        return self._seen[text]


def evaluate_service(
    service: Any, questions: list[Question], fusions: Iterable[str], expand: bool = True
) -> dict[str, Report]:
    """Evaluate `SearchService.ask` once per fusion method (the question vectors are computed once).

    Args:
        expand: expand questions with the paraphrase lexicon, as the product does (False measures without).

    Returns:
        fusion name -> report.
    """
    engine = service.engine
    original_fusion, original_embedder, original_expand = engine.fusion, engine.embedder, engine.expand
    engine.expand = expand
    if original_embedder is not None:
        engine.embedder = _MemoQueries(original_embedder)
    reports = {}
    try:
        for fusion in fusions:
            engine.fusion = fusion
            reports[fusion] = evaluate(
                questions, lambda q: [r.task for r in service.ask(q.q, q.today, limit=10).results]
            )
    finally:
        engine.fusion, engine.embedder, engine.expand = original_fusion, original_embedder, original_expand
    return reports
