"""Issue 15, item 3: an unreachable Bot API or database is one clear line and exit 1; replies retried on 5xx."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dondoc.channels.fake import FakeChannel
from dondoc.cli import main
from dondoc.conversation.core import APOLOGY
from dondoc.jobs import tick
from dondoc.reminders import ReminderPolicy
from dondoc.reminders.ledger import ledger_entries
from tests.builders import World, at, free_port, no_wait
from tests.channels.fake_telegram import TOKEN, FakeTelegram

DAY = date(2026, 11, 24)  # a Tuesday


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run `dondoc` in-process on a database URL; `catch_exceptions` off, so a traceback fails the test."""
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path / "data"))
    for name in ("TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN", "TELEGRAM_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)

    def run(url: str, *args: str, **env: str):
        monkeypatch.setenv("DATABASE_URL", url)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def test_remind_with_the_bot_api_down_is_one_line_and_exit_1(cli, corpus_copy: str) -> None:
    down = f"http://127.0.0.1:{free_port()}/bot"
    done = cli(corpus_copy, "remind", "--today", "2026-11-23", TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=down)
    assert done.exit_code == 1
    [line] = done.output.strip().splitlines()
    assert line.startswith("Error: Cannot reach telegram: the Bot API did not answer getMe (")


def test_remind_and_serve_refuse_a_database_without_dondocs_tables_until_init(cli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mistyped.db'}"
    for verb in ("remind", "serve"):
        done = cli(url, verb, "--today", "2026-11-23")
        assert done.exit_code == 1
        assert "has no dondoc tables" in done.output and "dondoc init" in done.output
    assert not (tmp_path / "mistyped.db").exists()  # nothing was created
    assert cli(url, "init").exit_code == 0
    done = cli(url, "remind", "--today", "2026-11-23", "--dry-run", "--json")
    assert (done.exit_code, done.output.strip()) == (0, "[]")


class LosingDatabase:
    """A session factory whose database goes away after `lasts` sessions, for `away` sessions (or for good)."""

    def __init__(self, sessions: sessionmaker[Session], lasts: int, away: int = 10**9) -> None:
        self.sessions, self.calls, self.lasts, self.away = sessions, 0, lasts, away

    def __call__(self) -> Session:
        self.calls += 1
        if self.lasts < self.calls <= self.lasts + self.away:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
        return self.sessions()


def _owed(world: World, count: int) -> list[str]:
    world.task("Kết nối cơ sở dữ liệu hộ tịch", DAY - timedelta(days=30))
    chats = [str(100 + n) for n in range(count)]
    for chat in chats:
        world.subscribe(chat, "Bộ Y tế")
    return chats


async def test_a_database_restart_mid_tick_is_ridden_out_with_none_lost_or_twice(sessions) -> None:
    chats = _owed(World(sessions), 40)
    channel = FakeChannel()
    restarting = LosingDatabase(sessions, lasts=30, away=4)

    outcomes = await tick(restarting, ReminderPolicy(), {"telegram": channel}, at(DAY), sleep=no_wait)  # type: ignore[arg-type]

    assert {o.state for o in outcomes} == {"sent"}
    assert sorted(s.chat_id for s in channel.sent) == chats
    with sessions() as session:
        assert {row["state"] for row in ledger_entries(session)} == {"sent"}


async def test_a_database_lost_for_good_stops_the_tick_and_a_later_one_sends_what_is_owed(sessions) -> None:
    chats = _owed(World(sessions), 40)
    policy = ReminderPolicy()
    channel = FakeChannel()
    with pytest.raises(OperationalError):
        await tick(LosingDatabase(sessions, 30), policy, {"telegram": channel}, at(DAY), sleep=no_wait)  # type: ignore[arg-type]
    assert len(channel.sent) < len(chats)
    with sessions() as session:
        assert {row["state"] for row in ledger_entries(session)} <= {"sent", "claimed"}

    later = at(DAY) + timedelta(seconds=policy.claim_lease + 60)  # the claims left behind have expired
    outcomes = await tick(sessions, policy, {"telegram": channel}, later)

    assert {o.state for o in outcomes} == {"sent"}
    assert sorted({s.chat_id for s in channel.sent}) == chats  # none lost
    with sessions() as session:
        assert {row["state"] for row in ledger_entries(session)} == {"sent"}


def test_remind_with_the_database_lost_mid_run_is_one_line_and_exit_1(
    cli, corpus_copy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def lost(*_args: object, **_kwargs: object) -> list[object]:
        raise OperationalError("UPDATE reminder_ledger", {}, Exception("server closed the connection\nunexpectedly"))

    monkeypatch.setattr("dondoc.application.send_day", lost)
    done = cli(corpus_copy, "remind", "--today", "2026-11-23")
    assert done.exit_code == 1
    [line] = done.output.strip().splitlines()
    assert line.startswith("Error: Lost the database (server closed the connection). ")
    assert "claim lease" in line


async def test_a_reply_failing_on_5xx_is_retried_with_backoff(fake: FakeTelegram, telegram, virtual_time) -> None:
    fake.fail_next("sendMessage", 502, "Bad Gateway")
    fake.fail_next("sendMessage", 503, "Service Unavailable")
    before = virtual_time.now
    fake.message(42, "/help")
    [reply] = await fake.expect(1, 42)
    assert "/cham" in reply.plain
    assert len([c for c in fake.called("sendMessage") if c.chat_id == "42"]) == 3
    assert virtual_time.now - before >= 1.0 + 2.0  # waited 1 s, then 2 s, in virtual time


async def test_a_reply_still_failing_after_the_last_try_is_logged_and_apologised_for(
    fake: FakeTelegram, telegram, caplog
) -> None:
    for _ in range(6):
        fake.fail_next("sendMessage", 500, "Internal Server Error")
    fake.message(42, "/help")
    await fake.until(lambda: len(fake.called("sendMessage")) >= 6)
    await fake.until(lambda: "gave up a reply to telegram chat 42 after 6 tries" in caplog.text)
    [apology] = await fake.expect(1, 42)  # the answer is lost, but the user is told to ask again
    assert apology.plain == APOLOGY
