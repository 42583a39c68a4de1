"""The ingested reports: listed newest first with their counts, and what each said about a task."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.models import Source, TaskReport
from dondoc.data.sources import (
    reports_about,
    source_ids,
    source_names,
    source_summaries,
    sources_named,
)


def test_each_report_is_listed_newest_first_with_its_rows_and_tasks(corpus: Session) -> None:
    summaries = source_summaries(corpus)
    reports = corpus.execute(select(TaskReport.source_id, TaskReport.task_id)).all()
    sources = {source.document: source.id for source in corpus.scalars(select(Source))}
    rows = Counter(source_id for source_id, _ in reports)
    tasks = Counter(source_id for source_id, _ in set(reports))
    assert len(summaries) == 5 and len(source_ids(corpus)) == 5
    assert [(s.rows, s.tasks) for s in summaries] == [
        (rows[sources[s.document]], tasks[sources[s.document]]) for s in summaries
    ]
    issued = [s.issued for s in summaries]
    assert issued == sorted(issued, key=lambda day: day or date.min, reverse=True)
    assert source_names(corpus) == [(s.document, s.name) for s in summaries]


def test_a_tasks_reports_come_oldest_first_as_each_wrote_them(corpus: Session) -> None:
    mentioned = Counter(corpus.scalars(select(TaskReport.task_id)))
    task_id = next(task_id for task_id, count in mentioned.most_common() if count >= 2)
    lines = reports_about(corpus, task_id)
    assert len(lines) == mentioned[task_id]
    assert [line.issued or date.min for line in lines] == sorted(line.issued or date.min for line in lines)
    stored = {(r.line, r.content) for r in corpus.scalars(select(TaskReport).where(TaskReport.task_id == task_id))}
    assert {(line.line, line.content) for line in lines} == stored and all(line.title for line in lines)
    assert len({line.name for line in lines}) > 1 and not any(line.name.endswith(".txt") for line in lines)
    assert reports_about(corpus, 10**6) == []


def test_the_bundled_reports_are_named_as_officials_name_them(corpus: Session) -> None:
    names = {document[:3]: name for document, name in source_names(corpus)}
    assert names == {
        "000": "Phụ lục 03: Kết quả triển khai các nhiệm vụ của Đề án 06/CP",
        "003": "Chỉ thị 07/CT-TTg ngày 14/03/2025",
        "004": "Phụ lục I: Kết quả triển khai Đề án 06 trên địa bàn Thành phố Hồ Chí Minh năm 2024",
        "002": "Đánh giá các nhóm tiện ích Đề án 06 (nhóm DVC, kinh tế, công dân số, kết nối, chỉ đạo…",
        "001": "Báo cáo 230/BC-TCTTKĐA ngày 31/01/2024",
    }
    assert list(names) == ["000", "003", "004", "002", "001"]  # newest first
    assert sources_named(corpus, ("bc-230",)) == ("001_ac39c7003030bd12.txt",)
    assert sources_named(corpus, ("ct-7", "tb-624")) == ("003_8e26280b7b37d2bb.txt",)
