"""The `dondoc` command: one verb per job, each a thin call into the library."""

from __future__ import annotations

import click

from dondoc.cli._app import DondocGroup, pass_app
from dondoc.cli.ask import ask
from dondoc.cli.chat import chat, serve
from dondoc.cli.evaluate import evaluate_questions
from dondoc.cli.export import export
from dondoc.cli.extension import extension
from dondoc.cli.focal import focal
from dondoc.cli.health import health
from dondoc.cli.ingest import ingest
from dondoc.cli.init import init
from dondoc.cli.remind import remind
from dondoc.cli.reports import reports
from dondoc.cli.stats import stats
from dondoc.cli.tasks import tasks, units
from dondoc.cli.templates import templates
from dondoc.cli.update import history, update
from dondoc.cli.web import web

__all__ = ["main", "pass_app"]


@click.group(cls=DondocGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dondoc")
def main() -> None:
    """dondoc: theo dõi, đôn đốc nhiệm vụ Đề án 06.

    Ingest task-tracking reports, list and search tasks, chat with the bot and send
    deadline reminders. Settings come from the environment (see .env.example).

    Example:

        dondoc ingest && dondoc tasks --unit "Bộ Y tế" --overdue --today 2025-07-01
    """


for command in (
    ingest,
    tasks,
    units,
    stats,
    chat,
    serve,
    remind,
    ask,
    evaluate_questions,
    health,
    update,
    history,
    export,
    focal,
    extension,
    web,
    init,
    templates,
    reports,
):
    main.add_command(command)
