"""`dondoc ingest`: read reports into the database."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click
from tqdm import tqdm

from dondoc.cli._app import App, output_options, output_rows, pass_app
from dondoc.data.db import transaction
from dondoc.data.ingest import bundled_paths, ingest_paths


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@output_options
@pass_app
def ingest(app: App, paths: tuple[Path, ...], fmt: str | None) -> None:
    """Ingest task-tracking reports (default: the five bundled Đề án 06 documents).

    Every file is read before anything is written: a broken or unknown file stops the run
    with exit code 1 and leaves the database as it was. Ingesting a file again changes nothing.

    Example:

        dondoc ingest data/bao-cao-thang-02-2025.txt
    """
    files = list(paths) or bundled_paths()
    bar = tqdm(total=len(files), desc="Ingest", unit="doc", disable=None, leave=False)
    with bar, transaction(app.sessions) as session:
        summaries = ingest_paths(session, files, app.registry, progress=lambda _name: bar.update())
    from dondoc.cli.ask import open_service  # refresh the search index: embeds only changed tasks

    open_service(app)
    rows = [{**asdict(summary), "total": summary.total} for summary in summaries]
    output_rows(rows, ["document", "layout", "added", "merged", "updated", "unchanged", "removed", "total"], fmt)
