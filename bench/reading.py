"""Reading quality on documents the reader was not built against: eval/gold-dev against a fresh ingest of each.

Each document is ingested alone into an empty database, as a new office's first report would be, twice: as a
plain `dondoc ingest` (a held-back or refused report stores nothing) and forced. Prints, per document, how many
gold records are fully right (eval/README.md) and which fields are wrong.

Run: .venv/bin/python bench/reading.py [--json out.json] [ids…]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from tests.ingest.reading_gold import judge, load_gold  # noqa: E402

from dondoc.data.db import open_database, transaction  # noqa: E402
from dondoc.data.task_view import TaskView, task_view  # noqa: E402
from dondoc.data.tasks import TaskFilter, find_tasks  # noqa: E402
from dondoc.data.units import UnitRegistry  # noqa: E402
from dondoc.ingest.layouts import UnreadableReport  # noqa: E402
from dondoc.ingest.pipeline import ingest_paths  # noqa: E402
from dondoc.ingest.preview import IngestHeld  # noqa: E402

# The development documents (their texts stay in ../shared) and the ones added last, kept in eval/.
SETS = {
    "dev": (ROOT / "eval" / "gold-dev", ROOT.parent / "shared" / "corpus-dev" / "dev"),
    "more": (ROOT / "eval" / "gold-more", ROOT / "eval" / "corpus-more"),
    "first-sight": (ROOT / "eval" / "gold-first-sight", ROOT.parent / "shared" / "corpus-dev" / "first-sight"),
}


def _kinds() -> dict[str, str]:
    """Each document's kind, from the README tables of the sets."""
    kinds = {}
    readmes = (
        (ROOT.parent / "shared" / "corpus-dev" / "README.md", 5),
        (SETS["more"][1] / "README.md", 4),
        (SETS["first-sight"][0] / "README.md", 2),
    )
    for readme, column in readmes:
        rows = readme.read_text(encoding="utf-8").splitlines() if readme.exists() else []
        cells = [[c.strip() for c in row.split("|")] for row in rows if row.startswith("| ") and row.count("|") > 5]
        kinds.update({c[1]: c[column] for c in cells if len(c) > column and len(c[1]) == 16})
    return kinds


def _tasks(path: Path, registry: UnitRegistry, force: bool) -> tuple[list[TaskView], str]:
    with tempfile.TemporaryDirectory() as folder:
        sessions = open_database(f"sqlite:///{Path(folder) / 'r.db'}")
        try:
            with transaction(sessions) as session:
                ingest_paths(session, [path], registry, force=force)
        except IngestHeld as held:
            return [], "held: " + "; ".join(held.preview.held)[:160]
        except UnreadableReport as error:
            return [], "refused: " + error.reason[:160]
        with sessions() as session:
            tasks = [task_view(t) for t in find_tasks(session, TaskFilter(today=date(2026, 12, 7)), registry)]
        sessions.kw["bind"].dispose()
        return tasks, ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--set", choices=sorted(SETS), default="dev", help="which documents (default: dev)")
    args = parser.parse_args()
    gold_folder, docs = SETS[args.set]
    registry = UnitRegistry.load()
    kinds = _kinds()
    rows, totals = [], Counter()
    for gold_file in sorted(gold_folder.glob("*.jsonl")):
        doc_id = gold_file.stem
        if args.ids and doc_id not in args.ids:
            continue
        gold = load_gold(gold_file)
        plain, why = _tasks(docs / f"{doc_id}.txt", registry, force=False)
        forced, _ = _tasks(docs / f"{doc_id}.txt", registry, force=True) if why else (plain, "")
        plain_right = sum(not judge(r, plain, registry).wrong for r in gold)
        verdicts = [judge(r, forced, registry) for r in gold]
        forced_right = sum(not v.wrong for v in verdicts)
        wrong = Counter(f for v in verdicts if v.wrong for f in v.wrong.split(","))
        totals.update(records=len(gold), plain=plain_right, forced=forced_right)
        row = {"doc": doc_id, "kind": kinds.get(doc_id, "?"), "records": len(gold), "right": plain_right,
               "right_forced": forced_right, "tasks_read": len(forced), "held": why, "wrong": dict(wrong),
               "misses": [(v.line, v.wrong) for v in verdicts if v.wrong]}  # fmt: skip
        rows.append(row)
        print(f"{doc_id} {row['kind'][:38]:<38} {plain_right:>2}/{len(gold):<2} forced {forced_right:>2}  "
              f"tasks {len(forced):>3}  {dict(wrong)} {why[:60]}")  # fmt: skip
    n = totals["records"] or 1
    mean = sum(r["right"] / r["records"] for r in rows) / max(len(rows), 1)
    plain, forced = totals["plain"], totals["forced"]
    print(f"records fully right: {plain}/{totals['records']} ({plain / n:.0%}), forced {forced}/{totals['records']} "
          f"({forced / n:.0%}); mean per document {mean:.0%}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
