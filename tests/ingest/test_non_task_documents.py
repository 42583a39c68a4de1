"""Thirty real documents that assign no task (biographies, legal Q&A, news, law texts, statistics, speeches;
tests/fixtures/non_task/README.md) are refused with one line, and add nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.report_reader import read_report

NON_TASK = sorted((Path(__file__).parents[1] / "fixtures" / "non_task").glob("*.txt"))


def test_there_are_thirty_of_them() -> None:
    assert len(NON_TASK) == 30


@pytest.mark.parametrize("path", NON_TASK, ids=lambda path: path.stem)
def test_a_document_that_assigns_no_task_is_refused_in_one_line(path: Path, registry: UnitRegistry) -> None:
    with pytest.raises(UnreadableReport) as refused:
        read_report(path, registry)
    assert "no task" in refused.value.reason and "\n" not in refused.value.reason


def test_the_command_refuses_one_with_exit_1_and_no_traceback(corpus_cli) -> None:  # type: ignore[no-untyped-def]
    result = corpus_cli("ingest", str(NON_TASK[0]))
    assert result.exit_code == 1 and "Traceback" not in result.output and "no task" in result.output
