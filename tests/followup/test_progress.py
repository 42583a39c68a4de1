"""Progress updates: who may, what the task becomes, and that each update counts once, even on two instances."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import open_database, transaction
from dondoc.data.models import Task, TaskEvent
from dondoc.data.units import UnitRegistry
from dondoc.followup.focal_points import decide, request_focal_point
from dondoc.followup.history import task_history
from dondoc.followup.progress import InvalidStatus, NotAllowed, apply_update
from tests.builders import ADMIN, HEALTH_CHAT, NOW, STRANGER, add_task

DEC_2 = date(2026, 12, 2)


def _waits_for_a_lock(sessions: sessionmaker[Session], backend: int) -> bool:
    """Whether PostgreSQL's backend `backend` is waiting for a lock (a row or a key another transaction holds)."""
    with sessions() as session:  # a transaction of its own: the activity view is read afresh
        query = text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid")
        return session.scalar(query, {"pid": backend}) == "Lock"


def _approved_task(session: Session) -> int:
    task = add_task(session)
    point = request_focal_point(session, HEALTH_CHAT, "Bộ Y tế", NOW)
    decide(session, point.id, "approved", ADMIN, NOW)
    return task.id


def test_a_focal_point_closes_its_task_with_evidence_and_the_history_says_who(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task_id = _approved_task(session)
        result = apply_update(
            session, task_id, "done", actor=HEALTH_CHAT, as_of=DEC_2, at=NOW, registry=registry,
            note="Công văn 123/BYT ngày 02/12/2026", key="tg:cb:1",
        )  # fmt: skip
        assert (result.applied, result.duplicate, result.old_status) == (True, False, "in_progress")
    with sessions() as session:
        task = session.get(Task, task_id)
        assert (task.status, task.status_text) == ("done", "Đã hoàn thành: Công văn 123/BYT ngày 02/12/2026")
        [event] = task_history(session, task_id)
        assert (event.field, event.old_value, event.new_value) == ("status", "in_progress", "done")
        assert (event.actor, event.channel, event.as_of, event.note) == (
            "Chuyên viên Bộ Y tế", "telegram", DEC_2, "Công văn 123/BYT ngày 02/12/2026"
        )  # fmt: skip


def test_a_finish_without_a_dated_document_is_dated_by_the_update(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task_id = _approved_task(session)
        apply_update(session, task_id, "done", actor=ADMIN, as_of=DEC_2, at=NOW, registry=registry)
        assert session.get(Task, task_id).status_text == "Đã hoàn thành (ngày 02/12/2026)"


def test_blocked_is_unfinished_work_and_the_event_keeps_the_word(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task = add_task(session, status="not_done")
        apply_update(
            session, task.id, "blocked", actor=ADMIN, as_of=DEC_2, at=NOW, registry=registry, note="thiếu kinh phí"
        )
        assert (task.status, task.status_text) == ("in_progress", "Gặp vướng mắc: thiếu kinh phí")
        assert task_history(session, task.id)[-1].new_value == "blocked"


def test_a_chat_that_is_not_approved_cannot_update_and_nothing_is_stored(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task_id = add_task(session).id
        request_focal_point(session, HEALTH_CHAT, "Bộ Y tế", NOW)  # asked, not approved
    with transaction(sessions) as session:
        for actor in (STRANGER, HEALTH_CHAT):
            with pytest.raises(NotAllowed):
                apply_update(session, task_id, "done", actor=actor, as_of=DEC_2, at=NOW, registry=registry)
        with pytest.raises(InvalidStatus):
            apply_update(session, task_id, "finished", actor=ADMIN, as_of=DEC_2, at=NOW, registry=registry)
    with sessions() as session:
        assert session.get(Task, task_id).status == "in_progress"
        assert task_history(session, task_id) == []


def test_an_update_older_than_the_newest_information_is_kept_but_not_applied(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task_id = _approved_task(session)
        apply_update(session, task_id, "done", actor=ADMIN, as_of=DEC_2, at=NOW, registry=registry)
        late = apply_update(
            session, task_id, "in_progress", actor=HEALTH_CHAT, as_of=date(2026, 11, 20), at=NOW, registry=registry
        )
        assert not late.applied
        assert session.get(Task, task_id).status == "done"
        assert [e.applied for e in task_history(session, task_id)] == [True, False]


def test_the_same_update_from_two_sessions_counts_once(sessions: sessionmaker[Session], registry: UnitRegistry) -> None:
    with transaction(sessions) as session:
        task_id = _approved_task(session)
    results = []
    for _ in range(2):  # a replayed webhook, or a second instance, with the same update id
        with transaction(sessions) as session:
            results.append(
                apply_update(
                    session, task_id, "done", actor=HEALTH_CHAT, as_of=DEC_2, at=NOW, registry=registry, key="tg:77"
                )
            )
    assert [r.duplicate for r in results] == [False, True]
    with sessions() as session:
        assert session.scalar(select(func.count(TaskEvent.id))) == 1


def test_an_update_without_a_key_given_twice_counts_once(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task_id = _approved_task(session)
        for _ in range(2):
            apply_update(session, task_id, "done", actor=ADMIN, as_of=DEC_2, at=NOW, registry=registry, note="CV 1")
        assert len(task_history(session, task_id)) == 1


@pytest.mark.postgres
def test_two_instances_racing_on_postgres_apply_the_update_once(postgres_url: str, registry: UnitRegistry) -> None:
    first, second = open_database(postgres_url), open_database(postgres_url)
    with transaction(first) as session:
        task_id = _approved_task(session)
    outcome: dict[str, bool] = {}
    backend: list[int] = []
    holding = first()
    held = apply_update(holding, task_id, "done", actor=HEALTH_CHAT, as_of=DEC_2, at=NOW, registry=registry, key="k")

    def other_instance() -> None:
        with transaction(second) as session:  # blocks on the unique key until the first instance commits
            backend.append(session.scalar(text("SELECT pg_backend_pid()")))
            outcome["duplicate"] = apply_update(
                session, task_id, "done", actor=HEALTH_CHAT, as_of=DEC_2, at=NOW, registry=registry, key="k"
            ).duplicate

    racer = threading.Thread(target=other_instance)
    racer.start()
    deadline = time.monotonic() + 30
    while not (backend and _waits_for_a_lock(first, backend[0])):  # on the first instance's row
        racer.join(timeout=0.01)
        assert racer.is_alive() and time.monotonic() < deadline, "the other instance did not wait for the first"
    holding.commit()
    holding.close()
    racer.join(timeout=30)
    assert (held.duplicate, outcome) == (False, {"duplicate": True})
    with first() as session:
        assert session.scalar(select(func.count(TaskEvent.id))) == 1
        assert session.get(Task, task_id).status == "done"
    for factory in (first, second):
        factory.kw["bind"].dispose()


def test_an_update_survives_a_restart(tmp_path: Path, registry: UnitRegistry) -> None:
    url = f"sqlite:///{tmp_path / 'dondoc.db'}"
    before = open_database(url)
    with transaction(before) as session:
        task_id = _approved_task(session)
        apply_update(session, task_id, "done", actor=HEALTH_CHAT, as_of=DEC_2, at=NOW, registry=registry, note="CV 9")
    before.kw["bind"].dispose()
    after = open_database(url)  # a new process: a new engine on the same file
    with after() as session:
        assert session.get(Task, task_id).status == "done"
        assert [e.note for e in task_history(session, task_id)] == ["CV 9"]
    after.kw["bind"].dispose()
