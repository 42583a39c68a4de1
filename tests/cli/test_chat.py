"""`dondoc chat` and `dondoc serve`: the console fed by a pipe, and Telegram surviving a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from dondoc.data.db import open_database
from dondoc.reminders.subscriptions import list_subscriptions
from tests.channels.fake_telegram import TOKEN, FakeTelegram

DONDOC = [sys.executable, "-m", "dondoc"]


def environment(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DONDOC_", "DATABASE_URL"))}
    return {**env, "DATABASE_URL": database_url, "DONDOC_DATA_DIR": str(tmp_path), **extra}


def test_piped_questions_get_answers_and_buttons_are_pressed_by_number(tmp_path: Path, corpus_copy: str) -> None:
    questions = "/cham BYT\n1\n/theodoi bo y te\n/dangtheodoi\n"
    done = subprocess.run(
        [*DONDOC, "chat", "--today", "2026-11-23"],
        input=questions,
        capture_output=True,
        text=True,
        env=environment(tmp_path, corpus_copy),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert (
        "> /cham BYT\n" in out
        and "Bộ Y tế có 14 nhiệm vụ quá hạn (tính đến 23/11/2026), cùng 53 nhiệm vụ giao chung" in out
    )
    assert "[1] Chi tiết 1" in out
    assert "> 1\nNhiệm vụ #" in out  # "1" pressed the first button
    assert "Đã theo dõi Bộ Y tế" in out
    factory = open_database(corpus_copy)
    with factory() as session:
        assert list_subscriptions(session, "console", "console") == ["Bộ Y tế"]
    factory.kw["bind"].dispose()


def test_serve_without_a_token_is_the_console_and_ends_at_end_of_input(tmp_path: Path, corpus_copy: str) -> None:
    done = subprocess.run(
        [*DONDOC, "serve", "--today", "2026-11-23"],
        input="/donvi y te\n",
        capture_output=True,
        text=True,
        env=environment(tmp_path, corpus_copy),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "> /donvi y te\nĐơn vị khớp với “y te”:" in done.stdout


def serve(tmp_path: Path, database_url: str, fake: FakeTelegram) -> subprocess.Popen[str]:
    env = environment(tmp_path, database_url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url)
    log = (tmp_path / "serve.log").open("a")
    return subprocess.Popen([*DONDOC, "serve"], env=env, stdout=log, stderr=log, text=True)


def stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=60)


def test_serve_with_a_refused_token_says_so(tmp_path: Path, corpus_copy: str) -> None:
    with FakeTelegram() as fake:
        env = environment(tmp_path, corpus_copy, TELEGRAM_BOT_TOKEN="1:wrong", TELEGRAM_API_BASE_URL=fake.base_url)
        done = subprocess.run([*DONDOC, "serve"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert "Error: Cannot start telegram: the Bot API refused TELEGRAM_BOT_TOKEN (" in done.stderr


def test_a_restart_of_serve_loses_no_subscription_and_answers_the_next_update(tmp_path: Path, db_url: str) -> None:
    subprocess.run([*DONDOC, "init"], check=True, env=environment(tmp_path, db_url), timeout=120)
    with FakeTelegram() as fake:
        first = serve(tmp_path, db_url, fake)
        try:
            fake.wait(lambda: fake.called("getUpdates"), timeout=90)
            fake.message(42, "/theodoi BYT")
            fake.wait(lambda: fake.sent(42), timeout=60)
        finally:
            assert stop(first) == 0, (tmp_path / "serve.log").read_text()
        fake.message(42, "/dangtheodoi")  # arrives while the bot is down
        second = serve(tmp_path, db_url, fake)
        try:
            fake.wait(lambda: len(fake.sent(42)) >= 2, timeout=90)
            fake.message(42, "/huy BYT")
            fake.wait(lambda: len(fake.sent(42)) >= 3, timeout=60)
        finally:
            assert stop(second) == 0, (tmp_path / "serve.log").read_text()
    replies = [call.plain for call in fake.sent(42)]
    assert replies[0].startswith("Đã theo dõi Bộ Y tế")
    assert replies[1] == "Cuộc trò chuyện này đang theo dõi:\n• Bộ Y tế"
    assert replies[2] == "Đã thôi theo dõi Bộ Y tế."
    assert len(replies) == 3  # nothing answered twice across the restart
