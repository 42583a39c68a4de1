"""Layout templates: stored per layout, and the next report of that layout is read with its template, alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dondoc.data.db import transaction
from dondoc.data.models import Source, Task
from dondoc.data.task_view import task_view
from dondoc.data.tasks import TaskFilter, find_tasks
from dondoc.data.units import UnitRegistry
from dondoc.ingest.mapping import Mapping, MappingError
from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.pipeline import ingest_paths, preview_ingest
from dondoc.ingest.templates import (
    InvalidTemplateName,
    Template,
    TemplateConflict,
    UnknownTemplate,
    get_template,
    list_templates,
    remove_template,
    save_template,
)
from tests.ingest.layout_reports import ISSUER, MAPPING, OCTOBER, SEPTEMBER, write_report

AT = datetime(2025, 10, 6, 9, 30, tzinfo=UTC)
NAME = "Sở KHCN Ninh Bình"


@pytest.fixture
def reports(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_report(tmp_path / "bao-cao-thang-9.docx", 9, SEPTEMBER),
        write_report(tmp_path / "bao-cao-thang-10.docx", 10, OCTOBER),
    )


def _counts(sessions) -> tuple[int, int]:
    with sessions() as session:
        return session.scalar(select(func.count(Source.id))), session.scalar(select(func.count(Task.id)))


def test_a_saved_template_is_listed_found_by_name_and_removed(sessions) -> None:
    with transaction(sessions) as session:
        save_template(session, Template(NAME, ISSUER, MAPPING), AT)
    with sessions() as session:
        [stored] = list_templates(session)
        assert get_template(session, " Sở KHCN  Ninh Bình ") == stored
    record = stored.record()
    assert (record["name"], record["issuer"], record["blocks"]) == (NAME, ISSUER, 0)
    assert record["tables"] == ["muc | cong viec | bo phan dam nhiem | han chot | ghi chu"]
    assert stored.mapping == MAPPING and stored.layout == f"template:{NAME}"
    with transaction(sessions) as session:
        remove_template(session, NAME)
    with sessions() as session:
        assert list_templates(session) == []


def test_one_template_per_layout_and_a_name_is_replaced_not_doubled(sessions) -> None:
    with transaction(sessions) as session:
        save_template(session, Template(NAME, ISSUER, MAPPING), AT)
        narrower = Mapping((replace(MAPPING.tables[0], skip_groups=()),))
        save_template(session, Template(NAME, ISSUER, narrower), AT)  # same name: replaced
        with pytest.raises(TemplateConflict) as conflict:
            save_template(session, Template("Mẫu khác", ISSUER, narrower), AT)
        assert conflict.value.other == NAME
        save_template(session, Template("Sở KHCN tỉnh khác", "UBND TỈNH KHÁC", narrower), AT)  # another issuer
    with sessions() as session:
        assert [t.name for t in list_templates(session)] == [NAME, "Sở KHCN tỉnh khác"]
        assert get_template(session, NAME).mapping == narrower


@pytest.mark.parametrize("name", ["", "   ", "x" * 31, "<script>", "a;b"])
def test_a_name_that_cannot_be_used_is_refused_and_nothing_is_saved(sessions, name: str) -> None:
    with pytest.raises(InvalidTemplateName), transaction(sessions) as session:
        save_template(session, Template(name, ISSUER, MAPPING), AT)
    with sessions() as session:
        assert list_templates(session) == []


def test_an_empty_mapping_is_not_a_template(sessions) -> None:
    with pytest.raises(MappingError), transaction(sessions) as session:
        save_template(session, Template(NAME, ISSUER, Mapping()), AT)


def test_an_unknown_name_says_which_names_there_are(sessions) -> None:
    with transaction(sessions) as session:
        save_template(session, Template(NAME, ISSUER, MAPPING), AT)
    with sessions() as session, pytest.raises(UnknownTemplate) as unknown:
        get_template(session, "Sở Y tế")
    assert unknown.value.known == [NAME]
    with pytest.raises(UnknownTemplate), transaction(sessions) as session:
        remove_template(session, "Sở Y tế")


def test_the_next_report_of_the_layout_is_read_with_the_template_alone(sessions, reports, registry: UnitRegistry):
    september, october = reports
    with pytest.raises(UnreadableReport), transaction(sessions) as session:
        ingest_paths(session, [september], registry)  # no template yet: no rule reads it
    with transaction(sessions) as session:
        forced = Template(NAME, ISSUER, MAPPING)
        [first] = ingest_paths(session, [september], registry, template=forced)
        save_template(session, forced, AT)
    assert (first.layout, first.added) == (f"template:{NAME}", 5)
    with transaction(sessions) as session:
        [second] = ingest_paths(session, [october], registry)
    assert (second.layout, second.added) == (f"template:{NAME}", 3)
    with sessions() as session:
        source = session.scalar(select(Source).where(Source.document == october.name))
        assert (source.layout, source.number, source.issued.isoformat()) == (
            f"template:{NAME}",
            "50/BC-SKHCN",
            "2025-11-05",
        )
        flt = TaskFilter(today=date(2025, 11, 10), sources=(october.name,))
        tasks = [task_view(task) for task in find_tasks(session, flt, registry)]
    assert {unit for t in tasks for unit in t.lead_units} == {  # a province's own bodies carry its name
        "Trung tâm Chuyển đổi số tỉnh Ninh Bình",
        "Văn phòng Sở tỉnh Ninh Bình",
        "Phòng Quản lý khoa học tỉnh Ninh Bình",
    }
    linked = next(t for t in tasks if t.content.startswith("Kết nối cơ sở dữ liệu sở hữu trí tuệ"))
    assert (linked.deadline.due, linked.status) == (date(2026, 2, 28), "in_progress")


def test_a_report_of_another_issuer_is_not_read_by_the_template(sessions, reports, registry, tmp_path) -> None:
    with transaction(sessions) as session:
        save_template(session, Template(NAME, "ỦY BAN NHÂN DÂN TỈNH KHÁC SỞ KHOA HỌC VÀ CÔNG NGHỆ", MAPPING), AT)
    before = _counts(sessions)
    with pytest.raises(UnreadableReport, match="no task table"), transaction(sessions) as session:
        ingest_paths(session, [reports[1]], registry)
    assert _counts(sessions) == before


def test_a_forced_template_that_does_not_fit_one_file_writes_none(sessions, reports, registry, tmp_path) -> None:
    other = tmp_path / "bang-khac.md"
    other.write_text("| STT | Nội dung | Đơn vị chủ trì | Thời hạn |\n|---|---|---|---|\n| 1 | Việc | Bộ Y tế | 2026 |")
    forced = Template(NAME, ISSUER, MAPPING)
    with (
        pytest.raises(UnreadableReport, match="does not have the layout the template") as refused,
        transaction(sessions) as session,
    ):
        ingest_paths(session, [reports[0], other], registry, template=forced)
    assert refused.value.path == str(other)
    assert _counts(sessions) == (0, 0)


def test_the_dry_run_with_a_template_counts_and_writes_nothing(sessions, reports, registry) -> None:
    preview = preview_ingest(sessions, [reports[0]], registry, Template("", ISSUER, MAPPING))
    [document] = preview.documents
    assert (document.layout, document.rows, document.confidence, preview.held) == ("mapping", 5, 1.0, [])
    assert len(preview.added) == 5
    assert _counts(sessions) == (0, 0)
