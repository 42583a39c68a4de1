"""Search benchmarks: cold ingest+index, embeddings/s, warm start, ask latency, and a 100,000-task scale run.

Each phase runs in its own process, so its peak RSS is its own. Figures go to docs/benchmarks.md by hand.

Usage:
    .venv/bin/python bench/search.py                 # every phase, a JSON summary on stdout
    .venv/bin/python bench/search.py --phase latency # one phase
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dondoc.data.task_view import TaskView

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)
PHASES = ("cold", "cold-seeded", "warm", "latency", "scale")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"p50_ms": round(pick(0.5), 1), "p95_ms": round(pick(0.95), 1), "max_ms": round(ordered[-1] * 1000, 1)}


def questions(tasks: list[TaskView], units: list[str], seed: int = 6) -> list[str]:
    """200 varied questions: unit+status listings, documents, deadlines, and topic questions, ~40% unaccented."""
    from dondoc.nlp.text import fold

    rng = random.Random(seed)
    status = ["còn chậm những việc gì?", "có nhiệm vụ nào quá hạn?", "còn việc gì chưa hoàn thành?",
              "đã hoàn thành những gì?", "đang làm những việc gì?", "có việc gì sắp đến hạn?"]  # fmt: skip
    listing = [f"{rng.choice(units)} {rng.choice(status)}" for _ in range(60)]
    documents = [f"Chỉ thị 07 giao {rng.choice(units)} làm gì?" for _ in range(10)] + [
        f"{doc} có những nhiệm vụ nào?" for doc in
        ["Thông báo 276/TB-VPCP", "Chỉ thị 04", "Nghị định 63/2024", "Chỉ thị 18", "QĐ 06", "Nghị quyết 50",
         "Thông báo 487/TB-VPCP", "Chỉ thị 05", "Thông báo 836", "Công văn 209"]
    ]  # fmt: skip
    deadlines = [
        f"Việc gì phải xong trong tháng {rng.randint(1, 12)}/{rng.choice([2023, 2024, 2025])}?" for _ in range(8)
    ]
    deadlines += [
        f"Nhiệm vụ nào có thời hạn quý {rng.choice(['I', 'II', 'III', 'IV'])}/{rng.randint(2022, 2025)}?"
        for _ in range(8)
    ]
    deadlines += [
        "Việc gì đến hạn tuần tới?",
        "Những việc sắp đến hạn",
        "Quý này phải xong việc gì?",
        "Năm 2027 có gì?",
    ]
    topics = []
    for task in rng.sample(tasks, 100):
        words = task.content.split()
        start = rng.randint(0, max(0, len(words) - 8))
        phrase = " ".join(words[start : start + rng.randint(4, 8)]).strip(" ,.;:")
        topics.append(rng.choice(["{} đến đâu rồi?", "Ai lo việc {}?", "Tình hình {}", "{}"]).format(phrase))
    mixed = listing + documents + deadlines + topics
    return [fold(q) if rng.random() < 0.4 else q for q in mixed]


def _corpus_settings(data_dir: Path):
    from dondoc.config import Settings

    return Settings.from_env({"DONDOC_DATA_DIR": str(data_dir)})


def phase_cold(seeded: bool) -> dict:
    """Ingest the five bundled reports into an empty data directory and build the index from nothing."""
    from dondoc.index import store

    if not seeded:
        store.SEED_DIR = Path("/nonexistent")
    from dondoc.data.db import open_database, transaction
    from dondoc.data.units import UnitRegistry
    from dondoc.index.service import SearchService
    from dondoc.ingest.pipeline import bundled_paths, ingest_paths

    with tempfile.TemporaryDirectory() as scratch:
        settings = _corpus_settings(Path(scratch))
        start = time.perf_counter()
        registry = UnitRegistry.load()
        sessions = open_database(settings.database_url)
        with transaction(sessions) as session:
            ingest_paths(session, bundled_paths(), registry)
        ingested = time.perf_counter()
        timings: dict[str, float] = {}
        original = store.embed_with_cache

        def timed(*args, **kwargs):
            begin = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                timings["embed_s"] = time.perf_counter() - begin

        store.embed_with_cache = timed
        service = SearchService.open(settings, sessions, registry)
        done = time.perf_counter()
        answer = service.ask("Nhiệm vụ nào của Bộ Y tế còn chậm?", TODAY)
    embed = timings.get("embed_s", 0.0)
    return {
        "tasks": len(service.engine.catalog),
        "ingest_s": round(ingested - start, 1),
        "index_s": round(done - ingested, 1),
        "total_s": round(done - start, 1),
        "embedded": service.embedded,
        "embed_s": round(embed, 1),
        "passages_per_s": round(service.embedded / embed, 2) if service.embedded and embed else None,
        "first_answer_total": answer.total,
        "peak_rss_mb": round(_rss_mb()),
    }


def phase_warm(data_dir: Path) -> dict:
    """A new process: import, open the persisted index, answer one question (measured from spawn)."""
    code = (
        "import time,sys; t=time.perf_counter()\n"
        "from datetime import date\n"
        "from dondoc.config import Settings\nfrom dondoc.data.db import open_database\n"
        "from dondoc.data.units import UnitRegistry\nfrom dondoc.index.service import SearchService\n"
        f"s=Settings.from_env({{'DONDOC_DATA_DIR': {str(data_dir)!r}}})\n"
        "svc=SearchService.open(s, open_database(s.database_url), UnitRegistry.load())\n"
        "a=svc.ask('kết nối dữ liệu đất đai đến đâu rồi?', date(2026, 11, 23))\n"
        "print(svc.embedded, a.total, time.perf_counter()-t)\n"
    )
    spawn = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return {
        "spawn_to_answer_s": round(time.perf_counter() - spawn, 2),
        "in_process_s": round(float(out[2]), 2),
        "embedded_at_start": int(out[0]),
    }


def phase_latency(data_dir: Path) -> dict:
    """In-process ask latency over 200 varied questions (after one warm-up question)."""
    from dondoc.data.db import open_database
    from dondoc.data.units import UnitRegistry
    from dondoc.index.service import SearchService

    settings = _corpus_settings(data_dir)
    registry = UnitRegistry.load()
    service = SearchService.open(settings, open_database(settings.database_url), registry)
    units = sorted({u for t in service.engine.catalog.tasks for u in t.lead_units if u in registry.entries})
    batch = questions(service.engine.catalog.tasks, units)
    service.ask("Bộ Y tế còn chậm gì?", TODAY)
    times, kinds = [], {"listing": [], "topic": []}
    for question in batch:
        start = time.perf_counter()
        answer = service.ask(question, TODAY)
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        kinds["listing" if answer.listing else "topic"].append(elapsed)
    return {
        "questions": len(batch),
        **_percentiles(times),
        "listing": {"n": len(kinds["listing"]), **_percentiles(kinds["listing"])},
        "topic": {"n": len(kinds["topic"]), **_percentiles(kinds["topic"])},
        "load_average": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(_rss_mb()),
    }


def phase_scale(data_dir: Path, size: int = 100_000) -> dict:
    """100,000 synthetic tasks (corpus texts recombined, random units, statuses and deadlines; random unit
    vectors): catalog, BM25, FAISS, filters and fusion, queried in-process. The model is not measured here."""
    from dataclasses import replace

    import numpy as np

    from dondoc.data.db import open_database
    from dondoc.data.task_state import STATUSES
    from dondoc.data.units import UnitRegistry
    from dondoc.index.answerer import Answerer
    from dondoc.index.catalog import TaskCatalog
    from dondoc.index.embedders import HashEmbedder
    from dondoc.index.engine import SearchEngine
    from dondoc.index.store import IndexStore, load_catalog
    from dondoc.index.understanding import QuestionReader
    from dondoc.index.vectors import VectorIndex
    from dondoc.nlp.dates import Deadline

    settings = _corpus_settings(data_dir)
    registry = UnitRegistry.load()
    corpus, _ = load_catalog(open_database(settings.database_url), registry)
    lexicon = IndexStore(settings.index_dir).lexicon(corpus)
    units = sorted({u for t in corpus.tasks for u in t.lead_units if u in registry.entries})
    rng = random.Random(100)
    start = time.perf_counter()
    tasks = []
    for i in range(size):
        base, other = rng.choice(corpus.tasks), rng.choice(corpus.tasks)
        words = other.content.split()
        due = date(2022, 1, 1) + timedelta(days=rng.randint(0, 365 * 5))
        tasks.append(replace(
            base,
            id=i + 1,
            content=base.content + " " + " ".join(words[: rng.randint(3, 12)]),
            lead_units=tuple(rng.sample(units, rng.choice([1, 1, 1, 2]))),
            status=rng.choice(STATUSES),
            deadline=Deadline(f"{due:%d/%m/%Y}", rng.choice(["date", "month", "quarter", "year"]),
                              due if rng.random() < 0.85 else None),
        ))  # fmt: skip
    made = time.perf_counter()
    catalog = TaskCatalog(tasks, registry, {})
    cataloged = time.perf_counter()
    generator = np.random.default_rng(1)

    def random_unit_vectors(batch: int = 10_000):
        for start in range(0, size, batch):
            block = generator.standard_normal((min(batch, size - start), 384), dtype=np.float32)
            yield block / np.linalg.norm(block, axis=1, keepdims=True)

    index = VectorIndex(random_unit_vectors(), dim=384)
    indexed = time.perf_counter()
    engine = SearchEngine(catalog, lexicon, index, HashEmbedder())
    bm25_built = time.perf_counter()
    answerer = Answerer(engine, QuestionReader(registry, lexicon))
    batch = questions(corpus.tasks, units)
    answerer.answer("Bộ Y tế còn chậm gì?", TODAY)
    times = []
    for question in batch:
        begin = time.perf_counter()
        answerer.answer(question, TODAY)
        times.append(time.perf_counter() - begin)
    return {
        "tasks": size,
        "generate_s": round(made - start, 1),
        "catalog_s": round(cataloged - made, 1),
        "faiss_s": round(indexed - cataloged, 1),
        "bm25_s": round(bm25_built - indexed, 1),
        "questions": len(batch),
        **_percentiles(times),
        "peak_rss_mb": round(_rss_mb()),
    }


def _prepare(data_dir: Path) -> None:
    """An ingested, indexed data directory for the warm, latency and scale phases."""
    if (data_dir / "dondoc.db").exists():
        return
    subprocess.run([sys.executable, "-m", "dondoc", "ingest"], env={**os.environ, "DONDOC_DATA_DIR": str(data_dir)},
                   check=True, capture_output=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=PHASES, help="run one phase in this process")
    parser.add_argument("--data", type=Path, default=ROOT / "var" / "bench-search", help="ingested data directory")
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    if args.phase in ("warm", "latency", "scale"):
        _prepare(args.data)  # run alone, a phase would otherwise open an empty database and keep it
    if args.phase:
        result = {
            "cold": lambda: phase_cold(seeded=False),
            "cold-seeded": lambda: phase_cold(seeded=True),
            "warm": lambda: phase_warm(args.data),
            "latency": lambda: phase_latency(args.data),
            "scale": lambda: phase_scale(args.data),
        }[args.phase]()
        print(json.dumps(result, ensure_ascii=False))
        return
    _prepare(args.data)
    results = {}
    for phase in PHASES:
        run = subprocess.run([sys.executable, __file__, "--phase", phase, "--data", str(args.data)],
                             capture_output=True, text=True, check=True)  # fmt: skip
        results[phase] = json.loads(run.stdout.strip().splitlines()[-1])
        print(phase, results[phase], file=sys.stderr, flush=True)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
