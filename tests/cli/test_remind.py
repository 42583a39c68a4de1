"""`dondoc remind`: what a day owes each chat, shown or sent once; on the real corpus, one digest per chat."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dondoc.cli import main
from dondoc.data.db import open_database, transaction
from dondoc.data.tasks import TaskFilter, find_task_ids
from dondoc.reminders.ledger import ledger_entries
from dondoc.reminders.subscriptions import subscribe

TODAY = date(2026, 11, 23)
FIELDS = {"channel", "chat", "unit", "kind", "task_ids", "text"}


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)

    def invoke(url: str, *args: str):
        monkeypatch.setenv("DATABASE_URL", url)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


CHATS = {
    "-1001": ("Bộ Công an",),
    "-1002": ("Bộ Tài chính",),
    "-1003": ("Bộ Khoa học và Công nghệ",),
    "-1004": ("Bộ Y tế", "Bảo hiểm xã hội Việt Nam"),
    "-1005": ("Thành phố Hồ Chí Minh",),
}


def _subscribe(url: str, registry, chats: dict[str, tuple[str, ...]], channel: str = "telegram") -> None:
    sessions = open_database(url)
    with transaction(sessions) as session:
        for chat, units in chats.items():
            for unit in units:
                subscribe(session, channel, chat, unit, registry)
    sessions.kw["bind"].dispose()


def test_first_run_on_the_corpus_sends_each_chat_one_digest(run, corpus_copy: str, registry) -> None:
    _subscribe(corpus_copy, registry, CHATS)

    result = run(corpus_copy, "remind", "--today", TODAY.isoformat(), "--dry-run", "--json")

    rows = json.loads(result.output)
    assert [(row["chat"], row["kind"]) for row in rows] == [(chat, "overdue_digest") for chat in sorted(CHATS)]
    sessions = open_database(corpus_copy)
    with sessions() as session:
        for row in rows:
            assert set(row) == FIELDS
            assert len(row["text"]) < 4096 and row["text"].count("\n") < 40
            overdue = find_task_ids(session, TaskFilter(TODAY, units=CHATS[row["chat"]], overdue=True), registry)
            # /cham's own tasks, most overdue first; its group tasks "giao chung" are not reminded.
            assert row["task_ids"] == [task_id for task_id in overdue.ids if task_id not in overdue.shared]
        assert ledger_entries(session) == []  # a dry run records nothing
    sessions.kw["bind"].dispose()


def test_sending_records_the_ledger_and_a_second_run_sends_nothing(run, sqlite_url: str, registry) -> None:
    from tests.builders import World

    sessions = open_database(sqlite_url)
    world = World(sessions)
    task = world.task("Cấp giấy chứng sinh điện tử", date(2026, 11, 26))
    world.subscribe("console", "Bộ Y tế", channel="console")

    first = run(sqlite_url, "remind", "--today", TODAY.isoformat(), "--json")
    again = run(sqlite_url, "remind", "--today", TODAY.isoformat(), "--json")
    table = run(sqlite_url, "remind", "--today", TODAY.isoformat(), "--dry-run")

    [sent] = json.loads(first.stdout)
    assert (sent["kind"], sent["task_ids"], sent["state"]) == ("due_in_3", [task], "sent")
    assert "⏰ Nhắc hạn: còn 3 ngày (hạn 26/11/2026)" in first.stderr  # the console channel prints it
    assert json.loads(again.stdout) == []
    assert table.output.splitlines() == ["chat  unit  kind  tasks  text"]
    with sessions() as session:
        [row] = ledger_entries(session)
    assert (row["kind"], row["subject"], row["day"], row["state"]) == ("due_in_3", f"task:{task}", TODAY, "sent")
    sessions.kw["bind"].dispose()


def test_a_table_for_people_and_clear_errors(run, corpus_copy: str, registry, monkeypatch) -> None:
    _subscribe(corpus_copy, registry, {"-1001": ("Bộ Công an",)})

    table = run(corpus_copy, "remind", "--today", TODAY.isoformat(), "--dry-run")
    bad_day = run(corpus_copy, "remind", "--today", "2026-13-01", "--dry-run")
    monkeypatch.setenv("DONDOC_QUIET_DAYS", "chu nhat")
    bad_setting = run(corpus_copy, "remind", "--dry-run")

    assert table.output.splitlines()[1].split()[:4] == ["-1001", "Bộ", "Công", "an"]
    assert "📋 Nhiệm vụ quá hạn — Bộ Công an" in table.output
    assert bad_day.exit_code == 2 and "'2026-13-01' is not a date of the form YYYY-MM-DD" in bad_day.output
    assert bad_setting.exit_code == 1
    assert bad_setting.output.startswith("Error: Invalid reminder setting DONDOC_QUIET_DAYS='chu nhat'")


def test_zalo_subscriptions_get_their_reminders_through_the_zalo_api(run, sqlite_url: str, monkeypatch) -> None:
    """`dondoc remind` builds its channels like `serve` does, so a Zalo chat is reminded on Zalo (fake server)."""
    from tests.builders import World
    from tests.channels import fake_zalo
    from tests.channels.fake_zalo import FakeZalo

    sessions = open_database(sqlite_url)
    world = World(sessions)
    task = world.task("Cấp giấy chứng sinh điện tử", date(2026, 11, 26))
    world.subscribe("zalo-user-7", "Bộ Y tế", channel="zalo")
    with FakeZalo() as zalo:
        monkeypatch.setenv("ZALO_BOT_TOKEN", fake_zalo.TOKEN)
        monkeypatch.setenv("ZALO_API_BASE_URL", zalo.base_url)
        result = run(sqlite_url, "remind", "--today", TODAY.isoformat(), "--json")
        again = run(sqlite_url, "remind", "--today", TODAY.isoformat(), "--json")

    [sent] = json.loads(result.stdout)
    assert (sent["channel"], sent["chat"], sent["task_ids"], sent["state"]) == ("zalo", "zalo-user-7", [task], "sent")
    [call] = zalo.sent("zalo-user-7")
    assert call.params["text"].startswith("⏰ Nhắc hạn: còn 3 ngày (hạn 26/11/2026)")
    assert json.loads(again.stdout) == []  # the ledger says it went out
    sessions.kw["bind"].dispose()
