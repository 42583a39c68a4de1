"""`dondoc health`: is this deployment working? (Docker's HEALTHCHECK runs it.)"""

from __future__ import annotations

import json

import click

from dondoc.cli._app import App, pass_app
from dondoc.health import CHECKS, MAX_AGE, run_checks


@click.command()
@click.option(
    "--check",
    "names",
    type=click.Choice(CHECKS),
    multiple=True,
    help="Run only this check (repeatable; default: all three).",
)
@click.option(
    "--max-age",
    type=click.FloatRange(min=1),
    default=MAX_AGE,
    show_default=True,
    metavar="SECONDS",
    help="How old the serve heartbeat may be before the scheduler counts as stopped.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of the checks.")
@pass_app
def health(app: App, names: tuple[str, ...], max_age: float, as_json: bool) -> None:
    """Check the database, the search index and the running scheduler; exit 1 if any fails.

    database: the database answers and holds dondoc's tables. index: the index saved in the
    data directory exists, was built by the configured model and matches the tasks in the
    database. scheduler: `dondoc serve` wrote its heartbeat less than --max-age seconds ago.
    Nothing is created or changed.

    Example:

        dondoc health --check database --check index
    """
    checks = run_checks(app.settings, names or CHECKS, max_age)
    if as_json:
        click.echo(json.dumps([check.as_dict() for check in checks], ensure_ascii=False, indent=2))
    else:
        width = max(len(check.name) for check in checks)
        for check in checks:
            click.echo(f"{check.name.ljust(width)}  {'ok  ' if check.ok else 'FAIL'}  {check.detail}")
    if not all(check.ok for check in checks):
        raise SystemExit(1)
