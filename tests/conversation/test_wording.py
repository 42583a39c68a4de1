"""The official status terms and the one-line task summary every medium shares."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.conversation.wording import status_term, task_facts
from dondoc.data.task_view import TaskSource, TaskView
from dondoc.nlp.dates import Deadline

TODAY = date(2026, 11, 23)


def task(status: str, due: str | None, status_text: str | None = None, **extra) -> TaskView:
    lead = tuple(extra.get("lead", ["Bộ Y tế"]))
    return TaskView(
        id=1,
        content="Xây dựng Sổ sức khỏe điện tử",
        directing_docs=tuple(extra.get("docs", ["Thông báo 487/TB-VPCP ngày 24/10/2024"])),
        lead_units=lead,
        coordinating_units=(),
        current_units=tuple(extra.get("current", lead)),
        deadline=Deadline(
            "Tháng 6/2024" if due else None, "month" if due else "none", date.fromisoformat(due) if due else None
        ),
        status=status,
        status_text=status_text,
        sources=(TaskSource("003_8e26280b7b37d2bb.txt", "Chỉ thị 07/CT-TTg ngày 14/03/2025"),),
    )


@pytest.mark.parametrize(
    ("item", "term"),
    [
        (task("done", "2024-06-30", "Hoàn thành ngày 20/5/2024"), "hoàn thành đúng hạn"),
        (task("done", "2022-06-30", "Hoàn thành Nghị định số 13/2023/NĐ-CP, ngày 17/4/2023"), "hoàn thành quá hạn"),
        (task("done", "2024-06-30"), "hoàn thành đúng hạn"),
        (task("in_progress", "2027-06-30"), "đang thực hiện trong hạn"),
        (task("not_done", "2026-11-13"), "quá hạn 10 ngày"),
        (task("unknown", "2026-11-22"), "quá hạn 1 ngày, chưa có báo cáo"),
        (task("unknown", "2027-01-31"), "chưa có báo cáo"),
        (task("recurring", None), "thực hiện thường xuyên"),
        (task("in_progress", None), "đang thực hiện, chưa có thời hạn"),
    ],
)
def test_status_terms(item, term) -> None:
    assert status_term(item, TODAY) == term


def test_task_line_names_unit_deadline_status_and_document() -> None:
    line = task_facts(task("not_done", "2024-06-30"), TODAY)
    assert line == "Bộ Y tế · hạn Tháng 6/2024 · quá hạn 876 ngày · Thông báo 487/TB-VPCP"


def test_task_line_shows_the_successor_and_falls_back_to_the_report() -> None:
    renamed = task(
        "in_progress", None, lead=["Bộ Thông tin và Truyền thông"], current=["Bộ Khoa học và Công nghệ"], docs=[]
    )
    line = task_facts(renamed, TODAY)
    assert line.startswith("Bộ Thông tin và Truyền thông (nay: Bộ Khoa học và Công nghệ) · không có hạn")
    assert line.endswith("Chỉ thị 07/CT-TTg")
