"""The ingested reports: listed newest first with their counts, and what each said about a task."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.models import Source, TaskReport
from dondoc.data.sources import reports_about, source_documents, source_ids, source_summaries


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
    assert source_documents(corpus) == [s.document for s in summaries]


def test_a_tasks_reports_come_oldest_first_as_each_wrote_them(corpus: Session) -> None:
    mentioned = Counter(corpus.scalars(select(TaskReport.task_id)))
    task_id = next(task_id for task_id, count in mentioned.most_common() if count >= 2)
    lines = reports_about(corpus, task_id)
    assert len(lines) == mentioned[task_id]
    assert [line.issued or date.min for line in lines] == sorted(line.issued or date.min for line in lines)
    stored = {(r.line, r.content) for r in corpus.scalars(select(TaskReport).where(TaskReport.task_id == task_id))}
    assert {(line.line, line.content) for line in lines} == stored and all(line.title for line in lines)
    assert reports_about(corpus, 10**6) == []
