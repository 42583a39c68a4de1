"""`dondoc export`: the register has the rows of `dondoc tasks`, the states of /thongke, and opens as a proper sheet."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from dondoc.cli import main
from dondoc.data.statistics import category_rows, statistics_by_unit, statistics_for
from dondoc.data.task_view import task_views
from dondoc.data.tasks import TaskFilter, find_task_ids
from dondoc.data.units import UnitRegistry
from dondoc.output.register import TERMS

TODAY = date(2026, 12, 1)


def test_the_workbook_lists_what_tasks_lists_in_the_states_of_thongke(
    corpus_cli, tmp_path: Path, corpus: Session, registry: UnitRegistry
) -> None:
    out = tmp_path / "so-theo-doi.xlsx"
    result = corpus_cli("export", "-o", str(out), "--unit", "BYT", "--today", "2026-12-01")
    listed = json.loads(corpus_cli("tasks", "--unit", "BYT", "--today", "2026-12-01", "--json").output)
    assert result.output == f"Wrote {len(listed)} tasks to {out}.\n"

    book = openpyxl.load_workbook(out)
    sheet, summary = book.worksheets
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[9] for row in rows] == [task["id"] for task in listed]  # same tasks, same order
    # Each report that lists a task, by name, never by file: a task met in several reports shows them all.
    named = ["; ".join(dict.fromkeys(source["report"] for source in task["sources"])) for task in listed]
    assert [row[8] for row in rows] == named and any("; " in cell for cell in named)
    assert not any(".txt" in row[8] for row in rows)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:J{len(rows) + 1}"
    assert sheet.column_dimensions["B"].width >= 60
    dated = [
        (row[5], task["deadline"]["due"]) for row, task in zip(rows, listed, strict=True) if task["deadline"]["due"]
    ]
    assert dated and all(isinstance(cell, datetime) and cell.date().isoformat() == due for cell, due in dated)

    flt = TaskFilter(TODAY, units=("Bộ Y tế",))
    tasks = category_rows(task_views(corpus, find_task_ids(corpus, flt, registry).ids), TODAY)  # own and giao chung
    total = statistics_for("", tasks)
    assert Counter(row[6] for row in rows) == {
        TERMS[c]: n for c in TERMS if (n := getattr(total, c))
    }  # the four official terms, counted as /thongke counts
    by_unit = {line[0]: line[1:] for line in summary.iter_rows(min_row=2, values_only=True)}
    for figures in [*statistics_by_unit(tasks), total]:
        name = figures.unit or "Tổng cộng"
        assert by_unit[name] == (
            figures.total, figures.done_on_time, figures.done_late, figures.in_time, figures.overdue,
            figures.completion,
        )  # fmt: skip


def test_csv_has_the_same_rows_with_dates_as_officials_write_them(corpus_cli, tmp_path: Path) -> None:
    out = tmp_path / "so-theo-doi.csv"
    corpus_cli("export", "-o", str(out), "--status", "not_done", "--today", "2026-12-01")
    listed = json.loads(corpus_cli("tasks", "--status", "not_done", "--today", "2026-12-01", "--json").output)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["STT", "Nội dung nhiệm vụ", "Văn bản chỉ đạo"]
    assert len(rows) - 1 == len(listed)
    assert {row[6] for row in rows[1:]} <= {"đang thực hiện trong hạn", "quá hạn chưa hoàn thành"}
    due = next(task["deadline"]["due"] for task in listed if task["deadline"]["due"])
    assert date.fromisoformat(due).strftime("%d/%m/%Y") in {row[5] for row in rows[1:]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "so-theo-doi.pdf"), "Error: Cannot write so-theo-doi.pdf: give a file name ending in .xlsx or .csv. "
                                    "Nothing was written.\n"),
        (("-o", "x.xlsx", "--unit", "Bộ Hư cấu"), "Error: Unknown unit 'Bộ Hư cấu'."),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_1(corpus_cli, tmp_path: Path, monkeypatch, args, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = corpus_cli("export", *args)
    assert result.exit_code == 1 and result.output.startswith(message)
    assert not list(tmp_path.glob("so-theo-doi.*")) and not (tmp_path / "x.xlsx").exists()


def test_the_register_shows_each_tasks_latest_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dondoc.data.db import open_database, transaction
    from tests.builders import add_task

    url = f"sqlite:///{tmp_path / 'dondoc.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    factory = open_database(url)
    with transaction(factory) as session:
        updated, untouched = add_task(session).id, add_task(session, "Bộ Công an").id
    factory.kw["bind"].dispose()
    runner = CliRunner()
    runner.invoke(main, ["update", str(updated), "--status", "done", "--note", "CV 123/BYT ngày 02/12/2026",
                         "--by", "Bộ Y tế", "--date", "2026-12-02"])  # fmt: skip
    out = tmp_path / "so.csv"
    runner.invoke(main, ["export", "-o", str(out), "--today", "2026-12-03"], catch_exceptions=False)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {int(row[9]): row for row in list(csv.reader(handle))[1:]}
    assert rows[updated][7] == "02/12/2026 · CV 123/BYT ngày 02/12/2026 (cli: Bộ Y tế)"
    assert rows[updated][6] == "hoàn thành đúng hạn"
    assert rows[untouched][7] == ""
