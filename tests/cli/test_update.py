"""`dondoc update` end to end: an update survives an older report, a newer report wins, the history says it all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from dondoc.cli import main
from dondoc.data.db import open_database, transaction
from dondoc.data.models import Task
from dondoc.data.units import UnitRegistry
from dondoc.followup.history import overridden_updates
from dondoc.ingest.pipeline import bundled_paths, ingest_paths

BUNDLED = {path.name[:3]: path for path in bundled_paths()}
PASSPORT_TASK = "Nghiên cứu, hoàn thiện về quy trình, thủ tục, căn cứ pháp lý triển khai thí điểm tại tỉnh Thừa Thiên"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dondoc.db'}")
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    invoke.url = f"sqlite:///{tmp_path / 'dondoc.db'}"
    return invoke


def _ingest(url: str, path: Path, registry: UnitRegistry, force: bool = False) -> None:
    """Ingest through the library (the CLI verb would also rebuild the search index, which is not tested here).

    `force`: confirm a report that reopens done tasks (ingest holds such a report back otherwise).
    """
    factory = open_database(url)
    with transaction(factory) as session:
        ingest_paths(session, [path], registry, force=force)
    factory.kw["bind"].dispose()


def _task(url: str) -> Task:
    factory = open_database(url)
    with factory() as session:
        task = session.scalars(select(Task).where(Task.content.startswith(PASSPORT_TASK))).one()
    factory.kw["bind"].dispose()
    return task


def test_an_update_survives_an_older_report_and_yields_to_a_newer_one(
    run, tmp_path: Path, registry: UnitRegistry
) -> None:
    _ingest(run.url, BUNDLED["001"], registry)  # report of 31/01/2024: not done
    task = _task(run.url)
    assert task.status == "not_done"

    result = run(
        "update", str(task.id), "--status", "blocked", "--note", "Chờ Bộ Tư pháp cho ý kiến (CV 88/BCA)",
        "--by", "Cục C06", "--date", "2026-12-02",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.output == (
        f"Task {task.id}: Chưa hoàn thành → Gặp vướng mắc (02/12/2026). See `dondoc history {task.id}`.\n"
    )

    _ingest(run.url, BUNDLED["000"], registry)  # issued 15/04/2025, before the update: it says done, the update stands
    assert _task(run.url).status == "in_progress"

    newer = tmp_path / "005_bao_cao_thang_01_2027.txt"
    newer.write_text(
        BUNDLED["001"].read_text(encoding="utf-8").replace("ngày 31 tháng 01 năm 2024", "ngày 05 tháng 01 năm 2027"),
        encoding="utf-8",
    )
    _ingest(run.url, newer, registry, force=True)  # issued 05/01/2027: not done, and newer than the update, so it wins
    assert _task(run.url).status == "not_done"

    history = json.loads(run("history", str(task.id), "--json").output)
    assert {"deadline", "units"} <= {e["field"] for e in history}  # what 000 changed is kept too
    events = [e for e in history if e["field"] == "status"]
    assert [(e["channel"], e["as_of"], e["old"], e["new"]) for e in events] == [
        ("report", "2024-01-31", None, "not_done"),
        ("cli", "2026-12-02", "not_done", "blocked"),
        ("report", "2027-01-05", "in_progress", "not_done"),
    ]
    assert events[1]["actor"] == "Cục C06" and events[2]["supersedes"] == events[1]["id"]
    factory = open_database(run.url)
    with factory() as session:
        assert [e.id for e in overridden_updates(session)] == [events[2]["id"]]
    factory.kw["bind"].dispose()


def test_the_same_update_twice_is_recorded_once(run, registry: UnitRegistry) -> None:
    _ingest(run.url, BUNDLED["003"], registry)
    first = json.loads(run("tasks", "--limit", "1", "--json").output)[0]["id"]
    args = ("update", str(first), "--status", "done", "--note", "CV 12/VPCP", "--date", "2026-12-02")
    assert run(*args).exit_code == 0
    again = run(*args)
    assert (again.exit_code, again.output) == (0, f"Task {first}: this update was already recorded; nothing changed.\n")
    assert len(json.loads(run("history", str(first), "--json").output)) == 2  # the report's, and this one


def test_an_unknown_task_is_one_line_and_exit_1(run) -> None:
    result = run("update", "4242", "--status", "done")
    assert (result.exit_code, result.output) == (1, "Error: No task with id 4242. See `dondoc tasks`.\n")
