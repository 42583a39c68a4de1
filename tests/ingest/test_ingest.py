"""Ingesting the real corpus: every task complete, the same task merged, re-ingest a no-op, bad files harmless."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.models import Source, Task, TaskReport
from dondoc.data.task_view import all_task_views, task_view
from dondoc.data.tasks import TaskFilter, find_tasks
from dondoc.data.units import UnitRegistry
from dondoc.ingest.layouts import UnreadableReport
from dondoc.ingest.pipeline import bundled_paths, ingest_paths
from tests.builders import SHARED, TODAY
from tests.ingest.gold import gold_misses

GOLD = SHARED / "eval" / "gold-sample.jsonl"
# Rows per document, checked against the STT sequences (see docs/corpus.md).
EXPECTED_ROWS = {"000": (670, 710), "001": (69, 69), "002": (30, 60), "003": (153, 153), "004": (35, 35)}


def _counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Source.document, func.count(TaskReport.id)).join(TaskReport).group_by(Source.document)
    )
    return {document: count for document, count in rows}


def test_every_document_yields_its_rows(corpus: Session) -> None:
    counts = {doc[:3]: n for doc, n in _counts(corpus).items()}
    for prefix, (low, high) in EXPECTED_ROWS.items():
        assert low <= counts[prefix] <= high, (prefix, counts[prefix])


def test_every_task_has_content_and_a_unit(corpus: Session) -> None:
    tasks = [task_view(t) for t in find_tasks(corpus, TaskFilter(today=TODAY), UnitRegistry.load())]
    assert len(tasks) > 900
    assert all(t.content.strip() and t.lead_units for t in tasks)


def test_the_same_task_in_two_national_reports_is_one_task_with_two_reports(corpus: Session) -> None:
    prefix = "Khẩn trương hoàn thiện Hệ thống thông tin về nhà ở"
    [task] = [t for t in corpus.scalars(select(Task)) if t.content.startswith(prefix)]
    assert sorted(r.source.document[:3] for r in task.reports) == ["000", "001"]
    # 000 is the later report: its status is the task's current one.
    assert task.status == next(r.status for r in task.reports if r.source.document.startswith("000"))


def test_a_city_report_keeps_its_own_status(corpus: Session) -> None:
    """HCMC's report gives the city's progress, which must not overwrite the national status."""
    tasks = [t for t in corpus.scalars(select(Task)) if any(r.source.document.startswith("004") for r in t.reports)]
    assert len(tasks) == 35
    assert all({r.source.document[:3] for r in t.reports} == {"004"} for t in tasks)


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/eval is not beside the checkout")
def test_gold_records_match(corpus: Session) -> None:
    """≥ 95% of hand-checked records match on content, lead units, due date and status."""
    misses, total = gold_misses(corpus, UnitRegistry.load(), GOLD)
    assert len(misses) <= 0.05 * total, misses


def test_ingesting_again_changes_nothing(sessions: sessionmaker[Session], registry: UnitRegistry) -> None:
    with transaction(sessions) as session:
        first = ingest_paths(session, bundled_paths(), registry)
        tasks = session.scalar(select(func.count(Task.id)))
    with transaction(sessions) as session:
        second = ingest_paths(session, bundled_paths(), registry)
        assert session.scalar(select(func.count(Task.id))) == tasks
    assert [s.total for s in second] == [s.unchanged for s in second] == [s.total for s in first]


def test_a_changed_report_updates_rows_in_place(
    sessions: sessionmaker[Session], registry: UnitRegistry, tmp_path: Path
) -> None:
    original = next(p for p in bundled_paths() if p.name.startswith("004"))
    with transaction(sessions) as session:
        ingest_paths(session, [original], registry)
    edited = tmp_path / original.name
    lines = original.read_text(encoding="utf-8").splitlines()
    assert lines[1233].startswith("Triển khai đào tạo tập huấn")
    lines[1233] = lines[1233].replace("đào tạo tập huấn", "đào tạo, tập huấn")
    edited.write_text("\n".join(lines), encoding="utf-8")
    with transaction(sessions) as session:
        [summary] = ingest_paths(session, [edited], registry)
        assert (summary.updated, summary.added, summary.removed) == (1, 0, 0)
        assert session.scalar(select(func.count(Task.id))) == 35
        assert session.scalar(select(func.count(Task.id)).where(Task.content.like("Triển khai đào tạo, tập huấn%")))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xff\xfe\x00garbage", "not a UTF-8 text report"),
        ("Biên bản họp chi bộ\nKhông có bảng nhiệm vụ nào.\n".encode(), "not one of the known report layouts"),
    ],
)
def test_a_broken_file_leaves_the_database_as_it_was(
    sessions: sessionmaker[Session], registry: UnitRegistry, tmp_path: Path, content: bytes, reason: str
) -> None:
    good = next(p for p in bundled_paths() if p.name.startswith("003"))
    with transaction(sessions) as session:
        ingest_paths(session, [good], registry)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(content)
    with pytest.raises(UnreadableReport, match=reason), transaction(sessions) as session:
        ingest_paths(session, [bundled_paths()[0], broken], registry)
    with sessions() as session:
        assert _counts(session) == {good.name: 153}


def test_bulk_loader_gives_the_same_tasks_as_the_orm(corpus: Session) -> None:
    expected = sorted(
        (task_view(t) for t in find_tasks(corpus, TaskFilter(today=TODAY), UnitRegistry.load())),
        key=lambda t: t.id,
    )
    assert all_task_views(corpus) == expected


def test_a_deadline_written_in_the_task_is_its_deadline_when_the_cell_is_empty(
    sessions: sessionmaker[Session], registry: UnitRegistry, tmp_path: Path
) -> None:
    table = tmp_path / "bang.md"
    table.write_text(
        "| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời hạn |\n|---|---|---|---|\n"
        "| 1 | Xây dựng Kế hoạch sổ sức khỏe điện tử, hoàn thành trong tháng 6 năm 2024 | Bộ Y tế |  |\n"
        "| 2 | Theo tiến độ của Nghị quyết số 50/NQ-CP ngày 08/4/2022, kết nối dữ liệu y tế | Bộ Y tế |  |\n",
        encoding="utf-8",
    )
    with transaction(sessions) as session:
        ingest_paths(session, [table], registry)
    with sessions() as session:
        tasks = {t.content[:8]: t for t in session.scalars(select(Task))}
    assert (tasks["Xây dựng"].deadline_due, tasks["Xây dựng"].deadline_source) == (date(2024, 6, 30), "text")
    assert tasks["Theo tiế"].deadline_due is None
