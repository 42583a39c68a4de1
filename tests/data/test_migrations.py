"""Migrations keep what is stored: a database from before the task result date gets it from the result texts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, insert, select

from dondoc.data.db import create_db_engine, migrate
from dondoc.data.models import Task

MIGRATIONS = Path(__file__).parents[2] / "src" / "dondoc" / "data" / "migrations"


def _upgrade(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_the_result_date_is_read_from_the_texts_already_stored(db_url: str) -> None:
    engine = create_db_engine(db_url)
    _upgrade(engine, "0005_signin_links")
    texts = [
        "Đã hoàn thành theo Công văn số 12/BYT ngày 15/5/2025; bổ sung ngày 2/6/2025",
        "Đang thực hiện",
        None,
    ]
    with engine.begin() as connection:
        connection.execute(
            insert(Task.__table__),
            [{"id": i, "content": f"Nhiệm vụ {i}", "directing_docs": [], "directing_keys": " ",
              "deadline_kind": "none", "status": "done", "status_text": text} for i, text in enumerate(texts, 1)],
        )  # fmt: skip
    migrate(engine)
    with engine.connect() as connection:
        stored = dict(connection.execute(select(Task.id, Task.result_date).order_by(Task.id)).all())
    engine.dispose()
    assert stored == {1: date(2025, 6, 2), 2: None, 3: None}
