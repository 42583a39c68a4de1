"""`dondoc ask`: answer a Vietnamese question (or a file of them) from the task index."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from dondoc.cli._app import App, pass_app, today_option
from dondoc.conversation.answer_text import answer_text
from dondoc.index.service import SearchService


@contextmanager
def embedding_progress() -> Iterator[Callable[[int, int], None]]:
    """A progress callback for embedding passages: a bar on stderr from the first call, closed on leaving."""
    bar: tqdm[Any] | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc="Embedding", unit="task", disable=None, leave=False, file=sys.stderr)
        bar.update(done - bar.n)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.close()


def open_service(app: App) -> SearchService:
    """The search service, with a progress bar on stderr while passages are embedded."""
    with embedding_progress() as progress:
        return SearchService.open(app.settings, app.sessions, app.registry, progress=progress)


def _batch(path: Path) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("q", ""), str):
                raise ValueError("not an object with a text field q")
        except ValueError as error:
            message = f'{path}: line {number} is not a JSON object like {{"q": "…"}} ({error}).'
            raise click.ClickException(message) from None
        records.append(record)
    return records


def _day(value: Any, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except (TypeError, ValueError):
        return default


@click.command()
@click.argument("question", required=False)
@click.option(
    "--batch",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Answer every line of a JSON-lines file {"id", "q", "today"}; one JSON line out per question.',
)
@today_option
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Tasks per answer.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many tasks (the next page).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (query, understood, results, answer).")
@pass_app
def ask(
    app: App, question: str | None, batch: Path | None, today: date | None, limit: int, offset: int, as_json: bool
) -> None:
    """Answer a question about the tasks, in Vietnamese, with or without diacritics.

    A listing question ("which tasks of X are late?") gets every matching task, most
    overdue first; a topic question gets the best matches. Deadlines are judged by --today.

    Example:

        dondoc ask "Nhiệm vụ nào của Bộ Y tế còn chậm?" --today 2025-07-01
    """
    if (question is None) == (batch is None):
        raise click.UsageError('Give one question, or --batch FILE. Example: dondoc ask "BCA còn việc gì chưa xong?"')
    if question is not None and not question.strip():
        raise click.UsageError('The question is empty. Example: dondoc ask "BCA còn việc gì chưa xong?"')
    records = _batch(batch) if batch else [{"q": question}]
    service = open_service(app)
    default_day = today or app.today()
    for record in records:
        answer = service.ask(str(record.get("q") or ""), _day(record.get("today"), default_day), offset, limit)
        if as_json:
            data = {**answer.as_dict(), "answer": answer_text(answer)}
            if batch:
                data = {"id": record.get("id"), **data}
            click.echo(json.dumps(data, ensure_ascii=False, indent=None if batch else 2))
        else:
            if batch:
                click.echo(f"## {record.get('id', '')} {record.get('q', '')}")
            click.echo(answer_text(answer))
            if batch:
                click.echo()
