"""Newest information wins: `reconcile`, called as ingest calls it, keeps newer updates and lets newer reports win."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.models import Source, Task, TaskReport, TaskUnit
from dondoc.data.units import UnitRegistry
from dondoc.followup.extensions import decide_extension, request_extension
from dondoc.followup.history import overridden_updates, task_history
from dondoc.followup.progress import apply_update
from dondoc.followup.reconcile import overrides_since, reconcile, snapshot
from tests.builders import ADMIN, NOW, add_task, unit

DEC_2 = date(2026, 12, 2)


def _report(session: Session, task: Task, issued: date, status: str, document: str) -> TaskReport:
    source = Source(document=document, title=document, layout="national", issued=issued, content_hash=document)
    report = TaskReport(
        source=source, row_key="1", section="I", line=1, content=task.content, lead_text="Bộ Y tế", status=status
    )
    task.reports.append(report)
    session.flush()
    return report


def _recompute(session: Session, task: Task, report: TaskReport, **fields: object) -> list:
    """What ingest's recomputation does: snapshot, set the fields from `report`, reconcile."""
    before = snapshot(session, task)
    for name, value in fields.items():
        setattr(task, name, value)
    return reconcile(session, task, before, status_from=report, deadline_from=report, units_from=report, at=NOW)


def test_an_older_report_does_not_undo_an_update(sessions: sessionmaker[Session], registry: UnitRegistry) -> None:
    with transaction(sessions) as session:
        task = add_task(session, status="in_progress")
        apply_update(session, task.id, "done", actor=ADMIN, as_of=DEC_2, at=NOW, registry=registry, note="CV 5")
        older = _report(session, task, date(2026, 6, 30), "not_done", "bao-cao-6-thang.txt")
        overrides = _recompute(session, task, older, status="not_done", status_text="Chưa hoàn thành")
        assert overrides == []
        assert (task.status, task.status_text) == ("done", "Đã hoàn thành: CV 5 (ngày 02/12/2026)")
        assert [e.channel for e in task_history(session, task.id)] == ["telegram"]  # the update alone


def test_a_newer_report_that_disagrees_wins_and_the_admins_are_told(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task = add_task(session, status="in_progress")
        update = apply_update(session, task.id, "done", actor=ADMIN, as_of=DEC_2, at=NOW, registry=registry).event
        newer = _report(session, task, date(2027, 1, 5), "not_done", "bao-cao-thang-1-2027.txt")
        [override] = _recompute(session, task, newer, status="not_done", status_text="Chưa hoàn thành")
        assert task.status == "not_done"
        event = task_history(session, task.id)[-1]
        assert (event.channel, event.old_value, event.new_value, event.as_of, event.source_document) == (
            "report", "done", "not_done", date(2027, 1, 5), "bao-cao-thang-1-2027.txt"
        )  # fmt: skip
        assert override.update.id == update.id and override.report.id == event.id
        assert override.text.startswith("Nhiệm vụ #")
        assert "bao-cao-thang-1-2027.txt (ngày 05/01/2027)" in override.text and "«Đã hoàn thành»" in override.text
        assert [e.id for e in overridden_updates(session)] == [event.id]
        [told] = overrides_since(session)
        assert (told.update.id, told.report.id, told.text) == (update.id, event.id, override.text)
        assert overrides_since(session, since=NOW + timedelta(seconds=1)) == []


def test_a_report_on_the_day_of_an_update_does_not_undo_it(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task = add_task(session, status="in_progress")
        apply_update(session, task.id, "blocked", actor=ADMIN, as_of=DEC_2, at=NOW, registry=registry)
        same_day = _report(session, task, DEC_2, "not_done", "bao-cao-cung-ngay.txt")
        assert _recompute(session, task, same_day, status="not_done") == []
        assert task.status == "in_progress"


def test_an_approved_extension_outlives_an_older_report(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task = add_task(session, due=date(2026, 12, 31))
        request = request_extension(session, task.id, date(2027, 1, 31), actor=ADMIN, at=NOW, registry=registry)
        decide_extension(session, request.id, True, admin=ADMIN, at=NOW)
        older = _report(session, task, date(2026, 6, 30), "in_progress", "bao-cao-6-thang.txt")
        _recompute(session, task, older, deadline_due=date(2026, 12, 31), deadline_text="31/12/2026")
        assert (task.deadline_due, task.deadline_text) == (date(2027, 1, 31), "31/01/2027")


def test_every_change_a_report_makes_is_an_event(sessions: sessionmaker[Session], registry: UnitRegistry) -> None:
    with transaction(sessions) as session:
        task = add_task(session, status="in_progress", due=date(2026, 12, 31))
        newer = _report(session, task, date(2027, 1, 5), "done", "bao-cao-thang-1-2027.txt")
        before = snapshot(session, task)
        task.status, task.deadline_due = "done", date(2027, 3, 31)
        task.units.append(TaskUnit(unit=unit(session, "Bộ Công an"), role="coordinating", position=1))
        assert reconcile(session, task, before, status_from=newer, deadline_from=newer, units_from=newer) == []
        session.flush()
        events = {e.field: (e.old_value, e.new_value, e.channel) for e in task_history(session, task.id)}
        assert events == {
            "status": ("in_progress", "done", "report"),
            "deadline": ("2026-12-31", "2027-03-31", "report"),
            "units": ("Bộ Y tế", "Bộ Y tế (phối hợp: Bộ Công an)", "report"),
        }


def test_a_task_met_for_the_first_time_gets_its_status_event_only(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task = Task(content="Nhiệm vụ mới", status="not_done", deadline_due=date(2026, 12, 31))
        session.add(task)
        report = _report(session, task, date(2025, 4, 15), "not_done", "bao-cao-moi.txt")
        assert snapshot(session, task) is None
        reconcile(session, task, None, status_from=report, deadline_from=report, units_from=report, at=NOW)
        session.flush()
        [event] = task_history(session, task.id)
        assert (event.field, event.old_value, event.new_value, event.as_of) == (
            "status", None, "not_done", date(2025, 4, 15)
        )  # fmt: skip
