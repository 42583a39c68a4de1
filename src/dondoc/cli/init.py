"""`dondoc init`: create (or bring up to date) dondoc's tables in the database DATABASE_URL names."""

from __future__ import annotations

import click

from dondoc.cli._app import App, pass_app


@click.command()
@pass_app
def init(app: App) -> None:
    """Create dondoc's tables in the database, or bring them to the newest version.

    `dondoc serve` and `dondoc remind` refuse a database without dondoc's tables (an empty
    or mistyped DATABASE_URL would otherwise look like a bot with nothing to do);
    `dondoc ingest` creates them itself. Running it again changes nothing.

    Example:

        DATABASE_URL=postgresql+psycopg://dondoc@db/dondoc dondoc init && dondoc ingest
    """
    app.sessions.kw["bind"].dispose()
    click.echo(f"Database ready: {app.sessions.kw['bind'].url.render_as_string(hide_password=True)}")
