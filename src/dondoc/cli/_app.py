"""What every verb shares: settings, the database, the unit registry, error messages, output options."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

import click
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dondoc.config import Settings, SettingsError
from dondoc.conversation.channel import ChannelUnavailable
from dondoc.data.db import DatabaseUnavailable, SchemaMissing, open_database
from dondoc.data.tasks import NoSuchTask
from dondoc.data.units import UnitRegistry, UnknownUnit
from dondoc.ingest.layouts import UnreadableReport
from dondoc.ingest.templates import UnknownTemplate
from dondoc.nlp.text import shorten
from dondoc.reminders.policy import PolicyError


class App:
    """Lazily opened resources for one command run, so `--help` touches no database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.create_schema = True  # `remind` and `serve` refuse a database without dondoc's schema

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return open_database(self.settings.database_url, create=self.create_schema)

    @cached_property
    def registry(self) -> UnitRegistry:
        return UnitRegistry.load()

    def today(self) -> date:
        return datetime.now(ZoneInfo(self.settings.timezone)).date()


pass_app = click.make_pass_decorator(App, ensure=False)


def _first_line(error: object) -> str:
    """The first line of a driver's message, cut short: an operator's terminal gets one line."""
    return shorten(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__, 120)


def _message(error: Exception) -> str:
    """The one-line message and next step a user sees for a domain error."""
    if isinstance(error, UnreadableReport):
        return f"Cannot ingest {error.path}: {error.reason}. Nothing was changed; fix or remove the file and retry."
    if isinstance(error, UnknownUnit):
        hint = ", ".join(error.suggestions[:5])
        return f"Unknown unit {error.value!r}. Closest names: {hint}. See `dondoc units`."
    if isinstance(error, DatabaseUnavailable):
        return f"Cannot reach the database ({error.reason.strip()}). Check DATABASE_URL."
    if isinstance(error, SchemaMissing):
        return (
            f"The database {error.url} has no dondoc tables. Check DATABASE_URL, or run `dondoc init` to create them."
        )
    if isinstance(error, OperationalError):
        return (
            f"Lost the database ({_first_line(error.orig)}). Nothing half-written was kept; reminders claimed "
            "and not sent go out again after the claim lease (docs/reminders.md). Check DATABASE_URL and retry."
        )
    if isinstance(error, ChannelUnavailable):
        return f"Cannot reach {error}. Nothing was sent; check the network and the token, then retry."
    if isinstance(error, PolicyError):
        return f"Invalid reminder setting {error}. See docs/reminders.md."
    if isinstance(error, NoSuchTask):
        return f"No task with id {error.task_id}. See `dondoc tasks`."
    if isinstance(error, UnknownTemplate):
        known = ", ".join(map(repr, error.known)) or "none yet"
        return f"No template named {error.name!r} (templates: {known}). See `dondoc templates`."
    raise error


class DondocGroup(click.Group):
    """Turns domain errors into a short message and exit code 1 instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            ctx.obj = ctx.obj or App(Settings.from_env())
        except SettingsError as error:
            raise click.ClickException(f"Invalid setting {error}. See .env.example.") from None
        try:
            return super().invoke(ctx)
        except (
            UnreadableReport,
            UnknownUnit,
            DatabaseUnavailable,
            SchemaMissing,
            OperationalError,
            ChannelUnavailable,
            NoSuchTask,
            PolicyError,
            UnknownTemplate,
        ) as error:
            raise click.ClickException(_message(error)) from None


def _parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def day_option(name: str, help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """An option taking YYYY-MM-DD, checked before the command runs."""
    return click.option(name, metavar="YYYY-MM-DD", callback=_parse_day, help=help_text)


today_option = day_option("--today", "The day to judge deadlines by (default: today in Vietnam).")


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--json / --nl / --csv for every listing verb; an aligned table for people by default."""
    for decorator in reversed(
        [
            click.option("--json", "fmt", flag_value="json", help="Print a JSON array."),
            click.option("--nl", "fmt", flag_value="nl", help="Print newline-delimited JSON."),
            click.option("--csv", "fmt", flag_value="csv", help="Print CSV with a header row."),
        ]
    ):
        command = decorator(command)
    return command


def output_rows(rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str | None) -> None:
    """Print rows in the chosen format: full objects as JSON, the named columns as a table or CSV."""
    rows = list(rows)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "nl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[row.get(col, "") for col in columns] for row in rows])
    else:
        cells = [[_cell(row.get(col)) for col in columns] for row in rows]
        widths = [max([len(col), *(len(line[i]) for line in cells)]) for i, col in enumerate(columns)]
        click.echo("  ".join(col.ljust(w) for col, w in zip(columns, widths, strict=True)).rstrip())
        for line in cells:
            click.echo("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())


def _cell(value: Any, width: int = 60) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"
