"""Deadline extensions: asked by a focal point, decided by an admin; an approval moves the deadline as an event."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.units import UnitRegistry
from dondoc.followup.extensions import NoSuchExtension, decide_extension, extensions, request_extension
from dondoc.followup.focal_points import InvalidDecision, NotAdmin, decide, request_focal_point
from dondoc.followup.history import task_history
from dondoc.followup.progress import NotAllowed
from tests.builders import ADMIN, HEALTH_CHAT, NOW, STRANGER, add_task

NEW_DUE = date(2027, 1, 31)


def test_an_approved_extension_moves_the_deadline_and_is_kept_in_history(
    sessions: sessionmaker[Session], registry: UnitRegistry
) -> None:
    with transaction(sessions) as session:
        task = add_task(session, due=date(2026, 12, 31))
        point = request_focal_point(session, HEALTH_CHAT, "Bộ Y tế", NOW)
        decide(session, point.id, "approved", ADMIN, NOW)
        request = request_extension(
            session, task.id, NEW_DUE, actor=HEALTH_CHAT, at=NOW, registry=registry, reason="chờ Bộ Tài chính"
        )
        assert task.deadline_due == date(2026, 12, 31)  # waits for an admin
        assert [r.id for r in extensions(session, "pending")] == [request.id]
        with pytest.raises(NotAdmin):
            decide_extension(session, request.id, True, admin=HEALTH_CHAT, at=NOW)
        decide_extension(session, request.id, True, admin=ADMIN, at=NOW)
        assert (task.deadline_due, task.deadline_text, task.deadline_kind) == (NEW_DUE, "31/01/2027", "date")
        [event] = task_history(session, task.id)
        assert (event.field, event.old_value, event.new_value, event.actor, event.note) == (
            "deadline", "2026-12-31", "2027-01-31", ADMIN.name, "chờ Bộ Tài chính"
        )  # fmt: skip
        with pytest.raises(InvalidDecision):
            decide_extension(session, request.id, False, admin=ADMIN, at=NOW)


def test_a_rejected_extension_changes_nothing(sessions: sessionmaker[Session], registry: UnitRegistry) -> None:
    with transaction(sessions) as session:
        task = add_task(session, due=date(2026, 12, 31))
        request = request_extension(session, task.id, NEW_DUE, actor=ADMIN, at=NOW, registry=registry)
        decide_extension(session, request.id, False, admin=ADMIN, at=NOW)
        assert (request.state, task.deadline_due) == ("rejected", date(2026, 12, 31))
        assert task_history(session, task.id) == []


def test_only_a_focal_point_or_an_admin_may_ask(sessions: sessionmaker[Session], registry: UnitRegistry) -> None:
    with transaction(sessions) as session:
        task = add_task(session)
        with pytest.raises(NotAllowed):
            request_extension(session, task.id, NEW_DUE, actor=STRANGER, at=NOW, registry=registry)
        with pytest.raises(NoSuchExtension):
            decide_extension(session, 77, True, admin=ADMIN, at=NOW)
