"""`dondoc reports`: the reports known, by their identity, newest first, with how many tasks each lists."""

from __future__ import annotations

from dataclasses import asdict

import click

from dondoc.cli._app import App, output_options, output_rows, pass_app
from dondoc.data.sources import source_summaries


@click.command()
@output_options
@pass_app
def reports(app: App, fmt: str | None) -> None:
    """List the ingested reports, newest first (by the date they bear; undated last), with their task counts.

    A report is named as officials name it: its kind, number and date ("Thông báo 624/TB-VPCP ngày
    16/11/2025"), else its title. --json adds kind, number, issuer, scope, title, the file it was
    read from, its layout, its rows and when it was ingested.

    Example:

        dondoc reports --json
    """
    with app.sessions() as session:
        rows = [asdict(summary) for summary in source_summaries(session)]
    if not rows and not fmt:
        click.echo("No reports yet: run `dondoc ingest` first.")
        return
    for row in rows:
        row["issued"] = row["issued"].isoformat() if row["issued"] else None
        row["ingested_at"] = row["ingested_at"].isoformat() if row["ingested_at"] else None
    output_rows(rows, ["name", "issued", "issuer", "tasks"], fmt)
