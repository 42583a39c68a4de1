"""What the verbs' tests share: a fresh database the `dondoc` command is pointed at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import open_database


@pytest.fixture
def empty_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    """An empty, migrated SQLite database in DATABASE_URL (and the data directory beside it)."""
    url = f"sqlite:///{tmp_path / 'dondoc.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))
    factory = open_database(url)
    yield factory
    factory.kw["bind"].dispose()
