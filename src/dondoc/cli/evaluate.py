"""`dondoc eval`: retrieval quality (Hit@5, Recall@10, MRR) on a question file, per kind and per fusion."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from dondoc.cli._app import App, pass_app
from dondoc.cli.ask import open_service
from dondoc.index.evaluation import BadQuestionFile, Report, evaluate, evaluate_service, load_questions
from dondoc.index.fusion import FUSIONS


def _rows(label: str, report: Report) -> list[dict[str, Any]]:
    return [{"run": label, "kind": kind, **values} for kind, values in report.summary().items()]


def _print(rows: list[dict[str, Any]]) -> None:
    click.echo(f"{'run':<26} {'kind':<16} {'n':>3} {'Hit@5':>6} {'R@10':>6} {'MRR':>6}")
    for row in rows:
        figures = f"{row['hit5']:>6.3f} {row['recall10']:>6.3f} {row['mrr']:>6.3f}"
        click.echo(f"{row['run']:<26} {row['kind']:<16} {row['n']:>3} {figures}")


@click.command(name="eval")
@click.argument("questions_file", metavar="QUESTIONS.jsonl", type=click.Path(path_type=Path))
@click.option(
    "--fusion",
    type=click.Choice([*FUSIONS, "all"]),
    help="Rank with this fusion (default: the product's); `all` compares dense, BM25, weighted and RRF.",
)
@click.option("--no-folded", is_flag=True, help="Skip the run with every question typed without diacritics.")
@click.option("--no-synonyms", is_flag=True, help="Rank without the paraphrase lexicon, to measure what it brings.")
@click.option("--baseline", is_flag=True, help="Also score the naive chunk bot (600-character chunks, BM25+e5, RRF).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--details", is_flag=True, help="Print each question's scores too.")
@pass_app
def evaluate_questions(
    app: App,
    questions_file: Path,
    fusion: str | None,
    no_folded: bool,
    no_synonyms: bool,
    baseline: bool,
    as_json: bool,
    details: bool,
) -> None:
    """Score search on questions with expected tasks: Hit@5, Recall@10 and MRR, overall and per kind.

    Each line is {"id", "q", "today", "kind", "expected": [prefix | {"doc", "content_prefix"}]}; a
    result hits an expected item when its content starts with the prefix (and, if a document is
    given, one of its sources is that document).

    Example:

        dondoc eval ../shared/eval/questions-sample.jsonl --fusion all --baseline
    """
    try:
        questions = load_questions(questions_file)
    except BadQuestionFile as error:
        raise click.ClickException(f"Cannot read {error.path}: {error.reason}.") from None
    service = open_service(app)
    if not service.engine.catalog.tasks:
        raise click.ClickException("The database holds no tasks to score against: run `dondoc ingest` first.")
    fusions = list(FUSIONS) if fusion == "all" else [fusion or service.fusion]
    rows: list[dict[str, Any]] = []
    per_question: dict[str, Any] = {}
    for label, batch in [
        ("", questions),
        *([] if no_folded else [(" no diacritics", [q.folded() for q in questions])]),
    ]:
        for name, report in evaluate_service(service, batch, fusions, expand=not no_synonyms).items():
            rows += _rows(f"{name}{label}", report)
            per_question[f"{name}{label}"] = report.per_question
    if baseline:
        from dondoc.index.baseline import ChunkBot, chunk_hits
        from dondoc.ingest.pipeline import bundled_paths

        if service.engine.embedder is None:
            raise click.ClickException(
                "The baseline needs the embedding model, which is not available here; run without --baseline."
            )
        bot = ChunkBot(bundled_paths(), service.engine.embedder, app.settings.index_dir / "baseline")
        for label, batch in [
            ("", questions),
            *([] if no_folded else [(" no diacritics", [q.folded() for q in questions])]),
        ]:
            report = evaluate(batch, lambda q: bot.search(q.q), chunk_hits)
            rows += _rows(f"naive chunks{label}", report)
            per_question[f"naive chunks{label}"] = report.per_question
    if as_json:
        click.echo(
            json.dumps({"summary": rows, "questions": per_question if details else None}, default=vars, indent=2)
        )
        return
    _print(rows)
    if details:
        for run, scores in per_question.items():
            click.echo(f"\n{run}")
            for qid, s in scores.items():
                click.echo(f"  {qid:<12} hit5={s.hit5:.0f} r10={s.recall10:.2f} rr={s.rr:.2f}")
