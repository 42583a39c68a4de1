"""`dondoc focal`: admins at the terminal list, approve, reject and revoke the chats reporting for a unit."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dondoc.cli import main
from dondoc.data.db import transaction
from dondoc.followup.focal_points import approved_units, request_focal_point
from tests.builders import HEALTH_CHAT, NOW, STRANGER


@pytest.fixture
def run(empty_database):
    factory = empty_database
    with transaction(factory) as session:
        request_focal_point(session, HEALTH_CHAT, "Bộ Y tế", NOW)
        request_focal_point(session, STRANGER, "Bộ Công an", NOW)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    invoke.factory = factory
    return invoke


def test_an_admin_approves_then_revokes_a_chat(run) -> None:
    pending = json.loads(run("focal", "list", "--state", "pending", "--json").output)
    assert [(p["unit"], p["chat_id"]) for p in pending] == [("Bộ Y tế", "501"), ("Bộ Công an", "999")]
    result = run("focal", "approve", str(pending[0]["id"]), "--by", "Văn phòng")
    assert result.output == f"Request {pending[0]['id']} (Bộ Y tế, telegram 501) is now approved.\n"
    run("focal", "reject", str(pending[1]["id"]))
    with run.factory() as session:
        assert approved_units(session, "telegram", "501") == ["Bộ Y tế"]
    run("focal", "revoke", str(pending[0]["id"]))
    with run.factory() as session:
        assert approved_units(session, "telegram", "501") == []
    states = {p["unit"]: (p["state"], p["decided_by"]) for p in json.loads(run("focal", "list", "--json").output)}
    assert states["Bộ Y tế"][0] == "revoked" and states["Bộ Công an"][0] == "rejected"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("approve", "4242"), "Error: No focal-point request with id 4242. See `dondoc focal list`.\n"),
        (("revoke", "1"), "Error: Request 1 is pending; it cannot be revoked. See `dondoc focal list`.\n"),
    ],
)
def test_a_wrong_decision_is_one_line_and_exit_1(run, args: tuple[str, ...], message: str) -> None:
    result = run("focal", *args)
    assert (result.exit_code, result.output) == (1, message)


def test_an_admin_approves_an_extension_and_the_deadline_moves(run) -> None:
    from datetime import date

    from dondoc.data.models import Task
    from dondoc.data.units import UnitRegistry
    from dondoc.followup.extensions import request_extension
    from dondoc.followup.history import task_history
    from tests.builders import ADMIN, add_task

    with transaction(run.factory) as session:
        task_id = add_task(session, due=date(2026, 12, 31)).id
        request = request_extension(
            session, task_id, date(2027, 1, 31), actor=ADMIN, at=NOW, registry=UnitRegistry.load(), reason="chờ vốn"
        )
    [pending] = json.loads(run("extension", "list", "--state", "pending", "--json").output)
    assert (pending["id"], pending["requested_due"], pending["reason"]) == (request.id, "2027-01-31", "chờ vốn")
    result = run("extension", "approve", str(request.id), "--by", "Văn phòng")
    assert result.output == f"Extension {request.id} approved: task {task_id} is now due 31/01/2027.\n"
    with run.factory() as session:
        assert session.get(Task, task_id).deadline_due == date(2027, 1, 31)
        assert [e.field for e in task_history(session, task_id)] == ["deadline"]
    again = run("extension", "reject", str(request.id))
    assert (again.exit_code, again.output) == (
        1, f"Error: Request {request.id} is approved; it cannot be rejected. See `dondoc extension list`.\n"
    )  # fmt: skip
