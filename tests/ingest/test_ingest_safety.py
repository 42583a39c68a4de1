"""Damaged, cut, renamed and undated copies of known reports never change what is known without a person's say."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import open_database, transaction
from dondoc.data.models import Source, Task
from dondoc.data.units import UnitRegistry
from dondoc.ingest.pipeline import IngestHeld, bundled_paths, ingest_paths, preview_ingest
from dondoc.ingest.preview import snapshot

NATIONAL = next(p for p in bundled_paths() if p.name.startswith("000"))


@pytest.fixture
def known(corpus_copy: str) -> Iterator[sessionmaker[Session]]:
    """A private copy of the ingested bundled corpus."""
    factory = open_database(corpus_copy)
    yield factory
    factory.kw["bind"].dispose()


def _state(sessions: sessionmaker[Session]) -> tuple[int, dict[int, dict[str, object]]]:
    with sessions() as session:
        return session.scalar(select(func.count(Source.id))), snapshot(session)


def _lines() -> list[str]:
    return NATIONAL.read_text(encoding="utf-8").splitlines()


def test_a_shuffled_copy_is_held_back_and_changes_nothing(
    known: sessionmaker[Session], registry: UnitRegistry, tmp_path: Path
) -> None:
    lines = _lines()
    random.Random(7).shuffle(lines)
    shuffled = tmp_path / "bao-cao-moi.txt"
    shuffled.write_text("\n".join(lines), encoding="utf-8")
    before = _state(known)
    held = r"bao-cao-moi\.txt: .*(middle of a sentence|only)"
    with pytest.raises(IngestHeld, match=held), transaction(known) as session:
        ingest_paths(session, [shuffled], registry)
    assert _state(known) == before


def test_the_first_half_cut_mid_row_is_held_back_and_a_cut_row_is_never_stored(
    known: sessionmaker[Session], registry: UnitRegistry, tmp_path: Path
) -> None:
    lines = _lines()[: len(_lines()) // 2]
    lines[-1] = lines[-1][: len(lines[-1]) // 2]
    cut = tmp_path / "phu-luc-03-phan-1.txt"
    cut.write_text("\n".join(lines), encoding="utf-8")
    before = _state(known)
    with pytest.raises(IngestHeld, match="no responsible unit or a cut content"), transaction(known) as session:
        ingest_paths(session, [cut], registry)
    assert _state(known) == before
    with transaction(known) as session:
        ingest_paths(session, [cut], registry, force=True)
    with known() as session:
        assert session.scalar(select(func.count(Task.id)).where(Task.content == "")) == 0
        assert all(task["lead_units"] for task in snapshot(session).values())


def test_the_same_report_under_another_name_with_a_bom_is_the_known_source(
    known: sessionmaker[Session], registry: UnitRegistry, tmp_path: Path
) -> None:
    renamed = tmp_path / "PL03 ban sao.txt"
    renamed.write_bytes(b"\xef\xbb\xbf" + NATIONAL.read_text(encoding="utf-8").replace("\n", "\r\n").encode())
    before = _state(known)
    with transaction(known) as session:
        [summary] = ingest_paths(session, [renamed], registry)
    assert (summary.document, summary.added, summary.merged) == (NATIONAL.name, 0, 0)
    assert _state(known) == before


def test_an_undated_report_never_outranks_a_dated_one(
    known: sessionmaker[Session], registry: UnitRegistry, tmp_path: Path
) -> None:
    with known() as session:
        task = next(t for t in session.scalars(select(Task)) if t.deadline_due and len(t.reports) == 1)
        unit = task.units[0].unit.name
        content, due = task.content, task.deadline_due
    table = tmp_path / "bang-khong-ngay.md"
    table.write_text(
        "| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời hạn |\n|---|---|---|---|\n"
        f"| 1 | {content} | {unit} | 12/2030 |\n",
        encoding="utf-8",
    )
    preview = preview_ingest(known, [table], registry)
    assert (preview.added, preview.changed, preview.held) == ([], [], [])
    assert preview.documents[0].issued is None
    with transaction(known) as session:
        ingest_paths(session, [table], registry)
    with known() as session:
        assert session.scalar(select(Task.deadline_due).where(Task.content == content)) == due
