"""One call ingests a report and the running search index follows at once, whichever front end calls it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from dondoc.config import Settings
from dondoc.data.db import open_database
from dondoc.data.units import UnitRegistry
from dondoc.index.embedders import HashEmbedder
from dondoc.index.refresh import ingest_and_refresh
from dondoc.index.service import SearchService
from dondoc.ingest.pipeline import IngestHeld

TODAY = date(2026, 11, 23)
FIRST = (
    "**KẾ HOẠCH CHUYỂN ĐỔI SỐ NGÀNH Y TẾ NĂM 2027**\n\n"
    "| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời hạn |\n|---|---|---|---|\n"
    "| 1 | Xây dựng kho dữ liệu bệnh án điện tử liên thông toàn quốc | Bộ Y tế | 30/06/2027 |\n"
)
SECOND = (
    "**KẾ HOẠCH PHÁT TRIỂN KHINH KHÍ CẦU NĂM 2027**\n\n"
    "| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời hạn |\n|---|---|---|---|\n"
    "| 1 | Thử nghiệm khinh khí cầu giám sát rừng phòng hộ | Bộ Nông nghiệp và Môi trường | 31/12/2027 |\n"
)


@pytest.fixture
def database(tmp_path: Path, corpus_url: str) -> Iterator[tuple[Settings, sessionmaker[Session]]]:
    """A private copy of the ingested corpus (a search over a handful of tasks finds nothing rare enough)."""
    shutil.copy(corpus_url.removeprefix("sqlite:///"), tmp_path / "dondoc.db")
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'dondoc.db'}", embedder="hash")
    sessions = open_database(settings.database_url)
    yield settings, sessions
    sessions.kw["bind"].dispose()


def _report(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _found(service: SearchService, question: str) -> list[str]:
    return [result.task.content for result in service.ask(question, TODAY).results]


def test_a_running_index_answers_with_the_new_tasks_at_once(
    database, tmp_path: Path, registry: UnitRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dondoc.index.service.FRESHNESS_SECONDS", 3600.0)  # not its own periodic check
    settings, sessions = database
    service = SearchService.open(settings, sessions, registry, embedder=HashEmbedder())
    assert not _found(service, "khinh khí cầu")
    ingested = ingest_and_refresh(sessions, [_report(tmp_path, "khi-cau.md", SECOND)], registry, service)
    assert [(s.document, s.added) for s in ingested.summaries] == [("khi-cau.md", 1)]
    assert len(ingested.new_sources) == 1
    assert _found(service, "khinh khí cầu")[:1] == ["Thử nghiệm khinh khí cầu giám sát rừng phòng hộ"]
    again = ingest_and_refresh(sessions, [tmp_path / "khi-cau.md"], registry, service)
    assert again.new_sources == frozenset() and again.summaries[0].unchanged == 1


def test_an_index_not_opened_yet_is_opened_and_saved(database, tmp_path: Path, registry: UnitRegistry) -> None:
    """What `dondoc ingest` does: the saved index follows, so the next process starts from it."""
    settings, sessions = database
    index = SearchService(settings, sessions, registry, embedder=HashEmbedder())
    ingest_and_refresh(sessions, [_report(tmp_path, "y-te.md", FIRST)], registry, index)
    assert _found(index, "kho dữ liệu bệnh án điện tử liên thông")[:1] == [
        "Xây dựng kho dữ liệu bệnh án điện tử liên thông toàn quốc"
    ]
    assert index.store.state_path.exists()


def test_a_held_report_changes_nothing_and_leaves_the_index_alone(
    database, tmp_path: Path, registry: UnitRegistry
) -> None:
    _settings, sessions = database

    class Index:
        refreshed = 0

        def refresh(self) -> None:
            self.refreshed += 1

    index = Index()
    unit_less = FIRST.replace("| Bộ Y tế |", "|  |").replace("Xây dựng kho", "Rà soát kho")
    with pytest.raises(IngestHeld):
        ingest_and_refresh(sessions, [_report(tmp_path, "thieu-don-vi.md", unit_less)], registry, index)
    assert index.refreshed == 0
    assert ingest_and_refresh(sessions, [tmp_path / "thieu-don-vi.md"], registry, index, force=True).new_sources
    assert index.refreshed == 1
