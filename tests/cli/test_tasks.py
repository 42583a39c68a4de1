"""`dondoc tasks` and `dondoc units`: exact filters and the JSON shape scripts rely on."""

from __future__ import annotations

import json

import pytest

from dondoc.data.groups import lagging_members


def test_task_json_has_the_documented_shape(corpus_cli) -> None:
    [task] = json.loads(corpus_cli("tasks", "--limit", "1", "--json").output)
    assert set(task) >= {
        "id", "content", "directing_docs", "lead_units", "coordinating_units", "deadline", "status", "status_text",
        "sources",
    }  # fmt: skip
    assert set(task["deadline"]) == {"text", "kind", "due"}
    assert set(task["sources"][0]) == {
        "document", "report", "section", "stt", "line", "status", "status_text", "deadline_text",
    }  # fmt: skip


def test_each_source_names_its_report_as_officials_do_and_keeps_its_file(corpus_cli) -> None:
    listed = json.loads(corpus_cli("tasks", "--json").output)
    names = {(s["document"][:3], s["report"]) for task in listed for s in task["sources"]}
    assert ("001", "Báo cáo 230/BC-TCTTKĐA ngày 31/01/2024") in names
    assert ("003", "Chỉ thị 07/CT-TTg ngày 14/03/2025") in names
    assert len(names) == 5 and not any(report.endswith(".txt") for _, report in names)


def test_overdue_tasks_of_a_unit_are_its_own_late_tasks_then_its_group_tasks(corpus_cli, registry) -> None:
    late = json.loads(corpus_cli("tasks", "--unit", "bo y te", "--overdue", "--today", "2024-01-01", "--json").output)
    own = [task for task in late if not task["shared"]]
    shared = [task for task in late if task["shared"]]
    assert own and shared and late == own + shared, "its own tasks first, then those given to a group"
    for task in own:
        assert "Bộ Y tế" in task["lead_units"] or "Bộ Y tế" in lagging_members(registry, task["status_text"])
    for task in shared:
        assert {"Các bộ, ngành", "Các bộ, ngành, địa phương"} & set(task["lead_units"])
    for task in late:
        assert task["deadline"]["due"] < "2024-01-01"
        assert task["status"] not in ("done", "recurring")
    for part in (own, shared):
        dues = [t["deadline"]["due"] for t in part]
        assert dues == sorted(dues), "most overdue first"
    table = corpus_cli("tasks", "--unit", "bo y te", "--overdue", "--today", "2024-01-01").output.splitlines()
    assert sum("(giao chung)" in line for line in table) == len(shared)


def test_today_decides_what_is_overdue(corpus_cli) -> None:
    early = json.loads(corpus_cli("tasks", "--unit", "BYT", "--overdue", "--today", "2023-01-01", "--json").output)
    late = json.loads(corpus_cli("tasks", "--unit", "BYT", "--overdue", "--today", "2026-11-23", "--json").output)
    assert len(early) < len(late)


def test_a_current_ministry_finds_the_tasks_of_the_ministry_it_took_over(corpus_cli) -> None:
    tasks = json.loads(corpus_cli("tasks", "--unit", "Bộ Tài chính", "--json").output)
    assert {"Bộ Tài chính", "Bộ Kế hoạch và Đầu tư"} <= {u for t in tasks for u in t["lead_units"]}


def test_status_and_due_before_filter_exactly(corpus_cli) -> None:
    tasks = json.loads(corpus_cli("tasks", "--status", "not_done", "--due-before", "2022-12-31", "--json").output)
    assert tasks and all(t["status"] == "not_done" and t["deadline"]["due"] <= "2022-12-31" for t in tasks)


def test_unknown_unit_suggests_names(corpus_cli) -> None:
    result = corpus_cli("tasks", "--unit", "Bo Thong tin")
    assert result.exit_code == 1
    assert "Unknown unit 'Bo Thong tin'. Closest names: Bộ Thông tin và Truyền thông" in result.output


def test_bad_date_is_refused(corpus_cli) -> None:
    result = corpus_cli("tasks", "--today", "23/11/2026")
    assert result.exit_code == 2
    assert "'23/11/2026' is not a date of the form YYYY-MM-DD" in result.output


def test_units_lists_names_with_their_2025_successor(corpus_cli) -> None:
    units = {u["name"]: u for u in json.loads(corpus_cli("units", "--json").output)}
    assert units["Bộ Thông tin và Truyền thông"]["current"] == "Bộ Khoa học và Công nghệ"
    assert units["Bộ Công an"]["abbreviation"] == "BCA"
    assert units["Bộ Công an"]["tasks"] > 80


def test_a_bad_setting_is_named_not_a_traceback(corpus_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_REMINDER_DAYS", "bảy")
    result = corpus_cli("tasks", "--limit", "1")
    assert result.exit_code == 1
    assert "Invalid setting DONDOC_REMINDER_DAYS='bảy': expected whole numbers separated by commas" in result.output
