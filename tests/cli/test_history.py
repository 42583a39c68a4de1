"""`dondoc history`: every event of a task, from reports and updates, for people and as JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dondoc.cli import main
from dondoc.data.db import transaction
from tests.builders import add_task


@pytest.fixture
def run(empty_database):
    with transaction(empty_database) as session:
        task_id = add_task(session, status="not_done").id

    def invoke(*args: str):
        return CliRunner().invoke(main, [arg.replace("TASK", str(task_id)) for arg in args], catch_exceptions=False)

    return invoke


def test_history_lists_who_changed_what_and_when(run) -> None:
    run("update", "TASK", "--status", "in_progress", "--by", "Bộ Y tế", "--date", "2026-11-20")
    run("update", "TASK", "--status", "done", "--note", "CV 123/BYT ngày 02/12/2026", "--by", "Bộ Y tế",
        "--date", "2026-12-02")  # fmt: skip
    events = json.loads(run("history", "TASK", "--json").output)
    assert [(e["as_of"], e["field"], e["old"], e["new"], e["channel"], e["actor"]) for e in events] == [
        ("2026-11-20", "status", "not_done", "in_progress", "cli", "Bộ Y tế"),
        ("2026-12-02", "status", "in_progress", "done", "cli", "Bộ Y tế"),
    ]
    assert events[1]["note"] == "CV 123/BYT ngày 02/12/2026" and events[1]["applied"]
    table = run("history", "TASK").output.splitlines()
    assert table[0].split() == ["as_of", "field", "old", "new", "channel", "actor", "note"]
    assert "CV 123/BYT ngày 02/12/2026" in table[2]


def test_history_of_an_unknown_task_is_one_line_and_exit_1(run) -> None:
    result = run("history", "4242")
    assert (result.exit_code, result.output) == (1, "Error: No task with id 4242. See `dondoc tasks`.\n")
