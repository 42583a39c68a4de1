"""Reports and a province's units by name, on the bundled corpus plus ../shared/corpus-extra (Thông báo 624,
Nghị quyết 03's appendix, Hà Nội's Kế hoạch 308): a report named by its number lists its tasks for the unit
asked, a city's department and police are found, a task several reports hold cites them all."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dondoc.config import Settings
from dondoc.conversation.answer_text import answer_text
from dondoc.conversation.chat_text import task_details
from dondoc.data.db import open_database, transaction
from dondoc.data.task_view import TaskView
from dondoc.data.units import UnitRegistry
from dondoc.index.embedders import HashEmbedder
from dondoc.index.service import SearchService
from dondoc.ingest.pipeline import ingest_paths

SHARED = Path(os.environ.get("DONDOC_SHARED") or Path(__file__).parents[2].parent / "shared")
EXTRA = sorted((SHARED / "corpus-extra").glob("1*.txt"))
pytestmark = pytest.mark.skipif(not EXTRA, reason="../shared/corpus-extra is not beside the checkout")
TODAY = date(2026, 12, 7)
TB624 = "Thông báo 624/TB-VPCP ngày 16/11/2025"


@pytest.fixture(scope="module")
def service(
    corpus_url: str, tmp_path_factory: pytest.TempPathFactory, registry: UnitRegistry
) -> Iterator[SearchService]:
    """The bundled corpus plus the three extra reports, searched with hash vectors."""
    directory = tmp_path_factory.mktemp("extra-search")
    shutil.copy(corpus_url.removeprefix("sqlite:///"), directory / "dondoc.db")
    settings = Settings(data_dir=directory, database_url=f"sqlite:///{directory / 'dondoc.db'}", embedder="hash")
    sessions = open_database(settings.database_url)
    with transaction(sessions) as session:
        ingest_paths(session, EXTRA, registry)
    yield SearchService.open(settings, sessions, registry, embedder=HashEmbedder())
    sessions.kw["bind"].dispose()


def _reports(task: TaskView) -> set[str]:
    return set(task.reports)


def test_a_report_named_by_its_number_lists_its_tasks_for_the_unit(service: SearchService) -> None:
    answer = service.ask("Những việc mà Thông báo 624 giao cho Bộ Giáo dục và Đào tạo là gì?", TODAY, limit=100)
    assert answer.listing and answer.results
    assert all(TB624 in _reports(r.task) for r in answer.results)
    own = [r.task for r in answer.results if r.task.id not in answer.shared]
    assert own and all("Bộ Giáo dục và Đào tạo" in t.lead_units for t in own)
    assert answer_text(answer).startswith(f"{TB624} giao Bộ Giáo dục và Đào tạo {len(own)} nhiệm vụ")


def test_a_report_read_with_nothing_for_a_unit_says_so_and_one_unknown_does_not(service: SearchService) -> None:
    known = answer_text(service.ask("TB 624/TB-VPCP có giao riêng cho Kiểm toán Nhà nước việc gì không?", TODAY))
    assert known.startswith(f"{TB624} không giao đích danh Kiểm toán Nhà nước nhiệm vụ nào")
    unknown = answer_text(service.ask("Theo Thông báo 625/TB-VPCP Bộ Y tế phải làm gì?", TODAY))
    assert unknown.startswith("Chưa có báo cáo Thông báo 625 trong dữ liệu") and "không giao" not in unknown


def test_a_citys_department_is_found_by_its_short_name_and_never_taken_for_a_ministry(service: SearchService) -> None:
    answer = service.ask("Sở KH&CN TP Hà Nội phải làm những gì?", TODAY, limit=50)
    assert answer.reading.units == ("Sở Khoa học và Công nghệ thành phố Hà Nội",)
    assert answer.results and all("Sở Khoa học và Công nghệ" in r.task.lead_units[0] for r in answer.results)
    assert all(r.task.lead_units != ("Bộ Khoa học và Công nghệ",) for r in answer.results)


def test_a_citys_police_is_found_with_the_city_named_or_its_plan(service: SearchService) -> None:
    by_city = service.ask("Công an thành phố Hà Nội được giao những nhiệm vụ gì?", TODAY, limit=50)
    by_plan = service.ask("Kế hoạch 308 giao công an thành phố bao nhiêu việc?", TODAY, limit=50)
    for answer in (by_city, by_plan):
        assert answer.results and {r.task.lead_units[0] for r in answer.results} == {"Công an Thành phố Hà Nội"}
    assert {r.task.id for r in by_city.results} == {r.task.id for r in by_plan.results}


def test_a_police_abbreviation_in_another_citys_plan_is_that_citys_police(service: SearchService) -> None:
    # "CATP" is Hồ Chí Minh City's police in the registry; in Hà Nội's plan it is Hà Nội's.
    answer = service.ask("Kế hoạch 308 của TP HN giao CATP làm gì về dữ liệu dân cư?", TODAY, limit=50)
    assert answer.reading.units == ("Công an Thành phố Hà Nội",)
    assert answer.results and all(r.task.lead_units[0] == "Công an Thành phố Hà Nội" for r in answer.results)


def test_a_department_with_nothing_on_a_topic_shows_its_own_tasks_then_its_citys(service: SearchService) -> None:
    answer = service.ask("Sở Khoa học và Công nghệ Hà Nội làm gì về an ninh mạng?", TODAY, limit=100)
    department = "Sở Khoa học và Công nghệ thành phố Hà Nội"
    assert answer.widened_to == (department, "Thành phố Hà Nội")
    assert answer_text(answer).startswith(
        f"{department} không có nhiệm vụ nào về “an ninh mạng”; đây là các nhiệm vụ của {department}, rồi của "
        "Thành phố Hà Nội:"
    )
    own = [r.task.lead_units[0] == department for r in answer.results]
    assert own[0] and own == sorted(own, reverse=True)
    city = answer.results[own.index(False)].task
    assert "an ninh mạng" in city.content


def test_a_task_several_reports_hold_cites_them_all(service: SearchService) -> None:
    merged = next(t for t in service.engine.catalog.tasks if len(_reports(t)) > 1 and TB624 in _reports(t))
    details = task_details(merged, TODAY)
    assert all(f"• {name} — " in details for name in _reports(merged))
    assert not any(source.document in details for source in merged.sources)  # never a file name
