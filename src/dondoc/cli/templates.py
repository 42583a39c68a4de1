"""`dondoc templates`: the layout templates an admin made on the web page, listed and removed."""

from __future__ import annotations

import click

from dondoc.cli._app import App, output_options, output_rows, pass_app
from dondoc.data.db import transaction
from dondoc.ingest.templates import list_templates, remove_template


@click.group(invoke_without_command=True)
@output_options
@pass_app
def templates(app: App, fmt: str | None) -> None:
    """List the layout templates: readings of report layouts no rule reads, mapped by hand on the web page.

    A report whose layout (issuer and table headers) a template has is read with it, without help;
    `dondoc ingest --template NAME FILE` forces one. From the terminal you act as an admin.

    Example:

        dondoc templates --json && dondoc templates remove "Sở KHCN Ninh Bình"
    """
    if click.get_current_context().invoked_subcommand is not None:
        return
    with app.sessions() as session:
        rows = [template.record() for template in list_templates(session)]
    if not rows and not fmt:
        click.echo("No templates yet: map a report's columns on the web page's upload (docs/web.md).")
        return
    output_rows(rows, ["name", "issuer", "tables", "blocks", "created_at"], fmt)


@templates.command("remove")
@click.argument("name")
@pass_app
def remove(app: App, name: str) -> None:
    """Remove a template; the reports read with it keep their tasks.

    Example:

        dondoc templates remove "Sở KHCN Ninh Bình"
    """
    with transaction(app.sessions) as session:
        remove_template(session, name)
    click.echo(f"Template {name!r} removed; reports read with it keep their tasks.")
