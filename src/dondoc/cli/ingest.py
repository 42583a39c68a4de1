"""`dondoc ingest`: read reports into the database, or preview what they would change."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click
from tqdm import tqdm

from dondoc.cli._app import App, output_options, output_rows, pass_app
from dondoc.cli.ask import embedding_progress
from dondoc.index.refresh import ingest_and_refresh
from dondoc.index.service import SearchService
from dondoc.ingest.pipeline import IngestHeld, Preview, bundled_paths, preview_ingest
from dondoc.ingest.templates import get_template


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change (new, merged, changed tasks) and write nothing.")
@click.option("--force", is_flag=True, help="Ingest a report that is held back as contradicting what is known.")
@click.option("--template", "template_name", metavar="NAME", help="Read the files with this layout template.")
@output_options
@pass_app
def ingest(
    app: App, paths: tuple[Path, ...], dry_run: bool, force: bool, template_name: str | None, fmt: str | None
) -> None:
    """Ingest task reports (default: the five bundled Đề án 06 documents): text, Markdown, and office files.

    Every file is read before anything is written: a broken or unknown file stops the run with
    exit code 1 and leaves the database as it was. Ingesting a file again, under any name,
    changes nothing. A report that would rewrite many known tasks, reopen done ones, or has rows
    without a unit or with cut text is held back (exit 1) until you check it and pass --force.
    A report whose layout a template has (`dondoc templates`: columns mapped by hand on the web
    page) is read with that template; --template NAME reads every file with it.

    Example:

        dondoc ingest --dry-run ke-hoach-308-KH-UBND-du-lieu.txt

        dondoc ingest ke-hoach-308-KH-UBND-du-lieu.txt

        dondoc ingest --template "Sở KHCN Ninh Bình" bao-cao-thang-11.docx
    """
    files = list(paths) or bundled_paths()
    forced = None
    if template_name is not None:
        with app.sessions() as session:
            forced = get_template(session, template_name)
    if dry_run:
        _print_preview(preview_ingest(app.sessions, files, app.registry, forced), fmt)
        return
    bar = tqdm(total=len(files), desc="Ingest", unit="doc", disable=None, leave=False)

    def advance(_name: str) -> None:
        bar.update()

    try:
        with bar, embedding_progress() as embedded:  # the saved search index follows: embeds only changed tasks
            index = SearchService(app.settings, app.sessions, app.registry, progress=embedded)
            ingested = ingest_and_refresh(
                app.sessions, files, app.registry, index, force=force, progress=advance, template=forced
            )
    except IngestHeld as held:
        reasons = "; ".join(held.preview.held)
        raise click.ClickException(
            f"Held back: {reasons}. Nothing was changed; check with --dry-run, then run again with --force."
        ) from None
    rows = [{**asdict(summary), "total": summary.total} for summary in ingested.summaries]
    output_rows(rows, ["document", "layout", "added", "merged", "updated", "unchanged", "removed", "total"], fmt)


def _print_preview(preview: Preview, fmt: str | None) -> None:
    if fmt:
        click.echo(json.dumps(preview.as_dict(), ensure_ascii=False, indent=2, default=str))
        return
    for doc in preview.documents:
        known = f" = already known as {doc.recognised_as}" if doc.recognised_as else ""
        identity = " ".join(filter(None, [doc.kind, doc.number, doc.issuer, doc.issued, doc.scope]))
        sure = f"{doc.rows} rows, confidence {doc.confidence:.0%}"
        if doc.layout.startswith("template:"):
            sure += f", read with the template {doc.layout.removeprefix('template:')!r}"
        click.echo(f"{doc.document}{known}: {identity or 'no header'}; {sure}")
        for row in doc.skipped:
            click.echo(f"  unreadable row, line {row['line']}: {row['reason']}")
        for weak in doc.weak:
            if {"unit", "content"} & set(weak.missing):
                click.echo(f"  incomplete row, line {weak.line} (no {', '.join(weak.missing)}): {weak.content[:60]}")
    click.echo(f"New tasks: {len(preview.added)}")
    for task in preview.added[:20]:
        click.echo(f"  + {', '.join(task['lead_units'])}: {task['content'][:70]} (hạn {task['deadline_due'] or '—'})")
    click.echo(f"Known tasks changed: {len(preview.changed)}")
    for change in preview.changed[:20]:
        diffs = "; ".join(f"{key} {old} → {new}" for key, (old, new) in change["changes"].items() if key != "content")
        click.echo(f"  ~ #{change['id']} {change['content'][:60]}: {diffs or 'content reworded'}")
    if preview.removed:
        click.echo(f"Tasks removed: {len(preview.removed)}")
    if preview.held:
        click.echo("Would be held back: " + "; ".join(preview.held))
