"""Structured logs: JSON lines with DONDOC_LOG_JSON=1, plain lines otherwise, and never a secret in either."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from dondoc.config import Settings
from dondoc.logs import configure_logging

TELEGRAM = "123456789:AAH-telegram-secret-token-abcdefghij"
ZALO = "987654321:zalo-secret-token-0123456789abcdef"


@pytest.fixture
def logs() -> Iterator[tuple[io.StringIO, dict[str, str]]]:
    """A buffer the root logger writes to, and the environment to configure it with; restored afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    buffer = io.StringIO()
    yield buffer, {"DONDOC_DATA_DIR": "/tmp/x", "TELEGRAM_BOT_TOKEN": TELEGRAM, "ZALO_BOT_TOKEN": ZALO}
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def _configure(buffer: io.StringIO, env: dict[str, str], **extra: str) -> None:
    configure_logging(Settings.from_env({**env, **extra}), logging.INFO, stream=buffer)


def _leaks() -> None:
    log = logging.getLogger("dondoc.test")
    log.info("token %s in an argument", TELEGRAM)
    log.warning(f"Zalo token {ZALO} in the message")
    logging.getLogger("httpx").warning("HTTP Request: POST https://bot-api.zaloplatforms.com/bot%s/sendMessage", ZALO)
    log.info("database at %s", "postgresql+psycopg://dondoc:pa55word@db:5432/dondoc")
    log.info("unknown bot token 5555555555:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345 in a library's message")
    try:
        raise RuntimeError(f"request to https://api.telegram.org/bot{TELEGRAM}/getMe failed")
    except RuntimeError:
        log.exception("it failed", extra={"chat_id": "42", "url": f"https://x/bot{TELEGRAM}/y"})


def test_json_lines_carry_time_level_logger_message_and_extras(logs) -> None:
    buffer, env = logs
    _configure(buffer, env, DONDOC_LOG_JSON="1")
    _leaks()
    entries = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert len(entries) == 6
    first = entries[0]
    assert set(first) == {"time", "level", "logger", "message"} and first["level"] == "INFO"
    assert first["logger"] == "dondoc.test" and first["time"].endswith("+00:00")
    assert entries[3]["message"] == "database at postgresql+psycopg://dondoc:***@db:5432/dondoc"
    last = entries[-1]
    assert last["chat_id"] == "42" and last["level"] == "ERROR" and "RuntimeError" in last["exception"]


@pytest.mark.parametrize("json_logs", ["1", "0"])
def test_no_secret_reaches_any_line(logs, json_logs: str) -> None:
    buffer, env = logs
    _configure(buffer, env, DONDOC_LOG_JSON=json_logs)
    _leaks()
    output = buffer.getvalue()
    for secret in (TELEGRAM, ZALO, "pa55word", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "secret-token"):
        assert secret not in output
    assert output.count("***") >= 7 and "/bot***/sendMessage" in output


def test_plain_lines_and_the_level_setting(logs) -> None:
    buffer, env = logs
    _configure(buffer, env, DONDOC_LOG_LEVEL="warning")
    logging.getLogger("dondoc.test").info("hidden")
    logging.getLogger("dondoc.test").warning("shown")
    [line] = buffer.getvalue().splitlines()
    assert line.endswith(" WARNING dondoc.test: shown")
    _configure(buffer, env, DONDOC_LOG_LEVEL="chatty")  # not a level: the verb's default, and a warning
    assert logging.getLogger().level == logging.INFO
    assert "DONDOC_LOG_LEVEL=CHATTY is not a level" in buffer.getvalue()
    root = logging.getLogger()
    assert len([h for h in root.handlers if h.get_name() == "dondoc"]) == 1  # configured twice, one handler
