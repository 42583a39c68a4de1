"""Logging for the long-running verbs: plain or JSON lines on stderr, with every secret redacted.

Secrets reach logs in ways no one plans: a Bot API URL in a library's debug line
("…/bot123:ABC…/sendMessage"), a database URL with its password, a token inside an exception.
So redaction is a filter on the handler: it rewrites every record, its arguments and its
traceback, whichever logger it came from, before any formatter sees it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from dondoc.config import Settings

MASK = "***"
# Bot API paths (Telegram and Zalo both put the token after /bot), bare bot tokens, URL passwords.
_PATTERNS = (
    (re.compile(r"(/bot)[^/\s\"']+"), r"\1" + MASK),
    (re.compile(r"\b\d{6,}:[A-Za-z0-9_-]{20,}"), MASK),
    (re.compile(r"(\w+://[^/\s:@\"']+:)[^@\s/\"']+(@)"), r"\1" + MASK + r"\2"),
)
NOISY = {name: logging.WARNING for name in ("httpx", "httpcore", "apscheduler", "alembic", "bm25s")}
# What a LogRecord carries anyway; anything else was passed as `extra=` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


class Redactor(logging.Filter):
    """Replaces the given secrets, and anything shaped like a token or a URL password, with ***.

    Args:
        secrets: exact values to hide (tokens, webhook secrets); empty ones are ignored.
    """

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call must not crash the caller: log what it gave
            message = f"{record.msg} {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


def secrets_of(settings: Settings) -> list[str]:
    """The settings' values that must never appear in a log."""
    return [value for value in (settings.telegram_token, settings.zalo_token) if value]


def configure_logging(
    settings: Settings, default_level: int | str = logging.INFO, stream: TextIO | None = None
) -> None:
    """Send the root logger to `stream` (stderr): JSON when DONDOC_LOG_JSON=1, plain text otherwise.

    Args:
        settings: read for the format, the level (DONDOC_LOG_LEVEL beats `default_level`) and the secrets.
        default_level: the verb's own level when DONDOC_LOG_LEVEL is not set.
        stream: where lines go (tests pass a buffer).
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name("dondoc")
    handler.addFilter(Redactor(secrets_of(settings)))
    if settings.log_json:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "dondoc"]:  # configured again: replace, not add
        root.removeHandler(old)
    root.addHandler(handler)
    level = settings.log_level or default_level
    unknown = isinstance(logging.getLevelName(level), str) if isinstance(level, str) else False
    root.setLevel(default_level if unknown else level)
    handler.setLevel(root.level)  # also for libraries that set their own loggers to DEBUG
    for name, noisy in NOISY.items():  # one INFO line per HTTP call otherwise
        logging.getLogger(name).setLevel(max(noisy, root.level))
    if unknown:
        logging.getLogger(__name__).warning(
            "DONDOC_LOG_LEVEL=%s is not a level (DEBUG, INFO, WARNING, ERROR); using %s",
            level,
            logging.getLevelName(root.level),
        )
