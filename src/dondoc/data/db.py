"""Engines and sessions: SQLite by default, PostgreSQL by URL; the schema is kept by alembic migrations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from alembic import command
from alembic.config import Config
from sqlalchemy import CursorResult, Engine, Executable, create_engine, event, inspect, literal_column, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

_MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseUnavailable(Exception):
    """Raised when the database named by the URL cannot be reached or opened."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"cannot open database {url}: {reason}")
        self.url = url
        self.reason = reason


class SchemaMissing(Exception):
    """Raised when a database has no dondoc schema and the caller did not ask to create one (`dondoc init`)."""

    def __init__(self, url: str) -> None:
        super().__init__(f"database {url} has no dondoc schema")
        self.url = url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or an in-memory one."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        return Path(url.removeprefix("sqlite:///"))
    return None


def create_db_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file's folder is created, and foreign keys are enforced."""
    file = _sqlite_file(url)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
    # JSON columns hold Vietnamese text: store it readable, not as \u escapes.
    engine = create_engine(url, pool_pre_ping=True, json_serializer=lambda obj: json.dumps(obj, ensure_ascii=False))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already).

    Raises:
        DatabaseUnavailable: the server is down or the file cannot be opened.
    """
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as error:
        raise DatabaseUnavailable(engine.url.render_as_string(hide_password=True), str(error.orig)) from error


def has_schema(engine: Engine) -> bool:
    """True when the database holds dondoc's schema (alembic's version table), at whatever revision.

    Raises:
        DatabaseUnavailable: the server is down or the file cannot be opened.
    """
    try:
        with engine.connect() as connection:
            return inspect(connection).has_table("alembic_version")
    except OperationalError as error:
        raise DatabaseUnavailable(engine.url.render_as_string(hide_password=True), str(error.orig)) from error


def open_database(url: str, *, create: bool = True) -> sessionmaker[Session]:
    """Connect, migrate and return a session factory: what every front end calls first.

    Args:
        url: the database URL.
        create: make the schema in an empty database; when False, an empty or mistyped database
            (a SQLite file that does not exist) raises SchemaMissing and nothing is created.

    Raises:
        SchemaMissing: `create` is False and the database has no dondoc schema.
        DatabaseUnavailable: the server is down or the file cannot be opened.
    """
    file = _sqlite_file(url)
    if not create and file is not None and not file.is_file():
        raise SchemaMissing(url)
    engine = create_db_engine(url)
    if not create and not has_schema(engine):
        engine.dispose()
        raise SchemaMissing(engine.url.render_as_string(hide_password=True))
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)


def ping(engine: Engine) -> None:
    """Run a trivial query, raising DatabaseUnavailable when the database does not answer."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        raise DatabaseUnavailable(engine.url.render_as_string(hide_password=True), str(error.orig)) from error


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls everything back on any error."""
    with factory() as session, session.begin():
        yield session


def changed_rows(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE and return how many rows it changed."""
    result = session.execute(statement)
    return cast("CursorResult[Any]", result).rowcount or 0


def insert_new(session: Session, model: type[DeclarativeBase], values: dict[str, object], key: tuple[str, ...]) -> bool:
    """Insert one row unless a row with the same `key` columns exists; True when this call inserted it.

    One statement on SQLite and PostgreSQL (INSERT … ON CONFLICT DO NOTHING): of two processes inserting
    the same key at once, exactly one gets True, which is what makes "once" hold across processes.
    """
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(model).values(**values).on_conflict_do_nothing(index_elements=list(key))
        return session.execute(statement.returning(literal_column("1"))).first() is not None
    try:
        with session.begin_nested():
            session.add(model(**values))
        return True
    except IntegrityError:
        return False
