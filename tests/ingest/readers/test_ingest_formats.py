"""One task table ingested as Markdown, .docx, .xlsx, .pdf and a scanned .pdf yields the same tasks."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from dondoc.data.db import open_database, transaction
from dondoc.data.task_view import task_view
from dondoc.data.tasks import TaskFilter, find_tasks
from dondoc.data.units import UnitRegistry
from dondoc.ingest.pipeline import ingest_paths
from tests.builders import TODAY
from tests.ingest.readers.conftest import (
    GROUP_1,
    GROUP_2,
    HEADER,
    NUMBER,
    TASKS,
    TITLE,
    needs_tesseract,
    write_task_xlsx,
)

_databases = itertools.count()


def write_task_markdown(path: Path) -> Path:
    """The table as a Markdown report: title, number, a pipe table with its group rows."""
    lines = [f"**{TITLE}**", "", NUMBER, "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for group, tasks in ((GROUP_1, TASKS[:2]), (GROUP_2, TASKS[2:])):
        lines.append(f"| {group} |" + " |" * (len(HEADER) - 1))
        lines += ["| " + " | ".join(task) + " |" for task in tasks]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingested(path: Path, tmp_path: Path, registry: UnitRegistry) -> set[tuple[str, tuple[str, ...], date | None, str]]:
    """The tasks an empty database holds after ingesting `path`: (content, lead units, due date, status)."""
    factory = open_database(f"sqlite:///{tmp_path / f'dondoc-{next(_databases)}.db'}")
    try:
        with transaction(factory) as session:
            ingest_paths(session, [path], registry)
        with factory() as session:
            tasks = [task_view(task) for task in find_tasks(session, TaskFilter(today=TODAY), registry)]
    finally:
        factory.kw["bind"].dispose()
    return {(" ".join(t.content.split()), tuple(sorted(t.lead_units)), t.deadline.due, t.status) for t in tasks}


@pytest.fixture(scope="module")
def from_markdown(tmp_path_factory: pytest.TempPathFactory, registry: UnitRegistry) -> set[tuple]:
    folder = tmp_path_factory.mktemp("md")
    return ingested(write_task_markdown(folder / "bao-cao.md"), folder, registry)


def test_the_markdown_table_gives_its_three_tasks(from_markdown: set[tuple]) -> None:
    assert {(content, lead, due) for content, lead, due, _ in from_markdown} == {
        ("Xây dựng Nghị định quy định về định danh điện tử", ("Bộ Công an",), date(2025, 6, 30)),
        ("Sửa đổi Thông tư hướng dẫn cấp căn cước", ("Bộ Công an",), date(2025, 12, 31)),
        ("Tích hợp dịch vụ công liên thông khai sinh, khai tử", ("Bộ Tư pháp",), date(2025, 12, 31)),
    }
    assert sorted(status for *_, status in from_markdown) == ["done", "in_progress", "not_done"]


@pytest.mark.parametrize("fixture", ["task_docx", "task_pdf"])
def test_word_and_pdf_give_the_same_tasks_as_the_text(
    fixture: str, from_markdown: set[tuple], request: pytest.FixtureRequest, tmp_path: Path, registry: UnitRegistry
) -> None:
    assert ingested(request.getfixturevalue(fixture), tmp_path, registry) == from_markdown


def test_a_workbook_gives_the_same_tasks_as_the_text(
    from_markdown: set[tuple], tmp_path: Path, registry: UnitRegistry
) -> None:
    assert ingested(write_task_xlsx(tmp_path / "bao-cao.xlsx"), tmp_path, registry) == from_markdown


@needs_tesseract
def test_a_scanned_copy_gives_the_same_tasks_by_ocr(
    scanned_pdf: Path, from_markdown: set[tuple], tmp_path: Path, registry: UnitRegistry
) -> None:
    assert ingested(scanned_pdf, tmp_path, registry) == from_markdown
